"""Where rows are put among their siblings after an edit: as few stored positions change as possible."""
from __future__ import annotations

from g60desk.store.repository import kept_positions


def test_rows_that_stay_in_order_keep_their_positions():
    assert kept_positions([0, 1, 2, 3]) == [0, 1, 2, 3]
    assert kept_positions([0, 1, 3]) == [0, 1, 3]            # row 2 deleted: its place stays empty
    assert kept_positions([0, 1, 2, None]) == [0, 1, 2, 3]   # appended


def test_a_new_row_takes_a_free_place_between_its_neighbours():
    assert kept_positions([0, 1, None, 3]) == [0, 1, 2, 3]   # a deleted row brought back by undo
    assert kept_positions([None, 4, 5]) == [0, 4, 5]


def test_without_a_free_place_the_siblings_are_numbered_again():
    assert kept_positions([0, None, 1, 2]) == [0, 1, 2, 3]
    assert kept_positions([1, 0, 2]) == [0, 1, 2]            # moved up: one of the two changes
    assert kept_positions([2, 0, 1]) == [0, 1, 2]


def test_positions_always_increase():
    for old in ([5, 3, None, 9, 1, None], [None, None], [3, 2, 1, 0], []):
        new = kept_positions(old)
        assert len(new) == len(old) and all(a < b for a, b in zip(new, new[1:])) and min(new, default=0) >= 0
