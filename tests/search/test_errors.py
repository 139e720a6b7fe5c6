"""Engine errors as data: a kind and fields, a neutral line; only unreadable index files count as damage."""

from __future__ import annotations

import pickle

import pytest

import search
from search import errors
from search.highlight import snippets


def test_invalid_input_words_its_arguments_as_each_face_names_them() -> None:
    error = errors.InvalidInput("{argument} {value} is after {other} {other_value}: swap them",
                                "since", "2025-03", "until", "2025-01")
    assert str(error) == "since 2025-03 is after until 2025-01: swap them"
    assert error.worded({"since": "From", "until": "To"}.get) == "From 2025-03 is after To 2025-01: swap them"
    assert (error.kind, error.fields["argument"], error.fields["value"]) == ("invalid_input", "since", "2025-03")


def test_a_value_with_braces_is_shown_as_given() -> None:
    error = errors.InvalidInput("{argument} '{value}' is not a date", "until", "{other}}")
    assert str(error) == "until '{other}}' is not a date"


def test_every_kind_is_distinct_and_stable() -> None:
    kinds = [cls.kind for cls in vars(errors).values()
             if isinstance(cls, type) and issubclass(cls, errors.SearchError) and cls is not errors.SearchError]
    assert len(kinds) == len(set(kinds))
    assert {"index_not_found", "index_version", "index_damaged", "index_locked", "invalid_input", "unknown_source",
            "article_not_found", "seeds_not_found", "seeds_folder_mismatch", "config", "not_an_index_folder",
            "disk_full", "writer_process_died"} <= set(kinds)


def test_a_bug_in_highlighting_is_not_reported_as_index_damage(seed_engine, monkeypatch) -> None:
    def broken(*args, **kwargs):
        raise IndexError("a bug in the fragmenter")

    monkeypatch.setattr(snippets, "context_fragments", broken)
    with pytest.raises(IndexError, match="a bug in the fragmenter"):
        seed_engine.search("asylum")



@pytest.mark.parametrize("error", [
    errors.DiskFull("/d", 2_000_000, 10), errors.WriterProcessDied(-9), errors.IndexLocked("/ix", 3),
    errors.InvalidInput("{argument} '{value}' is not a date", "since", "x"), errors.UnknownSource("zz", ["a"]),
    errors.SeedFileError("file is empty", ["p"]),
])
def test_an_error_crosses_a_process_pipe_whole(error) -> None:
    """The two-process build sends a helper's error to the parent as a pickle."""
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error) and str(copy) == str(error) and copy.fields == error.fields
    assert copy.kind == error.kind
