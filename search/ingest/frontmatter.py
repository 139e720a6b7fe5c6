"""Front matter as Hugo and Jekyll write it: YAML between ``---`` lines (PyYAML), TOML between ``+++`` (tomllib)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from search.models import WARNING, SkippedFile

MAX_LINES = 200
"""Front matter longer than this is not looked for: the fence is taken for a rule in the text."""
_KEYS = {
    "title": "title", "date": "date", "publishdate": "date", "published": "date", "pubdate": "date",
    "source": "source", "publisher": "source", "url": "url", "link": "url", "permalink": "url",
    "lang": "lang", "language": "lang",
}
"""Front matter key (any case) -> the field it gives; the first key that has a value wins."""


def split_front_matter(text: str, relative: str) -> tuple[dict[str, str], str, list[SkippedFile]]:
    """The article fields of the front matter, the text after it, and a warning if it cannot be read.

    Without a front matter (or when the fenced block is text between two rules), ``({}, text, [])``.
    """
    stripped = text.lstrip("\n")
    fence = stripped[:3]
    if fence not in ("---", "+++"):
        return {}, text, []
    lines = stripped.split("\n")
    if lines[0].strip() != fence:
        return {}, text, []
    closers = ("---", "...") if fence == "---" else ("+++",)
    for end in range(1, min(len(lines), MAX_LINES)):
        if lines[end].strip() in closers:
            break
    else:
        return {}, text, []
    block, body = "\n".join(lines[1:end]), "\n".join(lines[end + 1:])
    try:
        data = _load_toml(block) if fence == "+++" else _load_yaml(block)
    except ValueError as exc:
        kind = "TOML" if fence == "+++" else "YAML"
        reason = f"front matter is not valid {kind} ({exc}) — the text was indexed without it"
        return {}, body, [SkippedFile(relative, reason, WARNING)]
    if not isinstance(data, dict):
        return {}, text, []  # "---", a line of text, "---": rules around text, not front matter
    return _fields(data), body, []


def _load_yaml(block: str) -> Any:
    import yaml  # only when a file has YAML front matter: keeps `search-cli query` starting fast

    try:
        return yaml.safe_load(block)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 2}: " if mark is not None else ""
        raise ValueError(f"{where}{getattr(exc, 'problem', None) or exc}") from None
    except RecursionError:
        raise ValueError("nested too deeply") from None


def _load_toml(block: str) -> Any:
    import tomllib

    try:
        return tomllib.loads(block)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(str(exc)) from None
    except RecursionError:
        raise ValueError("nested too deeply") from None


def _fields(data: dict[Any, Any]) -> dict[str, str]:
    fields: dict[str, str] = {}
    for key, value in data.items():
        field = _KEYS.get(str(key).lower())
        if field is None or field in fields:
            continue
        if text := _text(value):
            fields[field] = text
    return fields


def _text(value: Any) -> str:
    """A scalar value as text: a timestamp as its own date (the offset as written, not UTC)."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return " ".join(str(value).split())
    return ""  # lists (tags), tables, nulls: nothing an article field can use
