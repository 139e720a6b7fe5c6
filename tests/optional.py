"""Skip markers for the optional tools some tests need (`.ci/run` installs them)."""

from __future__ import annotations

import pytest

from search.crosslang import translate as tr

needs_apertium = pytest.mark.skipif(not (tr.available("en", "es") and tr.available("es", "en")),
                                    reason="apertium apertium-eng-spa not installed")
"""Machine translation both ways: without it queries cross languages by the vectors alone."""
