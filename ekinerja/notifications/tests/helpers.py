"""Hand-made data for the digest tests, on Tuesday 10 March 2026 at 06:00 WIB (the job runs
in the morning). With the default activity rules (7 days back, same month) 3 and 4 March drop
out of the entry window within two days."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from ekinerja.activity.choices import StatusAktivitas
from ekinerja.activity.models import Activity
from ekinerja.activity.rules import normalise_uraian
from ekinerja.appraisal.models import Evaluation, Objection
from ekinerja.attendance.choices import JenisCuti, StatusPengajuan
from ekinerja.attendance.models import LeaveRequest
from ekinerja.notifications.models import Notification
from ekinerja.people.hierarchy import primary_assignment
from ekinerja.people.models import Employee
from ekinerja.planning.models import PerformancePeriod, Skp

WIB = ZoneInfo("Asia/Jakarta")
TODAY = dt.date(2026, 3, 10)
NOW = dt.datetime(2026, 3, 10, 6, 0, tzinfo=WIB)
YESTERDAY = dt.date(2026, 3, 9)
CLOSING = (dt.date(2026, 3, 3), dt.date(2026, 3, 4))
T = dt.time


def activity(employee: Employee, tanggal: dt.date = YESTERDAY, start: int = 8, **extra) -> Activity:
    values = {
        "instansi_id": employee.instansi_id, "employee": employee, "tanggal": tanggal,
        "mulai": T(start, 0), "selesai": T(start + 1, 0), "menit": 60,
        "uraian": f"Menyusun rekap data surveilans jam {start}", "jumlah_output": 1,
        "satuan": "laporan", "diajukan_at": NOW - dt.timedelta(hours=12),
    }  # fmt: skip
    values.update(extra)
    values["uraian_norm"] = normalise_uraian(values["uraian"])
    return Activity.objects.create(**values)


def fill_window(*employees: Employee) -> None:
    """Approved activities on the closing days, so no entry-window reminder is due."""
    for employee in employees:
        for day in CLOSING:
            activity(employee, day, status=StatusAktivitas.DISETUJUI)


def period(instansi, **extra) -> PerformancePeriod:
    values = {
        "instansi": instansi, "tahun": 2026, "mulai": dt.date(2026, 1, 1),
        "selesai": dt.date(2026, 12, 31), "batas_input_skp": dt.date(2026, 1, 31),
        "batas_persetujuan": dt.date(2026, 2, 15),
    }  # fmt: skip
    values.update(extra)
    values["batas_persetujuan"] = max(values["batas_persetujuan"], values["batas_input_skp"])
    return PerformancePeriod.objects.create(**values)


def skp(employee: Employee, performance_period: PerformancePeriod, status: str) -> Skp:
    seat = primary_assignment(employee, TODAY)
    assert seat is not None
    return Skp.objects.create(
        instansi_id=employee.instansi_id, period=performance_period, employee=employee,
        status=status, position=seat.position, unit=seat.position.unit, jenis_form="ja_jf",
    )  # fmt: skip


def leave(employee: Employee, status: str = StatusPengajuan.DIAJUKAN, **extra) -> LeaveRequest:
    values = {
        "instansi_id": employee.instansi_id, "employee": employee, "jenis": JenisCuti.TAHUNAN,
        "mulai": dt.date(2026, 3, 16), "selesai": dt.date(2026, 3, 17), "jumlah_hari": 2,
        "status": status,
    }  # fmt: skip
    values.update(extra)
    return LeaveRequest.objects.create(**values)


def objection(employee: Employee, performance_period: PerformancePeriod) -> Objection:
    evaluation = Evaluation.objects.create(
        instansi_id=employee.instansi_id, skp=skp(employee, performance_period, "disetujui"),
        employee=employee, jenis="periodik", periode_ke=2, status="keberatan",
        predikat="butuh_perbaikan",
    )  # fmt: skip
    return Objection.objects.create(
        instansi_id=employee.instansi_id, evaluation=evaluation, alasan="Realisasi tidak dihitung",
        predikat_semula="butuh_perbaikan",
    )  # fmt: skip


def of(employee: Employee, kind: str | None = None) -> list[Notification]:
    qs = Notification.objects.filter(user=employee.user)
    if kind is not None:
        qs = qs.filter(kind=kind)
    return list(qs.order_by("id"))
