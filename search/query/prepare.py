"""From a user's query string to a language-aware Whoosh query, leniently.

The string is parsed with Whoosh's query language (AND OR NOT, "phrases", prefix*, fuzzy~,
field:value) against light query-time fields that only split and lowercase; the tree is then
rewritten: each plain word becomes a disjunction over the stemmed field of each language
(weighted towards the query's own language), the folded exact field, the title, and — when the
word was typed with accents — its exact accented form. Expansions (prefix, wildcard, fuzzy) are
capped so no query can make the engine enumerate the whole vocabulary.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field

from whoosh import query as wq
from whoosh.analysis import LowercaseFilter
from whoosh.fields import ID, TEXT, Schema
from whoosh.qparser import FuzzyTermPlugin, OrGroup, PlusMinusPlugin, QueryParser
from whoosh.reading import IndexReader

from search.analysis import (
    HIGHLIGHT_STEM_MARK,
    LANGUAGES,
    STOPWORDS,
    fold,
    is_stopword,
    stem,
    tokenizer,
)
from search.query import filters
from search.backends.whoosh import ranking
from search.errors import InvalidInput
from search.ingest.langdetect import detect_language
from search.backends.whoosh.schema import EXACT_FIELD, ROOT_FIELDS, STEM_FIELDS, TITLE_FIELD
from search.analysis.stemming import root

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
"""Root-field terms (``search.backends.whoosh.schema.ROOT_FIELDS``), relative to the language's stem weight."""
WORD_TIEBREAK: float | None = None
COORDINATION = 0.9
"""OrGroup scaling: a document matching more of the query's words ranks higher."""

_TEXT_FIELDS = {EXACT_FIELD, TITLE_FIELD}
_META_FIELDS = {"lang", "source", "id", "path", "group"}
_FIELD_ALIASES = {"body": EXACT_FIELD, "content": EXACT_FIELD, "language": "lang", "headline": TITLE_FIELD}


@dataclass
class PreparedQuery:
    """A rewritten query plus what highlighting and suggestions need to know about it."""

    text: str
    query: wq.Query
    lang: str | None
    """Detected language of the query's words, or None when unsure."""
    words: list[str] = field(default_factory=list)
    """The plain words typed, in order (original spelling)."""
    highlight: dict[str, frozenset[str]] = field(default_factory=dict)
    """Per document language: the token texts the highlight analyzer should mark."""
    notices: list[str] = field(default_factory=list)


def _query_schema() -> Schema:
    light = tokenizer() | LowercaseFilter()
    return Schema(
        **{EXACT_FIELD: TEXT(analyzer=light), TITLE_FIELD: TEXT(analyzer=light)},
        lang=ID(), source=ID(), id=ID(), path=ID(), group=ID(), date=ID(),
    )


_PARSER = QueryParser(EXACT_FIELD, _query_schema(), group=OrGroup.factory(COORDINATION))
_PARSER.add_plugin(FuzzyTermPlugin())
# + and - only at the start of a word: "U.S.-Mexico" and "MS-13" stay words.
_PARSER.add_plugin(PlusMinusPlugin(plusexpr=r"(?<![^\s(])\+(?=\S)", minusexpr=r"(?<![^\s(])-(?=\S)"))
_FIELD_PREFIX = re.compile(r"\b(\w+):")
_WORDISH = re.compile(r"\w")
_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")
"""What undecodable bytes become in a Python string: not text, so not part of any word."""
_QUESTION_MARK = re.compile(r"(?<=\w)\?+(?=[\s\"')\]]|$)|(?<![\w*?])\?+(?=\w)|¿")
"""A question's "?" is punctuation, not a one-letter wildcard: ``Rin?`` means ``Rin`` and ``?Quien``
(``¿Quién`` typed without accents) means ``Quien``; ``wom?n`` stays a pattern."""


def prepare(text: str, reader: IndexReader, sources: Collection[str] = ()) -> PreparedQuery:
    """Parse and rewrite ``text``; never raises on malformed input. ``source:`` names are resolved
    among ``sources`` as the source filter resolves them; an unknown one, like ``lang:fr`` or a
    ``date:`` that is not a date, is an InvalidInput."""
    text = _LONE_SURROGATE.sub(" ", text[:MAX_QUERY_CHARS])
    parsed = _parse(text)
    words = [w for w in _plain_words(parsed)]
    notices: list[str] = []
    if len(words) > MAX_TERMS:
        notices.append(f"query has {len(words)} words; only the first {MAX_TERMS} were used")
    lang = _query_language(words)
    rewriter = _Rewriter(reader, lang, words[:MAX_TERMS], notices, sources)
    rewritten = _with_roots(_restrictions_first(rewriter.rewrite(parsed)).normalize(), rewriter.roots)
    return PreparedQuery(
        text=text, query=rewritten, lang=lang, words=words,
        highlight={lang_: frozenset(terms) for lang_, terms in rewriter.highlight.items()},
        notices=notices,
    )


