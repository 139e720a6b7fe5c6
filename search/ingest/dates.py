"""Read the dates people write ("13/01/2025", "January 13, 2025", "13 de enero de 2025") as ISO."""

from __future__ import annotations

import re
from datetime import date
from email.utils import parsedate_tz

_MONTHS = {
    "jan": 1, "january": 1, "ene": 1, "enero": 1,
    "feb": 2, "february": 2, "febrero": 2,
    "mar": 3, "march": 3, "marzo": 3,
    "apr": 4, "april": 4, "abr": 4, "abril": 4,
    "may": 5, "mayo": 5,
    "jun": 6, "june": 6, "junio": 6,
    "jul": 7, "july": 7, "julio": 7,
    "aug": 8, "august": 8, "ago": 8, "agosto": 8,
    "sep": 9, "sept": 9, "september": 9, "set": 9, "septiembre": 9, "setiembre": 9,
    "oct": 10, "october": 10, "octubre": 10,
    "nov": 11, "november": 11, "noviembre": 11,
    "dec": 12, "december": 12, "dic": 12, "diciembre": 12,
}
_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[t ][\d:.]+\s*(?:z|[+-]\d{2}:?\d{2})?)?")
_NUMERIC_DMY = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")
_MONTH_FIRST = re.compile(r"(?:[a-záéíóú]+,?\s+)?([a-záéíóú]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")
_DAY_FIRST = re.compile(
    r"(?:[a-záéíóú]+,?\s+)?(\d{1,2})(?:st|nd|rd|th|º)?\.?\s+"
    r"(?:de\s+)?([a-záéíóú]+)\.?,?\s+(?:del?\s+)?(\d{4})"
)


def month_pattern() -> str:
    """A regex alternation of the month names and abbreviations parse_date reads (longest first)."""
    return "|".join(sorted(_MONTHS, key=len, reverse=True))


def parse_date(value: object) -> str | None:
    """ISO ``YYYY-MM-DD`` for a date in a common form, None when it is not a date.

    All-numeric day/month order is ambiguous: 13/01/2025 and 01/13/2025 are read the only way they
    can be; when both are possible (03/04/2025) the day comes first, as in Spanish and British use.
    """
    if isinstance(value, (int, float)) or not isinstance(value, str):
        return None
    text = value.strip().lower()
    if not text or len(text) > 64:
        return None
    if match := _ISO.fullmatch(text):
        return _iso(int(match[1]), int(match[2]), int(match[3]))
    if match := _NUMERIC_DMY.fullmatch(text):
        first, second, year = int(match[1]), int(match[2]), int(match[3])
        return _iso(year, first, second) if first <= 12 < second else _iso(year, second, first)
    if match := _MONTH_FIRST.fullmatch(text):
        month = _MONTHS.get(match[1])
        if month:
            return _iso(int(match[3]), month, int(match[2]))
    if match := _DAY_FIRST.fullmatch(text):
        month = _MONTHS.get(match[2])
        if month:
            return _iso(int(match[3]), month, int(match[1]))
    parsed = parsedate_tz(value)  # RFC 2822: "Mon, 13 Jan 2025 10:00:00 GMT"
    if parsed:
        return _iso(parsed[0], parsed[1], parsed[2])
    return None


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None
