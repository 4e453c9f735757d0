"""Set-up shared by the talent tests: performance periods, approved SKPs and set evaluations
built directly (their workflows are planning's and appraisal's to test), and records."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from ekinerja.appraisal.models import Evaluation
from ekinerja.people.hierarchy import primary_assignment
from ekinerja.people.models import Employee
from ekinerja.planning.models import PerformancePeriod, Skp
from ekinerja.talent.models import CompetencyAssessment, Education, Training

WIB = ZoneInfo("Asia/Jakarta")
NOW = dt.datetime(2026, 11, 20, 9, 0, tzinfo=WIB)
DAY = NOW.date()


def period(personas, tahun: int = 2026) -> PerformancePeriod:
    found = PerformancePeriod.objects.filter(instansi=personas.instansi, tahun=tahun).first()
    return found or PerformancePeriod.objects.create(
        instansi=personas.instansi, tahun=tahun, mulai=dt.date(tahun, 1, 1),
        selesai=dt.date(tahun, 12, 31), batas_input_skp=dt.date(tahun, 1, 31),
        batas_persetujuan=dt.date(tahun, 2, 28), status="dibuka", siklus_evaluasi="triwulanan",
    )  # fmt: skip


def skp_of(
    employee: Employee, performance_period: PerformancePeriod, *, status: str = "disetujui",
    version: int = 1,
) -> Skp:  # fmt: skip
    seat = primary_assignment(employee, dt.date(performance_period.tahun, 6, 1)) or (
        primary_assignment(employee, DAY)
    )
    assert seat is not None
    return Skp.objects.create(
        instansi_id=employee.instansi_id, period=performance_period, employee=employee,
        version=version, status=status,
        position=seat.position, unit=seat.position.unit, jenis_form="ja_jf",
    )  # fmt: skip


def evaluate(
    skp: Skp, predikat: str, *, periode_ke: int = 0, status: str = "ditetapkan"
) -> Evaluation:
    """A set evaluation of the SKP: annual for periode_ke 0, else periodic."""
    return Evaluation.objects.create(
        instansi_id=skp.instansi_id, skp=skp, employee=skp.employee,
        jenis="tahunan" if periode_ke == 0 else "periodik", periode_ke=periode_ke,
        status=status, predikat=predikat,
    )  # fmt: skip


def education(employee: Employee, jenjang: str, tahun: int, jurusan: str = "") -> Education:
    return Education.objects.create(
        instansi_id=employee.instansi_id, employee=employee, jenjang=jenjang, jurusan=jurusan,
        tahun_lulus=tahun,
    )  # fmt: skip


def training(employee: Employee, nama: str, selesai: dt.date, jp: int) -> Training:
    return Training.objects.create(
        instansi_id=employee.instansi_id, employee=employee, nama=nama, tanggal_mulai=selesai,
        tanggal_selesai=selesai, jam_pelajaran=jp,
    )  # fmt: skip


def assessment(employee: Employee, tanggal: dt.date, nilai: str) -> CompetencyAssessment:
    return CompetencyAssessment.objects.create(
        instansi_id=employee.instansi_id, employee=employee, tanggal=tanggal,
        lembaga="UPT Penilaian Kompetensi", nilai=Decimal(nilai),
    )  # fmt: skip
