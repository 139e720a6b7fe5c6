"""The search-cli argument parser: subcommands, options, help texts and examples."""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn

PROG = "search-cli"


class UsageError(Exception):
    """A bad command line; str() is the one line to print."""


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser that reports a bad command line as one line instead of usage + exit,
    pointing at the help of the command that was typed."""

    commands: dict[str, argparse.ArgumentParser] = {}

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see: {self.prog} --help)")

    def parse_args(self, args=None, namespace=None):  # type: ignore[override]
        words = list(sys.argv[1:] if args is None else args)
        try:
            parsed, extras = self.parse_known_args(words, namespace)
            if extras:
                command = self.commands.get(getattr(parsed, "command", None), self)
                command.error(f"unrecognized arguments: {' '.join(extras)}")
        except UsageError as error:
            raise UsageError(f"{error}{self._dash_hint(words)}") from None
        return parsed

    def _dash_hint(self, words: list[str]) -> str:
        """A word of a query that starts with '-' is read as an option: say how to search for it."""
        query = self.commands.get("query")
        if query is None or "query" not in words or "--" in words:
            return ""
        after = words[words.index("query") + 1:]
        unknown = [w for w in after if w.startswith("-") and not w.startswith("--") and w != "-"
                   and w not in query._option_string_actions]
        if not unknown:
            return ""
        return f"; to search for '{unknown[0]}', put -- before the query: {PROG} query -- {unknown[0]}"


def _whole_number(minimum: int, maximum: int | None = None):
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
        if value < minimum or (maximum is not None and value > maximum):
            wanted = f"from {minimum} to {maximum}" if maximum is not None else f">= {minimum}"
            raise argparse.ArgumentTypeError(f"expected a number {wanted}, got {value}")
        return value

    parse.__name__ = "number"  # argparse names the type in its messages
    return parse


MAX_LIMIT = 1000
"""The engine's largest page (search.engine.MAX_LIMIT), repeated here so --help loads no engine."""
LANGS = ("en", "es")
FORMATS = ("text", "json", "tsv")
JSON_FIELDS = ("rank", "id", "title", "lang", "source", "date", "path", "url", "score", "title_spans",
               "snippets", "versions", "cross_language")
SHELLS = ("bash", "zsh", "fish")


def _language(text: str) -> str:
    """A language code, refused with the engine's own message (the one `lang:xx` in a query gets)."""
    from search.errors import InvalidInput
    from search.query.filters import check_language

    try:
        return check_language(text.strip().lower())
    except InvalidInput as error:
        raise argparse.ArgumentTypeError(str(error)) from None


MAIN_EPILOG = """\
examples:
  search-cli query México                    search every article (accents optional)
  search-cli query mexico -l es -j           Spanish hits only, as JSON Lines
  search-cli query mexico --ids | xargs search-cli show
  search-cli index                           update the index with new, changed, deleted seeds
  search-cli show ID --query mexico          read one whole article, matches highlighted
  search-cli stats                           what the index holds
  search-cli config                          the index and seeds folders in use, and why
  source <(search-cli completion bash)       tab completion in this shell

exit codes: 0 hits found / command done, 1 no hits, 2 error, 130 interrupted, 143 terminated.
Run 'search-cli COMMAND --help' for the options of a command."""

QUERY_EPILOG = """\
examples:
  search-cli query México
  search-cli query deportacion -l es --since 2025-01 --include-undated --sort date
  search-cli query '"El Salvador" +asylum' -n 5 --offset 5
  search-cli query mexico --lang en --lang es --source 'CBS News' --source EFE
  search-cli query mexico --count                      just the number of hits
  search-cli query mexico --ids | xargs search-cli show
  search-cli query mexico --format tsv | cut -f1,5     id and title, one hit a line
  search-cli query mexico -j --fields id,title | jq -r .title
  search-cli query mexico --fold                       one hit per article, not per language
  search-cli query -- -mexico                          a query that starts with '-'

Query syntax: words (articles holding more of them rank higher), "exact phrase",
+required, -excluded, AND, OR, NOT, prefix*, fuzzy~.
Accents and case are ignored, words are stemmed: mexico finds México, deportacion finds
deportaciones.
--format tsv: id, lang, date, source, title, first snippet; tab-separated, one line per hit,
no header; tabs and line breaks inside a field become spaces, an unknown value is empty.
exit codes: 0 hits, 1 no hits ("did you mean" on stderr when there is a suggestion), 2 error."""

INDEX_EPILOG = """\
examples:
  search-cli index                  update the index from the folder it was built from
  search-cli index ~/news --rebuild build the index from scratch from ~/news
  search-cli index --index /tmp/ix  keep the index somewhere else
  search-cli index --json | jq .counts

Files and records that cannot be read are skipped with one line each; the run goes on.
An update reads the folder the index was built from; another folder needs --rebuild.
Ctrl-C stops the run and leaves the previous index as it was."""

