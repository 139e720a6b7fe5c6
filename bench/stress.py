"""python -m bench.stress: kill -9 builds, readers during writes, hostile queries, growth, full disks, killed helpers.

The same scenarios back tests/hardening (with small counts); this script runs the larger ones:

    .venv/bin/python -m bench.stress --kills 50 --queries 100000

Two seed versions tell complete index versions apart: every document of version A holds the
word ``quokka``; version B rewrites half of A's files with ``narwhal`` documents and adds one
file. An index is "version A" or "version B" only when its counts match that version exactly.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

MARKER_A = "quokka"
MARKER_B = "narwhal"
_VOCABULARY = (
    "border asylum election senate court migrant economy weather storm river market school "
    "frontera asilo elecciones senado tribunal migrante economia tormenta mercado escuela "
    "president minister budget vaccine harvest festival railway harbour mountain desert"
).split()


@dataclass(frozen=True)
class Versions:
    """The expected counts of the two seed versions: (quokka hits, narwhal hits, documents)."""

    a: tuple[int, int, int]
    b: tuple[int, int, int]

    def which(self, observed: tuple[int, int, int]) -> str:
        """'A' or 'B' for a complete version; AssertionError naming the counts for anything else."""
        if observed == self.a:
            return "A"
        if observed == self.b:
            return "B"
        raise AssertionError(f"index holds a mix: (quokka, narwhal, documents) = {observed}, "
                             f"expected A {self.a} or B {self.b}")


def doc_id(version: str, file_no: int, rec_no: int) -> str:
    """The index id of a record that ``_write_file`` wrote (its file, its own id, its language)."""
    return f"part-{file_no:03d}.jsonl/{version.lower()}-{file_no}-{rec_no}#en"


def _record(version: str, file_no: int, rec_no: int, rng: random.Random) -> dict[str, object]:
    marker = MARKER_A if version == "A" else MARKER_B
    words = " ".join(rng.choice(_VOCABULARY) for _ in range(60))
    return {
        "id": f"{version.lower()}-{file_no}-{rec_no}",
        "lang": "en",
        "title": f"Report {file_no} {rec_no} on the {marker}",
        "body": f"The {marker} was seen again. {words}. Nothing else about the {marker}.",
        "date": f"2024-{1 + rec_no % 12:02d}-{1 + rec_no % 28:02d}",
        "source": f"Wire {file_no % 3}",
    }


def _write_file(path: Path, version: str, file_no: int, per_file: int) -> None:
    rng = random.Random(f"{version}{file_no}")
    lines = (json.dumps(_record(version, file_no, n, rng)) for n in range(per_file))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_version_a(seeds: Path, files: int, per_file: int) -> Versions:
    """Fill ``seeds`` with version A; returns the counts both versions must show."""
    seeds.mkdir(parents=True, exist_ok=True)
    for old in seeds.glob("*.jsonl"):
        old.unlink()
    for n in range(files):
        _write_file(seeds / f"part-{n:03d}.jsonl", "A", n, per_file)
    changed = files // 2
    return Versions(
        a=(files * per_file, 0, files * per_file),
        b=((files - changed) * per_file, (changed + 1) * per_file, (files + 1) * per_file),
    )


def write_version_b(seeds: Path, files: int, per_file: int) -> None:
    """Turn version A in ``seeds`` into version B: half the files rewritten, one file added."""
    for n in range(files // 2):
        _write_file(seeds / f"part-{n:03d}.jsonl", "B", n, per_file)
    _write_file(seeds / f"part-{files:03d}.jsonl", "B", files, per_file)


def observe(index: Path) -> tuple[int, int, int]:
    """(quokka hits, narwhal hits, documents) of the live index, through the public API."""
    import search

    with search.open_index(index) as engine:
        return _observe(engine)


def _observe(engine) -> tuple[int, int, int]:
    quokka = engine.search(MARKER_A, limit=1, snippets=0, facets=False).total
    narwhal = engine.search(MARKER_B, limit=1, snippets=0, facets=False).total
    return quokka, narwhal, engine.stats().documents


# -- the command line, as a user runs it ----------------------------------------------------------


def cli_env(home: Path) -> dict[str, str]:
    """An environment whose HOME and default index/seeds all live in ``home``."""
    env = dict(os.environ)
    env.update(HOME=str(home), NEWS_SEARCH_INDEX=str(home / "default-index"),
               NEWS_SEARCH_SEEDS=str(home / "default-seeds"), PYTHONIOENCODING="utf-8", NO_COLOR="1")
    return env


def cli_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "search.cli", *args]


def run_cli(*args: str, env: dict[str, str], cwd: Path | None = None,
            timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cli_command(*args), env=env, cwd=cwd, capture_output=True, text=True,
                          encoding="utf-8", timeout=timeout)


class CliSetup(NamedTuple):
    """Seeds of version A indexed by `search-cli index`, and the environment it ran in."""

    seeds: Path
    index: Path
    env: dict[str, str]
    versions: Versions


def index_with_cli(work: Path, files: int, per_file: int) -> CliSetup:
    """Write version A under ``work`` and index it through the command line, as a user would."""
    home = work / "home"
    home.mkdir()
    env = cli_env(home)
    seeds, index = work / "seeds", work / "index"
    versions = write_version_a(seeds, files=files, per_file=per_file)
    built = run_cli("index", str(seeds), "--index", str(index), env=env)
    if built.returncode != 0:
        raise AssertionError(f"search-cli index failed: {built.stderr}")
    return CliSetup(seeds, index, env, versions)


def kill_index_run(seeds: Path, index: Path, env: dict[str, str], delay: float, rebuild: bool) -> str:
    """Start `search-cli index`, SIGKILL it after ``delay`` seconds; what it was doing then:
    'finished', 'starting' (killed before writing) or 'writing' (a new generation was half-built)."""
    args = ["index", str(seeds), "--index", str(index), "--color", "never"]
    if rebuild:
        args.append("--rebuild")
    process = subprocess.Popen(cli_command(*args), env=env, cwd=env["HOME"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        process.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait()
        return "writing" if any(index.glob(".tmp-*")) else "starting"
    return "finished"


@dataclass
class CrashReport:
    runs: int = 0
    killed: int = 0
    killed_writing: int = 0
    """Kills that left a half-built generation behind: the moments that matter most."""
    seen: dict[str, int] = field(default_factory=lambda: {"A": 0, "B": 0})
    recovery_seconds: list[float] = field(default_factory=list)


def crash_rounds(work: Path, rounds: int, files: int, per_file: int, seed: int = 0,
                 max_delay: float | None = None) -> CrashReport:
    """Kill -9 rebuilds and incremental updates at random moments; after each, the index must be
    version A or B exactly, and a plain `search-cli index` must then succeed and give version B."""
    rng = random.Random(seed)
    report = CrashReport()
    home = work / "home"
    home.mkdir(parents=True, exist_ok=True)
    env = cli_env(home)
    seeds, index = work / "seeds", work / "index"
    versions = write_version_a(seeds, files, per_file)
    built = run_cli("index", str(seeds), "--index", str(index), env=env, cwd=home)
    assert built.returncode == 0, built.stderr
    started = time.perf_counter()
    write_version_b(seeds, files, per_file)
    full = run_cli("index", str(seeds), "--index", str(index), "--rebuild", env=env, cwd=home)
    assert full.returncode == 0, full.stderr
    full_seconds = time.perf_counter() - started
    delay_bound = max_delay if max_delay is not None else max(full_seconds * 1.2, 0.5)
    for n in range(rounds):
        rebuild = n % 2 == 0
        # Start from version A each round, so the killed run has real changes to make.
        versions = write_version_a(seeds, files, per_file)
        done = run_cli("index", str(seeds), "--index", str(index), env=env, cwd=home)
        assert done.returncode == 0, done.stderr
        assert versions.which(observe(index)) == "A"
        write_version_b(seeds, files, per_file)
        report.runs += 1
        outcome = kill_index_run(seeds, index, env, rng.uniform(0.05, delay_bound), rebuild)
        report.killed += outcome != "finished"
        report.killed_writing += outcome == "writing"
        report.seen[versions.which(observe(index))] += 1
        t0 = time.perf_counter()
        after = run_cli("index", str(seeds), "--index", str(index), env=env, cwd=home)
        report.recovery_seconds.append(time.perf_counter() - t0)
        assert after.returncode == 0, f"index after a kill failed: {after.stderr}"
        assert versions.which(observe(index)) == "B"
        leftovers = [p.name for p in index.iterdir() if p.name.startswith(".tmp-")]
        assert not leftovers, f"temporary folders left after a successful run: {leftovers}"
    return report


# -- readers during writes ------------------------------------------------------------------------


def reader_loop(index: str, stop_file: str, out_file: str, a: tuple[int, int, int],
                b: tuple[int, int, int]) -> None:
    """One reader process: query until ``stop_file`` exists; write counts of answers and errors.

    Half of the queries reopen the index (a new user), half reuse one engine and refresh it
    (the terminal app)."""
    import search

    versions = Versions(tuple(a), tuple(b))
    tally = {"A": 0, "B": 0, "errors": 0, "messages": []}
    engine = search.open_index(index)
    n = 0
    while not os.path.exists(stop_file):
        n += 1
        try:
            if n % 2:
                with search.open_index(index) as fresh:
                    observed = _observe(fresh)
                    fresh.sources()
                    fresh.suggest(MARKER_A[:-1])
                    fresh.article(doc_id("A" if observed == versions.a else "B", 0, 0))
            else:
                engine.refresh()
                observed = _observe(engine)
            tally[versions.which(observed)] += 1
        except Exception as exc:  # every failure is what this test counts
            tally["errors"] += 1
            if len(tally["messages"]) < 5:
                tally["messages"].append(f"{type(exc).__name__}: {exc}")
    engine.close()
    Path(out_file).write_text(json.dumps(tally), encoding="utf-8")


def readers_during_writes(work: Path, readers: int, writes: int, files: int, per_file: int) -> dict:
    """``readers`` processes query in a loop while ``writes`` index runs alternate between a full
    rebuild (to version B) and an incremental update (back to A); returns the summed tallies."""
    import multiprocessing

    home = work / "home"
    home.mkdir(parents=True, exist_ok=True)
    env = cli_env(home)
    seeds, index = work / "seeds", work / "index"
    versions = write_version_a(seeds, files, per_file)
    assert run_cli("index", str(seeds), "--index", str(index), env=env, cwd=home).returncode == 0
    stop = work / "stop"
    ctx = multiprocessing.get_context("spawn")
    outs = [work / f"reader-{n}.json" for n in range(readers)]
    procs = [ctx.Process(target=reader_loop, args=(str(index), str(stop), str(out), versions.a, versions.b))
             for out in outs]
    for proc in procs:
        proc.start()
    write_codes = []
    try:
        time.sleep(1.0)
        for n in range(writes):
            if n % 2 == 0:
                write_version_b(seeds, files, per_file)
            else:
                write_version_a(seeds, files, per_file)
            args = ["index", str(seeds), "--index", str(index)] + (["--rebuild"] if n % 2 == 0 else [])
            write_codes.append(run_cli(*args, env=env, cwd=home).returncode)
        time.sleep(0.5)
    finally:
        stop.write_text("stop")
        for proc in procs:
            proc.join(timeout=120)
    total = {"A": 0, "B": 0, "errors": 0, "messages": [], "writes": write_codes,
             "reader_exit_codes": [p.exitcode for p in procs]}
    for out in outs:
        tally = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {"errors": 1, "messages": ["no tally"]}
        for key in ("A", "B", "errors"):
            total[key] += tally.get(key, 0)
        total["messages"] += tally.get("messages", [])
    return total


# -- growth under updates -------------------------------------------------------------------------


@dataclass
class IndexShape:
    """Size, segments and warm query latency of one index."""

    bytes: int
    segments: int
    slots: int
    """Document numbers, deleted ones included: what a query walks."""
    documents: int
    p50_ms: float
    p95_ms: float


def index_shape(index: Path, questions: list[str]) -> IndexShape:
    """Measure the live generation of ``index``: disk size, segments, and warm p50/p95 with snippets."""
    from bench.engine_adapter import open_searcher
    from bench.speed import time_queries
    from search.backends.whoosh import store

    generation = store.current_generation(index)
    from whoosh import index as whoosh_index

    ix = whoosh_index.open_dir(str(generation.path))
    try:
        segments = ix._segments()
        slots = sum(s.doc_count_all() for s in segments)
        documents = sum(s.doc_count() for s in segments)
    finally:
        ix.close()
    searcher = open_searcher(index)
    try:
        latency = time_queries(searcher, questions, repeat=3) if questions else None
    finally:
        searcher.close()
    p50 = latency["p50_ms"]["median"] if latency else 0.0
    p95 = latency["p95_ms"]["median"] if latency else 0.0
    return IndexShape(store.disk_size(generation.path), len(segments), slots, documents, p50, p95)


@dataclass
class GrowthReport:
    updates: int
    documents: int
    changed_per_update: int
    update_seconds: list[float]
    updated: IndexShape
    fresh: IndexShape


def growth(work: Path, updates: int, documents: int | None, questions: int = 200,
           corpora: Path | None = None) -> GrowthReport:
    """Update an index built from the scale corpus ``updates`` times (1% of its documents edited
    each time, as the incremental benchmark does), then compare it with a fresh build of the same
    seeds: size on disk, segments, document slots, warm query p50/p95."""
    import search
    from bench.corpora import default_corpora_dir, load_xquad, scale_files
    from bench.seeds import change_some_documents, write_seeds
    from bench.speed import latency_questions

    corpora = corpora or default_corpora_dir()
    seeds = write_seeds(work / "seeds", None, scale_files(corpora), documents)
    asked = latency_questions(load_xquad(corpora), questions)
    index = work / "updated-index"
    search.build_index(seeds.path, index, rebuild=True)
    seconds, changed = [], 0
    for n in range(updates):
        changed = len(change_some_documents(seeds.path, 0.01, seed=1000 + n, marker=f"Growth edit {n + 1}."))
        t0 = time.perf_counter()
        search.build_index(seeds.path, index)
        seconds.append(time.perf_counter() - t0)
    updated = index_shape(index, asked)
    fresh_index = work / "fresh-index"
    search.build_index(seeds.path, fresh_index, rebuild=True)
    fresh = index_shape(fresh_index, asked)
    return GrowthReport(updates, seeds.documents, changed, seconds, updated, fresh)


def growth_lines(report: GrowthReport) -> list[str]:
    """The growth figures as printed (and copied into bench/RESULTS.md)."""
    u, f = report.updated, report.fresh
    times = sorted(report.update_seconds) or [0.0]
    return [
        f"{report.documents} documents, {report.updates} updates of {report.changed_per_update} edited documents; "
        f"update median {times[len(times) // 2]:.2f} s, max {times[-1]:.2f} s",
        f"after the updates: {u.bytes / 1e6:.1f} MB, {u.segments} segments, {u.slots} slots for {u.documents} "
        f"documents, warm p50 {u.p50_ms:.1f} ms / p95 {u.p95_ms:.1f} ms",
        f"fresh build:       {f.bytes / 1e6:.1f} MB, {f.segments} segments, {f.slots} slots for {f.documents} "
        f"documents, warm p50 {f.p50_ms:.1f} ms / p95 {f.p95_ms:.1f} ms",
        f"ratio updated/fresh: size {u.bytes / f.bytes:.2f}, p95 {u.p95_ms / f.p95_ms if f.p95_ms else 0:.2f}",
    ]


# -- a full disk -----------------------------------------------------------------------------------


class NoSmallFilesystem(Exception):
    """A small filesystem cannot be mounted here (not root, or mounting is not permitted)."""


@contextmanager
def small_filesystem(path: Path, size_bytes: int) -> Iterator[Path]:
    """A tmpfs of ``size_bytes`` mounted at ``path`` meanwhile: a disk that really fills up."""
    path.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_bytes}", "tmpfs", str(path)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        raise NoSmallFilesystem(mounted.stderr.strip() or f"mount exited with {mounted.returncode}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


def fill_up(folder: Path, leave_bytes: int) -> Path:
    """A ballast file that leaves about ``leave_bytes`` free on ``folder``'s filesystem."""
    ballast = folder / "ballast"
    free = shutil.disk_usage(folder).free
    with open(ballast, "wb") as fh:
        remaining = max(0, free - leave_bytes)
        chunk = b"\0" * (1 << 20)
        try:
            while remaining > 0:
                fh.write(chunk[: min(remaining, len(chunk))])
                remaining -= min(remaining, len(chunk))
            fh.flush()
        except OSError:
            pass
    return ballast


