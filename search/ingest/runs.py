"""Split a text into language runs: an English half and a Spanish half become two versions."""

from __future__ import annotations

from dataclasses import dataclass

from search.ingest.langdetect import detect_language

MIN_RUN_WORDS = 25
MIN_RUN_SHARE = 0.2
"""Each half of a bilingual file must hold this share of the words: a stray quote does not split."""
MIN_AGREEMENT = 0.85
"""Share of the (confidence-weighted) words whose language matches the run they fall in."""


@dataclass(frozen=True)
class Run:
    """Consecutive paragraphs in one language."""

    lang: str
    paragraphs: list[str]


def language_runs(paragraphs: list[str]) -> list[Run]:
    """One run in the majority language, or two when the text is one language then the other."""
    if not paragraphs:
        return []
    words = [len(p.split()) for p in paragraphs]
    votes: list[float] = []  # > 0: Spanish, < 0: English, weighted by words and confidence
    for paragraph, count in zip(paragraphs, words):
        lang, confidence = detect_language(paragraph)
        weight = min(count, 300) * confidence
        votes.append(weight if lang == "es" else -weight)
    split = _best_split(votes, words)
    if split is None:
        return [Run("es" if sum(votes) > 0 else "en", paragraphs)]
    first_lang = "es" if sum(votes[:split]) > 0 else "en"
    second_lang = "en" if first_lang == "es" else "es"
    split = _settle_boundary(votes, split, first_lang == "es")
    return [Run(first_lang, paragraphs[:split]), Run(second_lang, paragraphs[split:])]


def _settle_boundary(votes: list[float], split: int, first_is_spanish: bool) -> int:
    """Move the boundary over paragraphs written in the other side's language.

    The minimum run size can force the split one paragraph too early when the second language is a
    short summary: the last paragraph of the first language would become the summary's title.
    """
    def in_first(vote: float) -> bool:
        return vote > 0 if first_is_spanish else vote < 0

    while split < len(votes) - 1 and in_first(votes[split]):
        split += 1
    while split > 1 and votes[split - 1] != 0 and not in_first(votes[split - 1]):
        split -= 1
    return split


def _best_split(votes: list[float], words: list[int]) -> int | None:
    """The index where one language gives way to the other, if the text is cleanly two halves."""
    total_weight = sum(abs(v) for v in votes)
    total_words = sum(words)
    if total_weight == 0 or len(votes) < 2:
        return None
    best: tuple[float, int] | None = None
    left_sum = 0.0
    left_words = 0
    right_sum = sum(votes)
    for k in range(1, len(votes)):
        left_sum += votes[k - 1]
        right_sum -= votes[k - 1]
        left_words += words[k - 1]
        right_words = total_words - left_words
        if min(left_words, right_words) < max(MIN_RUN_WORDS, MIN_RUN_SHARE * total_words):
            continue
        if left_sum == 0 or right_sum == 0 or (left_sum > 0) == (right_sum > 0):
            continue
        # Weight agreeing with each side's language, minus weight against it.
        agreeing = (abs(left_sum) + abs(right_sum) + total_weight) / 2
        agreement = agreeing / total_weight
        if best is None or agreement > best[0]:
            best = (agreement, k)
    if best is None or best[0] < MIN_AGREEMENT:
        return None
    return best[1]
