"""Find a plain-text article's date in a date line or dateline near its top, never deeper in.

A small English/Spanish pattern set, not dateparser: measured on the lines this must read,
dateparser's ``search_dates`` took "Jan." in "Jan. 13, 2025" for 2 January of the current year and
split the rest off, and it finds a date in almost any sentence ("in June"), so it would need these
same restrictions around it; it also costs 0.2 s to import. The forms are those of search.ingest.dates.
"""

from __future__ import annotations

import re

from search.ingest.dates import month_pattern, parse_date

TOP_PARAGRAPHS = 4
"""Only the first paragraphs are looked at: a date further down belongs to the story or a caption."""
_DATE_LINE_MAX_CHARS = 100

_MONTH = month_pattern()
_DATE = (
    r"(?:\d{4}-\d{1,2}-\d{1,2}(?:[t ]\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:z|[+-]\d{2}:?\d{2})?)?"
    r"|\d{1,2}/\d{1,2}/\d{4}"
    rf"|(?:{_MONTH})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th|º)?\.?\s+(?:de\s+)?(?:{_MONTH})\.?,?\s+(?:del?\s+)?\d{{4}})"
)
_WEEKDAY = (r"(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?|lunes|martes|mi[ée]rcoles|jueves|"
            r"viernes|s[áa]bado|domingo")
_LABEL = (r"(?P<label>published|updated|last\s+updated|posted|first\s+published|publicado|actualizado|"
          r"[úu]ltima\s+actualizaci[óo]n|fecha)")
_TIME = r"(?:\s*(?:[,|·•–—-]|at|a\s+las)?\s*\d{1,2}[:.h]\d{2}(?:\s*(?:[ap]\.?m\.?|h|hrs?))?(?:\s+[a-z]{2,5})?)?"
_DATE_LINE = re.compile(
    rf"(?:(?:by|por)\s+[^|·•–—]{{1,60}}[|·•–—]\s*)?(?:{_LABEL}(?:\s+(?:on|el|at))?\s*:?\s*)?"
    rf"(?:(?:{_WEEKDAY}),?\s+)?(?P<date>{_DATE}){_TIME}\.?",
    re.IGNORECASE,
)
_DATELINE = re.compile(
    rf"[A-ZÁÉÍÓÚÑ][A-Za-zÁÉÍÓÚÑáéíóúñü .'’-]{{1,40}},\s*(?:(?:{_WEEKDAY}),?\s+)?(?P<date>{_DATE})"
    r"\s*(?:\([^)]{1,30}\))?\s*[-–—:.]",
    re.IGNORECASE,
)


def find_date(paragraphs: list[str]) -> tuple[str | None, list[str]]:
    """The article's ISO date and its paragraphs without the date lines.

    A date line is a paragraph that is only a date, maybe labelled ("Published 2025-01-13",
    "Updated: Jan. 13, 2025 10:32 a.m. ET", "13 de enero de 2025") or after a byline ("By Ana
    Ruiz | January 13, 2025"); it is removed from the text. A dateline opens the lead ("WASHINGTON,
    Jan. 13, 2025 — ..."): the paragraph stays. The publication date wins over an update date.
    """
    found: list[tuple[str, str | None]] = []  # (iso, label)
    kept: list[str] = []
    for n, paragraph in enumerate(paragraphs):
        if n < TOP_PARAGRAPHS and len(paragraph) <= _DATE_LINE_MAX_CHARS:
            match = _DATE_LINE.fullmatch(paragraph.strip())
            if match and (iso := parse_date(match["date"])):
                found.append((iso, (match["label"] or "").lower()))
                continue
        if n < TOP_PARAGRAPHS and not found and (match := _DATELINE.match(paragraph)):
            if iso := parse_date(match["date"]):
                found.append((iso, ""))
        kept.append(paragraph)
    if not found:
        return None, paragraphs
    published = [iso for iso, label in found if "updated" not in label and "actualiza" not in label]
    return (published or [found[0][0]])[0], kept