def _with_roots(q: wq.Query, roots: dict[tuple[str, str], float]) -> wq.Query:
    """A plain disjunction of words, scored higher in documents that also hold the words' roots
    (*aceptar* for *aceptación*); the roots never match a document on their own, so a derivation
    that Snowball merges with an unrelated word (*deportación*, *deporte*) finds nothing new."""
    if not roots or ranking.flat_terms(q) is None:
        return q
    return wq.AndMaybe(q, wq.Or([wq.Term(fieldname, text, boost=boost) for (fieldname, text), boost in roots.items()]))


def _restrictions_first(q: wq.Query) -> wq.Query:
    """``lang:es trump`` means Spanish documents about Trump: field:value terms on metadata
    fields restrict the other words instead of being one more alternative."""
    if not isinstance(q, wq.Or):
        return q
    excluded = [sub.query for sub in q.subqueries if isinstance(sub, wq.Not)]
    if excluded:
        kept = [sub for sub in q.subqueries if not isinstance(sub, wq.Not)]
        if not kept:
            return wq.And([wq.Every(), wq.Not(wq.Or(excluded))])
        return wq.AndNot(_restrictions_first(type(q)(kept, boost=q.boost)), wq.Or(excluded))
    restrictions = [sub for sub in q.subqueries if _is_restriction(sub)]
    if not restrictions:
        return q
    rest = [sub for sub in q.subqueries if sub not in restrictions]
    by_field: dict[str, list[wq.Query]] = {}
    for term in restrictions:
        by_field.setdefault(_restricted_field(term), []).append(term)
    parts: list[wq.Query] = [wq.Or(terms) for terms in by_field.values()]
    if rest:
        parts.append(type(q)(rest, boost=q.boost))
    return wq.And(parts)


def _is_restriction(q: wq.Query) -> bool:
    """A metadata term (``lang:es``), the names a ``source:`` stands for, or a ``date:`` range."""
    if isinstance(q, wq.DateRange):
        return True
    if isinstance(q, wq.Or):
        return bool(q.subqueries) and all(_is_restriction(sub) and not isinstance(sub, wq.Or) for sub in q.subqueries)
    return type(q) is wq.Term and q.fieldname in _META_FIELDS


def _restricted_field(q: wq.Query) -> str:
    return _restricted_field(q.subqueries[0]) if isinstance(q, wq.Or) else q.fieldname


def _parse(text: str) -> wq.Query:
    cleaned = _QUESTION_MARK.sub("", text)
    cleaned = _FIELD_PREFIX.sub(lambda m: _field_alias(m.group(1)), cleaned)
    try:
        return _PARSER.parse(cleaned)
    except Exception:  # Whoosh's parser can still fail on odd input; fall back to plain words.
        words = [t.text for t in (tokenizer() | LowercaseFilter())(text)]
        return wq.Or([wq.Term(EXACT_FIELD, w) for w in words]) if words else wq.NullQuery


def _field_alias(name: str) -> str:
    lowered = name.lower()
    lowered = _FIELD_ALIASES.get(lowered, lowered)
    if lowered in _PARSER.schema.names():
        return lowered + ":"
    return name + " "  # an unknown field: search its name as a word instead of failing


def _plain_words(q: wq.Query) -> list[str]:
    out: list[str] = []
    for leaf in q.leaves():
        if isinstance(leaf, wq.Term) and leaf.fieldname in _TEXT_FIELDS and type(leaf) is wq.Term:
            out.append(leaf.text)
        elif isinstance(leaf, wq.Phrase):
            out.extend(leaf.words)
    return out


def _query_language(words: list[str]) -> str | None:
    if not words:
        return None
    lang, confidence = detect_language(" ".join(words))
    return lang if confidence >= 0.5 else None


