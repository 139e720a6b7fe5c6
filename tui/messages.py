"""Messages that workers and widgets post; the app changes widgets only in their handlers."""

from __future__ import annotations

from textual.message import Message

from search import Article, IndexReport, Progress, SearchResult
from tui.state import Filters, SearchRequest


class SearchDone(Message):
    """A search worker finished; dropped by the app when a newer request exists."""

    def __init__(self, request: SearchRequest, result: SearchResult) -> None:
        super().__init__()
        self.request = request
        self.result = result


class SearchFailed(Message):
    def __init__(self, request: SearchRequest, error: str) -> None:
        super().__init__()
        self.request = request
        self.error = error


class ArticleLoaded(Message):
    """An article for the preview; ``seq`` is the search whose matches its spans mark."""

    def __init__(self, doc_id: str, seq: int, article: Article) -> None:
        super().__init__()
        self.doc_id = doc_id
        self.seq = seq
        self.article = article


class ArticleFailed(Message):
    def __init__(self, doc_id: str, seq: int, error: str) -> None:
        super().__init__()
        self.doc_id = doc_id
        self.seq = seq
        self.error = error


class IndexProgress(Message, bubble=False):
    """A (throttled) progress report from a build or reindex worker."""

    def __init__(self, progress: Progress) -> None:
        super().__init__()
        self.progress = progress


class IndexBuilt(Message, bubble=False):
    """A build ended; ``changed``: the app's engines now read a new generation."""

    def __init__(self, report: IndexReport, changed: bool = True) -> None:
        super().__init__()
        self.report = report
        self.changed = changed


class IndexChanged(Message, bubble=False):
    """Another process (``search-cli index``) swapped in a new generation, and the engines picked it up."""


class IndexFailed(Message, bubble=False):
    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class FiltersChanged(Message):
    """The user changed a language, source, date or sort setting."""

    def __init__(self, filters: Filters) -> None:
        super().__init__()
        self.filters = filters


class SuggestionChosen(Message):
    """The user picked the "did you mean" line."""

    def __init__(self, query: str) -> None:
        super().__init__()
        self.query = query


class HitChosen(Message):
    """The user highlighted a hit (None: a line that is not a hit): the preview should show it."""

    def __init__(self, doc_id: str | None) -> None:
        super().__init__()
        self.doc_id = doc_id


class LoadMore(Message):
    """The user asked for the next page of hits."""


class TypedInResults(Message):
    """The user typed a character in the results list: it belongs in the search box."""

    def __init__(self, character: str) -> None:
        super().__init__()
        self.character = character


class HitOpened(Message):
    """The user chose a hit (Enter, Tab or click): move into the preview."""

    def __init__(self, doc_id: str) -> None:
        super().__init__()
        self.doc_id = doc_id
