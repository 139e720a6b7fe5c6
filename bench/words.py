"""How the baselines turn a question into query words: Unicode word runs, lowercased, deduplicated."""

from __future__ import annotations

import re

WORD = re.compile(r"\w+")


def question_words(question: str) -> list[str]:
    seen: dict[str, None] = {}
    for word in WORD.findall(question.lower()):
        seen.setdefault(word, None)
    return list(seen)
