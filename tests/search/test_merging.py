"""The merge policy's choice: dead segments expunged one at a time, small ones merged, none past the cap."""

from __future__ import annotations

from search.backends.whoosh.merging import (EXPUNGE_FRACTION, HOME_SHARE, MAX_SEGMENT_DOCS, SIZE_RATIO, choose_merges,
                                            guests_to_gather, homes)


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


def test_a_file_is_at_home_where_it_has_a_share_of_the_documents_or_most_of_its_own():
    small = int(HOME_SHARE * 1000) - 1
    assert homes([{"bible": 1000 - small, "news": small}]) == [{"bible", "news"}]  # most of news is here
    assert homes([{"bible": 1000 - small, "news": small}, {"news": small + 1}]) == [{"bible"}, {"news"}]
    assert homes([{"bible": 500, "news": 500, "gone": 0}, {"bible": 900, "news": 1}]) == [{"bible", "news"}, {"bible"}]
    assert homes([]) == []


def test_guests_of_the_rewritten_segments_files_are_gathered_within_the_room():
    rewritten = {"news": list(range(60)), "congreso": [60]}
    kept = [
        {"bible": list(range(100)), "news": [100, 101]},  # two news edits written into a bible segment
        {"news": list(range(40)), "bible": [40]},         # news at home here too: none of it moves
        {"bible": list(range(50)), "congreso": [50], "news": [51, 52]},
    ]
    assert guests_to_gather(rewritten, kept, room=10) == [[100, 101], [], [50, 51, 52]]
    assert guests_to_gather(rewritten, kept, room=3) == [[100, 101], [], [50]]
    assert guests_to_gather({"bible": [0]}, kept, room=10) == [[], [40], []]  # the bible verse in the news segment
