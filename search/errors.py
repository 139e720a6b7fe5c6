"""Errors the engine raises: each one's message is one clear line a user can act on."""


class SearchError(Exception):
    """Base class: str(error) is one line saying what went wrong, where, and what to do."""


class IndexNotFound(SearchError):
    """There is no index at the given location yet."""


class IndexVersionError(SearchError):
    """The index was built by another schema version and must be rebuilt."""


class IndexDamaged(SearchError):
    """The index exists but cannot be read (truncated or missing files)."""


class IndexLocked(SearchError):
    """Another process is writing the index and did not finish within the wait."""


class InvalidInput(SearchError):
    """A bad argument: an unknown language, a malformed date, a negative limit..."""


class ArticleNotFound(SearchError):
    """No article with that id in the index."""


class SeedsNotFound(SearchError):
    """The seeds folder does not exist or is not a folder."""


class SeedFileError(SearchError):
    """One seed file cannot be indexed (binary, unreadable, empty...); the run goes on without it."""


class UnknownSource(InvalidInput):
    """No indexed source is called that (or several are); ``candidates`` are the closest names."""

    def __init__(self, source: str, candidates: list[str], ambiguous: bool = False) -> None:
        self.source, self.candidates, self.ambiguous = source, candidates, ambiguous
        what = "matches several sources" if ambiguous else "is not a source in the index"
        hint = f"; did you mean: {', '.join(repr(c) for c in candidates)}?" if candidates else \
            "; list them with: search-cli stats"
        super().__init__(f"'{source}' {what}{hint}")
