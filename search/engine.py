"""The search engine over one index folder: search with filters and facets, articles, suggestions."""

from __future__ import annotations

import heapq
import os
import pickle
import struct
import threading
import time
import zlib
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

from whoosh import query as wq
from whoosh.sorting import FieldFacet

from search.query import filters, spelling
from search.backends.whoosh import ranking, store
from search.analysis import LANGUAGES, fold, tokenizer
from search.config import default_index_dir
from search.errors import ArticleNotFound, IndexDamaged, InvalidInput, SearchError
from search.highlight.snippets import match_spans, snippets
from search.ingest.decode import is_unicode
from search.models import Article, Hit, IndexStats, SearchResult
from search.query.prepare import PreparedQuery, prepare, suggestion_text
from search.backends.whoosh.schema import SCHEMA_VERSION
from search.backends.whoosh.scoring import weighting

MAX_LIMIT = 1000
MAX_OFFSET = 1_000_000
MAX_SNIPPETS = 20
MAX_POSTINGS = 2_000_000
"""Work budget of one query: postings read by the one-pass scorer. Past it the most common terms
are left out (with a notice); about 0.3 s at 68,000 documents on one core."""
UNDATED = 2**64 - 1
"""What Whoosh's date column holds for an article without a date (sorts after every date)."""
SUGGEST_BELOW = 3
"""A query with fewer hits than this gets a "did you mean" suggestion when one exists."""
SORTS = ("relevance", "date")
MAX_CACHED_QUERIES = 64
"""Prepared queries remembered per searcher: paging, a toggled filter or an opened article asks
for the same text again."""
MAX_CACHED_GROUPS = 50_000
"""Language-version groups remembered per searcher; past this the memory starts over."""
_DAMAGE = (OSError, EOFError, struct.error, zlib.error, pickle.UnpicklingError)


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
        self._multi: dict[int, bytes] | None = None
        self._groups: dict[str, tuple[tuple[int, str], ...]] = {}
        self._queries: dict[str, PreparedQuery] = {}
        self._scorer: ranking.TermScorer | None = None
        self._date_keys: list[int] | None = None
        self._source_names: frozenset[str] | None = None
        self._open()

    # -- lifecycle -------------------------------------------------------------------------

    def _open(self) -> None:
        for attempt in range(3):
            pointer = store.pointer(self.index_dir)
            try:
                generation = store.current_generation(self.index_dir)
                from whoosh import index as whoosh_index

                searcher = whoosh_index.open_dir(str(generation.path)).searcher(weighting=weighting())
                searcher.reader().doc_count()
            except (FileNotFoundError, IndexDamaged) as exc:
                if attempt < 2 and store.pointer(self.index_dir) != pointer:
                    continue  # a writer swapped generations while we opened; take the new one
                if isinstance(exc, IndexDamaged):
                    raise
                raise IndexDamaged(self.index_dir, "files are missing") from None
            except SearchError:
                raise
            except Exception as exc:
                raise IndexDamaged(self.index_dir, type(exc).__name__) from None
            old = self._searcher
            self._searcher, self._generation, self._columns = searcher, generation, None
            self._multi = None
            self._groups, self._queries, self._date_keys, self._source_names = {}, {}, None, None
            if old is not None:
                old.close()
            return

    def _read(self, operation: Callable[[Any], Any]) -> Any:
        """``operation(searcher)``, run again on the new generation if a writer retired this
        one meanwhile: a reader racing a build is never told that a healthy index is damaged."""
        for attempt in range(3):
            try:
                with self._reading() as searcher:
                    return operation(searcher)
            except IndexDamaged:
                with self._lock:
                    if attempt == 2 or self._searcher is None or not self._swapped():
                        raise
                    self._open()

    def _swapped(self) -> bool:
        """Whether CURRENT now names another generation than the one open."""
        return store.pointer(self.index_dir) not in (None, self._generation.name)

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
                raise IndexDamaged(self.index_dir, f"{type(exc).__name__}: {exc}") from None

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
        fold: bool = False,
        include_undated: bool = False,
    ) -> SearchResult:
        """Run ``query`` with optional filters; see ``search.models.SearchResult``.

        An empty query with a filter lists every article that passes it; ``*`` lists them all.
        ``fold``: one hit per article: the language versions of an article are folded into its
        best-ranked one (whose ``versions`` name the others), and ``total`` counts articles
        (facet counts still count documents).
        """
        started = time.perf_counter()
        if query is not None and not isinstance(query, str):
            raise InvalidInput("the {argument} must be text, not {type}", "query", query, type=type(query).__name__)
        langs = filters.languages(lang)
        if not isinstance(sort, str) or sort not in SORTS:
            raise InvalidInput("unknown {argument} '{value}': use relevance or date", "sort", sort)
        limit = filters.whole_number(limit, "limit", 0, MAX_LIMIT)
        offset = filters.whole_number(offset, "offset", 0, MAX_OFFSET)
        count = filters.whole_number(snippets, "snippets", 0, MAX_SNIPPETS)
        start, end = filters.date_range(since, until)
        with self._reading() as searcher:
            prepared = self._prepared(searcher, query or "")
            sources = filters.sources(source, self._known_sources())
            q = prepared.query
            if q is wq.NullQuery and not (query or "").strip() and (langs or sources or start or end):
                q = wq.Every()
            notices = list(prepared.notices)
            matched, scores = self._matches(searcher, q, notices)
            dates = self._dates(searcher)
            in_dates = None
            undated_left_out = 0
            if start or end:
                low = _date_key(start) if start else 0
                high = _date_key(end or datetime.max)
                in_dates = {d for d in matched if low <= dates[d] <= high
                            or (include_undated and dates[d] == UNDATED)}
                if not include_undated:
                    undated = [d for d in matched if dates[d] == UNDATED]
                    undated_left_out = len(self._accepted(searcher, undated, langs, sources, None))
            accepted = self._accepted(searcher, matched, langs, sources, in_dates)
            total = len(accepted)
            counts: dict[str, dict[str, int]] = {"lang": {}, "source": {}}
            if facets:
                counts = self._facet_counts(searcher, matched, langs, sources, in_dates)[1]
            if fold:
                # Folding drops at most `dropped` of the ranked documents: rank that many more.
                dropped = self._folded_away(searcher, accepted)
                total -= dropped
                page, page_scores = self._page(searcher, q, accepted, scores, dates, sort, 0,
                                               offset + limit + dropped if limit else 0)
                page = self._folded(searcher, page)[offset: offset + limit]
            else:
                page, page_scores = self._page(searcher, q, accepted, scores, dates, sort, offset, limit)
            hits = [self._hit(searcher, d, page_scores.get(d), prepared, count) for d in page]
            suggestion = None
            if total < SUGGEST_BELOW and prepared.words:
                found = self._suggestions(searcher, query, 1)
                suggestion = found[0] if found else None
        return SearchResult(
            query=query, total=total, took_ms=(time.perf_counter() - started) * 1000, hits=hits,
            offset=offset, limit=limit, facets=counts, suggestion=suggestion,
            notices=notices, undated_left_out=undated_left_out,
        )

    def _matches(self, searcher: Any, q: wq.Query, notices: list[str]) -> tuple[Collection[int], dict[int, float] | None]:
        """Every live document ``q`` matches, and their scores when one pass over the postings gave them."""
        if q is wq.NullQuery:
            return [], {}
        if _lists_all(q):
            return self._live(searcher), None
        scored = self._term_scorer(searcher).scores_within(q, MAX_POSTINGS)
        if scored is not None:
            scores, dropped = scored
            if dropped:
                notices.append(
                    f"the query's {dropped} most common terms were left out to answer in time; "
                    "the hits are the best matches of the others"
                )
            return scores.keys(), scores
        return list(searcher.docs_for_query(q)), None

    def _page(
        self, searcher: Any, q: wq.Query, accepted: list[int], scores: dict[int, float] | None,
        dates: list[int], sort: str, offset: int, limit: int,
    ) -> tuple[list[int], dict[int, float | None]]:
        """The documents of the page in order, and each one's relevance score (None when all match alike)."""
        wanted = offset + limit
        if not accepted or limit == 0:
            return [], {}
        every = _lists_all(q)
        if sort == "relevance":
            if scores is not None:
                page = ranking.top(scores, accepted, wanted)[offset:]
                return page, {d: scores[d] for d in page}
            if every:
                return sorted(accepted)[offset:wanted], {}
            results = searcher.search(q, filter=set(accepted), limit=wanted, terms=False)
            return [h.docnum for h in results[offset:wanted]], {h.docnum: h.score for h in results[offset:wanted]}
        # Newest first, undated last; the same day in relevance order (when there is one).
        rank = scores.get if scores is not None else (lambda d: 0.0)
        page = heapq.nsmallest(wanted, accepted, key=lambda d: (dates[d] == UNDATED, -dates[d], -rank(d), d))
        page = page[offset:]
        if scores is not None:
            return page, {d: scores[d] for d in page}
        if every:
            return page, {}
        results = searcher.search(q, filter=set(page), limit=len(page), terms=False)
        return page, {h.docnum: h.score for h in results}

    def _prepared(self, searcher: Any, text: str) -> PreparedQuery:
        """``prepare(text)``, shared by the calls that ask for the same text (not to be modified)."""
        prepared = self._queries.get(text)
        if prepared is None:
            prepared = self._queries[text] = prepare(text, searcher.reader(), self._known_sources())
            if len(self._queries) > MAX_CACHED_QUERIES:
                del self._queries[next(iter(self._queries))]
        return prepared

    def _hit(self, searcher: Any, docnum: int, score: float | None, prepared: PreparedQuery, count: int) -> Hit:
        stored = searcher.stored_fields(docnum)
        lang = stored["lang"]
        terms = prepared.highlight.get(lang, frozenset())
        return Hit(
            id=stored["id"], title=stored.get("title") or "", lang=lang, source=stored.get("source"),
            date=stored.get("date_iso"), path=stored["path"],
            score=None if score is None else round(float(score), 4),
            snippets=snippets(stored.get("body") or "", lang, terms, count),
            title_spans=match_spans(stored.get("title") or "", lang, terms),
            url=stored.get("url"), **self._versions(searcher, docnum, stored),
        )

    def _live(self, searcher: Any) -> list[int]:
        """Every live document number (deleted documents keep their numbers)."""
        return list(searcher.reader().all_doc_ids())

    def _dates(self, searcher: Any) -> list[int]:
        """Per document: its date as Whoosh's sortable number, ``UNDATED`` without one."""
        if self._date_keys is None:
            keys: list[int] = []
            for leaf, _base in searcher.reader().leaf_readers():
                size = leaf.doc_count_all()
                column = list(leaf.column_reader("date", translate=False)) if leaf.has_column("date") else []
                keys.extend(column[:size])
                keys.extend([UNDATED] * (size - len(column[:size])))
            self._date_keys = keys
        return self._date_keys

    def _versions(self, searcher: Any, docnum: int, stored: dict[str, Any]) -> dict[str, Any]:
        """``versions`` (the other language versions' ids) and ``version_langs`` (their languages)."""
        group = stored.get("group")
        if not group:
            return {"versions": [], "version_langs": {}}
        members = self._groups.get(group)
        if members is None:
            if len(self._groups) >= MAX_CACHED_GROUPS:
                self._groups.clear()
            members = self._groups[group] = _group_members(searcher, group)
        langs = self._column(searcher, "lang")
        others = sorted((i, n) for n, i in members if n != docnum and i != stored["id"])
        return {"versions": [i for i, _n in others], "version_langs": {i: langs[n] for i, n in others}}

    def _shared_groups(self, searcher: Any) -> dict[int, bytes]:
        """Group of every document whose group has other language versions (the only ones to fold)."""
        if self._multi is None:
            reader = searcher.reader()
            sizes: Counter[bytes] = Counter()
            # Segment by segment: a multi-segment reader merges the term lists, 7x slower here.
            for leaf, _base in reader.leaf_readers():
                for term, info in leaf.iter_field("group"):
                    sizes[term] += info.doc_frequency()
            self._multi = {}
            for term, size in sizes.items():
                if size > 1:
                    for docnum in reader.postings("group", term).all_ids():
                        self._multi[docnum] = term
        return self._multi

    def _folded_away(self, searcher: Any, docnums: Iterable[int]) -> int:
        """How many of ``docnums`` folding removes: all but one of each group's versions."""
        groups = self._shared_groups(searcher)
        members = Counter(groups[d] for d in docnums if d in groups)
        return sum(count - 1 for count in members.values())

    def _folded(self, searcher: Any, ranked: list[int]) -> list[int]:
        """``ranked`` with each document dropped whose group came earlier."""
        groups = self._shared_groups(searcher)
        seen: set[bytes] = set()
        kept = []
        for docnum in ranked:
            group = groups.get(docnum)
            if group is not None:
                if group in seen:
                    continue
                seen.add(group)
            kept.append(docnum)
        return kept

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

    def _known_sources(self) -> frozenset[str]:
        if self._source_names is None:
            self._source_names = frozenset(s for s in self._column(self._searcher, "source") if s)
        return self._source_names

    # -- articles, suggestions, stats ------------------------------------------------------

    def article(self, doc_id: str, query: str | None = None, lang: str | None = None) -> Article:
        """The whole article ``doc_id``, with every match span of ``query`` when given; with
        ``lang``, its language version in that language (ArticleNotFound when it has none)."""
        return self._read(lambda searcher: self._article(searcher, doc_id, query, lang))

    def _article(self, searcher: Any, doc_id: str, query: str | None, lang: str | None) -> Article:
        docnum = searcher.document_number(id=doc_id) if is_unicode(doc_id) else None  # every stored id is
        if docnum is None:
            raise ArticleNotFound(doc_id, self.index_dir)
        stored = searcher.stored_fields(docnum)
        if lang is not None and stored["lang"] != lang:
            docnum, stored = self._version_in(searcher, docnum, stored, lang)
        lang = stored["lang"]
        terms = self._prepared(searcher, query).highlight.get(lang, frozenset()) if query else frozenset()
        body = stored.get("body") or ""
        title = stored.get("title") or ""
        return Article(
            id=stored["id"], title=title, lang=lang, source=stored.get("source"),
            date=stored.get("date_iso"), path=stored["path"], body=body, url=stored.get("url"),
            spans=match_spans(body, lang, terms), title_spans=match_spans(title, lang, terms),
            **self._versions(searcher, docnum, stored),
        )

    def _version_in(self, searcher: Any, docnum: int, stored: dict[str, Any], lang: str) -> tuple[int, dict[str, Any]]:
        """The document number and stored fields of ``stored``'s language version in ``lang``."""
        filters.languages(lang)
        others = {}
        for version_id in self._versions(searcher, docnum, stored)["versions"]:
            number = searcher.document_number(id=version_id)
            version = searcher.stored_fields(number)
            if version["lang"] == lang:
                return number, version
            others[version["lang"]] = version_id
        raise ArticleNotFound(stored["id"], self.index_dir, lang, sorted({stored["lang"], *others}))

    def suggest(self, query: str, limit: int = 3) -> list[str]:
        """"Did you mean" alternatives for ``query`` from the index vocabulary (accent-insensitive)."""
        return self._read(lambda searcher: self._suggestions(searcher, query, limit))

    def _suggestions(self, searcher: Any, query: str, limit: int) -> list[str]:
        reader = searcher.reader()
        text = suggestion_text(query)
        lang = self._prepared(searcher, query).lang
        corrections: dict[str, list[str]] = {}
        for typed, folded in spelling.misspelled(text, reader, spelling.MAX_CORRECTED_WORDS):
            found = spelling.candidates(reader, folded, lang, limit)
            if found:
                corrections[folded] = [spelling.article_spelling(searcher, c, typed) for c in found]
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
        return self._read(self._stats)

    def _stats(self, searcher: Any) -> IndexStats:
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
        return self._read(lambda _searcher: sorted(self._known_sources()))


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


def _lists_all(q: wq.Query) -> bool:
    """Whether ``q`` matches every article alike (``*``, or filters with no words)."""
    return type(q) is wq.Every and not q.fieldname


def _date_key(value: datetime) -> int:
    """A date bound as the number Whoosh's date column holds."""
    from whoosh.util.times import datetime_to_long

    return datetime_to_long(value)


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
