"""Months closed by a finalised TPP run. The activity, attendance and appraisal services ask
here before they change anything dated in a month, so a paid month cannot drift from what was
paid; reopening (allowance.services.reopen_run, audited) deletes the rows again."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError

from .models import ClosedMonth

NAMA_BULAN = (
    "", "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
    "September", "Oktober", "November", "Desember",
)  # fmt: skip


def month_label(tahun: int, bulan: int) -> str:
    return f"{NAMA_BULAN[bulan]} {tahun}"


def closed_message(tahun: int, bulan: int) -> str:
    return (
        f"Bulan {month_label(tahun, bulan)} sudah difinalisasi untuk pembayaran TPP, sehingga "
        "datanya tidak dapat diubah. Minta admin BKPSDM membuka kembali bulan itu bila perlu."
    )


def closed_pairs(employee_ids: Iterable[int], days: Iterable[dt.date]) -> set[tuple[int, int, int]]:
    """(employee_id, tahun, bulan) among the given employees and the months of the given days
    that are closed. One query."""
    ids = set(employee_ids)
    months = {(day.year, day.month) for day in days}
    if not ids or not months:
        return set()
    rows = ClosedMonth.objects.filter(
        employee_id__in=ids,
        tahun__in={year for year, _ in months},
        bulan__in={month for _, month in months},
    ).values_list("employee_id", "tahun", "bulan")
    return {row for row in rows if (row[1], row[2]) in months}


def is_closed(employee_id: int, day: dt.date) -> bool:
    return ClosedMonth.objects.filter(
        employee_id=employee_id, tahun=day.year, bulan=day.month
    ).exists()


def refuse_if_closed(employee_ids: Iterable[int], days: Iterable[dt.date]) -> None:
    """Raise a ValidationError (Bahasa Indonesia) when any employee's month among `days` is
    closed. One query."""
    closed = closed_pairs(employee_ids, days)
    if closed:
        _, tahun, bulan = min(closed, key=lambda row: (row[1], row[2]))
        raise ValidationError(closed_message(tahun, bulan), code="bulan_final")