SHOW_EPILOG = """\
examples:
  search-cli show trump-mexico-el-salvador-deportations-en-es.txt#en
  search-cli show trump-mexico-el-salvador-deportations-en-es.txt#en --lang es    its Spanish version
  search-cli show trump-mexico-el-salvador-deportations-en-es.txt#es --query "El Salvador"
  search-cli show trump-el-salvador-safe-third-country-en.txt#en --json
  search-cli query mexico --ids | search-cli show        ids on stdin, one per line

Ids are printed by 'search-cli query' (and by its --ids and --json output).
On a terminal a long article is shown through $PAGER (default: less); piped, it is printed as is."""

STATS_EPILOG = """\
examples:
  search-cli stats
  search-cli stats --json"""

CONFIG_EPILOG = """\
examples:
  search-cli config
  search-cli config --json

The config file is $XDG_CONFIG_HOME/news-search/config.toml (default
~/.config/news-search/config.toml), e.g.:
  index = "~/news-index"
  seeds = "~/news"
Relative paths are read from the folder of the config file.
Precedence: option (--index, SEEDS_DIR) > environment ($NEWS_SEARCH_INDEX, $NEWS_SEARCH_SEEDS)
> config file > default (./index, ./seeds)."""

COMPLETION_EPILOG = """\
examples:
  source <(search-cli completion bash)                            this bash session
  search-cli completion bash > ~/.local/share/bash-completion/completions/search-cli
  search-cli completion zsh > "${fpath[1]}/_search-cli"           then restart zsh
  search-cli completion fish > ~/.config/fish/completions/search-cli.fish

Completes commands, options, --lang values and the source names in the index."""


def _add_common_options(parser: argparse.ArgumentParser, *, color: bool = True) -> None:
    parser.add_argument(
        "--index", metavar="PATH", default=None,
        help="index folder (default: $NEWS_SEARCH_INDEX, the config file's 'index', or ./index)",
    )
    if color:
        parser.add_argument(
            "--color", choices=("auto", "always", "never"), default="auto",
            help="colour and bold highlights: auto = only on a terminal and when NO_COLOR is unset "
                 "(default: auto)",
        )


def _field_list(text: str) -> list[str]:
    fields = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in fields if name not in JSON_FIELDS]
    if unknown or not fields:
        raise argparse.ArgumentTypeError(
            f"unknown field '{unknown[0] if unknown else text}': use some of {','.join(JSON_FIELDS)}")
    return list(dict.fromkeys(fields))


_field_list.__name__ = "field list"


