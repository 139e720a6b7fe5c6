"""What the user asked for: the query and the filter settings, turned into ``Engine.search`` arguments."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import search



def parse_date_bound(text: str, *, end: bool) -> str | None:
    """``2017``, ``2017-02`` or ``2017-02-03`` as an ISO date (first or last day when ``end``); raises ValueError."""
    if not text.strip():
        return None
    try:
        return search.period_bound(text, end=end, one_digit=True).date().isoformat()
    except search.NotADate as error:
        kind = "a real date" if error.shaped else "a date"
        raise ValueError(f"{error.text!r} is not {kind}: write YYYY, YYYY-MM or YYYY-MM-DD") from None


@dataclass(frozen=True)
class Filters:
    """Filter panel settings; empty sets mean "all"."""

    langs: frozenset[str] = frozenset()
    sources: frozenset[str] = frozenset()
    since: str | None = None
    until: str | None = None
    sort: str = "relevance"
    translate: bool = True
    """Also search the query's translation into the other language."""

    @property
    def active(self) -> bool:
        return bool(self.langs or self.sources or self.since or self.until or self.sort != "relevance"
                    or not self.translate)

    def engine_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for ``Engine.search``."""
        kwargs: dict[str, Any] = {"sort": self.sort}
        if not self.translate:
            kwargs["translate"] = False
        if self.langs:
            kwargs["lang"] = next(iter(self.langs)) if len(self.langs) == 1 else sorted(self.langs)
        if self.sources:
            kwargs["source"] = next(iter(self.sources)) if len(self.sources) == 1 else sorted(self.sources)
        if self.since:
            kwargs["since"] = self.since
        if self.until:
            kwargs["until"] = self.until
        return kwargs


@dataclass(frozen=True)
class SearchRequest:
    """One search the app asked the engine for; ``seq`` orders requests so stale answers can be dropped."""

    seq: int
    query: str
    filters: Filters = field(default_factory=Filters)
    offset: int = 0
    limit: int = 50
    keep: str | None = None
    """Id of the hit the cursor stays on when it is among the answers (a refresh of the same query)."""

    def next_page(self) -> SearchRequest:
        return replace(self, offset=self.offset + self.limit, keep=None)


def fold_versions(hits: list[Any], shown: set[str]) -> list[Any]:
    """``hits`` without the other-language versions of an article already among ``shown`` or kept
    earlier in ``hits`` (the best-ranked version stands for the article; its badge names the others)."""
    seen = set(shown)
    kept = []
    for hit in hits:
        if hit.id in seen or seen.intersection(hit.versions):
            continue
        seen.add(hit.id)
        kept.append(hit)
    return kept
