"""From a user's query string to a language-aware analysed query tree, leniently.

The string is parsed (``search.query.parse``) into a tree over light query-time fields that only
split and lowercase; the tree is then rewritten: each plain word becomes a disjunction over the
stemmed field of each language (weighted towards the query's own language), the folded exact field,
the title, and — when the word was typed with accents — its exact accented form. Expansions
(prefix, wildcard, fuzzy, range) are asked of the backend reader and capped, so no query can make
the engine enumerate the whole vocabulary. The result holds index terms only; a backend compiles it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any

from search.analysis import (
    HIGHLIGHT_STEM_MARK,
    LANGUAGES,
    STOPWORDS,
    fold,
    is_stopword,
    stem,
)
from search.analysis.fields import EXACT_FIELD, ROOT_FIELDS, STEM_FIELDS, TITLE_FIELD
from search.analysis.stemming import root
from search.errors import InvalidInput
from search.ingest.langdetect import detect_language
from search.query import filters
from search.query import tree as t
from search.query.parse import META_FIELDS, TEXT_FIELDS, field_names, parse

MAX_TERMS = 64
"""Plain words kept from one query; the rest are dropped with a notice."""
MAX_EXPANSION = 256
"""Vocabulary words one prefix, wildcard or fuzzy term may expand to."""
MAX_FUZZY_DISTANCE = 2
MAX_QUERY_CHARS = 4096

OWN_LANGUAGE_WEIGHT = 1.0
OTHER_LANGUAGE_WEIGHT = 0.8
EXACT_WEIGHT = 0.6
TITLE_WEIGHT = 0.5
ACCENT_WEIGHT = 0.1
ROOT_WEIGHT = 1.0
"""Root-field terms (``search.analysis.fields.ROOT_FIELDS``), relative to the language's stem weight."""

_WORDISH = re.compile(r"\w")
_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")
"""What undecodable bytes become in a Python string: not text, so not part of any word."""


@dataclass
class PreparedQuery:
    """A rewritten query plus what highlighting and suggestions need to know about it."""

    text: str
    tree: t.Node
    """The analysed tree (index terms only), for the backend to compile."""
    lang: str | None
    """Detected language of the query's words, or None when unsure."""
    words: list[str] = field(default_factory=list)
    """The plain words typed, in order (original spelling)."""
    highlight: dict[str, frozenset[str]] = field(default_factory=dict)
    """Per document language: the token texts the highlight analyzer should mark."""
    notices: list[str] = field(default_factory=list)


def prepare(text: str, reader: Any,
            sources: Collection[str] | Callable[[], Collection[str]] = ()) -> PreparedQuery:
    """Parse and rewrite ``text``; never raises on malformed input. ``reader`` is a backend
    reader (``search.backends.base.Reader``: ``expand`` and ``doc_frequency``). ``source:`` names
    are resolved among ``sources`` (or what calling it returns, asked only for a ``source:`` term)
    as the source filter resolves them; an unknown one, like ``lang:fr`` or a ``date:`` that is
    not a date, is an InvalidInput."""
    text = _LONE_SURROGATE.sub(" ", text[:MAX_QUERY_CHARS])
    parsed = parse(text)
    words = _plain_words(parsed)
    notices: list[str] = []
    if len(words) > MAX_TERMS:
        notices.append(f"query has {len(words)} words; only the first {MAX_TERMS} were used")
    lang = _query_language(words)
    rewriter = _Rewriter(reader, lang, words[:MAX_TERMS], notices, sources)
    rewritten = _restrictions_first(rewriter.rewrite(parsed))
    return PreparedQuery(
        text=text, tree=_with_roots(rewritten, rewriter.roots), lang=lang, words=words,
        highlight={lang_: frozenset(terms) for lang_, terms in rewriter.highlight.items()},
        notices=notices,
    )


