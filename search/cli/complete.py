"""Tab completion for search-cli (argcomplete): commands, options, --lang values, indexed sources."""

from __future__ import annotations

import argparse


def source_names(prefix: str, parsed_args: argparse.Namespace, **_: object) -> list[str]:
    """The sources in the index the command line points at (none if it cannot be opened)."""
    import search

    try:
        with search.open_index(getattr(parsed_args, "index", None)) as engine:
            names = engine.sources()
    except (search.SearchError, OSError):
        return []
    folded = prefix.lower()
    return [name for name in names if name.lower().startswith(folded)]


def complete(parser: argparse.ArgumentParser) -> None:
    """Answer the shell's completion request and exit (argcomplete's protocol)."""
    import argcomplete

    for action in parser.commands["query"]._actions:
        if action.dest == "source":
            action.completer = source_names
    argcomplete.autocomplete(parser)
