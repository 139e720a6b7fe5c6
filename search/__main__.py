"""``python -m search``: the same as the ``search-cli`` command."""

from search.cli import main

raise SystemExit(main())
