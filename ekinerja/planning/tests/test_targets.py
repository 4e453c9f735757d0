from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ekinerja.planning.targets import TargetSplitError, check_split, split_evenly

D = Decimal


@pytest.mark.parametrize(
    ("total", "periods", "expected"),
    [
        (D(12), 12, [D(1)] * 12),
        (D(14), 12, [D(2), D(2)] + [D(1)] * 10),
        (D(10), 4, [D(3), D(3), D(2), D(2)]),
        (D("2.5"), 4, [D("0.63"), D("0.63"), D("0.62"), D("0.62")]),
        (D(0), 12, [D(0)] * 12),
    ],
)
def test_even_split_keeps_whole_targets_whole_and_adds_up(total, periods, expected):
    assert split_evenly(total, periods) == expected


def test_a_split_that_does_not_add_up_is_refused_with_the_sums():
    with pytest.raises(TargetSplitError, match=r"\(11\) harus sama dengan target tahunan \(12\)"):
        check_split(D(12), [D(1)] * 11 + [D(0)], 12)
    with pytest.raises(TargetSplitError, match="Harus ada 4"):
        check_split(D(12), [D(6), D(6)], 4)
    with pytest.raises(TargetSplitError, match="negatif"):
        check_split(D(0), [D(1), D(-1), D(0), D(0)], 4)


@given(
    total=st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False),
    periods=st.sampled_from([4, 12]),
)
def test_even_split_always_adds_up_and_is_never_negative(total, periods):
    parts = split_evenly(total, periods)
    check_split(total, parts, periods)
    assert max(parts) - min(parts) <= (D(1) if total == total.to_integral_value() else D("0.01"))
