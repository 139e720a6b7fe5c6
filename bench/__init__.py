"""Benchmark harness: relevance on XQuAD and speed on the scale corpus, engine against FTS5 and Whoosh."""