def _with_roots(q: t.Node, roots: dict[tuple[str, str], float]) -> t.Node:
    """A plain disjunction of words, scored higher in documents that also hold the words' roots
    (*aceptar* for *aceptación*); the roots never match a document on their own, so a derivation
    that Snowball merges with an unrelated word (*deportación*, *deporte*) finds nothing new."""
    if not roots or t.flat_terms(q) is None:
        return q
    return t.AndMaybe(q, t.Or(tuple(t.Term(name, text, boost) for (name, text), boost in roots.items())))


def _restrictions_first(q: t.Node) -> t.Node:
    """``lang:es trump`` means Spanish documents about Trump: field:value terms on metadata
    fields restrict the other words instead of being one more alternative."""
    if not isinstance(q, t.Or):
        return q
    excluded = tuple(sub.item for sub in q.items if isinstance(sub, t.Not))
    if excluded:
        kept = tuple(sub for sub in q.items if not isinstance(sub, t.Not))
        if not kept:
            return t.And((t.Every(), t.Not(t.Or(excluded))))
        return t.AndNot(_restrictions_first(t.Or(kept, q.boost)), t.Or(excluded))
    restrictions = [sub for sub in q.items if _is_restriction(sub)]
    if not restrictions:
        return q
    rest = tuple(sub for sub in q.items if sub not in restrictions)
    by_field: dict[str, list[t.Node]] = {}
    for term in restrictions:
        by_field.setdefault(_restricted_field(term), []).append(term)
    parts: list[t.Node] = [t.Or(tuple(terms)) for terms in by_field.values()]
    if rest:
        parts.append(t.Or(rest, q.boost))
    return t.And(tuple(parts))


def _is_restriction(q: t.Node) -> bool:
    """A metadata term (``lang:es``), the names a ``source:`` stands for, or a ``date:`` range."""
    if isinstance(q, t.DateRange):
        return True
    if isinstance(q, t.Or):
        return bool(q.items) and all(_is_restriction(sub) and not isinstance(sub, t.Or) for sub in q.items)
    return isinstance(q, t.Term) and q.field in META_FIELDS


def _restricted_field(q: t.Node) -> str:
    return _restricted_field(q.items[0]) if isinstance(q, t.Or) else q.field


def _plain_words(q: t.Node) -> list[str]:
    """The words typed on text fields, in order (a phrase's words too)."""
    if isinstance(q, t.Term):
        return [q.text] if q.field in TEXT_FIELDS else []
    if isinstance(q, t.Phrase):
        return list(q.words)
    out: list[str] = []
    for sub in _children(q):
        out.extend(_plain_words(sub))
    return out


def _children(q: t.Node) -> tuple[t.Node, ...]:
    if isinstance(q, (t.And, t.Or)):
        return q.items
    if isinstance(q, t.Not):
        return (q.item,)
    if isinstance(q, t.AndNot):
        return (q.positive, q.negative)
    if isinstance(q, t.AndMaybe):
        return (q.required, q.optional)
    return ()


def _query_language(words: list[str]) -> str | None:
    if not words:
        return None
    lang, confidence = detect_language(" ".join(words))
    return lang if confidence >= 0.5 else None


