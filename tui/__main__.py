"""``search-tui``: open the news search app on an index (built from the seeds folder first if missing)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import search


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="search-tui",
        description="Search the news index in a terminal app (F1 in the app lists the keys).",
    )
    parser.add_argument("--index", default=None,
                        help="index folder or postgresql:// URL (default: $NEWS_SEARCH_INDEX or ./index)")
    parser.add_argument("--seeds", type=Path, default=None, help="seeds folder to build from (default: $NEWS_SEARCH_SEEDS or ./seeds)")
    parser.add_argument("--history", type=Path, default=None, help="query history file (default: ~/.local/state/news-search/history)")
    parser.add_argument("--version", action="version", version=f"%(prog)s {search.__version__}")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from tui.app import create_app

    app = create_app(index_dir=args.index, seeds_dir=args.seeds, history_path=args.history)
    try:
        app.run()
    except KeyboardInterrupt:
        return 130
    return app.return_code or 0


if __name__ == "__main__":
    sys.exit(main())
