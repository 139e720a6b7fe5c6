"""The backend protocol: what the neutral engine and indexer ask of a storage backend.

A backend stores documents and answers *analysed* query trees (``search.query.tree``); everything
language-aware (parsing, stemming choices, weights, spelling policy, highlighting) stays in the
engine. Keys (``Matches.page``) are the backend's own document handles, valid until ``refresh``.
Errors are ``search.errors`` exceptions (IndexNotFound, IndexDamaged, IndexLocked, ...), never a
backend's own.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from search.query.tree import Filters, Fuzzy, Node, Prefix, Range, Wildcard

Key = Hashable
"""A backend's handle of one stored document (Whoosh: its document number)."""


@dataclass(frozen=True)
class StoredDoc:
    """What a backend stores of one document, as the ingest stage produced it."""

    key: Key
    id: str
    lang: str
    title: str
    body: str
    path: str
    source: str | None = None
    date_iso: str | None = None
    url: str | None = None
    group: str | None = None
    """Documents sharing a group are language versions of one article."""


@dataclass
class Matches:
    """One search's answer: the filtered total, one page of keys in order, facet counts."""

    total: int
    page: list[tuple[Key, float | None]]
    """(key, score) in rank order; score is None when every document matches alike (``*``)."""
    facets: dict[str, dict[str, int]] = field(default_factory=lambda: {"lang": {}, "source": {}})
    """Per language with the other filters applied, per source likewise (documents, not articles)."""
    undated_left_out: int = 0
    """Matches passing every other filter that a date window left out for having no date."""
    notices: list[str] = field(default_factory=list)
    """What the backend changed to answer in time (e.g. common terms left out)."""


@dataclass(frozen=True)
class BackendStats:
    """Counts and facts of the live index, for ``IndexStats``."""

    documents: int
    langs: dict[str, int]
    sources: dict[str, int]
    size_bytes: int
    meta: Mapping[str, Any]
    """What the last commit recorded (``built_at``, ``seeds_dir``, ``schema_version``, ``files``...)."""


@runtime_checkable
class Reader(Protocol):
    """A consistent view of one index; thread-safe for serialized calls."""

    def search(self, tree: Node, filters: Filters, *, sort: str, offset: int, limit: int,
               facets: bool, fold: bool) -> Matches:
        """Match ``tree`` (analysed) under ``filters``; ``sort`` is "relevance" or "date" (newest
        first, undated last, equal dates by relevance); ``fold`` keeps the best-ranked document of
        each group and counts ``total`` in articles."""

    def documents(self, keys: Sequence[Key]) -> list[StoredDoc]:
        """The stored documents of ``keys``, in that order."""

    def ids(self, keys: Sequence[Key]) -> list[str]:
        """The ids of the live documents of ``keys``, in that order (no text read on a server)."""

    def key_of(self, doc_id: str) -> Key | None:
        """The key of the live document ``doc_id``; None when there is none."""

    def versions(self, doc: StoredDoc) -> list[tuple[str, str]]:
        """(id, lang) of the other live documents of ``doc``'s group, sorted by id."""

    def expand(self, pattern: Prefix | Wildcard | Fuzzy | Range, limit: int) -> list[str]:
        """Up to ``limit`` terms of ``pattern.field`` the pattern (already folded) matches, in
        term order; a Fuzzy pattern's own text first when it is a term."""

    def doc_frequency(self, field: str, term: str) -> int:
        """Live documents holding ``term`` in ``field``."""

    def doc_frequencies(self, field: str, terms: Sequence[str]) -> list[int]:
        """``doc_frequency`` of each of ``terms``, in one read (one round trip on a server)."""

    def terms_near(self, field: str, word: str, maxdist: int, prefix: int) -> list[str]:
        """Terms of ``field`` within ``maxdist`` edits of ``word`` sharing its first ``prefix`` letters."""

    def term_documents(self, field: str, term: str, limit: int) -> list[StoredDoc]:
        """Up to ``limit`` documents holding ``term`` in ``field`` (for spelling as articles spell)."""

    def sources(self) -> frozenset[str]:
        """Every source name of the live documents."""

    def vectors(self) -> Any:
        """The semantic layer of this state (``search.semantic.vectors.Vectors``), or None when it
        has none or it cannot be used."""

    def stats(self) -> BackendStats:
        """See :class:`BackendStats`."""

    def generation(self) -> str:
        """Names the committed state this reader sees; changes with every commit."""

    def refresh(self) -> bool:
        """Switch to the newest committed state; True when it changed (keys are then stale)."""

    def close(self) -> None:
        """Release the index; later calls raise InvalidInput."""


@runtime_checkable
class Writer(Protocol):
    """One writer at a time per index (a backend's ``open_writer(location, lock_timeout)`` context
    holds it). Order: ``previous``, ``begin``, additions and deletions, ``write``, ``commit``;
    readers see the old state until ``commit`` and the new one after their ``refresh``. On any
    error before ``write``: ``cancel``; before ``commit``: ``abort`` leaves the old state live."""

    def previous(self) -> Mapping[str, Any] | None:
        """What the live index's last commit recorded (its ``files`` manifest: path → hash, doc
        ids, problems), or None when there is nothing usable to update (then everything is added)."""

    def begin(self, update: bool) -> None:
        """Start the new state: the live one's documents kept (``update``), or none."""

    def add(self, doc: Any) -> None:
        """Add one ``search.ingest.document.Document``."""

    def add_many(self, docs: Sequence[Any], procs: int) -> None:
        """Add documents in order, using up to ``procs`` processes."""

    def delete(self, doc_ids: Sequence[str]) -> None:
        """Remove the documents with these ids."""

    def delete_path(self, path: str) -> None:
        """Remove every document read from the seed file ``path``."""

    def cancel(self) -> None:
        """Drop the additions and deletions (an error before ``write``)."""

    def write(self) -> None:
        """Finish writing the new state (not yet live)."""

    def previous_vectors(self) -> Any:
        """The live state's ``Vectors`` (also before a rebuild: unchanged texts keep their vectors), or None."""

    def put_vectors(self, vectors: Any) -> None:
        """The new state's ``Vectors`` (after ``write``); a state nothing was put into has none."""

    def commit(self, meta: Mapping[str, Any]) -> None:
        """Make the new state live atomically, recording ``meta`` (manifest included)."""

    def abort(self, error: BaseException) -> BaseException:
        """Discard the new state; returns the error to raise (e.g. DiskFull for a full disk)."""
