"""Errors the engine raises, as data: a stable ``kind`` and fields; each face words its own fix."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class SearchError(Exception):
    """Base class: ``kind`` names the problem, ``fields`` say where; ``str(error)`` is one neutral
    line (what and where) that names no face's commands, keys or options."""

    kind = "error"

    def __init__(self, message: str, **fields: Any) -> None:
        super().__init__(message)
        self.fields = fields
        for name, value in fields.items():
            setattr(self, name, value)

    def __reduce__(self) -> tuple:
        # Rebuilt from its line and fields, not by calling __init__ again: a helper process's error
        # (a full disk) crosses a pipe as a pickle.
        return _rebuilt, (type(self), self.args), self.__dict__


def _rebuilt(cls: type[SearchError], args: tuple) -> SearchError:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    return error


class IndexNotFound(SearchError):
    """There is no index at the given location yet (and, when ``seeds_dir`` is set, nothing to build it from)."""

    kind = "index_not_found"

    def __init__(self, index_dir: Any, seeds_dir: Any = None) -> None:
        missing = f", and no seeds folder '{seeds_dir}' to build it from" if seeds_dir is not None else ""
        super().__init__(f"no index at '{index_dir}' yet{missing}", index_dir=str(index_dir),
                         seeds_dir=None if seeds_dir is None else str(seeds_dir))


class IndexVersionError(SearchError):
    """The index was built by another schema version (``recorded``; None: before versions) and must be rebuilt."""

    kind = "index_version"

    def __init__(self, index_dir: Any, recorded: Any, needed: int) -> None:
        what = (f"has schema version {recorded}, this news-search needs {needed}" if recorded is not None
                else "was built by an older version of news-search")
        super().__init__(f"index '{index_dir}' {what}", index_dir=str(index_dir), recorded=recorded, needed=needed)


class IndexDamaged(SearchError):
    """The index exists but its files cannot be read (truncated, missing, malformed); ``reason`` says how."""

    kind = "index_damaged"

    def __init__(self, index_dir: Any, reason: str) -> None:
        super().__init__(f"index '{index_dir}' is damaged ({reason})", index_dir=str(index_dir), reason=reason)


class IndexLocked(SearchError):
    """Another process is writing the index and did not finish within ``waited`` seconds."""

    kind = "index_locked"

    def __init__(self, index_dir: Any, waited: float) -> None:
        super().__init__(f"index '{index_dir}' is being written by another process; waited {waited:g}s",
                         index_dir=str(index_dir), waited=waited)


class InvalidInput(SearchError):
    """A bad argument: an unknown language, a malformed date, a negative limit...

    ``argument`` names it as the API does (``since``, ``lang``, ``limit``...), ``value`` is what was
    given; ``other``/``other_value`` the second argument of a pair (since after until). The line is
    ``template`` with ``{argument}`` and ``{other}`` replaced by the names: :meth:`worded` lets a face
    put its own names there (``--since``, "Date from")."""

    kind = "invalid_input"

    def __init__(self, template: str, argument: str | None = None, value: Any = None,
                 other: str | None = None, other_value: Any = None, **details: Any) -> None:
        self.template = template
        super().__init__("", argument=argument, value=value, other=other, other_value=other_value, **details)
        self.args = (self.worded(),)

    def worded(self, name: Callable[[str], str] = str) -> str:
        """The line with each argument called ``name(argument)``."""
        return self.template.format_map(_Fields(self.fields, {
            "argument": name(self.argument) if self.argument else "",
            "other": name(self.other) if self.other else "",
        }))


class _Fields(dict):
    """The template's values: the names as a face calls them, then the error's fields."""

    def __init__(self, fields: dict[str, Any], names: dict[str, str]) -> None:
        super().__init__(fields)
        self.update(names)


class UnknownSource(InvalidInput):
    """No indexed source is called that (or several are); ``candidates`` are the closest names."""

    kind = "unknown_source"

    def __init__(self, source: str, candidates: list[str], ambiguous: bool = False) -> None:
        what = "matches several sources" if ambiguous else "is not a source in the index"
        hint = "; did you mean: {shown}?" if candidates else ""
        super().__init__(f"'{{value}}' {what}{hint}", argument="source", value=source, source=source,
                         candidates=list(candidates), ambiguous=ambiguous,
                         shown=", ".join(repr(c) for c in candidates))


class ArticleNotFound(SearchError):
    """No article with that id in the index (``lang`` set: no version in that language; ``kept``: the ones it has)."""

    kind = "article_not_found"

    def __init__(self, doc_id: str, index_dir: Any, lang: str | None = None, kept: list[str] | None = None) -> None:
        message = (f"no article with id '{doc_id}' in index '{index_dir}'" if lang is None
                   else f"article '{doc_id}' has no '{lang}' version (it has: {', '.join(kept or [])})")
        super().__init__(message, doc_id=doc_id, index_dir=str(index_dir), lang=lang, kept=list(kept or []))


