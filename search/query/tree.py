"""The project's own query tree: plain frozen data that the parser builds and each backend compiles.

Two stages use it. The parser (``search.query.parse``) builds a *parsed* tree over the query-time
fields (``text``, ``title`` and the metadata fields), still holding patterns (Prefix, Wildcard,
Fuzzy, Range). The rewrite (``search.query.prepare``) turns it into an *analysed* tree of index
terms only: Term, Phrase, DateRange, Every, Nothing and the connectives; the patterns are expanded
to concrete terms by the backend reader (``Reader.expand``). A backend compiles only analysed trees.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Term:
    """One index term (analysed tree) or one typed word (parsed tree) of ``field``."""

    field: str
    text: str
    boost: float = 1.0


@dataclass(frozen=True)
class Phrase:
    """Words in order, at most ``slop`` positions apart."""

    field: str
    words: tuple[str, ...]
    slop: int = 1
    boost: float = 1.0


@dataclass(frozen=True)
class Prefix:
    """Every term of ``field`` starting with ``text`` (parsed tree only)."""

    field: str
    text: str
    boost: float = 1.0


@dataclass(frozen=True)
class Wildcard:
    """Every term of ``field`` matching ``pattern``: ``*`` any letters, ``?`` one (parsed tree only)."""

    field: str
    pattern: str
    boost: float = 1.0

    def regex(self) -> re.Pattern[str]:
        """The whole-term regular expression of ``pattern``, shared by every backend."""
        return re.compile("".join(".*" if ch == "*" else "." if ch == "?" else re.escape(ch)
                                  for ch in self.pattern) + r"\Z")

    def head(self) -> str:
        """The literal letters before the first ``*`` or ``?``: every match starts with them."""
        return re.split(r"[*?]", self.pattern, maxsplit=1)[0]


@dataclass(frozen=True)
class Fuzzy:
    """Terms of ``field`` within ``maxdist`` edits of ``text`` sharing its first ``prefix`` letters."""

    field: str
    text: str
    maxdist: int = 1
    prefix: int = 1
    boost: float = 1.0


@dataclass(frozen=True)
class Range:
    """Terms of ``field`` from ``start`` to ``end`` in term order; None is an open end (parsed tree)."""

    field: str
    start: str | None
    end: str | None
    start_excl: bool = False
    end_excl: bool = False
    boost: float = 1.0


@dataclass(frozen=True)
class DateRange:
    """Documents dated from ``start`` to ``end`` (inclusive; None is open)."""

    field: str
    start: datetime | None
    end: datetime | None
    boost: float = 1.0


@dataclass(frozen=True)
class Every:
    """Every document (with ``field``: every document holding that field)."""

    field: str | None = None


@dataclass(frozen=True)
class Nothing:
    """No document."""


@dataclass(frozen=True)
class And:
    items: tuple[Node, ...]
    boost: float = 1.0


@dataclass(frozen=True)
class Or:
    """Any of ``items``; scores add up, so a document matching more of them ranks higher."""

    items: tuple[Node, ...]
    boost: float = 1.0


@dataclass(frozen=True)
class Not:
    """Documents ``item`` does not match (inside an Or of a parsed tree: an exclusion)."""

    item: Node
    boost: float = 1.0


@dataclass(frozen=True)
class AndNot:
    """Documents of ``positive`` that ``negative`` does not match."""

    positive: Node
    negative: Node


@dataclass(frozen=True)
class AndMaybe:
    """Documents of ``required``; those ``optional`` also matches score higher."""

    required: Node
    optional: Node


Node = Term | Phrase | Prefix | Wildcard | Fuzzy | Range | DateRange | Every | Nothing | And | Or | Not | AndNot | AndMaybe
PATTERNS = (Prefix, Wildcard, Fuzzy, Range)
"""Leaves the rewrite expands through the backend reader; never in an analysed tree."""


@dataclass(frozen=True)
class Filters:
    """What a search keeps besides its query: languages, source names (resolved), a date window."""

    langs: frozenset[str] | None = None
    sources: frozenset[str] | None = None
    since: datetime | None = None
    until: datetime | None = None
    include_undated: bool = False
    """With a date window: keep the documents without a date too."""

    @property
    def dated(self) -> bool:
        return self.since is not None or self.until is not None

    @property
    def any(self) -> bool:
        return bool(self.langs or self.sources or self.dated)


def flat_terms(node: Node) -> list[Term] | None:
    """The terms of a plain disjunction (a Term, or Ors of Terms with boosts multiplied down),
    else None: the common case, which the backends score term by term."""
    if isinstance(node, Term):
        return [node]
    if not isinstance(node, Or) or node.boost != 1.0:
        return None
    out: list[Term] = []
    for item in node.items:
        if isinstance(item, Nothing):
            continue
        if isinstance(item, Term):
            out.append(item)
        elif isinstance(item, Or) and all(isinstance(sub, (Term, Nothing)) for sub in item.items):
            out.extend(Term(sub.field, sub.text, sub.boost * item.boost) for sub in item.items if isinstance(sub, Term))
        else:
            return None
    return out


def is_nothing(node: Node) -> bool:
    """Whether ``node`` can match no document whatever the index holds."""
    if isinstance(node, Nothing):
        return True
    if isinstance(node, Or):
        return all(is_nothing(item) for item in node.items)
    if isinstance(node, And):
        return not node.items or any(is_nothing(item) for item in node.items)
    if isinstance(node, AndNot):
        return is_nothing(node.positive)
    if isinstance(node, AndMaybe):
        return is_nothing(node.required)
    return False


def lists_all(node: Node) -> bool:
    """Whether ``node`` matches every document alike (``*``, or filters with no words)."""
    return isinstance(node, Every) and node.field is None


__all__ = [
    "And", "AndMaybe", "AndNot", "DateRange", "Every", "Filters", "Fuzzy", "Node", "Not", "Nothing", "Or",
    "PATTERNS", "Phrase", "Prefix", "Range", "Term", "Wildcard", "flat_terms", "is_nothing", "lists_all",
]


def terms_of(node: Node) -> set[tuple[str, str]]:
    """The (field, text) of every Term in ``node``."""
    if isinstance(node, Term):
        return {(node.field, node.text)}
    if isinstance(node, (And, Or)):
        return set().union(*(terms_of(item) for item in node.items))
    if isinstance(node, Not):
        return terms_of(node.item)
    if isinstance(node, AndNot):
        return terms_of(node.positive) | terms_of(node.negative)
    if isinstance(node, AndMaybe):
        return terms_of(node.required) | terms_of(node.optional)
    return set()


def without_terms(node: Node, known: set[tuple[str, str]]) -> Node:
    """``node`` of plain words (Terms in Ors, Ands and AndMaybes) without the Terms in ``known``:
    Nothing where nothing is left. Other nodes are kept whole."""
    if isinstance(node, Term):
        return Nothing() if (node.field, node.text) in known else node
    if isinstance(node, (And, Or)):
        items = tuple(without_terms(item, known) for item in node.items)
        if isinstance(node, And) and any(isinstance(item, Nothing) for item in items):
            return Nothing()
        kept = tuple(item for item in items if not isinstance(item, Nothing))
        return type(node)(kept, node.boost) if kept else Nothing()
    if isinstance(node, AndMaybe):
        required = without_terms(node.required, known)
        if isinstance(required, Nothing):
            return required
        optional = without_terms(node.optional, known)
        return required if isinstance(optional, Nothing) else AndMaybe(required, optional)
    return node
