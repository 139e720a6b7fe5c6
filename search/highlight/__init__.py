"""Highlighting of stored text: fragments of matched words, snippets with match spans."""
