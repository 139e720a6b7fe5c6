"""The search engine over one index folder: search with filters and facets, articles, suggestions."""

from __future__ import annotations

import os
import pickle
import struct
import threading
import time
import zlib
from collections import Counter
from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from whoosh import query as wq
from whoosh.sorting import FieldFacet

from search import ranking, store
from search.analysis import LANGUAGES, fold, is_stopword, tokenizer
from search.config import default_index_dir
from search.errors import ArticleNotFound, IndexDamaged, InvalidInput, SearchError
from search.highlight import match_spans, snippets
from search.models import Article, Hit, IndexStats, SearchResult
from search.query import MAX_QUERY_CHARS, MAX_TERMS, PreparedQuery, prepare, suggestion_words
from search.schema import EXACT_FIELD, SCHEMA_VERSION
from search.scoring import weighting
from search.semantic.fusion import SemanticIndex, passage_snippet
from search.semantic.hybrid import Found, Hybrid, hybrid_scores

MAX_LIMIT = 1000
SUGGEST_BELOW = 3
"""A query with fewer hits than this gets a "did you mean" suggestion when one exists."""
SORTS = ("relevance", "date")
MAX_SUGGESTED_WORD = 30
"""Longer "words" (pasted hashes, URLs) get no spelling suggestion: they would only cost time."""
MAX_CACHED_QUERIES = 64
"""Prepared queries remembered per searcher: paging, a toggled filter or an opened article asks
for the same text again."""
MAX_CACHED_GROUPS = 50_000
"""Language-version groups remembered per searcher; past this the memory starts over."""
_DAMAGE = (OSError, EOFError, struct.error, zlib.error, pickle.UnpicklingError, IndexError, ValueError)


def open_index(index_dir: str | os.PathLike[str] | None = None) -> Engine:
    """Open the live index in ``index_dir`` (default: ``$NEWS_SEARCH_INDEX`` or ``./index``)."""
    return Engine(Path(index_dir) if index_dir is not None else default_index_dir())


