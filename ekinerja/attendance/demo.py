"""The attendance of the demo region: the national holidays of this year and the next (from
`holidays_data.py`), a six-day week for Puskesmas and RSUD units, the schedules (Perpres
21/2023 for the whole tree, six days for Puskesmas, shifts with a rotating roster for RSUD, an
estimated Ramadan period), the rules with the usual TL/PSW table, a fingerprint machine with
every employee's PIN, leave, and a month of punches with realistic lateness and absences,
from which the daily records are computed.

Called by `manage.py seed_demo` (the command looks for `extend_demo` in every app's `demo`
module). National rows are shared by every instansi, so a second demo region in the same
database finds them already there and adds only what is missing.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from ekinerja.org.choices import JenisUnit
from ekinerja.org.models import Unit
from ekinerja.people.demo import DemoResult

from . import demo_punches
from .holidays_data import COMPLETE_YEARS, national_holidays
from .models import Holiday, JenisLibur, WorkWeek

SIX_DAY_UNITS = (JenisUnit.PUSKESMAS, JenisUnit.RSUD)


def load_national_holidays(years: list[int]) -> int:
    """Store the missing decreed national rows of the years; returns how many were added."""
    wanted = [row for year in years for row in national_holidays(year)]
    if not wanted:
        return 0
    existing = set(
        Holiday.objects.filter(instansi__isnull=True, tanggal__year__in=years).values_list(
            "tanggal", "jenis"
        )
    )
    new = [
        Holiday(instansi=None, tanggal=tanggal, jenis=jenis, nama=nama)
        for tanggal, jenis, nama in wanted
        if (tanggal, jenis) not in existing
    ]
    Holiday.objects.bulk_create(new)
    return len(new)


@transaction.atomic
def extend_demo(result: DemoResult, *, seed: int, today: dt.date) -> str:
    """Load the national calendar and give the demo's health units a six-day week."""
    years = [today.year, today.year + 1]
    load_national_holidays(years)
    counts = {jenis: 0 for jenis in JenisLibur.values}
    for year in years:
        for _tanggal, jenis, _nama in national_holidays(year):
            counts[jenis] += 1
    units = list(
        Unit.objects.filter(instansi=result.instansi, jenis__in=SIX_DAY_UNITS).values_list(
            "pk", flat=True
        )
    )
    start = dt.date(today.year, 1, 1)
    have = set(
        WorkWeek.objects.filter(unit_id__in=units, berlaku_mulai=start).values_list(
            "unit_id", flat=True
        )
    )
    WorkWeek.objects.bulk_create(
        WorkWeek(instansi=result.instansi, unit_id=pk, berlaku_mulai=start, hari_kerja=6)
        for pk in units
        if pk not in have
    )
    missing = [str(year) for year in years if year not in COMPLETE_YEARS]
    note = f"; {', '.join(missing)} belum ditetapkan" if missing else ""
    attendance = demo_punches.extend_attendance(result.instansi, seed=seed, today=today)
    return (
        f"Kalender   : {counts[JenisLibur.LIBUR_NASIONAL]} libur nasional, "
        f"{counts[JenisLibur.CUTI_BERSAMA]} cuti bersama ({years[0]}–{years[1]}{note}), "
        f"{len(units)} unit 6 hari kerja\n{attendance}"
    )
