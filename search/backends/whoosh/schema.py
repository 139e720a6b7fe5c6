"""The index schema and its version: which fields hold what, and how each is analyzed."""

from __future__ import annotations

from whoosh.fields import DATETIME, ID, STORED, TEXT, Schema

from search.analysis import exact_analyzer, root_analyzer, stem_analyzer
from search.analysis.fields import EXACT_FIELD, ROOT_FIELDS, STEM_FIELDS, TITLE_FIELD

SCHEMA_VERSION = 3
"""Bump whenever fields or analysis change: an index of another version must be rebuilt."""

__all__ = ["EXACT_FIELD", "ROOT_FIELDS", "SCHEMA_VERSION", "STEM_FIELDS", "TITLE_FIELD", "build_schema"]


def build_schema() -> Schema:
    exact = exact_analyzer()
    fields = {
        "id": ID(stored=True, unique=True),
        "group": ID(stored=True),
        "path": ID(stored=True),
        "lang": ID(stored=True, sortable=True),
        "source": ID(stored=True, sortable=True),
        "date": DATETIME(sortable=True),
        "date_iso": STORED(),
        "url": STORED(),
        "hash": STORED(),
        "body": STORED(),
        TITLE_FIELD: TEXT(analyzer=exact, stored=True, field_boost=1.5),
        EXACT_FIELD: TEXT(analyzer=exact, phrase=True),
    }
    for lang, name in STEM_FIELDS.items():
        fields[name] = TEXT(analyzer=stem_analyzer(lang), phrase=False)
    for lang, name in ROOT_FIELDS.items():
        fields[name] = TEXT(analyzer=root_analyzer(lang), phrase=False)
    return Schema(**fields)
