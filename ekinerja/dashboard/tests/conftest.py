"""Hand-made months for the monitoring tests: a few activities and attendance days of the
personas in March 2026, measured as of 10 April 2026."""

import datetime as dt
import zoneinfo

import pytest

from ekinerja.activity.choices import StatusAktivitas
from ekinerja.activity.models import Activity
from ekinerja.allowance.inputs import Month

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
NOW = dt.datetime(2026, 4, 10, 10, 0, tzinfo=WIB)


def activity(employee, day, status=StatusAktivitas.DISETUJUI, *, submitted=None, minutes=60):
    start = dt.time(8, 0)
    end = (dt.datetime.combine(day, start) + dt.timedelta(minutes=minutes)).time()
    return Activity.objects.create(
        instansi=employee.instansi, employee=employee, tanggal=day, mulai=start, selesai=end,
        menit=minutes, uraian="Mengolah data", jumlah_output=1, satuan="dokumen", status=status,
        diajukan_at=submitted or dt.datetime.combine(day, dt.time(16, 0), tzinfo=WIB),
    )  # fmt: skip


@pytest.fixture
def march(personas):
    return Month.of(personas.instansi.pk, 2026, 3)
