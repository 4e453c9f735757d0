"""Set-up shared by the evaluation tests: a 2026 performance period and approved SKPs."""

from __future__ import annotations

import datetime as dt

from ekinerja.planning import services as planning
from ekinerja.planning.choices import StatusSkp
from ekinerja.planning.models import PerformancePeriod, Skp


def make_period(personas, siklus: str = "bulanan") -> PerformancePeriod:
    return PerformancePeriod.objects.create(
        instansi=personas.instansi, tahun=2026, mulai=dt.date(2026, 1, 1),
        selesai=dt.date(2026, 12, 31), batas_input_skp=dt.date(2026, 1, 31),
        batas_persetujuan=dt.date(2026, 2, 28), status="dibuka", siklus_evaluasi=siklus,
    )  # fmt: skip


def approved_skp(personas, who: str, period: PerformancePeriod) -> Skp:
    """An approved SKP built directly: the approval workflow is planning's to test."""
    skp = planning.start_skp(actor=None, employee=getattr(personas, who), period=period)
    Skp.objects.filter(pk=skp.pk).update(status=StatusSkp.DISETUJUI)
    skp.refresh_from_db()
    return skp
