"""Demo monitoring: the demo region rolls out in three waves and has this month's and the
previous month's figures computed, so the dashboards show something on first start."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.utils import timezone

from ekinerja.org.choices import JENIS_UNIT_OPD
from ekinerja.org.models import Unit
from ekinerja.people.demo import DemoResult

from .models import OpdGoLive
from .services import refresh_now

# Most OPDs went live with the first wave, some this month; the last few start next month.
SECOND_WAVE_EVERY = 5
NOT_YET = 3


def extend_demo(result: DemoResult, *, seed: int, today: dt.date) -> str:
    instansi = result.instansi
    opds = list(
        Unit.objects.filter(instansi=instansi, jenis__in=JENIS_UNIT_OPD).order_by("kode", "id")
    )
    now = timezone.localdate()
    this_month = now.replace(day=1)
    first_wave = min(dt.date(now.year, 1, 1), (this_month - dt.timedelta(days=62)).replace(day=1))
    next_month = (this_month + dt.timedelta(days=32)).replace(day=1)
    waves = []
    for index, unit in enumerate(opds):
        # Sekretariat and the BKPSDM-like agencies come first in the kode order: always live.
        if index >= len(opds) - NOT_YET and index > 2:
            wave, start = 3, next_month
        elif index % SECOND_WAVE_EVERY == SECOND_WAVE_EVERY - 1:
            wave, start = 2, this_month
        else:
            wave, start = 1, first_wave
        waves.append(
            OpdGoLive(
                instansi=instansi, unit=unit, gelombang=wave, tanggal_mulai=start,
                catatan=f"Gelombang {wave} (demo)",
            )
        )  # fmt: skip
    OpdGoLive.objects.bulk_create(waves)
    if connection.vendor == "postgresql":
        # The seed just filled every table in this transaction: without statistics the
        # planner picks nested loops over millions of rows for the month's grouped reads.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    previous = this_month - dt.timedelta(days=1)
    for month in (previous, now):
        refresh_now(instansi_id=instansi.pk, tahun=month.year, bulan=month.month)
    live = sum(1 for w in waves if w.tanggal_mulai <= now)
    return f"Pantauan   : {live} dari {len(waves)} OPD sudah go-live; angka bulan ini dihitung"
