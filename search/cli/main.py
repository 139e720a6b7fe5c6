"""search-cli: a thin command line over the engine API (query, index, show, stats, config, completion)."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from search.backends.postgres import is_location

from search.cli.args import PROG, UsageError, build_parser

if TYPE_CHECKING:
    import search
    from search.engine import Engine
    from search.models import SkippedFile

EXIT_OK = 0
EXIT_NO_HITS = 1
EXIT_ERROR = 2
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141
EXIT_TERMINATED = 143


class _Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the program is so that it unwinds as after Ctrl-C (temporary folders removed)."""


def _terminate(_signum: int, _frame: object) -> None:
    raise _Terminated


@contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM handled like Ctrl-C while a command runs (only the main thread can set handlers)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _note(message: str) -> None:
    from search.cli.sanitize import safe_line

    sys.stderr.write(f"{PROG}: {safe_line(message)}\n")
    sys.stderr.flush()


def _open_engine(args: argparse.Namespace) -> Engine:
    """Open the index; the default one is built from the default seeds first if it is missing."""
    import search

    if args.index is not None:
        return search.open_index(args.index)
    index_dir = search.default_index_dir()
    if is_location(index_dir):  # a database is never built automatically
        return search.open_index(index_dir)
    if not search.index_exists(index_dir) and not _has_visible_files(index_dir):
        seeds_dir = search.default_seeds_dir()
        if not seeds_dir.is_dir():
            raise search.IndexNotFound(index_dir, seeds_dir)
        _note(f"no index at '{index_dir}' yet: building it from '{seeds_dir}' first")
        report = search.build_index(seeds_dir, index_dir)
        _print_skipped(report.skipped)
        _note(f"indexed {_plural(report.documents, 'document')} in {report.seconds:.2f} s")
    return search.open_index(index_dir)


def _has_visible_files(folder: Path) -> bool:
    """Anything there besides dot files (an interrupted build's leftovers)? Then never build over it."""
    try:
        return any(not entry.name.startswith(".") for entry in folder.iterdir())
    except OSError:
        return False


def _plural(count: int, word: str) -> str:
    from search.cli.render import plural

    return plural(count, word)


def _print_skipped(skipped: list[SkippedFile]) -> None:
    """One line per problem: "skipped PATH: REASON" for a file or a record, "warning: ..." otherwise."""
    for item in skipped:
        label = "warning:" if item.kind == "warning" else "skipped"
        _note(f"{label} {_one_line(item.path)}: {_one_line(item.reason)}")


def _one_line(text: str) -> str:
    """Text a one-line message can hold: undecodable bytes as \\xNN, newlines and other controls escaped."""
    shown = _shown_bytes(text)
    if shown.isprintable():
        return shown
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in shown)


def cmd_query(args: argparse.Namespace) -> int:
    from search.cli.output import Output

    text = " ".join(args.text)
    if not text.strip() and not (args.lang or args.source or args.since or args.until):
        raise UsageError(f"the query is empty: give words to search for (e.g. {PROG} query mexico), "
                         "a filter such as --lang es to list what passes it, or '*' to list every article")
    form = "json" if args.json else args.format or "text"
    if args.fields and form != "json":
        raise UsageError("--fields chooses JSON keys: add --json (or --format json)")
    listing = args.count or args.ids
    with _open_engine(args) as engine:
        result = engine.search(text, lang=args.lang, source=args.source, since=args.since,
                               until=args.until, sort=args.sort, limit=0 if args.count else args.limit,
                               offset=args.offset, facets=False, fold=args.fold,
                               include_undated=args.include_undated, translate=args.translate,
                               snippets=0 if listing else 1 if form == "tsv" else 3)
    for notice in result.notices:
        _note(f"note: {notice}")
    if result.undated_left_out:
        count = result.undated_left_out
        _note(f"note: {count} undated {'match' if count == 1 else 'matches'} left out by "
              "--since/--until; add --include-undated to list them too")
    if result.suggestion:
        _note(f"did you mean: {result.suggestion}")
    if args.count:
        print(result.total)
        return EXIT_OK if result.total else EXIT_NO_HITS
    if not result.hits:
        if result.total:
            _note(f"no hits past --offset {args.offset}: there are {result.total}")
        return EXIT_NO_HITS

    shown_to = result.offset + len(result.hits)
    if (args.ids or form != "text") and shown_to < result.total:  # the readable text says it itself
        _note(f"note: hits {result.offset + 1}-{shown_to} of {result.total}; the next ones with "
              f"--offset {shown_to} (or a larger --limit, up to 1000)")
    out = Output(args.color if form == "text" else "never")
    if args.ids:
        for hit in result.hits:
            out.raw(hit.id + "\n")
    elif form == "json":
        from search.cli.jsonout import dumps, hit_object

        for rank, hit in enumerate(result.hits, start=result.offset + 1):
            record = hit_object(rank, hit)
            out.raw(dumps({key: record[key] for key in args.fields} if args.fields else record))
    elif form == "tsv":
        from search.cli.render import tsv_line

        for hit in result.hits:
            out.raw(tsv_line(hit))
    else:
        from search.cli.render import print_result

        print_result(out, result)
    return EXIT_OK


