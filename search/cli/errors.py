"""The command line's words for engine errors: the engine's line, then the search-cli command that fixes it."""

from __future__ import annotations

from search.backends import location_text, scheme
from search.cli.args import PROG
from search.errors import InvalidInput, SearchError

OPTIONS = {"since": "--since", "until": "--until", "lang": "--lang", "source": "--source", "limit": "--limit",
           "offset": "--offset", "sort": "--sort", "index_dir": "--index", "lock_timeout": "--wait",
           "procs": "--procs"}
"""The engine's argument names as the command line spells them (others, like ``date:``, are query syntax)."""


SERVER_FIXES = {
    "refused": "start the server, or correct the host and port of --index (or $NEWS_SEARCH_INDEX)",
    "authentication": "correct the user and password in the postgresql:// URL (or in ~/.pgpass)",
    "timeout": "try a narrower query",
    "gone": "run the command again once the server is back",
    "read_only": "build the index on the primary server; its standbys follow it",
}
"""What to do about each ``ServerUnavailable.reason``."""


def option(argument: str) -> str:
    return OPTIONS.get(argument, argument)


def describe(error: SearchError, index_arg: str | None = None) -> str:
    """One line: what went wrong and where, and the command that fixes it (repeating the user's --index)."""
    index = f" --index {location_text(index_arg)}" if index_arg else ""  # never a URL's password
    kind = error.kind
    if isinstance(error, InvalidInput):
        line = error.worded(option)
        if kind == "unknown_source" and not error.candidates:
            return f"{line}; list the sources with: {PROG} stats{index}"
        if error.argument == "index_dir":
            return f"{line}: give another folder with --index"
        return line
    line = str(error)
    if kind == "database_not_found":
        return (f"{line}: create it with: createdb -h {error.host} -p {error.port} {error.database}, "
                f"then build the index with: {PROG} index SEEDS_DIR{index}")
    if kind == "server_unavailable":
        return f"{line}; {SERVER_FIXES.get(error.reason, SERVER_FIXES['gone'])}"
    if kind == "index_not_found":
        # A database is never built from the default seeds folder behind the user's back: name it.
        seeds = " SEEDS_DIR" if error.seeds_dir is not None or scheme(error.index_dir) else ""
        return f"{line}; build it with: {PROG} index{seeds}{index}"
    if kind in ("index_version", "index_damaged"):
        return f"{line}; rebuild it with: {PROG} index --rebuild{index}"
    if kind == "index_locked":
        return f"{line}: try again when it finishes, or wait longer with --wait SECONDS"
    if kind == "article_not_found":
        if error.lang is None:
            return f"{line}; find ids with: {PROG} query TEXT{index}"
        return f"{line}; choose one of them with --lang"
    if kind == "seeds_not_found":
        if not error.exists:
            return (f"{line}: create it and put .txt, .md, .html or .jsonl articles in it, "
                    f"or give another one: {PROG} index SEEDS_DIR{index}")
        return f"{line}: give the folder that holds the articles: {PROG} index SEEDS_DIR{index}"
    if kind == "seeds_folder_mismatch":
        return (f"{line}: to update it, run '{PROG} index{index}'; to build it from '{error.given}' instead, "
                f"run '{PROG} index {error.given} --rebuild{index}'")
    if kind == "config":
        return f"{line}: fix it or remove it (its settings: {PROG} config)"
    if kind == "not_an_index_folder":
        return f"{line}: choose an empty or new folder with --index"
    if kind == "disk_full":
        return f"{line}: free some space and run it again"
    if kind == "writer_process_died":
        return f"{line}: retry with one writer process ({PROG} index --procs 1{index})"
    return line