@dataclass
class DiskFullReport:
    runs: int = 0
    full: int = 0
    """Runs that ran out of space and said so in one line."""
    finished: int = 0
    other: list[str] = field(default_factory=list)
    """Anything else: a traceback, another message, a damaged or mixed index."""


def disk_full_rounds(work: Path, rounds: int, files: int, per_file: int, seed: int = 0) -> DiskFullReport:
    """Rebuilds and updates (alternating) on a small disk left with a random amount of free space:
    each run either finishes or says in one line that the disk is full; either way the index is
    then exactly the old or the new version, and once space is freed the next run finishes."""
    rng = random.Random(seed)
    report = DiskFullReport()
    home = work / "home"
    home.mkdir(parents=True, exist_ok=True)
    env = cli_env(home)
    seeds = work / "seeds"
    versions = write_version_a(seeds, files, per_file)
    probe = work / "probe-index"
    assert run_cli("index", str(seeds), "--index", str(probe), env=env).returncode == 0
    generation = probe / (probe / "CURRENT").read_text(encoding="utf-8").strip()
    index_bytes = sum(f.stat().st_size for f in generation.rglob("*") if f.is_file())
    with small_filesystem(work / "disk", 4 * index_bytes + (8 << 20)) as disk:
        index = disk / "index"
        for n in range(rounds):
            versions = write_version_a(seeds, files, per_file)
            args = ["index", str(seeds), "--index", str(index)]
            assert run_cli(*args, env=env).returncode == 0
            write_version_b(seeds, files, per_file)
            rebuild = n % 2 == 0
            ballast = fill_up(disk, rng.randint(0, int(1.3 * index_bytes)))
            run = run_cli(*args, *(["--rebuild"] if rebuild else []), env=env)
            report.runs += 1
            lines = run.stderr.strip().splitlines()
            if run.returncode == 0:
                report.finished += 1
            elif run.returncode == 2 and len(lines) == 1 and "is full" in lines[0] and str(index.resolve()) in lines[0]:
                report.full += 1
            else:
                report.other.append(f"exit {run.returncode}: {run.stderr.strip()[-300:]}")
            try:
                versions.which(observe(index))
            except Exception as exc:  # a mixed or unreadable index is what this scenario counts
                report.other.append(f"after the run: {type(exc).__name__}: {exc}")
            ballast.unlink()
            after = run_cli(*args, env=env)
            if after.returncode != 0 or versions.which(observe(index)) != "B":
                report.other.append(f"the run after freeing space: exit {after.returncode}: {after.stderr[-300:]}")
    return report


