"""The query language, parsed leniently into a tree (``search.query.tree``) over the query fields.

Syntax: words (OR-ed), ``AND`` ``OR`` ``NOT``, ``"phrases"`` (``"a b"~3``: slop), ``+required``,
``-excluded``, ``field:value`` (also ``field:"..."``, ``field:(...)``, ``field:[a TO b]``),
``prefix*``, wildcards (``wom?n``), ``fuzzy~`` / ``fuzzy~2`` / ``fuzzy~2/3`` (distance / prefix),
ranges ``[a TO b]`` (``{}`` exclusive, either end open), ``word^2`` and parentheses. Unbalanced
quotes, brackets or parentheses and dangling operators never raise: what cannot be read as syntax is
read as words (an unclosed quote too). Words are split and lowercased like the index's words (the light analyzer).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from search.analysis import tokenizer
from search.analysis.fields import EXACT_FIELD, META_FIELDS, TITLE_FIELD
from search.query.tree import (
    And,
    AndMaybe,
    AndNot,
    Every,
    Fuzzy,
    Node,
    Not,
    Nothing,
    Or,
    Phrase,
    Prefix,
    Range,
    Term,
    Wildcard,
)

TEXT_FIELDS = frozenset({EXACT_FIELD, TITLE_FIELD})
FIELDS = TEXT_FIELDS | set(META_FIELDS) | {"date"}
FIELD_ALIASES = {"body": EXACT_FIELD, "content": EXACT_FIELD, "language": "lang", "headline": TITLE_FIELD}
PHRASE_SLOP = 1
MAX_DEPTH = 32
"""Nested parentheses read as groups; deeper ones are punctuation (recursion stays bounded)."""

_FIELD_PREFIX = re.compile(r"\b(\w+):")
_QUESTION_MARK = re.compile(r"(?<=\w)\?+(?=[\s\"')\]]|$)|(?<![\w*?])\?+(?=\w)|¿")
"""A question's "?" is punctuation, not a one-letter wildcard: ``Rin?`` means ``Rin`` and ``?Quien``
(``¿Quién`` typed without accents) means ``Quien``; ``wom?n`` stays a pattern."""
_TOKEN = re.compile(
    r"""(?P<space>\s+)
      | (?P<open>\()
      | (?P<close>\))
      | (?P<phrase>"(?P<ptext>[^"]*)"(?:~(?P<slop>\d{1,4}))?)
      | (?P<range>[\[{](?P<rtext>[^\]}]*)(?P<rclose>[\]}]))
      | (?P<field>(?P<fname>\w+):(?=\S))
      | (?P<word>[^\s()"]+)
    """,
    re.VERBOSE,
)
_MODIFIER = re.compile(r"(?<![^\s(])[+-](?=[^\s+-])")
"""``+`` and ``-`` only at the start of a word: ``U.S.-Mexico`` and ``MS-13`` stay words."""
_FUZZY = re.compile(r"^(?P<text>.*?)~(?P<dist>\d{1,3})?(?:/(?P<prefix>\d{1,3}))?$")
_BOOST = re.compile(r"^(?P<text>.+?)\^(?P<boost>\d{1,3}(?:\.\d{1,3})?)$")
_RANGE = re.compile(r"^\s*(?P<start>.*?)\s*\bTO\b\s*(?P<end>.*?)\s*$", re.DOTALL)
_OPERATORS = {"AND", "OR", "NOT"}


@dataclass
class _Item:
    kind: str
    """open, close, op, phrase, range, word"""
    text: str = ""
    field: str | None = None
    modifier: str = ""
    slop: int = PHRASE_SLOP
    excl: tuple[bool, bool] = (False, False)


def parse(text: str) -> Node:
    """The tree of ``text``; never raises. Unknown field names (``foo:bar``) are words."""
    cleaned = _QUESTION_MARK.sub("", text)
    cleaned = _FIELD_PREFIX.sub(lambda m: _field_alias(m.group(1)), cleaned)
    items = list(_items(cleaned))
    node, _end = _group(items, 0, EXACT_FIELD, depth=0)
    return simplify(node)


def field_names(text: str) -> str:
    """``text`` without its field names (``title:``), for spelling."""
    return _FIELD_PREFIX.sub(" ", text)


def _field_alias(name: str) -> str:
    lowered = FIELD_ALIASES.get(name.lower(), name.lower())
    if lowered in FIELDS:
        return lowered + ":"
    return name + " "  # an unknown field: search its name as a word instead of failing


def _items(text: str) -> Iterator[_Item]:
    field: str | None = None
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup if match.lastgroup in ("space", "open", "close", "field", "word") else None
        if match.group("phrase") is not None:
            slop = match.group("slop")
            yield _Item("phrase", match.group("ptext"), field, slop=int(slop) if slop else PHRASE_SLOP)
        elif match.group("range") is not None:
            yield _Item("range", match.group("rtext"), field,
                        excl=(match.group(0)[0] == "{", match.group("rclose") == "}"))
        elif kind == "field":
            field = match.group("fname")
            continue
        elif kind == "open":
            yield _Item("open", field=field)
        elif kind == "close":
            yield _Item("close")
        elif kind == "word":
            yield from _words(match.group(0), field)
        field = None


def _words(raw: str, field: str | None) -> Iterator[_Item]:
    modifier = ""
    if _MODIFIER.match(raw) and len(raw) > 1:
        modifier, raw = raw[0], raw[1:]
    if raw in _OPERATORS and field is None and not modifier:
        yield _Item("op", raw)
        return
    yield _Item("word", raw, field, modifier)


def _group(items: list[_Item], pos: int, field: str, depth: int) -> tuple[Node, int]:
    """The items up to the matching ``)`` (or the end) as one group, and the position after it."""
    parts: list[tuple[str, Node]] = []
    pending_and = pending_not = False
    while pos < len(items):
        item = items[pos]
        pos += 1
        if item.kind == "close":
            if depth:
                break
            continue  # a ")" without its "(": punctuation
        if item.kind == "op":
            if item.text == "AND":
                pending_and = bool(parts)
            elif item.text == "NOT":
                pending_not = not pending_not
            continue
        if item.kind == "open" and depth >= MAX_DEPTH:
            continue
        if item.kind == "open":
            node, pos = _group(items, pos, item.field or field, depth + 1)
        else:
            node = _leaf(item, item.field or field)
        if node is None:
            pending_and = pending_not = False
            continue
        if pending_not:
            node = Not(node)
        if pending_and:
            modifier, previous = parts.pop()
            left = previous.items if isinstance(previous, And) else (previous,)
            node = And((*left, node))
            parts.append((modifier, node))
        else:
            parts.append((item.modifier, node))
        pending_and = pending_not = False
    return _combine(parts), pos


def _combine(parts: list[tuple[str, Node]]) -> Node:
    """Juxtaposed items OR-ed; with ``+``/``-``: the required ones AND-ed, the others only adding
    to their scores, and the excluded ones taken away."""
    required = [node for modifier, node in parts if modifier == "+"]
    banned = [node for modifier, node in parts if modifier == "-"]
    optional = [node for modifier, node in parts if not modifier]
    if not required and not banned:
        return Or(tuple(optional)) if optional else Nothing()
    if required:
        base: Node = And(tuple(required))
        if optional:
            base = AndMaybe(base, Or(tuple(optional)))
    else:
        base = Or(tuple(optional)) if optional else Nothing()
    if banned:
        return AndNot(base, Or(tuple(banned)))
    return base


def _leaf(item: _Item, field: str) -> Node | None:
    if item.kind == "phrase":
        if field in TEXT_FIELDS:
            return Phrase(field, tuple(_analysed(item.text)), slop=item.slop)
        return Term(field, item.text) if item.text.strip() else None
    if item.kind == "range":
        bounds = _RANGE.match(item.text)
        if bounds is None:  # "[a b]": not a range, its words
            return _words_of(item.text, field)
        return Range(field, bounds.group("start") or None, bounds.group("end") or None, *item.excl)
    return _word(item.text, field)


def _word(raw: str, field: str) -> Node | None:
    boost = 1.0
    boosted = _BOOST.match(raw)
    if boosted:
        raw, boost = boosted.group("text"), float(boosted.group("boost"))
    if raw == "*":
        return Every(field)
    if field not in TEXT_FIELDS:
        return Term(field, raw, boost)
    fuzzy = _FUZZY.match(raw)
    if fuzzy and fuzzy.group("text"):
        dist, prefix = fuzzy.group("dist"), fuzzy.group("prefix")
        return Fuzzy(field, fuzzy.group("text").lower(), int(dist) if dist else 1,
                     int(prefix) if prefix else 0, boost)
    if "*" in raw or "?" in raw:
        pattern = raw.lower()
        if pattern.endswith("*") and "*" not in pattern[:-1] and "?" not in pattern:
            return Prefix(field, pattern[:-1], boost)
        return Wildcard(field, pattern, boost)
    return _words_of(raw, field, boost)


def _words_of(text: str, field: str, boost: float = 1.0) -> Node | None:
    if field not in TEXT_FIELDS:
        return Term(field, text, boost) if text.strip() else None
    words = _analysed(text)
    if not words:
        return None
    terms = tuple(Term(field, w, boost) for w in words)
    return terms[0] if len(terms) == 1 else Or(terms)


def _analysed(text: str) -> list[str]:
    return [token.text.lower() for token in tokenizer()(text)]


def simplify(node: Node) -> Node:
    """Nested groups of one kind flattened, one-item groups unwrapped, double negation removed,
    groups that can match nothing dropped (as one would read the query)."""
    if isinstance(node, (Or, And)):
        items: list[Node] = []
        for item in (simplify(i) for i in node.items):
            if isinstance(item, Nothing):
                if isinstance(node, And):
                    return Nothing()
                continue
            if type(item) is type(node) and item.boost == 1.0:
                items.extend(item.items)
            else:
                items.append(item)
        if not items:
            return Nothing()
        if len(items) == 1:
            only = items[0]
            return _boosted(only, node.boost) if node.boost != 1.0 else only
        return type(node)(tuple(items), node.boost)
    if isinstance(node, Not):
        inner = simplify(node.item)
        if isinstance(inner, Not):
            return inner.item
        return Nothing() if isinstance(inner, Nothing) else Not(inner, node.boost)
    if isinstance(node, AndNot):
        positive, negative = simplify(node.positive), simplify(node.negative)
        if isinstance(positive, Nothing):
            return Nothing()
        return positive if isinstance(negative, Nothing) else AndNot(positive, negative)
    if isinstance(node, AndMaybe):
        required, optional = simplify(node.required), simplify(node.optional)
        if isinstance(required, Nothing):
            return Nothing()
        return required if isinstance(optional, Nothing) else AndMaybe(required, optional)
    return node


def _boosted(node: Node, boost: float) -> Node:
    current = getattr(node, "boost", None)
    if current is None:
        return node
    return type(node)(**{**node.__dict__, "boost": current * boost})