class Engine:
    """A reader of one index folder. It keeps one Whoosh searcher open and reuses it.

    Thread-safe: calls are serialized, so a UI may search from worker threads while another
    thread rebuilds the index and then calls :meth:`refresh`.
    """

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = index_dir
        self._lock = threading.RLock()
        self._searcher: Any = None
        self._generation: store.Generation | None = None
        self._columns: dict[str, list[Any]] | None = None
        self._groups: dict[str, tuple[tuple[int, str], ...]] = {}
        self._queries: dict[str, PreparedQuery] = {}
        self._scorer: ranking.TermScorer | None = None
        self._semantic: SemanticIndex | None = None
        self._open()

    # -- lifecycle -------------------------------------------------------------------------

    def _open(self) -> None:
        for attempt in range(3):
            generation = store.current_generation(self.index_dir)
            try:
                from whoosh import index as whoosh_index

                searcher = whoosh_index.open_dir(str(generation.path)).searcher(weighting=weighting())
                searcher.reader().doc_count()
            except FileNotFoundError:
                if attempt < 2 and store.current_generation(self.index_dir).name != generation.name:
                    continue  # a writer swapped generations while we opened; take the new one
                raise IndexDamaged(
                    f"index '{self.index_dir}' is missing files; {store.REBUILD_HINT}"
                ) from None
            except SearchError:
                raise
            except Exception as exc:
                raise IndexDamaged(
                    f"index '{self.index_dir}' is damaged ({type(exc).__name__}); {store.REBUILD_HINT}"
                ) from None
            old = self._searcher
            self._searcher, self._generation, self._columns = searcher, generation, None
            self._groups, self._queries = {}, {}
            self._semantic = SemanticIndex(generation.path)
            if old is not None:
                old.close()
            return

    def refresh(self) -> bool:
        """Switch to a newer generation if a writer swapped one in; True when it did."""
        with self._lock:
            if store.current_generation(self.index_dir).name == self._generation.name:
                return False
            self._open()
            return True

    def close(self) -> None:
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _reading(self) -> Iterator[Any]:
        with self._lock:
            if self._searcher is None:
                raise InvalidInput("the index was closed; open it again")
            try:
                yield self._searcher
            except SearchError:
                raise
            except _DAMAGE as exc:
                raise IndexDamaged(
                    f"index '{self.index_dir}' cannot be read ({type(exc).__name__}: {exc}); "
                    f"{store.REBUILD_HINT}"
                ) from None

    # -- search ----------------------------------------------------------------------------

    def search(
        self,
        query: str,
        *,
        lang: str | Iterable[str] | None = None,
        source: str | Iterable[str] | None = None,
        since: str | date | None = None,
        until: str | date | None = None,
        sort: str = "relevance",
        limit: int = 10,
        offset: int = 0,
        snippets: int = 3,
        facets: bool = True,
        same_language: bool = False,
    ) -> SearchResult:
        """Run ``query`` with optional filters; see ``search.models.SearchResult``.

        ``same_language`` keeps the hits in the query's (detected) language: no matches across
        languages."""
        started = time.perf_counter()
        langs = _languages(lang)
        if sort not in SORTS:
            raise InvalidInput(f"unknown sort '{sort}': use relevance or date")
        if not 0 <= limit <= MAX_LIMIT:
            raise InvalidInput(f"limit {limit} is out of range: use 0 to {MAX_LIMIT}")
        if offset < 0:
            raise InvalidInput(f"offset {offset} is negative: use 0 or more")
        start = _parse_date(since, "since", end=False)
        end = _parse_date(until, "until", end=True)
        if start and end and start > end:
            raise InvalidInput(f"--since {since} is after --until {until}: swap them")
        with self._reading() as searcher:
            prepared = self._prepared(searcher, query or "")
            notices = list(prepared.notices)
            if same_language and langs is None:
                if prepared.lang:
                    langs = {prepared.lang}
                elif prepared.words:
                    notices.append("could not tell the query's language, so hits in both languages are shown")
            sources = self._resolve_sources(source)
            filter_query = _filter_query(langs, sources, start, end)
            hits: list[Hit] = []
            total = 0
            counts: dict[str, dict[str, int]] = {"lang": {}, "source": {}}
            scores = None
            if prepared.query is not wq.NullQuery and sort == "relevance":
                scores = self._term_scorer(searcher).scores(prepared.query)
            found: dict[int, Found] = {}
            if scores is not None:
                hybrid = self._hybrid(searcher, prepared, scores, langs)
                scores, found = hybrid.scores, hybrid.found
                notices.extend(hybrid.notices)
                matched = scores.keys()
                in_dates = _in_dates(searcher, start, end)
                accepted = self._accepted(searcher, matched, langs, sources, in_dates)
                total = len(accepted)
                if facets:
                    counts = self._facet_counts(searcher, matched, langs, sources, in_dates)[1]
                for docnum in ranking.top(scores, accepted, offset + limit)[offset:]:
                    hits.append(self._hit(searcher, docnum, scores[docnum], prepared, snippets,
                                          found.get(docnum)))
            elif prepared.query is not wq.NullQuery:
                results = searcher.search(
                    prepared.query, filter=filter_query, limit=max(offset + limit, 1),
                    sortedby=FieldFacet("date", reverse=True) if sort == "date" else None,
                    terms=False,
                )
                if facets:
                    total, counts = self._facet_counts(
                        searcher, searcher.docs_for_query(prepared.query), langs, sources,
                        _in_dates(searcher, start, end),
                    )
                else:
                    total = len(results)
                for hit in results[offset: offset + limit]:
                    hits.append(self._hit(searcher, hit.docnum, hit.score or 0.0, prepared, snippets))
            suggestion = None
            if total < SUGGEST_BELOW and prepared.words:
                found = self._suggestions(searcher, query, 1)
                suggestion = found[0] if found else None
        return SearchResult(
            query=query, total=total, took_ms=(time.perf_counter() - started) * 1000, hits=hits,
            offset=offset, limit=limit, facets=counts, suggestion=suggestion,
            notices=notices,
        )

    def _prepared(self, searcher: Any, text: str) -> PreparedQuery:
        """``prepare(text)``, shared by the calls that ask for the same text (not to be modified)."""
        prepared = self._queries.get(text)
        if prepared is None:
            prepared = self._queries[text] = prepare(text, searcher.reader())
            if len(self._queries) > MAX_CACHED_QUERIES:
                del self._queries[next(iter(self._queries))]
        return prepared

    def _hybrid(self, searcher: Any, prepared: PreparedQuery, scores: dict[int, float],
                langs: set[str] | None) -> Hybrid:
        """Lexical scores fused with the translated query's and with passage similarities."""
        if not prepared.words:
            return Hybrid(scores)
        scorer = self._term_scorer(searcher)

        def score_text(text: str) -> tuple[dict[int, float], dict[str, frozenset[str]]]:
            other = self._prepared(searcher, text)
            found = scorer.scores(other.query) if other.query is not wq.NullQuery else None
            return found or {}, other.highlight

        # Stop words are dropped from the embedded text as from the lexical query: "the president of
        # the government" and "president government" find the same documents.
        content = [w for w in prepared.words if not is_stopword(fold(w))] or prepared.words
        return hybrid_scores(" ".join(content), prepared.lang, scores, score_text,
                             self._column(searcher, "lang"), langs, self._semantic)

    def _hit(self, searcher: Any, docnum: int, score: float, prepared: PreparedQuery, count: int,
             found: Found | None = None) -> Hit:
        """``found``: how a document that no word of the query matched was found."""
        stored = searcher.stored_fields(docnum)
        lang = stored["lang"]
        terms = prepared.highlight.get(lang, frozenset()) if found is None else found.terms
        body = stored.get("body") or ""
        return Hit(
            id=stored["id"], title=stored.get("title") or "", lang=lang, source=stored.get("source"),
            date=stored.get("date_iso"), path=stored["path"], score=round(float(score), 4),
            snippets=(passage_snippet(body, found.passage, count) if found and found.passage
                      else snippets(body, lang, terms, count)),
            title_spans=match_spans(stored.get("title") or "", lang, terms),
            url=stored.get("url"), versions=self._versions(searcher, docnum, stored),
            cross_language=found is not None and lang != prepared.lang,
        )

    def _versions(self, searcher: Any, docnum: int, stored: dict[str, Any]) -> list[str]:
        group = stored.get("group")
        if not group:
            return []
        members = self._groups.get(group)
        if members is None:
            if len(self._groups) >= MAX_CACHED_GROUPS:
                self._groups.clear()
            members = self._groups[group] = _group_members(searcher, group)
        return sorted(i for n, i in members if n != docnum and i != stored["id"])

    def _column(self, searcher: Any, name: str) -> list[Any]:
        """Per-document values of a metadata field, indexed by document number."""
        if self._columns is None:
            self._columns = {field: _column_values(searcher.reader(), field) for field in ("lang", "source")}
        return self._columns[name]

    def _term_scorer(self, searcher: Any) -> ranking.TermScorer:
        if self._scorer is None or self._scorer.searcher is not searcher:
            self._scorer = ranking.TermScorer(searcher)
        return self._scorer

    def _accepted(
        self, searcher: Any, docnums: Iterable[int], langs: set[str] | None, sources: set[str] | None,
        in_dates: set[int] | None,
    ) -> list[int]:
        """The documents among ``docnums`` that pass the filters (as ``_filter_query`` would)."""
        if not (langs or sources or in_dates is not None):
            return list(docnums)
        lang_col, source_col = self._column(searcher, "lang"), self._column(searcher, "source")
        return [
            d for d in docnums
            if (not langs or lang_col[d] in langs) and (not sources or source_col[d] in sources)
            and (in_dates is None or d in in_dates)
        ]

    def _facet_counts(
        self, searcher: Any, matched: Iterable[int], langs: set[str] | None, sources: set[str] | None,
        in_dates: set[int] | None,
    ) -> tuple[int, dict[str, dict[str, int]]]:
        """Counts per language (other filters applied) and per source (likewise), and the total."""
        lang_col, source_col = self._column(searcher, "lang"), self._column(searcher, "source")
        if langs is None and sources is None and in_dates is None:
            return _unfiltered_counts(matched, lang_col, source_col)
        by_lang: Counter[str] = Counter()
        by_source: Counter[str] = Counter()
        total = 0
        for docnum in matched:
            if in_dates is not None and docnum not in in_dates:
                continue
            doc_lang, doc_source = lang_col[docnum], source_col[docnum]
            lang_ok = langs is None or doc_lang in langs
            source_ok = sources is None or doc_source in sources
            if source_ok:
                by_lang[doc_lang] += 1
            if lang_ok and doc_source:
                by_source[doc_source] += 1
            total += lang_ok and source_ok
        return total, {"lang": dict(by_lang.most_common()), "source": dict(by_source.most_common())}

    def _resolve_sources(self, source: str | Iterable[str] | None) -> set[str] | None:
        """Source names as indexed, matched case- and accent-insensitively."""
        if source is None:
            return None
        wanted = {source} if isinstance(source, str) else set(source)
        if not wanted:
            return None
        known = {fold(s): s for s in self._known_sources()}
        return {known.get(fold(s), s) for s in wanted}

    def _known_sources(self) -> set[str]:
        return {s for s in self._column(self._searcher, "source") if s}

    # -- articles, suggestions, stats ------------------------------------------------------

    def article(self, doc_id: str, query: str | None = None) -> Article:
        """The whole article ``doc_id``, with every match span of ``query`` when given."""
        with self._reading() as searcher:
            docnum = searcher.document_number(id=doc_id) if _encodable(doc_id) else None
            if docnum is None:
                raise ArticleNotFound(
                    f"no article with id '{doc_id}' in index '{self.index_dir}'; "
                    "find ids with: search-cli query TEXT"
                )
            stored = searcher.stored_fields(docnum)
            lang = stored["lang"]
            terms = self._prepared(searcher, query).highlight.get(lang, frozenset()) if query else frozenset()
            body = stored.get("body") or ""
            title = stored.get("title") or ""
            return Article(
                id=stored["id"], title=title, lang=lang, source=stored.get("source"),
                date=stored.get("date_iso"), path=stored["path"], body=body, url=stored.get("url"),
                spans=match_spans(body, lang, terms), title_spans=match_spans(title, lang, terms),
                versions=self._versions(searcher, docnum, stored),
            )

    def suggest(self, query: str, limit: int = 3) -> list[str]:
        """"Did you mean" alternatives for ``query`` from the index vocabulary (accent-insensitive)."""
        with self._reading() as searcher:
            return self._suggestions(searcher, query, limit)

    def _suggestions(self, searcher: Any, query: str, limit: int) -> list[str]:
        reader = searcher.reader()
        corrector = searcher.corrector(EXACT_FIELD)
        corrections: dict[str, list[str]] = {}
        for word in list(dict.fromkeys(suggestion_words(query[:MAX_QUERY_CHARS])))[:MAX_TERMS]:
            if not 3 <= len(word) <= MAX_SUGGESTED_WORD or reader.doc_frequency(EXACT_FIELD, word) > 0:
                continue
            maxdist = 2 if len(word) > 4 else 1
            candidates = [c for c in corrector.suggest(word, limit=8, maxdist=maxdist, prefix=1) if fold(c) == c]
            if candidates:
                corrections[word] = candidates
        if not corrections:
            return []
        alternatives = []
        first = next(iter(corrections))
        for candidate in corrections[first][:limit]:
            chosen = {w: c[0] for w, c in corrections.items()}
            chosen[first] = candidate
            alternatives.append(_replace_words(query, chosen))
        return alternatives

    def stats(self) -> IndexStats:
        """Documents per language and source, size on disk, build time."""
        with self._reading() as searcher:
            generation = self._generation
            live = list(searcher.reader().all_doc_ids())  # deleted documents keep their numbers
            langs, sources = self._column(searcher, "lang"), self._column(searcher, "source")
            return IndexStats(
                index_dir=str(self.index_dir),
                documents=len(live),
                langs=dict(Counter(langs[d] for d in live).most_common()),
                sources=dict(Counter(sources[d] for d in live if sources[d]).most_common()),
                size_bytes=store.disk_size(generation.path),
                built_at=str(generation.meta.get("built_at", "")),
                seeds_dir=generation.meta.get("seeds_dir"),
                schema_version=int(generation.meta.get("schema_version", SCHEMA_VERSION)),
            )

    def sources(self) -> list[str]:
        """Every source name in the index, sorted."""
        with self._reading():
            return sorted(self._known_sources())


