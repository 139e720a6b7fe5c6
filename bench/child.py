"""Run one build or update in a fresh process and print its time and peak memory as JSON."""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path


def peak_rss_bytes(who: int = resource.RUSAGE_SELF) -> int:
    """Peak resident memory of this process, or of its largest finished child."""
    if who == resource.RUSAGE_SELF:
        # ru_maxrss survives exec, so it would report the parent's size at fork time when that is
        # larger; the kernel's high-water mark (VmHWM) starts afresh with the new program.
        try:
            for line in Path("/proc/self/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
        except OSError:
            pass
    scale = 1 if sys.platform == "darwin" else 1024  # Linux reports KiB, macOS bytes
    return resource.getrusage(who).ru_maxrss * scale


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.child")
    parser.add_argument("action", choices=("build", "update"))
    parser.add_argument("system")
    parser.add_argument("seeds", type=Path)
    parser.add_argument("index", type=Path)
    parser.add_argument("--changed", type=Path, help="JSON list of the changed records (update)")
    args = parser.parse_args(argv)

    from bench.systems import RUNNABLE

    module = RUNNABLE[args.system]
    started = time.perf_counter()
    if args.action == "build":
        documents = module.build(args.seeds, args.index)
    else:
        changed = json.loads(args.changed.read_text(encoding="utf-8")) if args.changed else []
        documents = module.update(args.index, args.seeds, changed)
    seconds = time.perf_counter() - started
    # A system that builds with helper processes (the engine's parallel writer) has their peak too.
    print(json.dumps({"seconds": seconds, "documents": documents, "peak_rss": peak_rss_bytes(),
                      "helper_peak_rss": peak_rss_bytes(resource.RUSAGE_CHILDREN)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
