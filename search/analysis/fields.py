"""The index's logical fields, which every backend holds: what each one is filled with."""

from __future__ import annotations

from search.analysis import LANGUAGES
from search.analysis.stemming import ROOTERS

STEM_FIELDS = {lang: f"stem_{lang}" for lang in LANGUAGES}
"""Language field per language; a document fills only the field of its own language."""
ROOT_FIELDS = {lang: f"root_{lang}" for lang in ROOTERS}
"""Root field per language that has one (Spanish): derivations joined; it only adds to the score of
documents the other fields match (search.query.prepare), so its collisions never bring in a document."""
EXACT_FIELD = "text"
"""Title and body folded but unstemmed, accented forms beside them: names, phrases, prefixes."""
TITLE_FIELD = "title"
META_FIELDS = ("lang", "source", "id", "path", "group")
"""Whole-value fields a query may name (``lang:es``); ``date`` is a range field."""
