"""The package's layering, read from the source: Whoosh stays behind search/backends/, the engine
never imports Textual, and the terminal app uses only the public ``search`` API."""

from __future__ import annotations

import ast
from pathlib import Path

from corpus_data import REPO_ROOT

SEARCH = REPO_ROOT / "search"
TUI = REPO_ROOT / "tui"
TEXT_LEVEL_WHOOSH = ("whoosh.analysis", "whoosh.lang", "whoosh.highlight", "whoosh.support.levenshtein")
"""Tokenizers, filters, stop lists, the fragmenter chain and edit distance: text-level helpers every
backend shares, allowed where analysis, highlighting and spelling live."""


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every import in one file, at any depth (lazy imports in functions too)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            if node.module == "whoosh":  # ``from whoosh import query`` imports the submodule: name it
                found.extend((node.lineno, f"whoosh.{alias.name}") for alias in node.names)
            else:
                found.append((node.lineno, node.module))
    return found


def violations(root: Path, allowed, skip_dirs=()) -> list[str]:
    out = []
    for path in sorted(root.rglob("*.py")):
        if any(part in skip_dirs for part in path.relative_to(root).parts[:-1]):
            continue
        for line, module in imported_modules(path):
            if not allowed(module, path):
                out.append(f"{root.name}/{path.relative_to(root)}:{line}: {module}")
    return out


def whoosh_allowed(module: str, _path: Path) -> bool:
    if module.split(".")[0] != "whoosh":
        return True
    return module in TEXT_LEVEL_WHOOSH or module.startswith(tuple(m + "." for m in TEXT_LEVEL_WHOOSH))


def test_only_the_backends_import_whoosh_beyond_its_text_level_helpers() -> None:
    assert violations(SEARCH, whoosh_allowed, skip_dirs=("backends",)) == []


def test_the_check_sees_a_forbidden_import(tmp_path: Path) -> None:
    (tmp_path / "engine.py").write_text("def f():\n    from whoosh import query as wq\n", encoding="utf-8")
    (tmp_path / "backends").mkdir()
    (tmp_path / "backends" / "reader.py").write_text("import whoosh.index\n", encoding="utf-8")
    (tmp_path / "snippets.py").write_text("from whoosh.highlight import Fragment\n", encoding="utf-8")
    found = violations(tmp_path, whoosh_allowed, skip_dirs=("backends",))
    assert [line.rsplit(": ", 1)[1] for line in found] == ["whoosh.query"]


def test_the_library_never_imports_textual() -> None:
    assert violations(SEARCH, lambda module, _p: module.split(".")[0] not in ("textual", "tui")) == []


def test_the_terminal_app_uses_only_the_public_api() -> None:
    def public(module: str, _path: Path) -> bool:
        return module.split(".")[0] not in ("search", "whoosh") or module == "search"

    assert violations(TUI, public) == []
