"""Plain data returned by the engine's public API: no Whoosh objects, no markup, no ANSI."""

from __future__ import annotations

from dataclasses import dataclass, field

Span = tuple[int, int]
"""A half-open character range [start, end) into the text it accompanies."""


@dataclass(frozen=True)
class Snippet:
    """A passage of an article's original text and the spans of the matched words inside it."""

    text: str
    spans: list[Span]
    start: int = 0
    """Offset of ``text`` in the article body, so a viewer can jump to it."""


@dataclass(frozen=True)
class Hit:
    """One ranked search result."""

    id: str
    title: str
    lang: str
    source: str | None
    date: str | None
    """ISO date (YYYY-MM-DD) or None when unknown."""
    path: str
    """Path of the seed file, relative to the seeds folder."""
    score: float | None
    """Relevance (higher is better, within one query); None when every article matches alike (``*``)."""
    snippets: list[Snippet]
    title_spans: list[Span] = field(default_factory=list)
    url: str | None = None
    versions: list[str] = field(default_factory=list)
    """Ids of the other language versions of the same article."""
    version_langs: dict[str, str] = field(default_factory=dict)
    """The language of each id in ``versions``."""
    cross_language: bool = False
    """Found only across languages: none of the query's own words matches it, its translation's
    words (or its meaning) do; its snippets show the passage that matched."""


@dataclass(frozen=True)
class SearchResult:
    """The answer to one query: total count, timing, a page of hits, facet counts."""

    query: str
    total: int
    took_ms: float
    hits: list[Hit]
    offset: int
    limit: int
    facets: dict[str, dict[str, int]]
    """{"lang": {"en": 2, ...}, "source": {"BBC": 3, ...}} for the query before filters apply."""
    suggestion: str | None = None
    """A corrected query ("did you mean") when the index vocabulary suggests one."""
    notices: list[str] = field(default_factory=list)
    """One-line notes about the query, e.g. an expansion that was capped."""
    undated_left_out: int = 0
    """Matches a date bound left out because they have no date (``include_undated=True`` keeps them)."""
    translations: dict[str, str] = field(default_factory=dict)
    """The query as it was also searched in other languages: {"es": "deportación"}."""
    cross_language: int = 0
    """Hits of this page found only across languages (``Hit.cross_language``)."""


@dataclass(frozen=True)
class Article:
    """One whole document, with every match span of an optional query."""

    id: str
    title: str
    lang: str
    source: str | None
    date: str | None
    path: str
    body: str
    url: str | None
    spans: list[Span]
    """Match spans in ``body`` for the query given to ``Engine.article`` (empty without one)."""
    title_spans: list[Span]
    versions: list[str]
    version_langs: dict[str, str] = field(default_factory=dict)
    """The language of each id in ``versions``."""


SKIPPED_FILE = "file"
SKIPPED_RECORD = "record"
WARNING = "warning"


@dataclass(frozen=True)
class SkippedFile:
    """A problem with a seed file: the file left out, one record (line) of it left out, or a warning
    about something indexed anyway (``kind``: "file", "record" or "warning")."""

    path: str
    reason: str
    kind: str = SKIPPED_FILE
    count: int = 1
    """How many problems this line stands for (a summary line of a file past the report cap)."""

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass(frozen=True)
class SemanticReport:
    """What the semantic layer of one ``build_index`` run cost."""

    encoded: int = 0
    """Articles whose text was embedded."""
    reused: int = 0
    """Articles whose vector was kept: their text was unchanged."""
    skipped: str | None = None
    """Why the new state has no vectors (e.g. the encoder cannot be loaded), else None."""


@dataclass(frozen=True)
class IndexReport:
    """What one ``build_index`` run did. ``added``/``updated``/``removed``/``unchanged`` count seed
    files (a changed file re-indexes only its documents whose content changed)."""

    added: int
    updated: int
    removed: int
    unchanged: int
    skipped: list[SkippedFile]
    """Every problem of the run, skipped files and records and warnings (see ``SkippedFile.kind``);
    an update reports those of unchanged files again, so a rebuild and an update count the same."""
    documents: int
    """Documents in the index after the run."""
    seconds: float
    rebuilt: bool
    index_dir: str
    seeds_dir: str = ""
    """The seeds folder the run read (the recorded one when none was given)."""
    semantic: SemanticReport | None = None
    """The semantic layer's part of the run; None when it made none (``semantic=False``)."""
    completed_semantic: bool = False
    """Every file was read again because the live state's semantic layer was missing or incomplete."""

    def count(self, kind: str) -> int:
        """How many files ("file"), records ("record") or warnings ("warning") the run reported."""
        return sum(item.count for item in self.skipped if item.kind == kind)


@dataclass(frozen=True)
class Progress:
    """Reported to a ``progress`` callback while an index is built."""

    phase: str
    """"scan", "read", "write", "embed" (the semantic layer), "commit" or "done"."""
    done: int
    total: int
    path: str | None = None
    part: float = 0.0
    """Share (0 to 1) of the file at ``path`` done, reported within files of many documents."""


@dataclass(frozen=True)
class IndexStats:
    """Figures about an index: documents per language and source, size, build time."""

    index_dir: str
    documents: int
    langs: dict[str, int]
    sources: dict[str, int]
    size_bytes: int
    built_at: str
    """ISO timestamp (UTC) of the last build or update."""
    seeds_dir: str | None
    schema_version: int
