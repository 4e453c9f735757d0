"""The monitoring app's periodic job: the current month's figures of every instansi are
computed again every 15 minutes (the dashboards promise figures no older than that)."""

from __future__ import annotations

import datetime as dt

from ekinerja.org.models import Instansi

from .services import request_refresh

EVERY = dt.timedelta(minutes=15)


def refresh_current_months(now: dt.datetime) -> int:
    """Queue this month's computation for every instansi; on the first days of a month the
    previous month too, since late entries and validations still change it."""
    months = [(now.year, now.month)]
    if now.day <= 10:
        previous = now.date().replace(day=1) - dt.timedelta(days=1)
        months.append((previous.year, previous.month))
    count = 0
    for instansi_id in Instansi.objects.values_list("id", flat=True):
        for tahun, bulan in months:
            request_refresh(instansi_id=instansi_id, tahun=tahun, bulan=bulan, now=now)
            count += 1
    return count
