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


class NotAnIndexFolder(SearchError):
    """A build was pointed at a folder that holds other things and is not an index: it is left alone."""

    def __init__(self, path, entries: list[str]) -> None:
        self.path = str(path)
        self.entries = list(entries)
        shown = ", ".join(repr(name[:40]) for name in self.entries[:3])
        more = f" and {len(self.entries) - 3} more" if len(self.entries) > 3 else ""
        super().__init__(
            f"'{self.path}' is not an index folder and is not empty (it holds {shown}{more}); "
            "nothing was written: choose an empty or new folder for the index"
        )
