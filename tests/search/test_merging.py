"""The merge policy's choice: dead segments expunged one at a time, small ones merged, none past the cap."""

from __future__ import annotations

from search.backends.whoosh.merging import EXPUNGE_FRACTION, MAX_SEGMENT_DOCS, SIZE_RATIO, choose_merges


def test_a_small_update_leaves_large_segments_alone():
    assert choose_merges(100, [(MAX_SEGMENT_DOCS - 50, 50), (MAX_SEGMENT_DOCS, 0)]) == set()


def test_only_the_most_deleted_segment_past_the_bound_is_expunged():
    share = EXPUNGE_FRACTION + 0.01
    size = MAX_SEGMENT_DOCS * 3 // 4  # two of them would pass the cap
    a = (int(size * (1 - share)), int(size * share))
    b = (int(size * (1 - share - 0.02)), int(size * (share + 0.02)))
    assert choose_merges(0, [a, b, (size, 0)]) == {1}


def test_small_segments_join_by_size_ratio_up_to_the_cap():
    assert choose_merges(100, [(SIZE_RATIO * 100, 0), (5 * SIZE_RATIO * 100, 0), (30_000, 0)]) == {0, 1}
    almost_full = MAX_SEGMENT_DOCS - 10
    assert choose_merges(almost_full, [(20, 0)]) == set()


def test_a_segment_without_live_documents_is_never_merged():
    assert choose_merges(100, [(0, 400)]) == set()