# -- the helper writer killed ----------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(child) for child in text.split()]


@dataclass
class HelperKillReport:
    runs: int = 0
    killed: int = 0
    """Runs whose helper writer was killed and that said so in one line with the retry."""
    finished: int = 0
    """Runs that finished before the helper could be killed (or whose helper had already ended)."""
    retries: int = 0
    """Single-process retries (`--procs 1`) that then finished with the new version."""
    other: list[str] = field(default_factory=list)


def helper_kill_rounds(work: Path, rounds: int, files: int, per_file: int, seed: int = 0) -> HelperKillReport:
    """Two-process rebuilds whose helper writer gets SIGKILL at a random moment (as the
    out-of-memory killer would): one line naming the single-process retry, the old index
    kept exactly, and the retry it names then works."""
    rng = random.Random(seed)
    report = HelperKillReport()
    home = work / "home"
    home.mkdir(parents=True, exist_ok=True)
    env = cli_env(home)
    seeds, index = work / "seeds", work / "index"
    for _ in range(rounds):
        versions = write_version_a(seeds, files, per_file)
        assert run_cli("index", str(seeds), "--index", str(index), "--rebuild", env=env).returncode == 0
        write_version_b(seeds, files, per_file)
        args = ["index", str(seeds), "--index", str(index), "--rebuild", "--procs", "2"]
        process = subprocess.Popen(cli_command(*args), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   text=True)
        delay, started, shot = rng.uniform(0.0, 1.5), None, False
        while process.poll() is None and not shot:
            helpers = _children(process.pid)
            if helpers and started is None:
                started = time.perf_counter()
            if helpers and time.perf_counter() - started >= delay:
                for helper in helpers:
                    try:
                        os.kill(helper, signal.SIGKILL)
                        shot = True
                    except ProcessLookupError:
                        pass
            time.sleep(0.002)
        _out, err = process.communicate(timeout=600)
        report.runs += 1
        lines = err.strip().splitlines()
        if process.returncode == 0:
            report.finished += 1
            expected = "B"
        elif (process.returncode == 2 and len(lines) == 1 and "second writer process was killed" in lines[0]
              and "--procs 1" in lines[0]):
            report.killed += 1
            expected = "A"
        else:
            report.other.append(f"exit {process.returncode}: {err.strip()[-300:]}")
            expected = None
        try:
            seen = versions.which(observe(index))
            if expected and seen != expected:
                report.other.append(f"index holds version {seen}, expected {expected}")
        except Exception as exc:  # a mixed or unreadable index is what this scenario counts
            report.other.append(f"after the run: {type(exc).__name__}: {exc}")
        if process.returncode != 0:
            retry = run_cli("index", str(seeds), "--index", str(index), "--rebuild", "--procs", "1", env=env)
            if retry.returncode == 0 and versions.which(observe(index)) == "B":
                report.retries += 1
            else:
                report.other.append(f"the single-process retry: exit {retry.returncode}: {retry.stderr[-300:]}")
    return report


