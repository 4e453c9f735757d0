"""Months closed by a finalised TPP run (core.closing): which (employee, month) pairs are
closed, the Indonesian refusal, one query each, and reopening by deleting the rows."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from ekinerja.core.closing import (
    closed_message,
    closed_pairs,
    is_closed,
    month_label,
    refuse_if_closed,
)
from ekinerja.core.models import ClosedMonth

pytestmark = pytest.mark.django_db

ANI, INTAN = 101, 102
MARCH = dt.date(2026, 3, 17)
APRIL = dt.date(2026, 4, 2)


def close(employee_id: int, tahun: int, bulan: int) -> ClosedMonth:
    return ClosedMonth.objects.create(
        instansi_id=1, employee_id=employee_id, tahun=tahun, bulan=bulan, run_id=7
    )


def test_the_message_names_the_month_in_indonesian():
    assert month_label(2026, 3) == "Maret 2026"
    assert closed_message(2026, 12) == (
        "Bulan Desember 2026 sudah difinalisasi untuk pembayaran TPP, sehingga datanya tidak "
        "dapat diubah. Minta admin BKPSDM membuka kembali bulan itu bila perlu."
    )


def test_closed_pairs_are_those_of_the_given_employees_and_months(django_assert_num_queries):
    close(ANI, 2026, 3)
    close(INTAN, 2026, 4)
    close(ANI, 2025, 4)  # the same month number in another year is another month
    with django_assert_num_queries(1):
        found = closed_pairs([ANI, INTAN], [MARCH, APRIL])
    assert found == {(ANI, 2026, 3), (INTAN, 2026, 4)}
    assert closed_pairs([ANI], [APRIL]) == set()
    assert closed_pairs([INTAN], [MARCH, dt.date(2025, 4, 1)]) == set()


def test_nothing_to_check_costs_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert closed_pairs([], [MARCH]) == set()
        assert closed_pairs([ANI], []) == set()
        refuse_if_closed([], [MARCH])


def test_refusal_names_the_earliest_closed_month_in_one_query(django_assert_num_queries):
    close(ANI, 2026, 4)
    close(ANI, 2026, 3)
    with django_assert_num_queries(1), pytest.raises(ValidationError) as caught:
        refuse_if_closed([ANI, INTAN], [APRIL, MARCH])
    assert caught.value.messages == [closed_message(2026, 3)]
    assert caught.value.code == "bulan_final"


def test_another_employee_or_month_is_not_refused():
    close(ANI, 2026, 3)
    refuse_if_closed([INTAN], [MARCH])
    refuse_if_closed([ANI], [APRIL, dt.date(2027, 3, 1)])
    assert is_closed(ANI, MARCH) and not is_closed(ANI, APRIL) and not is_closed(INTAN, MARCH)


def test_reopening_deletes_the_rows_and_lets_writes_through():
    close(ANI, 2026, 3)
    with pytest.raises(ValidationError):
        refuse_if_closed([ANI], [MARCH])
    ClosedMonth.objects.filter(employee_id=ANI, tahun=2026, bulan=3).delete()
    refuse_if_closed([ANI], [MARCH])
    assert not is_closed(ANI, MARCH)


def test_a_month_is_closed_once_per_employee():
    close(ANI, 2026, 3)
    with pytest.raises(IntegrityError):
        close(ANI, 2026, 3)
