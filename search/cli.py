"""search-cli: a thin command line over the engine API (query, index, show, stats); no search logic."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from search.cli_args import PROG, UsageError, build_parser

if TYPE_CHECKING:
    from search.engine import Engine
    from search.models import SkippedFile

EXIT_OK = 0
EXIT_NO_HITS = 1
EXIT_ERROR = 2
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141


def _note(message: str) -> None:
    sys.stderr.write(f"{PROG}: {message}\n")
    sys.stderr.flush()


def _index_option(path: str | None) -> str:
    """How to repeat the user's --index in a suggested command."""
    return f" --index {path}" if path else ""


def _with_fix(error: Exception, index_arg: str | None) -> str:
    """The engine's one-line message, plus the command that fixes it when the engine gives none."""
    from search.errors import IndexDamaged, IndexNotFound, IndexVersionError

    message = str(error).strip().replace("\n", " ")
    if PROG in message:
        # The engine's hint names the default index; repeat the user's --index in it.
        if index_arg and "--index" not in message and message.endswith((f"{PROG} index", "--rebuild")):
            message += _index_option(index_arg)
        return message
    if isinstance(error, IndexNotFound):
        return f"{message}; build it with: {PROG} index{_index_option(index_arg)}"
    if isinstance(error, (IndexVersionError, IndexDamaged)):
        return f"{message}; rebuild it with: {PROG} index --rebuild{_index_option(index_arg)}"
    return message


def _open_engine(args: argparse.Namespace) -> Engine:
    """Open the index; the default one is built from the default seeds first if it is missing."""
    import search

    index_dir = search.default_index_dir()
    if args.index is None and not search.index_exists() and not _has_visible_files(index_dir):
        seeds_dir = search.default_seeds_dir()
        if not seeds_dir.is_dir():
            raise search.IndexNotFound(
                f"no index at '{index_dir}' yet, and no seeds folder '{seeds_dir}' to build it from; "
                f"build it with: {PROG} index SEEDS_DIR"
            )
        _note(f"no index at '{index_dir}' yet: building it from '{seeds_dir}' first")
        report = search.build_index(seeds_dir, index_dir)
        _print_skipped(report.skipped)
        _note(f"indexed {report.documents} documents in {report.seconds:.2f} s")
    return search.open_index(args.index)


def _has_visible_files(folder: Path) -> bool:
    """Anything there besides dot files (an interrupted build's leftovers)? Then never build over it."""
    try:
        return any(not entry.name.startswith(".") for entry in folder.iterdir())
    except OSError:
        return False


def _print_skipped(skipped: list[SkippedFile]) -> None:
    for item in skipped:
        _note(f"skipped {item}")


def cmd_query(args: argparse.Namespace) -> int:
    from search.cli_json import dumps, hit_object
    from search.cli_output import Output

    text = " ".join(args.text)
    with _open_engine(args) as engine:
        result = engine.search(text, lang=args.lang, source=args.source, since=args.since,
                               until=args.until, sort=args.sort, limit=args.limit,
                               offset=args.offset, facets=False, same_language=args.same_language)
    for notice in result.notices:
        _note(f"note: {notice}")
    if result.suggestion:
        _note(f"did you mean: {result.suggestion}")
    if not result.hits:
        if result.total:
            _note(f"no hits past --offset {args.offset}: there are {result.total}")
        return EXIT_NO_HITS

    out = Output("never" if args.json else args.color)
    if args.json:
        for rank, hit in enumerate(result.hits, start=result.offset + 1):
            out.raw(dumps(hit_object(rank, hit)))
    else:
        from search.cli_render import print_result

        print_result(out, result)
    return EXIT_OK


def cmd_index(args: argparse.Namespace) -> int:
    import search
    from search.cli_progress import progress_bar

    seeds_dir = Path(args.seeds) if args.seeds else search.default_seeds_dir()
    index_dir = Path(args.index) if args.index else search.default_index_dir()
    with progress_bar(args.color) as progress:
        report = search.build_index(seeds_dir, index_dir, rebuild=args.rebuild, progress=progress,
                                    lock_timeout=args.wait, semantic=not args.no_semantic)
    _print_skipped(report.skipped)
    action = "built" if report.rebuilt else "updated"
    print(f"{action} {report.index_dir} from {seeds_dir}: {report.added} added, "
          f"{report.updated} updated, {report.removed} removed, {len(report.skipped)} skipped, "
          f"{report.unchanged} unchanged; {report.documents} documents in {report.seconds:.2f} s")
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    from search.cli_output import Output

    with _open_engine(args) as engine:
        article = engine.article(args.id, query=args.query)
    if args.json:
        from search.cli_json import article_object, dumps

        Output("never").raw(dumps(article_object(article)))
    else:
        from search.cli_render import print_article

        print_article(Output(args.color), article)
    return EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    from search.cli_output import Output

    with _open_engine(args) as engine:
        stats = engine.stats()
    if args.json:
        from search.cli_json import dumps, stats_object

        Output("never").raw(dumps(stats_object(stats)))
    else:
        from search.cli_render import print_stats

        print_stats(Output(args.color), stats)
    return EXIT_OK


def _reject_undecodable(args: argparse.Namespace) -> None:
    """Bytes that are not UTF-8 reach Python as lone surrogates; say so before they reach the engine."""
    for value in vars(args).values():
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str):
                try:
                    text.encode("utf-8")
                except UnicodeEncodeError:
                    raise UsageError(f"'{_shown_bytes(text)}' holds bytes that are not UTF-8 text: "
                                     "set your terminal to UTF-8 or retype it") from None


def _shown_bytes(text: str) -> str:
    """The argument as typed, its undecodable bytes written as \\xNN."""
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that did not come from a byte
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


COMMANDS = {"query": cmd_query, "index": cmd_index, "show": cmd_show, "stats": cmd_stats}


def main(argv: list[str] | None = None) -> int:
    """Run one command; returns the exit code (0 hits/done, 1 no hits, 2 error, 130 Ctrl-C)."""
    from search.errors import SearchError

    args = None
    try:
        args = build_parser().parse_args(argv)
        _reject_undecodable(args)
        code = COMMANDS[args.command](args)
        sys.stdout.flush()  # a closed pipe must fail here, not in the interpreter's exit
        return code
    except UsageError as error:
        _note(f"error: {error}")
        return EXIT_ERROR
    except SearchError as error:
        _note(f"error: {_with_fix(error, getattr(args, 'index', None))}")
        return EXIT_ERROR
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): stop quietly, and keep Python from
        # complaining when it flushes stdout at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except OSError as error:
        # The engine wraps what it expects; this is the safety net (disk full, permissions...).
        where = f": {error.filename}" if error.filename else ""
        _note(f"error: {error.strerror or error}{where}")
        return EXIT_ERROR
    except KeyboardInterrupt:
        if args is not None and args.command == "index":
            _note("interrupted: the index was left as it was before this run")
        else:
            _note("interrupted")
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