# -- hostile queries ------------------------------------------------------------------------------


@dataclass
class QueryTally:
    runs: int = 0
    answered: int = 0
    messages: int = 0
    slowest: float = 0.0
    slowest_query: str = ""


def hostile_check(engine, text: str, tally: QueryTally, default_call: bool = False) -> None:
    """One query must return a result or raise one clear SearchError line; record its duration."""
    from search.errors import SearchError

    t0 = time.perf_counter()
    try:
        if default_call:
            result = engine.search(text)
        else:
            result = engine.search(text, snippets=1, facets=False)
        assert result.total >= len(result.hits)
        tally.answered += 1
    except SearchError as exc:
        message = str(exc)
        assert message and "\n" not in message and "Traceback" not in message, repr(message)
        tally.messages += 1
    took = time.perf_counter() - t0
    tally.runs += 1
    if took > tally.slowest:
        tally.slowest, tally.slowest_query = took, text


def hostile_queries(index: Path, examples: int, default_every: int = 10) -> QueryTally:
    """Hypothesis-generated Unicode strings (and query-syntax fragments) against one engine."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    import search

    tally = QueryTally()
    syntax = st.sampled_from(['"', "*", "?", "~", "~9", "+", "-", "(", ")", ":", "AND", "OR", "NOT",
                              "title:", "lang:", "[", "]", "{", "}", "^", "\\", "a*", "*a", "**"])
    pieces = st.lists(st.one_of(st.text(max_size=12), syntax), max_size=12).map(" ".join)
    strategy = st.one_of(st.text(st.characters(exclude_categories=()), max_size=200), pieces)
    with search.open_index(index) as engine:

        @settings(max_examples=examples, deadline=None, database=None, derandomize=False,
                  suppress_health_check=list(HealthCheck))
        @given(strategy)
        def run(text: str) -> None:
            hostile_check(engine, text, tally, default_call=tally.runs % default_every == 0)

        run()
    return tally


def expensive_queries(index: Path) -> dict[str, tuple[float, int, list[str]]]:
    """Known-costly queries: seconds, total and notices of each."""
    import search

    queries = ["*", "a*", "*a*", "?*", "q*", "quokka~2", "narwhal~9", "*~", "a~2 b~2 c~2 d~2 e~2",
               " ".join(f"word{n}" for n in range(5000)), " ".join(f"w{n}*" for n in range(300)),
               "(" * 2000 + "x" + ")" * 2000, '"' * 3001, "x" * 100_000]
    out = {}
    with search.open_index(index) as engine:
        for text in queries:
            t0 = time.perf_counter()
            result = engine.search(text)
            out[text[:40]] = (time.perf_counter() - t0, result.total, result.notices)
    return out


# -- the script -----------------------------------------------------------------------------------


STRESS_HEADING = "## Stress and hardening"
"""bench/RESULTS.md's section written from this script's output, kept when the benchmarks rewrite the file."""


def keep_stress_section(markdown: str, previous: Path) -> str:
    """``markdown`` (a new RESULTS.md) followed by the stress section of the ``previous`` file, if any."""
    try:
        old = previous.read_text(encoding="utf-8")
    except OSError:
        return markdown
    if STRESS_HEADING not in old or STRESS_HEADING in markdown:
        return markdown
    return markdown.rstrip("\n") + "\n\n" + old[old.index(STRESS_HEADING):]


def _section(title: str, run: Callable[[], object]) -> object:
    print(f"\n== {title}", flush=True)
    t0 = time.perf_counter()
    value = run()
    print(f"   ({time.perf_counter() - t0:.1f} s)", flush=True)
    return value


def _print_other(messages: list[str]) -> bool:
    """Print the first unexpected outcomes of a scenario; True when there were any."""
    for message in messages[:5]:
        print(f"   other: {message}")
    return bool(messages)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.stress", description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=50, help="kill -9 rounds, rebuilds and updates alternating")
    parser.add_argument("--files", type=int, default=20, help="seed files per version (default 20)")
    parser.add_argument("--per-file", type=int, default=200, help="records per seed file (default 200)")
    parser.add_argument("--readers", type=int, default=4, help="reader processes (default 4)")
    parser.add_argument("--writes", type=int, default=8, help="index runs while readers read (default 8)")
    parser.add_argument("--queries", type=int, default=100_000, help="hypothesis examples (default 100000)")
    parser.add_argument("--updates", type=int, default=100, help="growth: index updates (default 100)")
    parser.add_argument("--growth-docs", type=int, default=None,
                        help="growth: documents sampled from the scale corpus (default: all of it)")
    parser.add_argument("--disk-full", type=int, default=20, help="disk-full rounds (default 20)")
    parser.add_argument("--helper-kills", type=int, default=20, help="helper-kill rounds (default 20)")
    parser.add_argument("--only", default="crash,readers,queries,expensive,growth,diskfull,helper",
                        help="comma-separated: crash, readers, queries, expensive, growth, diskfull, helper")
    parser.add_argument("--work", type=Path, default=None, help="scratch folder (default: a temporary one)")
    args = parser.parse_args(argv)
    only = set(args.only.split(","))
    failures = 0
    with tempfile.TemporaryDirectory(prefix="news-search-stress-") as scratch:
        work = args.work or Path(scratch)
        if "crash" in only:
            try:
                crash = _section(f"kill -9 during index runs: {args.kills} rounds",
                                 lambda: crash_rounds(work / "crash", args.kills, args.files, args.per_file))
                recovery = sorted(crash.recovery_seconds)
                print(f"   {crash.runs} runs, {crash.killed} killed mid-run ({crash.killed_writing} while writing "
                      f"a new generation), index afterwards: "
                      f"old version {crash.seen['A']}x, new version {crash.seen['B']}x, mixed 0x; "
                      f"recovery run median {recovery[len(recovery) // 2]:.2f} s, max {recovery[-1]:.2f} s")
            except AssertionError as exc:
                failures += 1
                print(f"   FAILED: {exc}")
        if "readers" in only:
            total = _section(f"{args.readers} readers during {args.writes} index runs",
                             lambda: readers_during_writes(work / "readers", args.readers, args.writes,
                                                           args.files, args.per_file))
            print(f"   answers from version A {total['A']}, version B {total['B']}, errors {total['errors']}; "
                  f"writer exit codes {total['writes']}")
            for message in total["messages"][:10]:
                print(f"   error: {message}")
            failures += total["errors"] > 0 or any(total["writes"])
        if "queries" in only or "expensive" in only:
            import search

            index = work / "queries-index"
            write_version_a(work / "queries-seeds", 4, 100)
            search.build_index(work / "queries-seeds", index)
        if "queries" in only:
            try:
                tally = _section(f"hostile queries: {args.queries} hypothesis examples",
                                 lambda: hostile_queries(index, args.queries))
                print(f"   {tally.runs} queries: {tally.answered} answered, {tally.messages} clear messages, "
                      f"0 exceptions; slowest {tally.slowest * 1000:.0f} ms ({tally.slowest_query[:40]!r})")
            except Exception as exc:  # a falsifying example: print it, count it
                failures += 1
                print(f"   FAILED: {type(exc).__name__}: {exc}")
        if "expensive" in only:
            timings = _section("expensive expansions", lambda: expensive_queries(index))
            for text, (seconds, total, notices) in timings.items():
                print(f"   {seconds * 1000:7.0f} ms  total {total:5d}  {text!r}  {'; '.join(notices)[:80]}")
        if "growth" in only:
            grown = _section(f"growth: {args.updates} updates of 1% of the documents",
                             lambda: growth(work / "growth", args.updates, args.growth_docs))
            for line in growth_lines(grown):
                print(f"   {line}")
            failures += grown.updated.bytes > 1.1 * grown.fresh.bytes
        if "diskfull" in only or "helper" in only:
            try:
                if "diskfull" in only:
                    full = _section(f"disk full at random points: {args.disk_full} rounds",
                                    lambda: disk_full_rounds(work / "diskfull", args.disk_full, args.files,
                                                             args.per_file))
                    print(f"   {full.runs} runs (rebuilds and updates alternating): {full.full} ran out of space "
                          f"and said so in one line, {full.finished} finished; old or new version exactly "
                          f"afterwards and the next run finished: {full.runs - len(full.other)}x; other {len(full.other)}")
                    failures += _print_other(full.other)
            except NoSmallFilesystem as exc:
                print(f"   skipped: cannot mount a small filesystem here ({exc})")
            if "helper" in only:
                kills = _section(f"helper writer killed: {args.helper_kills} rounds",
                                 lambda: helper_kill_rounds(work / "helper", args.helper_kills, args.files,
                                                            args.per_file))
                print(f"   {kills.runs} two-process rebuilds: helper killed {kills.killed}x (one line, old version "
                      f"kept), finished first {kills.finished}x; --procs 1 retries that worked {kills.retries}; "
                      f"other {len(kills.other)}")
                failures += _print_other(kills.other)
    print(f"\n{'FAILED' if failures else 'OK'}: {failures} failing scenario(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
