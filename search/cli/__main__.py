"""``python -m search.cli``: the same as the ``search-cli`` command."""

import sys

from search.cli.main import main

sys.exit(main())
