"""The search engine over one index: validation, filters, query preparation, hits, articles,
versions, suggestions and highlighting, over a backend reader (``search.backends.base.Reader``)."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from search.analysis import LANGUAGES, fold, tokenizer
from search.backends import location_text, open_backend, scheme
from search.backends.base import Matches, Reader, StoredDoc
from search.config import default_index_dir
from search.crosslang.fuse import interleave, scales
from search.crosslang.queries import plain_words, start_translators, translatable, translations
from search.errors import ArticleNotFound, IndexDamaged, InvalidInput, SearchError
from search.highlight.snippets import has_match, match_spans, snippets
from search.ingest.decode import is_unicode
from search.models import Article, Hit, IndexStats, SearchResult
from search.query import filters, spelling
from search.query import tree as t
from search.query.prepare import PreparedQuery, prepare, suggestion_text
from search.semantic import encoder
from search.semantic import match as semantic
from search.semantic.passages import most_similar

MAX_LIMIT = 1000
MAX_OFFSET = 1_000_000
MAX_SNIPPETS = 20
SUGGEST_BELOW = 3
"""A query with fewer hits than this gets a "did you mean" suggestion when one exists."""
SORTS = ("relevance", "date")
MAX_PASSAGE_HITS = 5
"""Hits of a page no query word matches whose snippet is their passage most similar to the query
(about 25 ms each); the others show their lead."""
MAX_CACHED_QUERIES = 64
"""Prepared queries remembered per index generation: paging, a toggled filter or an opened
article asks for the same text again."""


def open_index(index_dir: str | os.PathLike[str] | None = None) -> Engine:
    """Open the live index in ``index_dir`` (default: ``$NEWS_SEARCH_INDEX`` or ``./index``)."""
    if index_dir is None:
        return Engine(default_index_dir())
    return Engine(Path(index_dir) if scheme(index_dir) is None else os.fspath(index_dir))


class Engine:
    """A reader of one index. It keeps one backend reader open and reuses it.

    Thread-safe: calls are serialized, so a UI may search from worker threads while another
    thread rebuilds the index and then calls :meth:`refresh`.
    """

    def __init__(self, index_dir: Path | str) -> None:
        self.index_dir = index_dir
        self._lock = threading.RLock()
        self._reader: Reader = open_backend(index_dir)
        self._closed = False
        self._queries: dict[str, PreparedQuery] = {}
        self._queries_of: str | None = None

    # -- lifecycle -------------------------------------------------------------------------

    def _open_reader(self) -> Reader:
        if self._closed:
            raise InvalidInput("the index was closed; open it again")
        return self._reader

    def _read(self, operation: Callable[[], Any]) -> Any:
        """``operation()`` under the lock, again on the new index state if a writer retired the
        one open meanwhile (a reader racing a build is never told a healthy index is damaged)."""
        with self._lock:
            self._open_reader()
            for attempt in range(3):
                try:
                    return operation()
                except IndexDamaged:
                    if attempt == 2 or not self._swapped():
                        raise

    def _swapped(self) -> bool:
        try:
            return self._reader.refresh()
        except SearchError:
            return False

    def refresh(self) -> bool:
        """Switch to a newer index state if a writer committed one; True when it did."""
        with self._lock:
            return self._reader.refresh()

    def close(self) -> None:
        with self._lock:
            if not self._closed:
                self._closed = True
                self._reader.close()

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

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
        translate: bool = True,
    ) -> SearchResult:
        """Run ``query`` with optional filters; see ``search.models.SearchResult``.

        An empty query with a filter lists every article that passes it; ``*`` lists them all.
        ``fold``: one hit per article: the language versions of an article are folded into its
        best-ranked one (whose ``versions`` name the others), and ``total`` counts articles
        (facet counts still count documents).
        A query of plain words also finds the articles of the other language through its
        translation (``SearchResult.translations``) and the articles closest to it in meaning in
        each language (the semantic layer, ``search.semantic``); ``Hit.cross_language`` marks an
        article of another language the query's own words do not match. ``translate=False``
        searches the query's own words only.
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
        with self._lock:
            reader = self._open_reader()
            prepared = self._prepared(query or "")
            sources = filters.sources(source, reader.sources)
            tree = prepared.tree
            if not (query or "").strip() and (langs or sources or start or end):
                tree = t.Every()
            wanted = t.Filters(
                langs=frozenset(langs) if langs else None, sources=frozenset(sources) if sources else None,
                since=start, until=end, include_undated=include_undated,
            )
            if translate and translatable(query or ""):
                start_translators()  # a first query: Apertium loads its dictionaries while the encoder loads
            # matches by meaning are of another language than the query's, so its language must be known
            plain = translate and prepared.lang is not None and plain_words(query or "")
            meaning, notices = self._meaning(query or "") if plain else (None, [])
            # every language's translation, also one a filter leaves out: the counts show what it would find
            crossing = self._translated(query or "", prepared) if translate else {}
            page = dict(sort=sort, offset=offset, limit=limit, facets=facets, fold=fold)
            own = prepared.lang
            if crossing or meaning is not None:
                matches, own = self._search_across(prepared, crossing, meaning, wanted, page)
            else:
                matches = reader.search(tree, wanted, **page)
            matches.notices = list(dict.fromkeys([*notices, *matches.notices]))
            docs = reader.documents([key for key, _score in matches.page])
            others = set(crossing) | ({lang for lang in LANGUAGES if lang != own} if meaning else set())
            passages = [MAX_PASSAGE_HITS]
            hits = [self._hit(doc, score, prepared, count, crossing.get(doc.lang), doc.lang in others,
                              meaning[1] if meaning else None, passages)
                    for doc, (_key, score) in zip(docs, matches.page)]
            suggestion = None
            if matches.total < SUGGEST_BELOW and prepared.words:
                found = self._suggestions(query, 1)
                suggestion = found[0] if found else None
        return SearchResult(
            query=query, total=matches.total, took_ms=(time.perf_counter() - started) * 1000, hits=hits,
            offset=offset, limit=limit, facets=matches.facets if facets else {"lang": {}, "source": {}},
            suggestion=suggestion, notices=[*prepared.notices, *matches.notices],
            undated_left_out=matches.undated_left_out,
            translations={lang: other.text for lang, other in crossing.items() if not langs or lang in langs},
            cross_language=sum(hit.cross_language for hit in hits),
        )

    def _translated(self, text: str, prepared: PreparedQuery) -> dict[str, PreparedQuery]:
        """The query prepared in each language it was translated into."""
        return {lang: self._prepared(other, self._queries_of)
                for lang, other in translations(text, prepared.lang, LANGUAGES).items()}

    def _meaning(self, text: str) -> tuple[tuple[Any, Any] | None, list[str]]:
        """(the index's vectors, the query's vector) when both can be had, else None and why."""
        vectors = self._reader.vectors()
        if vectors is None:
            return None, ["this index has no semantic layer: matches by meaning are left out "
                          "(build it with search-cli index)"]
        vector = semantic.query_vector(text)
        if vector is None:
            return None, ["the sentence encoder cannot be loaded: matches by meaning are left out"]
        return (vectors, vector), []

    def _search_across(self, prepared: PreparedQuery, crossing: dict[str, PreparedQuery],
                       meaning: tuple[Any, Any] | None, wanted: t.Filters,
                       page: dict[str, Any]) -> tuple[Matches, str | None]:
        """Each language's documents matched by the query, its translation into that language or its
        meaning: one search per language counts, facets and gives its window, the windows fused into
        one ranking (folding and the date order count one combined search); and the language the
        query counts as."""
        trees = {lang: self._with_translation(prepared.tree, crossing[lang].tree) if lang in crossing
                 else prepared.tree for lang in LANGUAGES}
        if meaning is not None:
            # only across the border: the query's own language keeps exactly its words' matches and order
            trees = {lang: self._with_neighbours(tree, lang, meaning, wanted) if lang != prepared.lang else tree
                     for lang, tree in trees.items()}
        reader = self._reader
        langs = sorted(wanted.langs) if wanted.langs else list(LANGUAGES)
        if len(langs) == 1:  # one language: its own tree ranks, nothing to fuse
            matches = reader.search(trees[langs[0]], wanted, **page)
            if page["facets"]:  # what choosing each other language would find
                matches.facets["lang"] = self._language_counts(trees, wanted, {langs[0]: matches})
            return matches, prepared.lang
        by_date = page["sort"] != "relevance"
        depth = 1 if by_date else page["offset"] + page["limit"]
        # one search per language, each on the backend's fast path; a document has one language, so
        # their counts add up (not their articles: folding and the date order need the whole set)
        windows = {
            lang: reader.search(tree, replace(wanted, langs=frozenset({lang})), sort="relevance", offset=0,
                                limit=depth, facets=page["facets"] and not page["fold"], fold=page["fold"])
            for lang, tree in trees.items() if lang in langs
        }
        if by_date or page["fold"]:
            # the language term only filters (boost 0): a document's score is its own language's tree's
            combined = t.Or(tuple(t.And((t.Term("lang", lang, 0.0), tree)) for lang, tree in trees.items()))
            matches = reader.search(combined, wanted, **(page if by_date else {**page, "offset": 0, "limit": 0}))
        else:
            matches = _summed(windows.values())
            if page["facets"]:
                matches.facets["lang"] = self._language_counts(trees, wanted, windows)
        notices = [*matches.notices, *(notice for window in windows.values() for notice in window.notices)]
        matches.notices = list(dict.fromkeys(notices))
        tops = {lang: window.page for lang, window in windows.items()}
        own = prepared.lang or self._leading_language(prepared.tree, wanted)
        if by_date:  # the date order stays; each score is the one the relevance ranking gives it
            factor = scales(tops, own)
            docs = reader.documents([key for key, _score in matches.page])
            matches.page = [(key, None if score is None else score * factor.get(doc.lang, 0.0))
                            for (key, score), doc in zip(matches.page, docs)]
            return matches, own
        ranked = [(key, score) for key, score, _lang in interleave(tops, own)]
        if page["fold"]:
            ranked = self._one_per_article(ranked, depth)
        matches.page = ranked[page["offset"]: depth]
        return matches, own

    def _with_neighbours(self, tree: t.Node, lang: str, meaning: tuple[Any, Any], wanted: t.Filters) -> t.Node:
        """``tree`` or the articles of ``lang`` (not the query's) most similar to the query
        (``search.semantic.match``)."""
        vectors, vector = meaning
        near = vectors.nearest(vector, lang, semantic.NEIGHBOURS, 0.0)
        window = self._reader.search(tree, replace(wanted, langs=frozenset({lang})), sort="relevance", offset=0,
                                     limit=semantic.WINDOW, facets=False, fold=False).page
        lexical = vectors.similarity_of(vector, self._reader.ids([key for key, _score in window]))
        best = window[0][1] if window and window[0][1] else 0.0
        return semantic.with_neighbours(tree, semantic.neighbours(near, lexical), best)

    def _language_counts(self, trees: dict[str, t.Node], wanted: t.Filters, searched: dict[str, Matches]) -> dict[str, int]:
        """Each language's count under the other filters, each with its own tree (one search per
        language not ``searched`` already)."""
        counts = {}
        for lang, tree in trees.items():
            found = searched.get(lang) or self._reader.search(
                tree, replace(wanted, langs=frozenset({lang})), sort="relevance", offset=0, limit=0,
                facets=False, fold=False)
            if found.total:
                counts[lang] = found.total
        return dict(sorted(counts.items(), key=lambda item: -item[1]))

    def _leading_language(self, tree: t.Node, wanted: t.Filters) -> str | None:
        """A query of unclear language counts as the language of the best match of its own words."""
        top = self._reader.search(tree, wanted, sort="relevance", offset=0, limit=1, facets=False, fold=False).page
        return self._reader.documents([top[0][0]])[0].lang if top else None

    @staticmethod
    def _with_translation(tree: t.Node, translated: t.Node) -> t.Node:
        """The query or its translation; a word both share (a name) counts once, as in the query."""
        extra = t.without_terms(translated, t.terms_of(tree))
        return tree if isinstance(extra, t.Nothing) else t.Or((tree, extra))

    def _one_per_article(self, ranked: list[tuple[Any, float]], depth: int) -> list[tuple[Any, float]]:
        """The best-ranked document of each article (group) among ``ranked``, up to ``depth``."""
        seen: set[str] = set()
        kept = []
        for (key, score), doc in zip(ranked, self._reader.documents([key for key, _score in ranked])):
            group = doc.group or doc.id
            if group not in seen:
                seen.add(group)
                kept.append((key, score))
                if len(kept) == depth:
                    break
        return kept

    def _prepared(self, text: str, generation: Any = None) -> PreparedQuery:
        """``prepare(text)``, shared by the calls that ask for the same text (not to be modified);
        ``generation``: the reader's, when the caller has just read it."""
        generation = generation if generation is not None else self._reader.generation()
        if generation != self._queries_of:
            self._queries, self._queries_of = {}, generation
        prepared = self._queries.get(text)
        if prepared is None:
            # the source names only for a source: term (a scan of every document on some backends)
            prepared = self._queries[text] = prepare(text, self._reader, self._reader.sources)
            if len(self._queries) > MAX_CACHED_QUERIES:
                del self._queries[next(iter(self._queries))]
        return prepared

    def _hit(self, doc: StoredDoc, score: float | None, prepared: PreparedQuery, count: int,
             translated: PreparedQuery | None = None, other_language: bool = False, vector: Any = None,
             passages: list[int] | None = None) -> Hit:
        """``passages``: how many more hits may get their most similar passage as snippet (counted down)."""
        terms = prepared.highlight.get(doc.lang, frozenset())
        across = other_language and not (has_match(doc.title, doc.lang, terms) or has_match(doc.body, doc.lang, terms))
        if translated is not None:
            terms = terms | translated.highlight.get(doc.lang, frozenset())
        found = snippets(doc.body, doc.lang, terms, count)
        if vector is not None and passages and passages[0] > 0 and len(found) == 1 and not found[0].spans:
            # nothing in the body matches a word: the hit was found by meaning, show where it says so
            passages[0] -= 1
            found = [most_similar(doc.body, vector) or found[0]]
        return Hit(
            id=doc.id, title=doc.title, lang=doc.lang, source=doc.source, date=doc.date_iso, path=doc.path,
            score=None if score is None else round(float(score), 4),
            snippets=found,
            title_spans=match_spans(doc.title, doc.lang, terms),
            url=doc.url, cross_language=across, **self._versions(doc),
        )

    def _versions(self, doc: StoredDoc) -> dict[str, Any]:
        """``versions`` (the other language versions' ids) and ``version_langs`` (their languages)."""
        others = self._reader.versions(doc)
        return {"versions": [i for i, _lang in others], "version_langs": dict(others)}

    # -- articles, suggestions, stats ------------------------------------------------------

    def article(self, doc_id: str, query: str | None = None, lang: str | None = None) -> Article:
        """The whole article ``doc_id``, with every match span of ``query`` when given; with
        ``lang``, its language version in that language (ArticleNotFound when it has none)."""
        return self._read(lambda: self._article(doc_id, query, lang))

    def _article(self, doc_id: str, query: str | None, lang: str | None) -> Article:
        key = self._reader.key_of(doc_id) if is_unicode(doc_id) else None  # every stored id is
        if key is None:
            raise ArticleNotFound(doc_id, location_text(self.index_dir))
        doc = self._reader.documents([key])[0]
        if lang is not None and doc.lang != lang:
            doc = self._version_in(doc, lang)
        terms = self._prepared(query).highlight.get(doc.lang, frozenset()) if query else frozenset()
        return Article(
            id=doc.id, title=doc.title, lang=doc.lang, source=doc.source, date=doc.date_iso, path=doc.path,
            body=doc.body, url=doc.url, spans=match_spans(doc.body, doc.lang, terms),
            title_spans=match_spans(doc.title, doc.lang, terms), **self._versions(doc),
        )

    def _version_in(self, doc: StoredDoc, lang: str) -> StoredDoc:
        """``doc``'s language version in ``lang``."""
        filters.languages(lang)
        others = self._reader.versions(doc)
        for version_id, version_lang in others:
            if version_lang == lang:
                key = self._reader.key_of(version_id)
                if key is not None:
                    return self._reader.documents([key])[0]
        raise ArticleNotFound(doc.id, location_text(self.index_dir), lang, sorted({doc.lang, *(l for _i, l in others)}))

    def suggest(self, query: str, limit: int = 3) -> list[str]:
        """"Did you mean" alternatives for ``query`` from the index vocabulary (accent-insensitive)."""
        return self._read(lambda: self._suggestions(query, limit))

    def _suggestions(self, query: str, limit: int) -> list[str]:
        reader = self._reader
        text = suggestion_text(query)
        lang = self._prepared(query).lang
        corrections: dict[str, list[str]] = {}
        for typed, folded in spelling.misspelled(text, reader, spelling.MAX_CORRECTED_WORDS):
            found = spelling.candidates(reader, folded, lang, limit)
            if found:
                corrections[folded] = [spelling.article_spelling(reader, c, typed) for c in found]
        if not corrections:
            return []
        alternatives = []
        first = next(iter(corrections))
        for candidate in corrections[first][:limit]:
            chosen = {w: c[0] for w, c in corrections.items()}
            chosen[first] = candidate
            alternatives.append(_replace_words(query, chosen))
        return alternatives

    def warm_up(self) -> bool:
        """Load now what the first search across languages would wait for (about a second: the
        index's vectors, the sentence encoder, the translation pipelines), for a face that can do it
        while the user types; True when matches by meaning are ready."""
        vectors = self._read(self._reader.vectors)
        start_translators()
        return vectors is not None and encoder.available()

    def stats(self) -> IndexStats:
        """Documents per language and source, size on disk, build time."""
        return self._read(self._stats)

    def _stats(self) -> IndexStats:
        stats = self._reader.stats()
        return IndexStats(
            index_dir=location_text(self.index_dir),
            documents=stats.documents,
            langs=stats.langs,
            sources=stats.sources,
            size_bytes=stats.size_bytes,
            built_at=str(stats.meta.get("built_at", "")),
            seeds_dir=stats.meta.get("seeds_dir"),
            schema_version=int(stats.meta.get("schema_version", 0)),
        )

    def sources(self) -> list[str]:
        """Every source name in the index, sorted."""
        return self._read(lambda: sorted(self._reader.sources()))


def _summed(parts: Iterable[Matches]) -> Matches:
    """The totals and source counts of searches of disjoint document sets (one language each)."""
    total, undated, sources = 0, 0, {}
    for part in parts:
        total += part.total
        undated += part.undated_left_out
        for source, count in part.facets.get("source", {}).items():
            sources[source] = sources.get(source, 0) + count
    facets = {"lang": {}, "source": dict(sorted(sources.items(), key=lambda item: -item[1]))}
    return Matches(total=total, page=[], facets=facets, undated_left_out=undated)


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
