"""A ``postgresql://`` location: its parts for messages, connections, and what a failure means."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from search.backends.postgres.shards import split_uri
from search.errors import DatabaseNotFound, InvalidInput, ServerUnavailable

CONNECT_TIMEOUT = 5
"""Seconds to wait for the server to answer a connection."""
STATEMENT_TIMEOUT_MS = 30_000
"""The longest one query may run on the server before it is cancelled."""


@dataclass(frozen=True)
class Location:
    """Where the index lives: the URI as given (password included) and its parts for messages."""

    uri: str
    host: str
    port: int
    database: str
    user: str | None
    shards: tuple[str, ...] = ()
    """The shard servers the ``?shards=HOST:PORT,...`` parameter names (search.backends.postgres.shards)."""

    def __str__(self) -> str:
        """The location without its password, for messages."""
        user = f"{self.user}@" if self.user else ""
        return f"postgresql://{user}{self.host}:{self.port}/{self.database}"


def parse(value: object) -> Location:
    """The location named by ``value`` (a string, or a Path that folded ``//`` into ``/``)."""
    if isinstance(value, Location):
        return value
    text = str(value)
    text = re.sub(r"^(postgres(?:ql)?):/(?!/)", r"\1://", text)
    try:
        text, shards = split_uri(text)  # libpq refuses a parameter it does not know
        parts = urlsplit(text)
        port = parts.port or 5432
    except ValueError as exc:
        raise InvalidInput("{argument} '{value}' is not a valid postgresql:// URL ({reason}): "
                           "write it as postgresql://USER@HOST:PORT/DATABASE", "index_dir", _hide_password(text),
                           reason=str(exc)) from None
    database = unquote(parts.path.lstrip("/")) or (unquote(parts.username) if parts.username else "postgres")
    return Location(uri=text, host=parts.hostname or "localhost", port=port, database=database,
                    user=unquote(parts.username) if parts.username else None, shards=shards)


def connect(location: Location, autocommit: bool = True) -> Any:
    """A new connection with the statement timeout set; ServerUnavailable when it cannot be made."""
    import psycopg

    try:
        return psycopg.connect(location.uri, autocommit=autocommit, connect_timeout=CONNECT_TIMEOUT,
                               options=f"-c statement_timeout={STATEMENT_TIMEOUT_MS}")
    except psycopg.Error as exc:
        raise unavailable(location, exc) from None


def unavailable(location: Location, exc: BaseException) -> ServerUnavailable | DatabaseNotFound:
    """The error a failed connection or a dropped one means, with the location's parts."""
    text = str(exc)
    sqlstate = getattr(exc, "sqlstate", None)
    if "password authentication failed" in text or sqlstate == "28P01" or "no password supplied" in text:
        reason = "authentication"
    elif sqlstate == "3D000" or ("database" in text and "does not exist" in text):
        return DatabaseNotFound(location.host, location.port, location.database)
    elif sqlstate == "25006":
        reason = "read_only"
    elif sqlstate == "57014" or "statement timeout" in text:
        reason = "timeout"
    elif "Connection refused" in text or "could not connect" in text or "timeout expired" in text:
        reason = "refused"
    else:
        reason = "gone"
    return ServerUnavailable(reason, location.host, location.port, location.database, _first_line(text))


def _first_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return _hide_password(lines[-1] if lines else text)[:200]


def _hide_password(text: str) -> str:
    return re.sub(r"(://[^:/@]*):[^@/]*@", r"\1:***@", text)
