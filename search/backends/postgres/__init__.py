"""The PostgreSQL backend: documents, postings and term statistics in tables, BM25F in SQL."""

SCHEMES = ("postgresql://", "postgres://")


def is_location(value: object) -> bool:
    """Whether an index location names a PostgreSQL database rather than a folder.

    ``Path`` turns ``//`` into ``/``, so the folded form ``postgresql:/...`` counts too."""
    text = str(value)
    return text.startswith(SCHEMES) or text.startswith(("postgresql:/", "postgres:/"))
