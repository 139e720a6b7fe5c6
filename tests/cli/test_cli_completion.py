"""search-cli completion: the bash, zsh and fish scripts complete commands, options, --lang values
and the source names of the index, through the installed search-cli."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cli_helpers import LONG_SOURCE, IndexedSeeds, cli_env, run_cli

SCRIPT = Path(sys.executable).parent / "search-cli"
needs_script = pytest.mark.skipif(not SCRIPT.is_file(),
                                  reason="search-cli is not installed in this environment (pip install -e .)")

BASH_COMPLETE = r"""
source <(search-cli completion bash)
comp() {
  COMP_LINE="$1"; COMP_POINT=${#COMP_LINE}; read -ra COMP_WORDS <<< "$1"
  [[ "$1" == *" " ]] && COMP_WORDS+=("")
  COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=()
  _python_argcomplete search-cli "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
  printf '%s\n' "${COMPREPLY[@]}"; echo ---
}
comp "search-cli "
comp "search-cli query mexico --li"
comp "search-cli query mexico --lang "
comp "search-cli query mexico --source "
comp "search-cli query mexico --source Ag"
comp "search-cli completion "
"""


def shell_env(tmp_path: Path, index: Path) -> dict[str, str]:
    env = cli_env(tmp_path, NEWS_SEARCH_INDEX=str(index))
    env["PATH"] = f"{SCRIPT.parent}:{env['PATH']}"
    return env


def answers(output: str) -> list[list[str]]:
    return [[line.strip() for line in block.strip("\n").split("\n") if line.strip()]
            for block in output.split("---")[:-1]]


@needs_script
def test_bash_completes_commands_options_languages_and_sources(sourced: IndexedSeeds, tmp_path: Path) -> None:
    done = subprocess.run(["bash", "-c", BASH_COMPLETE], env=shell_env(tmp_path, sourced.index),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    commands, limit, langs, sources, prefixed, shells = answers(done.stdout)
    assert {c for c in commands if not c.startswith("-")} == {"query", "index", "show", "stats", "config",
                                                             "completion"}
    assert limit == ["--limit"]
    assert langs == ["en", "es"]
    assert {name.replace("\\", "") for name in sources} >= {"CBS News", "EFE", LONG_SOURCE}
    assert [name.replace("\\", "") for name in prefixed] == [LONG_SOURCE]
    assert sorted(s for s in shells if not s.startswith("-")) == ["bash", "fish", "zsh"]


@needs_script
@pytest.mark.skipif(shutil.which("fish") is None, reason="fish is not installed")
def test_fish_completes_languages_and_sources(sourced: IndexedSeeds, tmp_path: Path) -> None:
    program = ("search-cli completion fish | source; "
               "complete --do-complete 'search-cli query mexico --lang '; echo ---; "
               "complete --do-complete 'search-cli query mexico --source '; echo ---; "
               "complete --do-complete 'search-cli st'; echo ---")
    done = subprocess.run(["fish", "--no-config", "-c", program], env=shell_env(tmp_path, sourced.index),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    langs, sources, commands = ([line.split("\t")[0] for line in block] for block in answers(done.stdout))
    assert langs == ["en", "es"]
    assert {"CBS News", "EFE"} <= set(sources)
    assert commands == ["stats"]


ZSH_COMPLETE = r"""
zmodload zsh/zpty
zpty shell zsh -f -i
zpty -w shell 'PS1="> "; autoload -U compinit; compinit -u -d $TMPDIR/zcd; source <(search-cli completion zsh)'
zpty -w -n shell $'search-cli query mexico --source \t'
out=""
for attempt in {1..600}; do
  while zpty -r -t shell chunk; do out+=$chunk; done
  [[ $out == *EFE* ]] && break
  sleep 0.1
done
zpty -d shell
print -r -- "$out"
"""


@needs_script
@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed")
def test_zsh_lists_the_sources_of_the_index(tmp_path: Path, sourced: IndexedSeeds) -> None:
    """An interactive zsh (on zsh's own pseudo-terminal) is sent `--source <Tab>` and lists them."""
    env = {**shell_env(tmp_path, sourced.index), "TMPDIR": str(tmp_path)}
    done = subprocess.run(["zsh", "-f", "-c", ZSH_COMPLETE], env=env, capture_output=True, text=True,
                          timeout=180)
    assert done.returncode == 0, done.stderr
    listed = done.stdout.split("--source", 1)[-1]
    assert "CBS News" in listed and "EFE" in listed, done.stdout


def test_completion_needs_a_known_shell(tmp_path: Path) -> None:
    result = run_cli("completion", "tcsh", env=cli_env(tmp_path))
    assert result.returncode == 2 and "invalid choice: 'tcsh'" in result.stderr
