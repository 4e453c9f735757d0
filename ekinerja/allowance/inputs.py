"""What a month measured for each employee, read set-wise for the TPP run: who they were
(seat, kelas, status), their approved minutes, attendance, predikat, sanctions and counted
items, as `calc.EmployeeMonth` rows plus the identity printed on the payroll list.

A fixed number of queries per chunk of employees, however many are asked for."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from ekinerja.activity.productivity import monthly_productivity
from ekinerja.appraisal.choices import JenisEvaluasi, StatusEvaluasi
from ekinerja.appraisal.models import Evaluation
from ekinerja.attendance.calendar import working_days
from ekinerja.attendance.choices import AT_WORK, StatusKehadiran
from ekinerja.attendance.models import DailyAttendance
from ekinerja.org.selectors import unit_subtree_ids
from ekinerja.people.choices import STATUS_ASN, JenisPenugasan
from ekinerja.people.models import Assignment, Employee
from ekinerja.people.selectors import opd_of_units
from ekinerja.planning.choices import SiklusEvaluasi
from ekinerja.planning.models import PerformancePeriod

from . import calc
from .models import CatatanBulanan, HukumanDisiplin

# Evaluations whose predikat stands: set by the penilai, accepted, or decided on objection.
SET_STATUSES = (
    StatusEvaluasi.DITETAPKAN,
    StatusEvaluasi.DITERIMA,
    StatusEvaluasi.KEBERATAN,
    StatusEvaluasi.DIPUTUS,
)
LEAVE_STATUSES = (StatusKehadiran.CUTI, StatusKehadiran.SAKIT, StatusKehadiran.IZIN)


@dataclass(frozen=True)
class Identity:
    employee_id: int
    nama: str
    nip: str
    golongan: str
    status: str
    jabatan: str
    kelas_jabatan: int | None
    opd_id: int | None


@dataclass(frozen=True)
class Month:
    instansi_id: int
    tahun: int
    bulan: int
    first: dt.date
    last: dt.date
    working: tuple[dt.date, ...]

    @classmethod
    def of(cls, instansi_id: int, tahun: int, bulan: int) -> Month:
        first = dt.date(tahun, bulan, 1)
        last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        return cls(
            instansi_id, tahun, bulan, first, last, tuple(working_days(instansi_id, first, last))
        )


def _overlapping(month: Month) -> Q:
    return Q(mulai__lte=month.last) & (Q(selesai__isnull=True) | Q(selesai__gte=month.first))


def employee_ids_in_scope(month: Month, opd_id: int | None = None) -> list[int]:
    """ASN with a definitif seat at some point of the month, in the OPD's subtree if given,
    sorted. Two queries (three with an OPD)."""
    seats = Assignment.objects.filter(
        _overlapping(month),
        jenis=JenisPenugasan.DEFINITIF,
        employee__instansi_id=month.instansi_id,
        employee__status__in=STATUS_ASN,
    )
    if opd_id is None:
        return sorted(set(seats.values_list("employee_id", flat=True)))
    units = unit_subtree_ids(month.instansi_id, [opd_id])
    by_employee: dict[int, tuple[dt.date, int]] = {}
    for employee_id, mulai, unit_id in seats.values_list(
        "employee_id", "mulai", "position__unit_id"
    ):
        # The latest seat of the month decides the employee's OPD (mutasi mid-month).
        if employee_id not in by_employee or mulai >= by_employee[employee_id][0]:
            by_employee[employee_id] = (mulai, unit_id)
    return sorted(e for e, (_, unit_id) in by_employee.items() if unit_id in units)


def _days_between(days: Iterable[dt.date], start: dt.date, end: dt.date | None) -> int:
    return sum(1 for day in days if start <= day and (end is None or day <= end))


class MonthReader:
    """Reads one chunk of employees for a month."""

    def __init__(self, month: Month, opd_by_unit: dict[int, int]) -> None:
        self.month = month
        self.opd_by_unit = opd_by_unit

    def read(self, ids: list[int]) -> list[tuple[Identity, calc.EmployeeMonth]]:
        employees = {
            e.id: e
            for e in Employee.objects.filter(id__in=ids).only(
                "id", "nama", "gelar_depan", "gelar_belakang", "nip", "golongan", "status",
                "kategori", "kedudukan",
            )
        }  # fmt: skip
        seats = self._seats(ids)
        minutes = {
            row.employee_id: row
            for row in monthly_productivity(
                self.month.instansi_id, self.month.tahun, self.month.bulan, ids
            )
        }
        attendance = self._attendance(ids)
        predikat = self._predikat(ids)
        hukuman = self._hukuman(ids)
        lainnya = self._lainnya(ids)
        rows = []
        for employee_id in ids:
            employee = employees[employee_id]
            own, acting, employed = seats.get(employee_id, (None, (), 0))
            productivity = minutes.get(employee_id)
            days = attendance.get(employee_id, _AttendanceTally())
            position = own.position if own is not None else None
            identity = Identity(
                employee_id=employee_id,
                nama=employee.nama_lengkap,
                nip=employee.nip or "",
                golongan=employee.golongan,
                status=employee.status,
                jabatan=position.nama if position else "",
                kelas_jabatan=position.kelas_jabatan if position else None,
                opd_id=self.opd_by_unit.get(position.unit_id) if position else None,
            )
            rows.append(
                (
                    identity,
                    calc.EmployeeMonth(
                        employee_id=employee_id,
                        status=employee.status,
                        kategori=employee.kategori,
                        kedudukan=employee.kedudukan,
                        golongan=employee.golongan,
                        kode_jabatan=position.kode if position else "",
                        kelas_jabatan=position.kelas_jabatan if position else None,
                        hari_kerja=len(self.month.working),
                        hari_bekerja=employed,
                        menit_kredit=productivity.credited_minutes if productivity else 0,
                        target_menit=productivity.target_minutes if productivity else 0,
                        predikat=predikat.get(employee_id, ""),
                        terlambat=tuple(days.terlambat),
                        pulang_cepat=tuple(days.pulang_cepat),
                        tanpa_presensi_masuk=days.tanpa_masuk,
                        tanpa_presensi_pulang=days.tanpa_pulang,
                        hari_tanpa_keterangan=days.tanpa_keterangan,
                        hari_hadir=days.hadir,
                        cuti_hari=dict(days.cuti),
                        lainnya=lainnya.get(employee_id, {}),
                        hukuman=tuple(hukuman.get(employee_id, ())),
                        penugasan=acting,
                    ),
                )
            )
        return rows

    def _seats(
        self, ids: list[int]
    ) -> dict[int, tuple[Assignment | None, tuple[calc.Acting, ...], int]]:
        """Per employee: the definitif seat of the month (the latest), Plt/Plh seats with their
        working days, and the working days covered by any definitif seat. One query."""
        by_employee: dict[int, list[Assignment]] = defaultdict(list)
        for seat in (
            Assignment.objects.filter(_overlapping(self.month), employee_id__in=ids)
            .select_related("position")
            .order_by("mulai", "id")
        ):
            by_employee[seat.employee_id].append(seat)
        result = {}
        working = self.month.working
        for employee_id, seats in by_employee.items():
            definitif = [s for s in seats if s.jenis == JenisPenugasan.DEFINITIF]
            covered = {
                day
                for seat in definitif
                for day in working
                if seat.mulai <= day and (seat.selesai is None or day <= seat.selesai)
            }
            acting = tuple(
                calc.Acting(
                    jenis=seat.jenis,
                    kode_jabatan=seat.position.kode,
                    kelas_jabatan=seat.position.kelas_jabatan,
                    hari=_days_between(working, seat.mulai, seat.selesai),
                )
                for seat in seats
                if seat.jenis != JenisPenugasan.DEFINITIF
            )
            result[employee_id] = (definitif[-1] if definitif else None, acting, len(covered))
        return result

    def _attendance(self, ids: list[int]) -> dict[int, _AttendanceTally]:
        tallies: dict[int, _AttendanceTally] = defaultdict(_AttendanceTally)
        rows = DailyAttendance.objects.filter(
            employee_id__in=ids, tanggal__range=(self.month.first, self.month.last)
        ).values_list(
            "employee_id", "status", "menit_terlambat", "menit_pulang_cepat",
            "tanpa_presensi_masuk", "tanpa_presensi_pulang", "jenis_cuti",
        )  # fmt: skip
        for employee_id, status, late, early, no_in, no_out, cuti in rows:
            tallies[employee_id].add(status, late, early, no_in, no_out, cuti)
        return tallies

    def _predikat(self, ids: list[int]) -> dict[int, str]:
        """The set predikat of the period that contains the month (monthly or quarterly)."""
        period = PerformancePeriod.objects.filter(
            instansi_id=self.month.instansi_id, tahun=self.month.tahun
        ).first()
        if period is None:
            return {}
        quarterly = period.siklus_evaluasi == SiklusEvaluasi.TRIWULANAN
        periode_ke = (self.month.bulan - 1) // 3 + 1 if quarterly else self.month.bulan
        rows = Evaluation.objects.filter(
            employee_id__in=ids,
            skp__period=period,
            jenis=JenisEvaluasi.PERIODIK,
            periode_ke=periode_ke,
            status__in=SET_STATUSES,
        ).values_list("employee_id", "predikat")
        return dict(rows)

    def _hukuman(self, ids: list[int]) -> dict[int, list[str]]:
        found: dict[int, list[str]] = defaultdict(list)
        rows = HukumanDisiplin.objects.filter(
            employee_id__in=ids, mulai__lte=self.month.last, selesai__gte=self.month.first
        ).values_list("employee_id", "jenis")
        for employee_id, jenis in rows:
            found[employee_id].append(jenis)
        return found

    def _lainnya(self, ids: list[int]) -> dict[int, dict[str, int]]:
        found: dict[int, dict[str, int]] = defaultdict(dict)
        rows = CatatanBulanan.objects.filter(
            employee_id__in=ids, tahun=self.month.tahun, bulan=self.month.bulan
        ).values_list("employee_id", "kode", "jumlah")
        for employee_id, kode, jumlah in rows:
            found[employee_id][kode] = jumlah
        return found


class _AttendanceTally:
    __slots__ = (
        "cuti",
        "hadir",
        "pulang_cepat",
        "tanpa_keterangan",
        "tanpa_masuk",
        "tanpa_pulang",
        "terlambat",
    )

    def __init__(self) -> None:
        self.terlambat: list[int] = []
        self.pulang_cepat: list[int] = []
        self.tanpa_masuk = 0
        self.tanpa_pulang = 0
        self.tanpa_keterangan = 0
        self.hadir = 0
        self.cuti: Counter[str] = Counter()

    def add(
        self, status: str, late: int | None, early: int | None, no_in: bool, no_out: bool, cuti: str
    ) -> None:
        if status in AT_WORK:
            self.hadir += 1
        if late:
            self.terlambat.append(late)
        if early:
            self.pulang_cepat.append(early)
        self.tanpa_masuk += bool(no_in)
        self.tanpa_pulang += bool(no_out)
        if status == StatusKehadiran.TANPA_KETERANGAN:
            self.tanpa_keterangan += 1
        elif status in LEAVE_STATUSES and cuti:
            self.cuti[cuti] += 1


def read_months(month: Month, employee_ids: list[int]) -> list[tuple[Identity, calc.EmployeeMonth]]:
    """Identity and measured month for each employee id, in the given order."""
    opd_by_unit = {unit_id: opd.id for unit_id, opd in opd_of_units(month.instansi_id).items()}
    return MonthReader(month, opd_by_unit).read(employee_ids)


def reader_for(month: Month) -> MonthReader:
    """A reader that keeps the unit tree across chunks (one query, once)."""
    opd_by_unit = {unit_id: opd.id for unit_id, opd in opd_of_units(month.instansi_id).items()}
    return MonthReader(month, opd_by_unit)
