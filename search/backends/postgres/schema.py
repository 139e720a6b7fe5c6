"""The tables of one index generation (a PostgreSQL schema) and the shared pointer table."""

from __future__ import annotations

from search.backends.whoosh.schema import EXACT_FIELD, ROOT_FIELDS, SCHEMA_VERSION, STEM_FIELDS, TITLE_FIELD

FIELDS = (TITLE_FIELD, EXACT_FIELD, *STEM_FIELDS.values(), *ROOT_FIELDS.values())
"""The analysed fields, numbered by their place here in the postings table."""
FIELD_CODE = {name: code for code, name in enumerate(FIELDS)}
POSITIONAL = frozenset({FIELD_CODE[TITLE_FIELD], FIELD_CODE[EXACT_FIELD]})
"""Fields whose postings keep word positions (phrases)."""
VERSION = SCHEMA_VERSION
"""The same analysis as the Whoosh index, so the same version number."""

META_TABLE = "news_search_meta"
"""In ``public``: one row naming the live generation's schema."""
GEN_PREFIX = "news_search_g"

META_DDL = f"""
CREATE TABLE IF NOT EXISTS public.{META_TABLE} (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    generation text NOT NULL
)"""


MANIFEST_DDL = "CREATE TABLE IF NOT EXISTS {schema}.manifest (files jsonb NOT NULL)"
"""The build record's file manifest, apart from the record: only writers read it, and it grows
with the archive (a generation made before it keeps the manifest inside its record)."""


def generation_ddl(schema: str) -> list[str]:
    """The statements that create an empty generation in ``schema``."""
    return [
        f"CREATE SCHEMA {schema}",
        f"""CREATE TABLE {schema}.docs (
            docnum integer PRIMARY KEY, id text NOT NULL, grp text NOT NULL, path text NOT NULL,
            lang text NOT NULL, source text, date_key date, date_iso text, url text, hash text,
            title text NOT NULL, body text NOT NULL, lengths integer[] NOT NULL)""",
        # fl: the field length as Whoosh stores it (one byte, lossy), so BM25 reads no other table.
        f"""CREATE TABLE {schema}.postings (
            field smallint NOT NULL, term text COLLATE "C" NOT NULL, docnum integer NOT NULL,
            weight real NOT NULL, fl real NOT NULL, positions integer[])""",
        f"""CREATE TABLE {schema}.terms (
            field smallint NOT NULL, term text COLLATE "C" NOT NULL, df integer NOT NULL,
            PRIMARY KEY (field, term))""",
        f"CREATE TABLE {schema}.meta (meta jsonb NOT NULL)",
        MANIFEST_DDL.format(schema=schema),
        f"""CREATE TABLE {schema}.fields (
            field smallint PRIMARY KEY, total_length bigint NOT NULL)""",
    ]


def generation_indexes(schema: str) -> list[str]:
    """Indexes made after a bulk load (faster than keeping them up while loading)."""
    return [
        f"CREATE INDEX ON {schema}.postings (field, term) INCLUDE (docnum, weight, fl)",
        f"CREATE INDEX ON {schema}.postings (docnum)",
        f"CREATE UNIQUE INDEX ON {schema}.docs (id)",
        f"CREATE INDEX ON {schema}.docs (grp)",
        f"CREATE INDEX ON {schema}.docs (path)",
        f"ANALYZE {schema}.docs",
        f"ANALYZE {schema}.postings",
        f"ANALYZE {schema}.terms",
    ]
