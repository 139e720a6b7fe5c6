"""Cross-language search helpers: query translation between English and Spanish."""
