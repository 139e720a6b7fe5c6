"""The semantic layer: one multilingual sentence vector per article, so a query finds articles
that say the same thing in other words or in the other language."""
