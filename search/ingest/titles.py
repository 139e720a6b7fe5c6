"""Titles: recognise a headline line, or make a title from a text's first sentence."""

from __future__ import annotations

import re

HEADLINE_MAX_WORDS = 25
TITLE_MAX_CHARS = 100
_SENTENCE_FINAL = (".", "!", "?", "…", ";", ",", ":")
_CLOSERS = "\"'”’»)]"
_SENTENCE_BREAK = re.compile(r"[.!?…][\"'”’»)\]]*\s+(?=[\"'“‘«¿¡(\[]*[A-Z0-9ÁÉÍÓÚÑÜ])")
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof sr sra srta st jr gen gov sen rep col lt sgt capt no nº núm vs etc inc ltd co corp "
    "jan feb mar apr jun jul aug sep sept oct nov dec ene abr ago dic art pág ee uu us u.s ud uds av "
    "approx aprox".split()
)
_SENTENCE_SEARCH_CHARS = 1000


def is_headline(paragraph: str) -> bool:
    """Short, and not ending like a sentence: a headline or a subheading."""
    if len(paragraph) > 300:
        return False
    words = paragraph.split()
    return 0 < len(words) <= HEADLINE_MAX_WORDS and not paragraph.rstrip(_CLOSERS).endswith(_SENTENCE_FINAL)


def first_sentence(text: str) -> str:
    """The first sentence of ``text`` (abbreviations such as "Mr." or "U.S." do not end it)."""
    head = text[:_SENTENCE_SEARCH_CHARS]
    for match in _SENTENCE_BREAK.finditer(head):
        before = head[: match.start()].rsplit(None, 1)
        last_word = before[-1].lower().strip("\"'“‘«¿¡(") if before else ""
        if last_word in _ABBREVIATIONS or len(last_word) == 1 or re.fullmatch(r"(?:\w\.)+\w", last_word):
            continue
        return head[: match.end()].strip()
    return head.strip()


def title_from_text(text: str) -> str:
    """A title made from the first sentence, cut at a word boundary near TITLE_MAX_CHARS with "…"."""
    sentence = " ".join(first_sentence(text).split())
    if len(sentence) <= TITLE_MAX_CHARS:
        return sentence[:-1] if sentence.endswith(".") and not sentence.endswith("..") else sentence
    cut = sentence.rfind(" ", 0, TITLE_MAX_CHARS + 1)
    if cut < TITLE_MAX_CHARS // 2:  # one very long word: cut inside it
        cut = TITLE_MAX_CHARS
    return sentence[:cut].rstrip(" ,;:—–-") + "…"
