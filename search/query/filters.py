"""Search arguments checked and resolved: numbers, languages, date bounds and source names."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Collection, Iterable
from datetime import date, datetime, timedelta
from typing import Any

from search.analysis import LANGUAGES, fold
from search.errors import InvalidInput, UnknownSource

MAX_SOURCE_CANDIDATES = 3
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


class NotADate(ValueError):
    """Text that is not a date bound; ``shaped``: it looks like one but names no real day (2017-02-30)."""

    def __init__(self, text: str, shaped: bool) -> None:
        super().__init__(text)
        self.text, self.shaped = text, shaped


def parse_period(text: str, *, one_digit: bool = False) -> tuple[datetime, str]:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``: its first moment and its length ("year", "month",
    "day"); with ``one_digit``, a month or day may be written with one digit (``2017-3-5``).
    Raises NotADate."""
    text = text.strip()
    match = _DATE.fullmatch(text)
    if match is None or not one_digit and any(part and len(part) != 2 for part in match.groups()[1:]):
        raise NotADate(text, shaped=False)
    year, month, day = (int(part) if part else None for part in match.groups())
    try:
        start = datetime(year, month or 1, day or 1)
    except ValueError:
        raise NotADate(text, shaped=True) from None
    return start, "day" if day else "month" if month else "year"


def period_bound(text: str, *, end: bool, one_digit: bool = False) -> datetime:
    """The first moment of ``text``'s period, or its last with ``end`` (see :func:`parse_period`)."""
    start, step = parse_period(text, one_digit=one_digit)
    return _period_bound(start, step, end)


def whole_number(value: Any, name: str, low: int, high: int | None = None) -> int:
    """``value`` as an int within [low, high]; anything else (1.5, "5", True) is an InvalidInput."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput("{argument} must be a whole number, not {type} {value!r}", name, value,
                           type=type(value).__name__)
    if value < low or (high is not None and value > high):
        allowed = f"{low} to {high}" if high is not None else f"{low} or more"
        raise InvalidInput("{argument} {value} is out of range: use {allowed}", name, value, allowed=allowed)
    return value


def languages(lang: str | Iterable[str] | None) -> set[str] | None:
    """The language codes asked for (lower case), None for all; an unknown code is an InvalidInput."""
    if lang is None:
        return None
    values = [lang] if isinstance(lang, str) else _texts(lang, "lang")
    chosen = {v.strip().lower() for v in values if v.strip()}
    for value in sorted(chosen):
        check_language(value)
    return chosen or None


def check_language(code: str) -> str:
    """``code`` when it is a language of the index, else the one error every face shows."""
    if code not in LANGUAGES:
        raise InvalidInput("unknown language '{value}': use {allowed}", "lang", code,
                           allowed=" or ".join(LANGUAGES))
    return code


def _texts(values: Any, name: str) -> list[str]:
    try:
        items = list(values)
    except TypeError:
        raise InvalidInput("{argument} must be text or a list of texts, not {type}", name, values,
                           type=type(values).__name__) from None
    if not all(isinstance(v, str) for v in items):
        raise InvalidInput("{argument} must be text or a list of texts", name, items)
    return items


def date_bound(value: str | date | None, name: str, end: bool) -> datetime | None:
    """A filter bound: YYYY, YYYY-MM or YYYY-MM-DD; an end bound covers its whole period."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return _period_bound(datetime(value.year, value.month, value.day), "day", end)
    if not isinstance(value, str):
        raise InvalidInput("{argument} must be a date or text such as 2025-01, not {type}", name, value,
                           type=type(value).__name__)
    try:
        return period_bound(value, end=end)
    except NotADate:
        raise InvalidInput("{argument} '{value}' is not a date: use YYYY-MM-DD, YYYY-MM or YYYY", name, value) from None


def _period_bound(start: datetime, step: str, end: bool) -> datetime:
    if not end:
        return start
    try:
        if step == "day":
            nxt = start + timedelta(days=1)
        elif step == "month":
            nxt = start.replace(year=start.year + start.month // 12, month=start.month % 12 + 1)
        else:
            nxt = start.replace(year=start.year + 1)
    except (ValueError, OverflowError):  # the period ends with the calendar (9999-12-31)
        return datetime.max
    return nxt - timedelta(microseconds=1)


def date_range(since: Any, until: Any, since_name: str = "since",
               until_name: str = "until") -> tuple[datetime | None, datetime | None]:
    """Both bounds, checked to be in order."""
    start = date_bound(since, since_name, end=False)
    end = date_bound(until, until_name, end=True)
    if start and end and start > end:
        raise InvalidInput("{argument} {value} is after {other} {other_value}: swap them", since_name, since,
                           until_name, until)
    return start, end


def source_key(name: str) -> str:
    """What two spellings of a source must share to be the same: ``El País`` = ``el pais``."""
    return _NOT_ALNUM.sub("", fold(name))


def resolve_source(wanted: str, known: Collection[str]) -> set[str]:
    """The indexed source names ``wanted`` means: the same name (case and accents aside), else the
    one name holding it (``Guardian`` → ``www.theguardian.com``); otherwise an UnknownSource that
    carries the closest names."""
    if not isinstance(wanted, str):
        raise InvalidInput("{argument} must be text, not {type}", "source", wanted, type=type(wanted).__name__)
    key = source_key(wanted)
    by_key: dict[str, set[str]] = {}
    for name in known:
        by_key.setdefault(source_key(name), set()).add(name)
    if key in by_key:
        return by_key[key]
    partial = [k for k in by_key if key and key in k]
    if len(partial) == 1:
        return by_key[partial[0]]
    if partial:
        candidates = sorted(n for k in partial for n in by_key[k])
    else:
        close = difflib.get_close_matches(key, list(by_key), n=MAX_SOURCE_CANDIDATES, cutoff=0.5)
        candidates = [n for k in close for n in sorted(by_key[k])]
    raise UnknownSource(wanted, candidates[:MAX_SOURCE_CANDIDATES], ambiguous=bool(partial))


def sources(source: str | Iterable[str] | None,
            known: Collection[str] | Callable[[], Collection[str]]) -> set[str] | None:
    """Every indexed name the ``source`` filter means, None for all; ``known`` (or what calling
    it returns, asked only when there is a name to resolve) the index's source names."""
    if source is None:
        return None
    values = [source] if isinstance(source, str) else _texts(source, "source")
    values = [v for v in values if v.strip()]
    if not values:
        return None
    names = known() if callable(known) else known
    return {name for value in values for name in resolve_source(value, names)}