class _Version(argparse.Action):
    """``--version``: the package's version, looked up only when asked (the lookup lists sys.path's folders)."""

    def __init__(self, option_strings: list[str], dest: str, help: str | None = None) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=help)

    def __call__(self, parser: argparse.ArgumentParser, *_args: object) -> None:
        import sys

        import search

        sys.stdout.write(f"{PROG} {search.__version__}\n")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    """The whole command line; each subcommand sets ``command`` in the parsed namespace."""
    formatter = argparse.RawDescriptionHelpFormatter
    parser = _Parser(
        prog=PROG, formatter_class=formatter, epilog=MAIN_EPILOG,
        description="Bilingual (English/Spanish), accent-insensitive news search.",
    )
    parser.commands = {}
    parser.add_argument("--version", action=_Version, help="print the version and exit")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands",
                                     parser_class=_Parser, help="one of:")
    commands.required = True

    def command(name: str, **kwargs) -> argparse.ArgumentParser:
        parser.commands[name] = commands.add_parser(name, formatter_class=formatter, **kwargs)
        return parser.commands[name]

    query = command(
        "query", help="search the index", epilog=QUERY_EPILOG,
        description="Search the index and print the ranked hits with highlighted snippets.",
    )
    query.add_argument("text", metavar="TEXT", nargs="+",
                       help="what to search for (several words are joined with spaces)")
    query.add_argument("-l", "--lang", type=_language, choices=LANGS, action="append",
                       help="only articles in this language; repeat for several")
    query.add_argument("--source", metavar="S", action="append",
                       help="only articles from this source, e.g. 'CBS News' (case and accents "
                            "ignored); repeat for several")
    query.add_argument("--since", metavar="DATE",
                       help="only articles on or after DATE: YYYY-MM-DD, YYYY-MM or YYYY")
    query.add_argument("--until", metavar="DATE",
                       help="only articles on or before DATE: YYYY-MM-DD, YYYY-MM or YYYY")
    query.add_argument("--include-undated", action="store_true",
                       help="with --since/--until, also list the matching articles that have no date")
    query.add_argument("--sort", choices=("relevance", "date"), default="relevance",
                       help="order of the hits: best match first, or newest first (default: relevance)")
    query.add_argument("-n", "--limit", metavar="N", type=_whole_number(1, MAX_LIMIT), default=10,
                       help=f"show at most N hits, 1 to {MAX_LIMIT:,} (default: 10)")
    query.add_argument("--offset", metavar="N", type=_whole_number(0), default=0,
                       help="skip the first N hits, to page through results (default: 0)")
    query.add_argument("--fold", action="store_true",
                       help="one hit per article: its language versions folded into the best-ranked one")
    query.add_argument("--no-translate", dest="translate", action="store_false",
                       help="search the query's own words only: no matches by meaning (the semantic layer) "
                            "and no translation into the other language (see README, Cross-language search)")
    output = query.add_mutually_exclusive_group()
    output.add_argument("-j", "--json", action="store_true",
                        help="print one JSON object per hit (JSON Lines) for scripts; same as --format json")
    output.add_argument("--format", choices=FORMATS, default=None,
                        help="text (default), json (JSON Lines) or tsv (one tab-separated line per hit)")
    output.add_argument("--count", action="store_true",
                        help="print only the number of hits (all of them, not one page)")
    output.add_argument("--ids", action="store_true",
                        help="print only the ids of the hits, one per line")
    query.add_argument("--fields", metavar="F,F", type=_field_list,
                       help=f"with --json: only these keys, in this order (of: {', '.join(JSON_FIELDS)})")
    _add_common_options(query)

    index = command(
        "index", help="build or update the index from a seeds folder", epilog=INDEX_EPILOG,
        description="Build the index, or bring it up to date with the seeds folder: new and changed "
                    "files are indexed, deleted ones removed.",
    )
    index.add_argument("seeds", metavar="SEEDS_DIR", nargs="?", default=None,
                       help="folder of article files (default: the folder the index was built from; "
                            "for a new index $NEWS_SEARCH_SEEDS, the config file's 'seeds', or ./seeds)")
    index.add_argument("--rebuild", action="store_true",
                       help="rebuild the whole index from scratch instead of updating it")
    index.add_argument("--wait", metavar="SECONDS", type=_whole_number(0), default=10,
                       help="how long to wait for another index run on the same index to finish "
                            "before giving up (default: 10)")
    index.add_argument("--procs", metavar="N", type=_whole_number(1), default=None,
                       help="writer processes for a large rebuild (default: 2 on two or more cores); "
                            "1 uses less memory")
    index.add_argument("--memory-mb", metavar="MIB", type=_whole_number(64), default=None,
                       help="memory budget of the build in MiB (default: 1024, at least 64): each writer "
                            "process buffers postings up to a quarter of it before sorting them on disk, and a "
                            "large rebuild reads a sixteenth of it in text at a time; peak memory stays about "
                            "the same however large the archive")
    index.add_argument("--no-semantic", dest="semantic", action="store_false",
                       help="make no semantic layer (the vectors that let a query find articles by meaning and "
                            "across languages): faster, lexical search only")
    index_output = index.add_mutually_exclusive_group()
    index_output.add_argument("--quiet", action="store_true",
                              help="print only errors: no summary, no skipped files or warnings")
    index_output.add_argument("--json", action="store_true",
                              help="print the report (counts, every problem) as one JSON object")
    _add_common_options(index)

    show = command(
        "show", help="print whole articles", epilog=SHOW_EPILOG,
        description="Print whole articles by id, with the matches of --query highlighted.",
    )
    show.add_argument("ids", metavar="ID", nargs="*",
                      help="article ids, as printed by 'search-cli query'; none or '-': read them "
                           "from stdin, one per line")
    show.add_argument("-l", "--lang", choices=LANGS,
                      help="show the article's version in this language (a bilingual article)")
    show.add_argument("--query", metavar="TEXT", help="highlight the matches of this query")
    show.add_argument("-j", "--json", action="store_true",
                      help="print each article as one JSON object per line")
    show.add_argument("--no-pager", action="store_true",
                      help="print straight to the terminal, not through $PAGER")
    _add_common_options(show)

    stats = command(
        "stats", help="what the index holds", epilog=STATS_EPILOG,
        description="Documents per language and per source, index size on disk, when it was built.",
    )
    stats.add_argument("-j", "--json", action="store_true", help="print the figures as one JSON object")
    _add_common_options(stats)

    config = command(
        "config", help="the settings in use and where each comes from", epilog=CONFIG_EPILOG,
        description="Show the index and seeds folders in use, and whether each comes from an "
                    "option, the environment, the config file or the defaults.",
    )
    config.add_argument("-j", "--json", action="store_true", help="print the settings as one JSON object")
    config.add_argument("--index", metavar="PATH", default=None,
                        help="an index folder given as an option, to see it win over the others")

    completion = command(
        "completion", help="print a shell completion script", epilog=COMPLETION_EPILOG,
        description="Print the tab-completion script for bash, zsh or fish; see the examples "
                    "for where to put it.",
    )
    completion.add_argument("shell", metavar="SHELL", choices=SHELLS, help="bash, zsh or fish")

    return parser
