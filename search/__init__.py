"""The news search engine: build or update an index, search it, read articles, get suggestions.

The public API (everything a face such as the CLI or the terminal app may use):

    build_index(seeds_dir=None, index_dir=None, *, rebuild=False, progress=None, lock_timeout=10.0,
                procs=None, memory_mb=None, semantic=True) -> IndexReport
        incremental by default (per .jsonl record); atomic swap; progress(Progress) callback; procs=1
        inside a GUI; memory_mb: the build's memory budget (MiB, at least 64); semantic: also the
        vectors of the semantic layer (IndexReport.semantic: embedded and kept);
        seeds_dir=None reads the folder the index records (IndexStats.seeds_dir), else the default;
        an update from another folder raises SeedsFolderMismatch (rebuild=True switches folders)
    open_index(index_dir=None) -> Engine   index_dir: a folder (Whoosh) or a postgresql:// URL
    default_index_dir(), default_seeds_dir() -> Path   option > environment > config file > default
    setting(name, option=None) -> Setting   a value and where it comes from; config_path() -> Path
    index_exists(index_dir=None) -> bool
    recorded_seeds_dir(index_dir=None) -> str | None   the seeds folder an index (even damaged) was built from
    merge_spans(spans) -> list[Span]   sorted (start, end) spans, overlapping and touching ones merged
    SORTS   the orders Engine.search accepts ("relevance", "date")
    period_bound(text, *, end, one_digit=False) -> datetime   a YYYY[-MM[-DD]] filter bound (first or,
        with end, last moment of that period); raises NotADate (a ValueError; ``shaped``: 2017-02-30)
    Engine.search(query, *, lang=None, source=None, since=None, until=None, sort="relevance",
                  limit=10, offset=0, snippets=3, facets=True, fold=False, include_undated=False,
                  translate=True) -> SearchResult
        translate=False: the query's own words only (no translation, no matches by meaning);
        fold=True: one hit per article, its language versions folded into the best-ranked one;
        ``*`` or filters with an empty query list articles; an unknown source raises
        UnknownSource (an InvalidInput) with the closest names in ``candidates``
    Engine.article(doc_id, query=None, lang=None) -> Article   lang: that language's version
    Engine.suggest(query, limit=3) -> list[str]
    Engine.stats() -> IndexStats
    Engine.sources() -> list[str]
    Engine.refresh() -> bool   picks up an index swapped in by a rebuild
    Engine.warm_up() -> bool   loads the vectors, the encoder and the translators before a first search
    Engine.close()

Results are plain dataclasses from ``search.models``; errors derive from
``search.errors.SearchError`` and carry a ``kind``, fields and one neutral line; each face words
its own fix. Every backend (search.backends) stays behind this API.
"""

from importlib import metadata as _metadata

from search.config import Setting, config_path, default_index_dir, default_seeds_dir, setting
from search.engine import SORTS, Engine, open_index
from search.errors import (
    ArticleNotFound,
    ConfigError,
    DatabaseNotFound,
    DiskFull,
    IndexDamaged,
    IndexLocked,
    IndexNotFound,
    IndexVersionError,
    InvalidInput,
    NotAnIndexFolder,
    SearchError,
    SeedFileError,
    SeedsFolderMismatch,
    SeedsNotFound,
    ServerUnavailable,
    WriterProcessDied,
    UnknownSource,
)
from search.indexer import build_index
from search.models import (
    Article,
    Hit,
    IndexReport,
    IndexStats,
    Progress,
    SearchResult,
    SemanticReport,
    SkippedFile,
    Snippet,
)
from search.highlight.snippets import merge_spans
from search.origin import recorded_seeds_dir
from search.query.filters import NotADate, period_bound
from search.backends.whoosh.store import index_exists



def __getattr__(name: str) -> str:
    # __version__ is read from the package metadata (stated once, in pyproject.toml) when asked:
    # the lookup lists every folder on sys.path, the current one too.
    if name != "__version__":
        raise AttributeError(f"module 'search' has no attribute {name!r}")
    try:
        return _metadata.version("news-search")
    except _metadata.PackageNotFoundError:  # a source tree that was never installed
        return "0+unknown"

__all__ = [
    "Article", "ArticleNotFound", "ConfigError", "DatabaseNotFound", "DiskFull", "Engine", "Hit", "IndexDamaged", "IndexLocked",
    "IndexNotFound", "IndexReport", "IndexStats", "IndexVersionError", "InvalidInput", "NotAnIndexFolder",
    "NotADate", "Progress", "SORTS", "SearchError", "SearchResult", "SeedFileError", "SemanticReport", "SeedsFolderMismatch", "SeedsNotFound", "ServerUnavailable",
    "Setting", "SkippedFile", "Snippet", "UnknownSource", "WriterProcessDied", "build_index", "config_path",
    "default_index_dir", "default_seeds_dir", "index_exists", "merge_spans", "open_index", "period_bound", "recorded_seeds_dir", "setting",
    "__version__",
]
