"""The README's "Scripting" pipelines, run line by line on the seeds as a user would type them."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cli_helpers import IndexedSeeds, cli_env
from corpus_data import REPO_ROOT

SCRIPT_DIR = Path(sys.executable).parent


def scripting_lines() -> list[str]:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Scripting\n", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    return [line for line in block.splitlines() if line.strip() and not line.startswith("#")]


def test_the_scripting_section_has_the_pipelines_the_issue_asks_for() -> None:
    lines = scripting_lines()
    assert len(lines) >= 4
    for tool in ("xargs", "jq", "fzf"):
        assert any(f"| {tool} " in line for line in lines), tool


@pytest.mark.parametrize("line", scripting_lines())
def test_scripting_pipeline_runs(line: str, indexed_seeds: IndexedSeeds, tmp_path: Path) -> None:
    if not (SCRIPT_DIR / "search-cli").is_file():
        pytest.skip("search-cli is not installed in this environment (pip install -e .)")
    for tool in ("jq", "fzf"):
        if f"| {tool} " in line and shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed")
    env = cli_env(tmp_path, NEWS_SEARCH_INDEX=str(indexed_seeds.index),
                  # fzf picks non-interactively: every hit whose title mentions Salvador
                  FZF_DEFAULT_OPTS="--filter=salvador")
    env["PATH"] = f"{SCRIPT_DIR}:{env['PATH']}"
    done = subprocess.run(["bash", "-o", "pipefail", "-c", line], env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=120, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, (line, done.stderr)
    assert done.stdout.strip(), line
    assert "error" not in done.stderr, done.stderr
    if "xargs search-cli show" in line and "fzf" in line:
        assert "Salvador" in done.stdout.splitlines()[0], "the picked article is shown"
