"""Cross-language search: multilingual passage embeddings beside the lexical index, fused at query time."""
