"""The ``search-cli`` command line: a thin face over the ``search`` library."""

from search.cli.main import main

__all__ = ["main"]