def cmd_index(args: argparse.Namespace) -> int:
    import search
    from search.cli.progress import progress_bar

    index_dir = args.index if args.index else search.default_index_dir()
    color = "never" if args.quiet or args.json else args.color
    with progress_bar(color) as progress:
        report = search.build_index(args.seeds, index_dir, rebuild=args.rebuild, progress=progress,
                                    lock_timeout=args.wait, procs=args.procs, memory_mb=args.memory_mb,
                                    semantic=args.semantic)
    if args.json:
        from search.cli.jsonout import dumps

        print(dumps(_report_object(report)), end="")
        return EXIT_OK
    if args.quiet:
        return EXIT_OK
    _print_skipped(report.skipped)
    action = "built" if report.rebuilt else "updated"
    print(f"{action} {_one_line(report.index_dir)} from {_one_line(report.seeds_dir)}: {report.added} added, "
          f"{report.updated} updated, {report.removed} removed, {report.unchanged} unchanged; "
          f"{_plural(report.count('file'), 'file')} skipped, {_plural(report.count('record'), 'record')} skipped, "
          f"{_plural(report.count('warning'), 'warning')}; {_plural(report.documents, 'document')} in {report.seconds:.2f} s"
          f"{_semantic_part(report)}")
    return EXIT_OK


def _semantic_part(report: search.IndexReport) -> str:
    """The summary's end: what the semantic layer cost (a warning on stderr when the index has none)."""
    semantic = report.semantic
    if semantic is None:
        return ""
    if semantic.skipped:
        _note(f"warning: no semantic layer: {semantic.skipped}; matches by meaning are left out "
              "(reinstall news-search, then run search-cli index)")
        return ""
    why = " (the semantic layer was incomplete: every file was read again)" if report.completed_semantic else ""
    return f"; vectors: {semantic.encoded} embedded, {semantic.reused} kept{why}"


def _report_object(report: search.IndexReport) -> dict[str, object]:
    """``index --json``: the report as one object (README, "Indexing")."""
    return {
        "action": "built" if report.rebuilt else "updated",
        "index_dir": _one_line(report.index_dir), "seeds_dir": _one_line(report.seeds_dir),
        "added": report.added, "updated": report.updated, "removed": report.removed,
        "unchanged": report.unchanged, "documents": report.documents, "seconds": round(report.seconds, 3),
        "counts": {"skipped_files": report.count("file"), "skipped_records": report.count("record"),
                   "warnings": report.count("warning")},
        "semantic": None if report.semantic is None else {
            "embedded": report.semantic.encoded, "kept": report.semantic.reused, "skipped": report.semantic.skipped,
            "completed": report.completed_semantic},
        "problems": [{"kind": item.kind, "path": _shown_bytes(item.path), "reason": _shown_bytes(item.reason),
                      "count": item.count} for item in report.skipped],
    }


def cmd_show(args: argparse.Namespace) -> int:
    from search.errors import ArticleNotFound

    ids = _show_ids(args.ids)
    articles, missing = [], []
    with _open_engine(args) as engine:
        for doc_id in ids:
            try:
                articles.append(engine.article(doc_id, query=args.query, lang=args.lang))
            except ArticleNotFound as error:
                missing.append(error)
    if args.json:
        from search.cli.jsonout import article_object, dumps
        from search.cli.output import Output

        out = Output("never")
        for article in articles:
            out.raw(dumps(article_object(article)))
    elif articles:
        from search.cli.pager import print_articles

        print_articles(articles, args.color, pager=not args.no_pager)
    from search.cli.errors import describe

    for error in missing:
        _note(f"error: {describe(error, args.index)}")
    return EXIT_ERROR if missing else EXIT_OK


