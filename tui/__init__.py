"""The news-search terminal app (Textual): a face over the public ``search`` API, no search logic of its own."""
