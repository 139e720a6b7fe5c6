"""The terminal app's words for engine errors: the engine's line, then what to do here (keys, fields)."""

from __future__ import annotations

from search import InvalidInput, SearchError

FIELDS = {"since": "Date from", "until": "Date to", "lang": "Language", "source": "Sources", "sort": "Sort by",
          "query": "search", "index_dir": "the index folder (--index)", "lock_timeout": "the wait"}
"""The engine's argument names as the filter panel labels its inputs."""


def field(argument: str) -> str:
    return FIELDS.get(argument, argument)


def describe(error: SearchError) -> str:
    """One line for a notice or the status bar: what went wrong, where, and the app's way to fix it."""
    kind = error.kind
    if isinstance(error, InvalidInput):
        line = error.worded(field)
        if kind == "unknown_source":
            return f"{line}: choose one in the Sources list (F2)"
        if error.argument == "index_dir":
            return f"{line}: start the app with --index on another folder"
        return line
    line = str(error)
    fixes = {
        "index_not_found": "restart the app to build it from the seeds folder",
        "index_version": "press F5 to rebuild it",
        "index_damaged": "press F5 to rebuild it",
        "index_locked": "press F5 to try again once it finishes",
        "article_not_found": "the index changed: search again",
        "seeds_not_found": "start the app with --seeds on the folder that holds the articles",
        "config": "fix it or remove it",
        "not_an_index_folder": "start the app with --index on an empty or new folder",
        "disk_full": "free some space and press F5",
        "writer_process_died": "press F5 to try again",
        "server_unavailable": "the app tries again with your next search",
        "database_not_found": "create the database (createdb), then build the index with search-cli index",
    }
    if kind == "seeds_folder_mismatch":
        return f"{line}: start the app without --seeds to update it from its own folder"
    if kind in fixes:
        return f"{line}: {fixes[kind]}"
    return line
