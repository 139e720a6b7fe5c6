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


class DiskFull(SearchError):
    """The disk holding the index filled up during a build; the previous index is still live."""

    def __init__(self, folder, needed_bytes: int, free_bytes: int) -> None:
        self.folder = str(folder)
        self.needed_bytes = needed_bytes
        self.free_bytes = free_bytes
        super().__init__(
            f"the disk holding '{self.folder}' is full: the build needed at least {_megabytes(needed_bytes)} "
            f"and {_megabytes(free_bytes)} is free; the previous index was kept: free some space and run it again"
        )


class WriterProcessDied(SearchError):
    """The helper process writing half of a large build died (the out-of-memory killer, a kill);
    the previous index is still live."""

    def __init__(self, exitcode: int | None) -> None:
        self.exitcode = exitcode
        self.signal = -exitcode if exitcode is not None and exitcode < 0 else None
        how = f"was killed by signal {self.signal}" if self.signal else f"exited with code {exitcode}"
        super().__init__(
            f"the second writer process {how} (out of memory?); the previous index was kept: "
            "retry with one writer process (procs=1)"
        )


def _megabytes(count: int) -> str:
    return f"{count / 1e6:.1f} MB" if count >= 100_000 else f"{count / 1e3:.0f} kB"


class UnknownSource(InvalidInput):
    """No indexed source is called that (or several are); ``candidates`` are the closest names."""

    def __init__(self, source: str, candidates: list[str], ambiguous: bool = False) -> None:
        self.source, self.candidates, self.ambiguous = source, candidates, ambiguous
        what = "matches several sources" if ambiguous else "is not a source in the index"
        hint = f"; did you mean: {', '.join(repr(c) for c in candidates)}?" if candidates else \
            "; list them with: search-cli stats"
        super().__init__(f"'{source}' {what}{hint}")


class ServerUnavailable(SearchError):
    """The database server holding the index cannot be reached or refused us (``reason``: refused,
    authentication, timeout, gone; ``detail``: the server's own words); the next call tries again."""

    MESSAGES = {
        "refused": "is not answering",
        "authentication": "refused the user name or password",
        "timeout": "took too long to answer the query",
        "gone": "closed the connection",
    }

    def __init__(self, reason: str, host: str, port: int, database: str, detail: str = "") -> None:
        self.reason, self.host, self.port, self.database, self.detail = reason, host, port, database, detail
        super().__init__(f"PostgreSQL server {host}:{port} (database '{database}') "
                         f"{self.MESSAGES.get(reason, 'failed')}")


class DatabaseNotFound(IndexNotFound):
    """The PostgreSQL server has no database of that name: there is no index there yet."""

    def __init__(self, host: str, port: int, database: str) -> None:
        self.host, self.port, self.database = host, port, database
        super().__init__(f"PostgreSQL server {host}:{port} has no database '{database}'")
