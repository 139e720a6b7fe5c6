"""Help on every command and option, --version, the installed script, and no Textual import."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cli_helpers import IndexedSeeds, cli_env, one_error_line, run_cli

COMMANDS = ["query", "index", "show", "stats", "config", "completion"]


def test_every_option_has_help_text() -> None:
    from search.cli.args import build_parser

    parser = build_parser()
    [commands] = [action for action in parser._actions if action.dest == "command"]
    parsers = [parser, *commands.choices.values()]
    assert set(commands.choices) == set(COMMANDS)
    for each in parsers:
        for action in each._actions:
            assert action.help and action.help.strip(), (each.prog, action.dest)


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_shows_every_option_and_examples(tmp_path: Path, command: str | None) -> None:
    from search.cli.args import build_parser

    args = [command, "--help"] if command else ["--help"]
    result = run_cli(*args, env=cli_env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "examples:" in result.stdout
    parser = build_parser()
    if command:
        [commands] = [action for action in parser._actions if action.dest == "command"]
        parser = commands.choices[command]
    for action in parser._actions:
        for option in action.option_strings:
            assert option in result.stdout, option


def test_version_is_the_one_in_pyproject(tmp_path: Path) -> None:
    import tomllib

    import search

    stated = tomllib.loads((Path(search.__file__).parents[1] / "pyproject.toml").read_text())["project"]["version"]
    assert search.__version__ == stated
    result = run_cli("--version", env=cli_env(tmp_path), process=True)
    assert result.returncode == 0
    assert result.stdout.strip() == f"search-cli {stated}"


def test_no_command_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli(env=cli_env(tmp_path))
    assert result.returncode == 2
    assert "COMMAND" in one_error_line(result.stderr)


def test_query_never_imports_textual(indexed_seeds: IndexedSeeds) -> None:
    program = (
        "import sys\n"
        "from search.cli import main\n"
        f"code = main(['query', 'mexico', '--index', {str(indexed_seeds.index)!r}])\n"
        "loaded = sorted(name for name in sys.modules if name.split('.')[0] == 'textual')\n"
        "print('TEXTUAL', loaded, file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    result = subprocess.run([sys.executable, "-c", program], env=indexed_seeds.env,
                            capture_output=True, text=True, encoding="utf-8")
    assert result.returncode == 0, result.stderr
    assert "TEXTUAL []" in result.stderr


def test_installed_script_runs_the_same_entry_point(indexed_seeds: IndexedSeeds) -> None:
    script = Path(sys.executable).parent / "search-cli"
    if not script.is_file():
        pytest.skip("search-cli is not installed in this environment (pip install -e .)")
    via_script = subprocess.run([str(script), "query", "mexico", "--json", "--index", str(indexed_seeds.index)],
                                env=indexed_seeds.env, capture_output=True, text=True, encoding="utf-8")
    via_module = indexed_seeds.run("query", "mexico", "--json")
    assert via_script.returncode == 0, via_script.stderr
    assert via_script.stdout == via_module.stdout


def test_the_limit_maximum_is_the_engines() -> None:
    from search.cli.args import MAX_LIMIT
    from search.engine import MAX_LIMIT as ENGINE_MAX_LIMIT

    assert MAX_LIMIT == ENGINE_MAX_LIMIT
