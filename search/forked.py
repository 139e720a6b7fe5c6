"""Forked helper processes die with the build that started them, so none outlives a killed build."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys

_PR_SET_PDEATHSIG = 1


def die_with(parent: int) -> None:
    """In a forked helper: be killed as soon as ``parent`` dies (Linux), or exit now if it already has.

    A helper inherits the index folder's writer lock (flock belongs to the open file, which the fork
    shares), so one that kept running after a ``kill -9`` of its build would block the next build
    until it finished. Elsewhere the helpers' own checks of ``os.getppid()`` are the fallback.
    """
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass  # no prctl (an unusual libc): the periodic checks remain
    if os.getppid() != parent:  # it died between the fork and the prctl
        os._exit(0)