def _encodable(text: str) -> bool:
    """Whether ``text`` is valid Unicode (no lone surrogates), as every stored id is."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _group_members(searcher: Any, group: str) -> tuple[tuple[int, str], ...]:
    """(document number, id) of each live document of ``group``; empty when the group has only one
    document, so no other versions (most groups: a JSONL record is a group of its own), which one
    term lookup tells."""
    if searcher.reader().doc_frequency("group", group) <= 1:
        return ()
    return tuple((n, searcher.stored_fields(n)["id"]) for n in searcher.document_numbers(group=group))


def _unfiltered_counts(
    matched: Iterable[int], lang_col: list[Any], source_col: list[Any]
) -> tuple[int, dict[str, dict[str, int]]]:
    """What ``Engine._facet_counts`` counts when no filter applies, counted in C (same order too:
    a Counter keeps first-seen order among equal counts)."""
    docs = matched if isinstance(matched, Collection) else list(matched)
    by_lang = Counter(map(lang_col.__getitem__, docs))
    by_source = Counter(filter(None, map(source_col.__getitem__, docs)))
    return len(docs), {"lang": dict(by_lang.most_common()), "source": dict(by_source.most_common())}


def _column_values(reader: Any, field: str) -> list[Any]:
    """A column across every segment; a segment where no document has the field gives Nones.

    Equal values are one object, so counting and filtering touch a few strings, not one per document.
    """
    values: list[Any] = []
    shared: dict[Any, Any] = {}
    for leaf, _base in reader.leaf_readers():
        count = leaf.doc_count_all()
        if leaf.has_column(field):
            column = [v.decode("utf-8") if isinstance(v, bytes) else v for v in leaf.column_reader(field)]
            values.extend(shared.setdefault(v, v) if v else None for v in column[:count])
            values.extend([None] * (count - len(column)))
        else:
            values.extend([None] * count)
    return values


def _in_dates(searcher: Any, start: datetime | None, end: datetime | None) -> set[int] | None:
    """The documents dated within the bounds, or None when there are none."""
    if not (start or end):
        return None
    return set(searcher.docs_for_query(wq.DateRange("date", start, end)))


def _languages(lang: str | Iterable[str] | None) -> set[str] | None:
    if lang is None:
        return None
    values = {lang} if isinstance(lang, str) else set(lang)
    values = {v.strip().lower() for v in values if v and v.strip()}
    unknown = values - set(LANGUAGES)
    if unknown:
        raise InvalidInput(f"unknown language '{sorted(unknown)[0]}': use en or es")
    return values or None


def _parse_date(value: str | date | None, name: str, end: bool) -> datetime | None:
    """A filter bound: YYYY, YYYY-MM or YYYY-MM-DD; an end bound covers its whole period."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        start = datetime(value.year, value.month, value.day)
        return start + timedelta(days=1, microseconds=-1) if end else start
    text = str(value).strip()
    for fmt, step in (("%Y-%m-%d", "day"), ("%Y-%m", "month"), ("%Y", "year")):
        try:
            start = datetime.strptime(text, fmt)
        except ValueError:
            continue
        if not end:
            return start
        if step == "day":
            nxt = start + timedelta(days=1)
        elif step == "month":
            nxt = start.replace(year=start.year + start.month // 12, month=start.month % 12 + 1)
        else:
            nxt = start.replace(year=start.year + 1)
        return nxt - timedelta(microseconds=1)
    raise InvalidInput(f"--{name} '{value}' is not a date: use YYYY-MM-DD, YYYY-MM or YYYY")


def _filter_query(
    langs: set[str] | None, sources: set[str] | None, start: datetime | None, end: datetime | None
) -> wq.Query | None:
    parts: list[wq.Query] = []
    if langs:
        parts.append(wq.Or([wq.Term("lang", v) for v in sorted(langs)]))
    if sources:
        parts.append(wq.Or([wq.Term("source", v) for v in sorted(sources)]))
    if start or end:
        parts.append(wq.DateRange("date", start, end))
    return wq.And(parts) if parts else None


def _replace_words(text: str, replacements: dict[str, str]) -> str:
    out, last = [], 0
    for token in tokenizer()(text, chars=True):
        folded = fold(token.text)
        if folded in replacements:
            out.append(text[last: token.startchar])
            out.append(replacements[folded])
            last = token.endchar
    out.append(text[last:])
    return "".join(out)
