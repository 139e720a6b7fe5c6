"""The news search engine: build or update an index, search it, read articles, get suggestions.

The public API (everything a face such as the CLI or the terminal app may use):

    build_index(seeds_dir=None, index_dir=None, *, rebuild=False, progress=None, lock_timeout=10.0,
                procs=None) -> IndexReport
        incremental by default; atomic swap; progress(Progress) callback; procs=1 inside a GUI
    open_index(index_dir=None) -> Engine
    index_exists(index_dir=None) -> bool
    Engine.search(query, *, lang=None, source=None, since=None, until=None, sort="relevance",
                  limit=10, offset=0, snippets=3, facets=True, include_undated=False) -> SearchResult
        ``*`` or filters with an empty query list articles; an unknown source raises
        UnknownSource (an InvalidInput) with the closest names in ``candidates``
    Engine.article(doc_id, query=None) -> Article
    Engine.suggest(query, limit=3) -> list[str]
    Engine.stats() -> IndexStats
    Engine.sources() -> list[str]
    Engine.refresh() -> bool   picks up an index swapped in by a rebuild
    Engine.close()

Results are plain dataclasses from ``search.models``; errors derive from
``search.errors.SearchError`` and carry one clear line for the user. Whoosh stays behind this API.
"""

from search.config import default_index_dir, default_seeds_dir
from search.engine import Engine, open_index
from search.errors import (
    ArticleNotFound,
    IndexDamaged,
    IndexLocked,
    IndexNotFound,
    IndexVersionError,
    InvalidInput,
    SearchError,
    SeedFileError,
    SeedsNotFound,
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
    SkippedFile,
    Snippet,
)
from search.store import index_exists

__version__ = "0.1.0"

__all__ = [
    "Article", "ArticleNotFound", "Engine", "Hit", "IndexDamaged", "IndexLocked", "IndexNotFound",
    "IndexReport", "IndexStats", "IndexVersionError", "InvalidInput", "Progress", "SearchError",
    "SearchResult", "SeedFileError", "SeedsNotFound", "SkippedFile", "Snippet", "UnknownSource", "build_index",
    "default_index_dir", "default_seeds_dir", "index_exists", "open_index", "__version__",
]