class SeedsNotFound(SearchError):
    """The seeds folder does not exist (``exists`` False) or is not a folder."""

    kind = "seeds_not_found"

    def __init__(self, folder: Any, exists: bool) -> None:
        what = "does not exist" if not exists else "is not a folder"
        super().__init__(f"seeds folder '{folder}' {what}", folder=str(folder), exists=exists)


class SeedFileError(SearchError):
    """One seed file cannot be indexed (binary, unreadable, empty...); the run goes on without it.

    ``problems``: the per-record problems found before the file was given up (SkippedFile items)."""

    kind = "seed_file"

    def __init__(self, message: str, problems: list | None = None):
        super().__init__(message, problems=list(problems or []))


class SeedsFolderMismatch(SearchError):
    """An update was asked from another seeds folder than the one the index was built from."""

    kind = "seeds_folder_mismatch"

    def __init__(self, index_dir: str, recorded: str, given: str):
        super().__init__(f"index '{index_dir}' was built from '{recorded}', not '{given}'",
                         index_dir=index_dir, recorded=recorded, given=given)


class ConfigError(SearchError):
    """The config file ``path`` cannot be read or holds a bad setting (``setting``, when one)."""

    kind = "config"

    def __init__(self, path: Any, problem: str, setting: str | None = None) -> None:
        super().__init__(f"config file '{path}' {problem}", path=str(path), problem=problem, setting=setting)


class NotAnIndexFolder(SearchError):
    """A build was pointed at a folder that holds other things and is not an index: it is left alone."""

    kind = "not_an_index_folder"

    def __init__(self, path: Any, entries: list[str]) -> None:
        entries = list(entries)
        shown = ", ".join(repr(name[:40]) for name in entries[:3])
        more = f" and {len(entries) - 3} more" if len(entries) > 3 else ""
        super().__init__(f"'{path}' is not an index folder and is not empty (it holds {shown}{more}); "
                         "nothing was written", path=str(path), entries=entries)


class DiskFull(SearchError):
    """The disk holding the index filled up during a build; the previous index is still live."""

    kind = "disk_full"

    def __init__(self, folder: Any, needed_bytes: int, free_bytes: int) -> None:
        super().__init__(
            f"the disk holding '{folder}' is full: the build needed at least {_megabytes(needed_bytes)} "
            f"and {_megabytes(free_bytes)} is free; the previous index was kept",
            folder=str(folder), needed_bytes=needed_bytes, free_bytes=free_bytes,
        )


class WriterProcessDied(SearchError):
    """The helper process writing half of a large build died (the out-of-memory killer, a kill);
    the previous index is still live."""

    kind = "writer_process_died"

    def __init__(self, exitcode: int | None) -> None:
        signal = -exitcode if exitcode is not None and exitcode < 0 else None
        how = f"was killed by signal {signal}" if signal else f"exited with code {exitcode}"
        super().__init__(f"the second writer process {how} (out of memory?); the previous index was kept",
                         exitcode=exitcode, signal=signal)


def _megabytes(count: int) -> str:
    return f"{count / 1e6:.1f} MB" if count >= 100_000 else f"{count / 1e3:.0f} kB"


class ServerUnavailable(SearchError):
    """The database server holding the index cannot be reached or refused us (``reason``: refused, read_only,
    authentication, timeout, gone; ``detail``: the server's own words); the next call tries again."""

    kind = "server_unavailable"
    MESSAGES = {
        "refused": "is not answering",
        "authentication": "refused the user name or password",
        "timeout": "took too long to answer the query",
        "gone": "closed the connection",
        "read_only": "is a read-only standby",
    }

    def __init__(self, reason: str, host: str, port: int, database: str, detail: str = "") -> None:
        super().__init__(f"PostgreSQL server {host}:{port} (database '{database}') "
                         f"{self.MESSAGES.get(reason, 'failed')}",
                         reason=reason, host=host, port=port, database=database, detail=detail)


class DatabaseNotFound(IndexNotFound):
    """The PostgreSQL server has no database of that name: there is no index there yet."""

    kind = "database_not_found"

    def __init__(self, host: str, port: int, database: str) -> None:
        SearchError.__init__(self, f"PostgreSQL server {host}:{port} has no database '{database}'",
                             index_dir=f"postgresql://{host}:{port}/{database}", seeds_dir=None,
                             host=host, port=port, database=database)