def _show_ids(given: list[str]) -> list[str]:
    """The ids typed, with '-' (or no id at all) standing for the lines of stdin."""
    if not given:
        if sys.stdin is None or sys.stdin.isatty():
            raise UsageError(f"give an article id, or pipe ids on stdin: {PROG} query mexico --ids | "
                             f"{PROG} show (see: {PROG} show --help)")
        given = ["-"]
    ids: list[str] = []
    for doc_id in given:
        if doc_id == "-":
            try:
                ids.extend(line.strip() for line in sys.stdin if line.strip())
            except UnicodeDecodeError:
                raise UsageError("stdin holds bytes that are not UTF-8 text: pipe one id per line, "
                                 f"as printed by {PROG} query TEXT --ids") from None
        else:
            ids.append(doc_id)
    if not ids:
        raise UsageError("no article ids on stdin: pipe one id per line, e.g. from "
                         f"{PROG} query mexico --ids")
    return ids


def cmd_stats(args: argparse.Namespace) -> int:
    from search.cli.output import Output

    with _open_engine(args) as engine:
        stats = engine.stats()
    if args.json:
        from search.cli.jsonout import dumps, stats_object

        Output("never").raw(dumps(stats_object(stats)))
    else:
        from search.cli.render import print_stats

        print_stats(Output(args.color), stats)
    return EXIT_OK


def cmd_config(args: argparse.Namespace) -> int:
    from search.config import config_path, setting

    path = config_path()
    settings = [setting("index", args.index), setting("seeds")]
    if args.json:
        from search.cli.jsonout import dumps

        record = {"config_file": str(path), "config_file_exists": path.is_file()}
        record.update({s.name: {"value": str(s.value), "from": s.origin, "where": s.where} for s in settings})
        sys.stdout.write(dumps(record))
        return EXIT_OK
    from search.cli.sanitize import safe_line

    origins = {"option": "option {}", "environment": "environment variable {}", "config": "config file",
               "default": "default"}
    rows = [("config file", str(path), "" if path.is_file() else "(not found)")]
    rows += [(s.name, str(s.value), "from " + origins[s.origin].format(s.where)) for s in settings]
    width = max(len(label) for label, _, _ in rows) + 1
    value_width = max(len(value) for _, value, _ in rows) + 2
    for label, value, origin in rows:
        print(safe_line(f"{label.ljust(width)}{value.ljust(value_width)}{origin}".rstrip()))
    return EXIT_OK


def cmd_completion(args: argparse.Namespace) -> int:
    import argcomplete

    sys.stdout.write(argcomplete.shellcode([PROG], shell=args.shell))
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


COMMANDS = {"query": cmd_query, "index": cmd_index, "show": cmd_show, "stats": cmd_stats,
            "config": cmd_config, "completion": cmd_completion}


def main(argv: list[str] | None = None) -> int:
    """Run one command; returns the exit code (0 hits/done, 1 no hits, 2 error, 130 Ctrl-C, 143 SIGTERM)."""
    from search.errors import SearchError

    args = None
    try:
        parser = build_parser()
        if argv is None and "_ARGCOMPLETE" in os.environ:  # a shell asking for completions
            from search.cli.complete import complete

            complete(parser)
        with _sigterm_as_interrupt():
            args = parser.parse_args(argv)
            _reject_undecodable(args)
            code = COMMANDS[args.command](args)
            sys.stdout.flush()  # a closed pipe must fail here, not in the interpreter's exit
        return code
    except UsageError as error:
        _note(f"error: {error}")
        return EXIT_ERROR
    except SearchError as error:
        from search.cli.errors import describe

        _note(f"error: {describe(error, getattr(args, 'index', None))}")
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
    except KeyboardInterrupt as interrupt:
        what = "terminated" if isinstance(interrupt, _Terminated) else "interrupted"
        if args is not None and args.command == "index":
            _note(f"{what}: the index was left as it was before this run")
        else:
            _note(what)
        return EXIT_TERMINATED if isinstance(interrupt, _Terminated) else EXIT_INTERRUPTED
