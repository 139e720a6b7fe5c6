"""The search-cli argument parser: subcommands, options, help texts and examples."""

from __future__ import annotations

import argparse
from typing import NoReturn

PROG = "search-cli"


class UsageError(Exception):
    """A bad command line; str() is the one line to print."""


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser that reports a bad command line as one line instead of usage + exit."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see: {self.prog} --help)")


def _whole_number(minimum: int):
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"expected a number >= {minimum}, got {value}")
        return value

    parse.__name__ = "number"  # argparse names the type in its messages
    return parse


MAIN_EPILOG = """\
examples:
  search-cli query México                    search every article (accents optional)
  search-cli query mexico --lang es --json   Spanish hits only, as JSON Lines
  search-cli index                           update the index with new, changed, deleted seeds
  search-cli show ID --query mexico          read one whole article, matches highlighted
  search-cli stats                           what the index holds

exit codes: 0 hits found / command done, 1 no hits, 2 error, 130 interrupted.
Run 'search-cli COMMAND --help' for the options of a command."""

QUERY_EPILOG = """\
examples:
  search-cli query México
  search-cli query deportacion --lang es --since 2025-01 --sort date
  search-cli query '"El Salvador" +asylum' --limit 5 --offset 5
  search-cli query mexico --json | jq -r .title

Query syntax: words (articles holding more of them rank higher), "exact phrase",
+required, -excluded, AND, OR, NOT, prefix*, fuzzy~.
Accents and case are ignored, words are stemmed: mexico finds México, deportacion finds
deportaciones.
exit codes: 0 hits, 1 no hits ("did you mean" on stderr when there is a suggestion), 2 error."""

INDEX_EPILOG = """\
examples:
  search-cli index                  update the index from ./seeds (new, changed, deleted files)
  search-cli index ~/news --rebuild build the index from scratch from ~/news
  search-cli index --index /tmp/ix  keep the index somewhere else

Files that cannot be read are skipped with one line each; the run goes on.
Ctrl-C stops the run and leaves the previous index as it was."""

SHOW_EPILOG = """\
examples:
  search-cli show 3f2a9c1e0b7d
  search-cli show 3f2a9c1e0b7d --query "El Salvador"
  search-cli show 3f2a9c1e0b7d --json

Ids are printed by 'search-cli query' (and in its --json output)."""

STATS_EPILOG = """\
examples:
  search-cli stats
  search-cli stats --json"""


def _add_common_options(parser: argparse.ArgumentParser, *, color: bool = True) -> None:
    parser.add_argument(
        "--index", metavar="PATH", default=None,
        help="index folder (default: $NEWS_SEARCH_INDEX or ./index)",
    )
    if color:
        parser.add_argument(
            "--color", choices=("auto", "always", "never"), default="auto",
            help="colour and bold highlights: auto = only on a terminal and when NO_COLOR is unset "
                 "(default: auto)",
        )


def build_parser() -> argparse.ArgumentParser:
    """The whole command line; each subcommand sets ``command`` in the parsed namespace."""
    from search import __version__

    formatter = argparse.RawDescriptionHelpFormatter
    parser = _Parser(
        prog=PROG, formatter_class=formatter, epilog=MAIN_EPILOG,
        description="Bilingual (English/Spanish), accent-insensitive news search.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}",
                        help="print the version and exit")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands",
                                     parser_class=_Parser, help="one of:")
    commands.required = True

    query = commands.add_parser(
        "query", help="search the index", formatter_class=formatter, epilog=QUERY_EPILOG,
        description="Search the index and print the ranked hits with highlighted snippets.",
    )
    query.add_argument("text", metavar="TEXT", nargs="+",
                       help="what to search for (several words are joined with spaces)")
    query.add_argument("--lang", choices=("en", "es"), help="only articles in this language")
    query.add_argument("--source", metavar="S", help="only articles from this source, e.g. 'CBS News'")
    query.add_argument("--since", metavar="DATE",
                       help="only articles on or after DATE: YYYY-MM-DD, YYYY-MM or YYYY")
    query.add_argument("--until", metavar="DATE",
                       help="only articles on or before DATE: YYYY-MM-DD, YYYY-MM or YYYY")
    query.add_argument("--sort", choices=("relevance", "date"), default="relevance",
                       help="order of the hits: best match first, or newest first (default: relevance)")
    query.add_argument("--limit", metavar="N", type=_whole_number(1), default=10,
                       help="show at most N hits (default: 10)")
    query.add_argument("--offset", metavar="N", type=_whole_number(0), default=0,
                       help="skip the first N hits, to page through results (default: 0)")
    query.add_argument("--json", action="store_true",
                       help="print one JSON object per hit (JSON Lines) for scripts")
    query.add_argument("--same-language", action="store_true",
                       help="only hits in the query's own language: no matches across languages")
    _add_common_options(query)

    index = commands.add_parser(
        "index", help="build or update the index from a seeds folder", formatter_class=formatter,
        epilog=INDEX_EPILOG,
        description="Build the index, or bring it up to date with the seeds folder: new and changed "
                    "files are indexed, deleted ones removed.",
    )
    index.add_argument("seeds", metavar="SEEDS_DIR", nargs="?", default=None,
                       help="folder of article files (default: $NEWS_SEARCH_SEEDS or ./seeds)")
    index.add_argument("--rebuild", action="store_true",
                       help="rebuild the whole index from scratch instead of updating it")
    index.add_argument("--no-semantic", action="store_true",
                       help="skip the passage vectors that find articles across languages "
                            "(faster; queries are then lexical only)")
    index.add_argument("--wait", metavar="SECONDS", type=_whole_number(0), default=10,
                       help="how long to wait for another index run on the same index to finish "
                            "before giving up (default: 10)")
    _add_common_options(index)

    show = commands.add_parser(
        "show", help="print one whole article", formatter_class=formatter, epilog=SHOW_EPILOG,
        description="Print one whole article by its id, with the matches of --query highlighted.",
    )
    show.add_argument("id", metavar="ID", help="article id, as printed by 'search-cli query'")
    show.add_argument("--query", metavar="TEXT", help="highlight the matches of this query")
    show.add_argument("--json", action="store_true",
                      help="print the article as one JSON object")
    _add_common_options(show)

    stats = commands.add_parser(
        "stats", help="what the index holds", formatter_class=formatter, epilog=STATS_EPILOG,
        description="Documents per language and per source, index size on disk, when it was built.",
    )
    stats.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    _add_common_options(stats)

    return parser