class _Rewriter:
    """Turns a parsed tree over light query fields into one over the index's fields."""

    def __init__(self, reader: IndexReader, lang: str | None, words: list[str], notices: list[str],
                 sources: Collection[str] = ()):
        self.reader = reader
        self.sources = sources
        self.lang = lang
        self.allowed_words = {fold(w) for w in words}
        self.only_stopwords = all(is_stopword(fold(w)) for w in words)
        self.notices = notices
        self.highlight: dict[str, set[str]] = {lang_: set() for lang_ in LANGUAGES}
        self.roots: dict[tuple[str, str], float] = {}
        """(root field, root) → boost of the plain words' roots (see :func:`_with_roots`)."""

    def rewrite(self, q: wq.Query, negated: bool = False) -> wq.Query:
        if isinstance(q, wq.Not):
            return wq.Not(self.rewrite(q.query, negated=True), boost=q.boost)
        if isinstance(q, wq.AndNot):
            return wq.AndNot(self.rewrite(q.a, negated), self.rewrite(q.b, not negated))
        if isinstance(q, (wq.AndMaybe, wq.Require)):
            return type(q)(self.rewrite(q.a, negated), self.rewrite(q.b, negated))
        if isinstance(q, wq.CompoundQuery):
            return type(q)([self.rewrite(sub, negated) for sub in q.subqueries], boost=q.boost)
        if getattr(q, "fieldname", None) in _TEXT_FIELDS:
            return self._text_leaf(q, negated)
        if isinstance(q, wq.Term) and q.fieldname == "lang":
            return wq.Term("lang", filters.check_language(str(q.text).strip().lower()), boost=q.boost)
        if isinstance(q, wq.Term) and q.fieldname == "source":
            if not filters.source_key(str(q.text)):
                return wq.NullQuery
            names = sorted(filters.resolve_source(str(q.text), self.sources))
            terms = [wq.Term("source", name, boost=q.boost) for name in names]
            return terms[0] if len(terms) == 1 else wq.Or(terms)
        if getattr(q, "fieldname", None) == "date":
            return self._date(q)
        return q

    def _date(self, q: wq.Query) -> wq.Query:
        """``date:2023`` is the whole year (``date:2023-05``, ``date:2023-05-01`` likewise);
        ``date:[2023 TO 2024-06]`` a range; anything else there is an InvalidInput."""
        if isinstance(q, wq.TermRange):
            start, end = filters.date_range(q.start, q.end, "date:[", "TO")
        elif type(q) is wq.Term:
            start, end = filters.date_range(q.text, q.text, "date:", "date:")
        else:
            raise InvalidInput("date:{value} is not a date: use date:YYYY, "
                               "date:YYYY-MM, date:YYYY-MM-DD or date:[FROM TO UNTIL]", "date", getattr(q, "text", ""))
        return wq.DateRange("date", start, end, boost=q.boost)

    def _text_leaf(self, q: wq.Query, negated: bool) -> wq.Query:
        fieldname = q.fieldname
        if isinstance(q, wq.Every):
            return wq.Every()  # every article has words: no need to read each word's postings
        if isinstance(q, (wq.FuzzyTerm, wq.Prefix, wq.Wildcard)) and not _WORDISH.search(str(q.text)):
            return wq.Every() if isinstance(q, wq.Wildcard) and "*" in q.text else wq.NullQuery
        if isinstance(q, wq.FuzzyTerm):
            return self._expanded(q, fieldname, negated, self._fuzzy_terms(fieldname, fold(q.text), q))
        if isinstance(q, wq.Prefix):
            return self._expanded(q, fieldname, negated, self._prefix_terms(fieldname, fold(q.text)))
        if isinstance(q, wq.Wildcard):
            return self._expanded(q, fieldname, negated, self._wildcard_terms(fieldname, q.text))
        if isinstance(q, wq.TermRange):
            return self._expanded(q, fieldname, negated, self._range_terms(fieldname, q))
        if isinstance(q, wq.Phrase):
            words = [fold(w) for w in q.words]
            if not negated:
                self._mark_exact(words)
            return wq.Phrase(fieldname, words, slop=q.slop, boost=q.boost)
        if type(q) is wq.Term:
            return self._word(fieldname, str(q.text), q.boost, negated)
        return q

    def _word(self, fieldname: str, word: str, boost: float, negated: bool) -> wq.Query:
        folded = fold(word)
        if not folded or folded not in self.allowed_words:
            return wq.NullQuery
        if is_stopword(folded) and not self.only_stopwords and not negated:
            return wq.NullQuery
        accented = word.lower()
        if fieldname == TITLE_FIELD:
            alternatives: list[wq.Query] = [wq.Term(TITLE_FIELD, folded)]
            if accented != folded:
                alternatives.append(wq.Term(TITLE_FIELD, accented, boost=ACCENT_WEIGHT))
        else:
            alternatives = [
                wq.Term(EXACT_FIELD, folded, boost=EXACT_WEIGHT),
                wq.Term(TITLE_FIELD, folded, boost=TITLE_WEIGHT),
            ]
            for lang, stem_field in STEM_FIELDS.items():
                if folded in STOPWORDS[lang]:
                    continue
                weight = OWN_LANGUAGE_WEIGHT if self.lang in (None, lang) else OTHER_LANGUAGE_WEIGHT
                alternatives.append(wq.Term(stem_field, stem(folded, lang), boost=weight))
                if not negated:
                    self.highlight[lang].add(HIGHLIGHT_STEM_MARK + stem(folded, lang))
                if lang in ROOT_FIELDS and self.lang == lang and not negated:
                    key = (ROOT_FIELDS[lang], root(folded, lang))
                    self.roots[key] = max(self.roots.get(key, 0.0), weight * boost * ROOT_WEIGHT)
            if accented != folded:
                alternatives.append(wq.Term(EXACT_FIELD, accented, boost=ACCENT_WEIGHT))
        if not negated:
            self._mark_exact([folded])
        if WORD_TIEBREAK is None:
            return wq.Or(alternatives, boost=boost)
        return wq.DisjunctionMax(alternatives, boost=boost, tiebreak=WORD_TIEBREAK)

    def _mark_exact(self, words: list[str]) -> None:
        for lang in LANGUAGES:
            self.highlight[lang].update(words)

    def _expanded(self, q: wq.Query, fieldname: str, negated: bool, terms: list[str]) -> wq.Query:
        if not terms:
            return wq.NullQuery
        if not negated:
            self._mark_exact(terms)
        return wq.Or([wq.Term(fieldname, t) for t in terms], boost=q.boost)

    def _cap(self, pattern: str, terms: list[str]) -> list[str]:
        if len(terms) <= MAX_EXPANSION:
            return terms
        self.notices.append(
            f"'{pattern}' matches {len(terms)}+ words; searching the {MAX_EXPANSION} most common"
        )
        terms.sort(key=lambda t: self.reader.doc_frequency(EXACT_FIELD, t), reverse=True)
        return terms[:MAX_EXPANSION]

    def _prefix_terms(self, fieldname: str, prefix: str) -> list[str]:
        terms: list[str] = []
        for btext in self.reader.expand_prefix(fieldname, prefix):
            terms.append(btext.decode("utf-8") if isinstance(btext, bytes) else btext)
            if len(terms) >= MAX_EXPANSION * 8:
                break
        return self._cap(prefix + "*", terms)

    def _wildcard_terms(self, fieldname: str, pattern: str) -> list[str]:
        folded = "".join(fold(ch) if ch not in "*?" else ch for ch in pattern)
        regex = re.compile(
            "".join(".*" if ch == "*" else "." if ch == "?" else re.escape(ch) for ch in folded) + r"\Z"
        )
        head = re.split(r"[*?]", folded, maxsplit=1)[0]
        terms: list[str] = []
        for btext in self.reader.expand_prefix(fieldname, head):
            word = btext.decode("utf-8") if isinstance(btext, bytes) else btext
            if regex.match(word):
                terms.append(word)
                if len(terms) >= MAX_EXPANSION * 8:
                    break
        return self._cap(pattern, terms)

    def _range_terms(self, fieldname: str, q: wq.TermRange) -> list[str]:
        """The words of ``[start TO end]`` (either end open), read in order up to the cap's reach."""
        start = fold(str(q.start or ""))
        end = fold(str(q.end)) if q.end else None
        terms: list[str] = []
        for name, btext in self.reader.terms_from(fieldname, start):
            word = btext.decode("utf-8") if isinstance(btext, bytes) else btext
            if name != fieldname or (end is not None and (word > end or (q.endexcl and word == end))):
                break
            if q.startexcl and word == start:
                continue
            terms.append(word)
            if len(terms) >= MAX_EXPANSION * 8:
                break
        label = " ".join(["[" + str(q.start or ""), "TO", str(q.end or "")]).strip() + "]"
        return self._cap(label, terms)

    def _fuzzy_terms(self, fieldname: str, word: str, q: wq.FuzzyTerm) -> list[str]:
        maxdist = min(int(q.maxdist), MAX_FUZZY_DISTANCE, _fuzziness(word))
        if maxdist < int(q.maxdist):
            self.notices.append(f"'{word}~{int(q.maxdist)}' searched within {maxdist} "
                                f"{'edit' if maxdist == 1 else 'edits'} (a {len(word)}-letter word)")
        # Whoosh compares every word that shares the prefix: with none, the whole vocabulary.
        prefix = max(int(q.prefixlength), 1)
        if not word:
            return []
        terms = [word] if self.reader.doc_frequency(fieldname, word) else []
        if maxdist:
            terms += [t for t in self.reader.terms_within(fieldname, word, maxdist, prefix=prefix) if t != word]
        return self._cap(word + "~", terms)


def _fuzziness(word: str) -> int:
    """Edits a fuzzy term may make, by its length (Elasticsearch's AUTO: 0 up to 2 letters, 1 up
    to 5, else 2): one letter two edits away matches every short word."""
    return 0 if len(word) <= 2 else 1 if len(word) <= 5 else 2


def suggestion_text(text: str) -> str:
    """A query string without its field names (``title:``) and undecodable bytes, for spelling."""
    return _FIELD_PREFIX.sub(" ", _LONE_SURROGATE.sub(" ", text[:MAX_QUERY_CHARS]))
