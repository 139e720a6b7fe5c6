"""The merge policy's choice: dead segments expunged one at a time, small ones merged, none past the cap."""

from __future__ import annotations

from search.backends.whoosh.merging import (
    EXPUNGE_FRACTION, MAX_FAMILIES, MAX_SEGMENT_DOCS, SIZE_RATIO, choose_merges, plan_merges, written_back,
)


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


def test_a_familys_other_segment_joins_its_new_one_and_its_body_stays():
    body, tail, other = (MAX_SEGMENT_DOCS - 500, 300, "b"), (300, 0, "b"), (MAX_SEGMENT_DOCS - 100, 100, "c")
    plan = plan_merges(0, {"b": 50}, [body, tail, other])
    assert plan.families == {"b": {1}} and plan.main == set()


def test_an_expunged_body_gathers_the_rest_of_its_family_into_the_familys_segment():
    share = EXPUNGE_FRACTION + 0.01
    body = (int(15_000 * (1 - share)), int(15_000 * share), "b")
    plan = plan_merges(10, {"c": 5}, [body, (800, 0, "b"), (MAX_SEGMENT_DOCS, 0, "c"), (30, 0, "d")])
    assert plan.families == {"b": {0, 1}, "c": set()}
    assert plan.main == {3}  # a segment alone in its family joins the main one by size ratio


def test_a_family_with_two_segments_never_joins_the_main_segment():
    plan = plan_merges(1_000, {}, [(100, 0, "b"), (50, 0, "b"), (100, 0, "c")])
    assert plan.main == {2} and plan.families == {}


def test_a_family_never_gathers_past_the_cap():
    plan = plan_merges(0, {"b": MAX_SEGMENT_DOCS - 10}, [(MAX_SEGMENT_DOCS, 0, "b"), (20, 0, "b")])
    assert plan.families == {"b": set()}


def test_only_the_largest_groups_go_back_to_their_families():
    groups = {f"f{n}": n for n in range(1, MAX_FAMILIES + 3)}
    assert written_back(groups) == [f"f{n}" for n in range(MAX_FAMILIES + 2, 2, -1)]


def test_a_segment_whose_family_gets_documents_stays_out_of_the_main_segment():
    plan = plan_merges(100, {"b": 5}, [(150, 0, "b")])
    assert plan.main == set() and plan.families == {"b": set()}
