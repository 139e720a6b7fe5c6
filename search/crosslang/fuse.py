"""Fusion of per-language result windows into one ranking: each language's scores are normalised
by its own best, so neither language's scale drowns the other (one shared scale lost en→en)."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence

OTHER_LANGUAGE_WEIGHT = 0.8
"""A normalised score in a language other than the query's is worth this much."""
OWN_FIRST = 3
"""The query's own language's best matches that stay ahead of every other language's.

Both tuned on half of XQuAD's questions (480 paragraphs, crc32(question id) even) to keep the
monolingual MRR@10 within 0.001 of the query's language alone while the other language's paragraph
stays in the top 10 (Recall@10 0.94 both ways); with no protected hits, a weight of 0.9 cost es→es 0.007."""


def scales(windows: Mapping[str, Sequence[tuple[Hashable, float | None]]], own: str | None,
           other_weight: float = OTHER_LANGUAGE_WEIGHT) -> dict[str, float]:
    """What each language's raw scores are multiplied by: its weight over its best score (0 when none)."""
    out = {}
    for lang, window in windows.items():
        best = max((score for _key, score in window if score), default=0.0)
        weight = 1.0 if own is None or lang == own else other_weight
        out[lang] = weight / best if best else 0.0
    return out


def interleave(
    windows: Mapping[str, Sequence[tuple[Hashable, float | None]]], own: str | None,
    other_weight: float = OTHER_LANGUAGE_WEIGHT, own_first: int = OWN_FIRST,
) -> list[tuple[Hashable, float, str]]:
    """(key, fused score, language) of every window's keys: the first ``own_first`` of the query's
    own language, then everything else by fused score; ties keep each window's order, the query's
    own language first. A query of unknown language (``own`` None) weighs every language alike."""
    factor = scales(windows, own, other_weight)
    ranked = []
    for order, (lang, window) in enumerate(sorted(windows.items(), key=lambda item: item[0] != own)):
        mine = own is not None and lang == own
        for rank, (key, score) in enumerate(window):
            # rounded: backends agree on scores to a few ulps, which must not reorder two languages' ties
            fused = round(score * factor[lang], 9) if score else 0.0
            ranked.append((not (mine and rank < own_first), -fused, rank, order, key, lang))
    ranked.sort(key=lambda item: item[:4])
    return [(key, -negative, lang) for _later, negative, _rank, _order, key, lang in ranked]
