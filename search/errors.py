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
    """One seed file cannot be indexed (binary, unreadable, empty...); the run goes on without it.

    ``problems``: the per-record problems found before the file was given up (SkippedFile items)."""

    def __init__(self, message: str, problems: list | None = None):
        super().__init__(message)
        self.problems = list(problems or [])


class SeedsFolderMismatch(SearchError):
    """An update was asked from another seeds folder than the one the index was built from."""

    def __init__(self, index_dir: str, recorded: str, given: str):
        super().__init__(
            f"index '{index_dir}' was built from '{recorded}', not from '{given}': an update reads the "
            "folder the index was built from; to build it from the other folder, rebuild it"
        )
        self.index_dir = index_dir
        self.recorded = recorded
        self.given = given


class ConfigError(SearchError):
    """The config file cannot be read or holds a bad setting."""
