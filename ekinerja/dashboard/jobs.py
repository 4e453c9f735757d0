"""The monitoring app's periodic job: the current month's figures of every instansi are
computed again every 15 minutes (the dashboards promise figures no older than that)."""

from __future__ import annotations

import datetime as dt

from ekinerja.org.models import Instansi

from .services import request_refresh

EVERY = dt.timedelta(minutes=15)


def months_kept_fresh(day: dt.date) -> list[tuple[int, int]]:
    """This month and, on the first days of a month, the previous one too, since late entries
    and validations still change it. Older months change only when an admin asks."""
    months = [(day.year, day.month)]
    if day.day <= 10:
        previous = day.replace(day=1) - dt.timedelta(days=1)
        months.append((previous.year, previous.month))
    return months


def refresh_current_months(now: dt.datetime) -> int:
    """Queue the computation of the months kept fresh, for every instansi."""
    months = months_kept_fresh(now.date())
    count = 0
    for instansi_id in Instansi.objects.values_list("id", flat=True):
        for tahun, bulan in months:
            request_refresh(instansi_id=instansi_id, tahun=tahun, bulan=bulan, now=now)
            count += 1
    return count