class _Rewriter:
    """Turns a parsed tree over light query fields into an analysed one over the index's fields."""

    def __init__(self, reader: Any, lang: str | None, words: list[str], notices: list[str],
                 sources: Collection[str] | Callable[[], Collection[str]] = ()):
        self.reader = reader
        self._sources = sources
        self.lang = lang
        self.allowed_words = {fold(w) for w in words}
        self.only_stopwords = all(is_stopword(fold(w)) for w in words)
        self.notices = notices
        self.highlight: dict[str, set[str]] = {lang_: set() for lang_ in LANGUAGES}
        self.roots: dict[tuple[str, str], float] = {}
        """(root field, root) → boost of the plain words' roots (see :func:`_with_roots`)."""

    def rewrite(self, q: t.Node, negated: bool = False) -> t.Node:
        if isinstance(q, t.Not):
            return t.Not(self.rewrite(q.item, negated=True), q.boost)
        if isinstance(q, t.AndNot):
            return t.AndNot(self.rewrite(q.positive, negated), self.rewrite(q.negative, not negated))
        if isinstance(q, t.AndMaybe):
            return t.AndMaybe(self.rewrite(q.required, negated), self.rewrite(q.optional, negated))
        if isinstance(q, (t.And, t.Or)):
            return type(q)(tuple(self.rewrite(sub, negated) for sub in q.items), q.boost)
        name = getattr(q, "field", None)
        if name in TEXT_FIELDS:
            return self._text_leaf(q, negated)
        if isinstance(q, t.Term) and name == "lang":
            return t.Term("lang", filters.check_language(q.text.strip().lower()), q.boost)
        if isinstance(q, t.Term) and name == "source":
            if not filters.source_key(q.text):
                return t.Nothing()
            if callable(self._sources):
                self._sources = self._sources()
            names = sorted(filters.resolve_source(q.text, self._sources))
            terms = tuple(t.Term("source", name, q.boost) for name in names)
            return terms[0] if len(terms) == 1 else t.Or(terms)
        if name == "date":
            return self._date(q)
        if isinstance(q, t.PATTERNS):
            return t.Nothing()  # a pattern over a whole-value field (``lang:e*``) names no value
        return q

    def _date(self, q: t.Node) -> t.Node:
        """``date:2023`` is the whole year (``date:2023-05``, ``date:2023-05-01`` likewise);
        ``date:[2023 TO 2024-06]`` a range; anything else there is an InvalidInput."""
        if isinstance(q, t.Range):
            start, end = filters.date_range(q.start, q.end, "date:[", "TO")
        elif isinstance(q, t.Term):
            start, end = filters.date_range(q.text, q.text, "date:", "date:")
        else:
            raise InvalidInput("date:{value} is not a date: use date:YYYY, "
                               "date:YYYY-MM, date:YYYY-MM-DD or date:[FROM TO UNTIL]", "date", getattr(q, "text", ""))
        return t.DateRange("date", start, end, getattr(q, "boost", 1.0))

    def _text_leaf(self, q: t.Node, negated: bool) -> t.Node:
        name = q.field
        if isinstance(q, t.Every):
            return t.Every()  # every article has words: no need to read each word's postings
        if isinstance(q, t.Fuzzy):
            if not _WORDISH.search(q.text):
                return t.Nothing()
            return self._expanded(q, negated, self._fuzzy_terms(name, fold(q.text), q))
        if isinstance(q, t.Prefix):
            if not _WORDISH.search(q.text):
                return t.Nothing()
            return self._expanded(q, negated, self._cap(fold(q.text) + "*", t.Prefix(name, fold(q.text))))
        if isinstance(q, t.Wildcard):
            if not _WORDISH.search(q.pattern):
                return t.Every() if "*" in q.pattern else t.Nothing()
            folded = "".join(fold(ch) if ch not in "*?" else ch for ch in q.pattern)
            return self._expanded(q, negated, self._cap(q.pattern, t.Wildcard(name, folded)))
        if isinstance(q, t.Range):
            return self._expanded(q, negated, self._range_terms(name, q))
        if isinstance(q, t.Phrase):
            if len(q.words) == 1:  # a quoted word is the word: ``"Amazonas"`` meets *amazona* too
                return self._word(name, q.words[0], q.boost, negated)
            words = tuple(fold(w) for w in q.words)
            if not negated:
                self._mark_exact(list(words))
            return t.Phrase(name, words, q.slop, q.boost) if words else t.Nothing()
        if isinstance(q, t.Term):
            return self._word(name, q.text, q.boost, negated)
        return q

    def _word(self, fieldname: str, word: str, boost: float, negated: bool) -> t.Node:
        folded = fold(word)
        if not folded or folded not in self.allowed_words:
            return t.Nothing()
        if is_stopword(folded) and not self.only_stopwords and not negated:
            return t.Nothing()
        accented = word.lower()
        if fieldname == TITLE_FIELD:
            alternatives: list[t.Node] = [t.Term(TITLE_FIELD, folded)]
            if accented != folded:
                alternatives.append(t.Term(TITLE_FIELD, accented, ACCENT_WEIGHT))
        else:
            alternatives = [
                t.Term(EXACT_FIELD, folded, EXACT_WEIGHT),
                t.Term(TITLE_FIELD, folded, TITLE_WEIGHT),
            ]
            for lang, stem_field in STEM_FIELDS.items():
                if folded in STOPWORDS[lang]:
                    continue
                weight = OWN_LANGUAGE_WEIGHT if self.lang in (None, lang) else OTHER_LANGUAGE_WEIGHT
                alternatives.append(t.Term(stem_field, stem(folded, lang), weight))
                if not negated:
                    self.highlight[lang].add(HIGHLIGHT_STEM_MARK + stem(folded, lang))
                if lang in ROOT_FIELDS and self.lang == lang and not negated:
                    key = (ROOT_FIELDS[lang], root(folded, lang))
                    self.roots[key] = max(self.roots.get(key, 0.0), weight * boost * ROOT_WEIGHT)
            if accented != folded:
                alternatives.append(t.Term(EXACT_FIELD, accented, ACCENT_WEIGHT))
        if not negated:
            self._mark_exact([folded])
        return t.Or(tuple(alternatives), boost)

    def _mark_exact(self, words: list[str]) -> None:
        for lang in LANGUAGES:
            self.highlight[lang].update(words)

    def _expanded(self, q: t.Node, negated: bool, terms: list[str]) -> t.Node:
        if not terms:
            return t.Nothing()
        if not negated:
            self._mark_exact(terms)
        return t.Or(tuple(t.Term(q.field, term) for term in terms), q.boost)

    def _cap(self, label: str, pattern: t.Prefix | t.Wildcard | t.Fuzzy | t.Range) -> list[str]:
        """The terms ``pattern`` expands to, at most MAX_EXPANSION (the most common, with a notice)."""
        terms = self.reader.expand(pattern, MAX_EXPANSION * 8)
        if len(terms) <= MAX_EXPANSION:
            return terms
        self.notices.append(
            f"'{label}' matches {len(terms)}+ words; searching the {MAX_EXPANSION} most common"
        )
        counts = dict(zip(terms, self.reader.doc_frequencies(EXACT_FIELD, terms)))
        terms.sort(key=counts.__getitem__, reverse=True)
        return terms[:MAX_EXPANSION]

    def _range_terms(self, fieldname: str, q: t.Range) -> list[str]:
        """The words of ``[start TO end]`` (either end open), read in order up to the cap's reach."""
        bounds = t.Range(fieldname, fold(q.start or ""), fold(q.end) if q.end else None, q.start_excl, q.end_excl)
        label = " ".join(["[" + (q.start or ""), "TO", q.end or ""]).strip() + "]"
        return self._cap(label, bounds)

    def _fuzzy_terms(self, fieldname: str, word: str, q: t.Fuzzy) -> list[str]:
        maxdist = min(q.maxdist, MAX_FUZZY_DISTANCE, _fuzziness(word))
        if maxdist < q.maxdist:
            self.notices.append(f"'{word}~{q.maxdist}' searched within {maxdist} "
                                f"{'edit' if maxdist == 1 else 'edits'} (a {len(word)}-letter word)")
        if not word:
            return []
        # A backend compares every word that shares the prefix: with none, the whole vocabulary.
        return self._cap(word + "~", t.Fuzzy(fieldname, word, maxdist, max(q.prefix, 1)))


def _fuzziness(word: str) -> int:
    """Edits a fuzzy term may make, by its length (Elasticsearch's AUTO: 0 up to 2 letters, 1 up
    to 5, else 2): one letter two edits away matches every short word."""
    return 0 if len(word) <= 2 else 1 if len(word) <= 5 else 2


def suggestion_text(text: str) -> str:
    """A query string without its field names (``title:``) and undecodable bytes, for spelling."""
    return field_names(_LONE_SURROGATE.sub(" ", text[:MAX_QUERY_CHARS]))
