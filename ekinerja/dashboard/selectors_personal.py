"""Reads for the personal dashboards (issue 9 item 5): an employee's own month ("Pantauan
saya") and a supervisor's direct subordinates ("Pantauan tim").

Nothing here is precomputed: the scope is one person or one team, so the numbers come live
from the modules that own them (`activity.productivity` for minutes and targets,
`activity.selectors_queue` for who validates what, `allowance.estimate` for the TPP estimate,
`activity.selectors_reports` for the SKP indicators, `attendance` for today's presence).
Every function costs a fixed number of queries, whatever the size of the team.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Min, Q, Sum
from django.utils import timezone

from ekinerja.activity import selectors_queue
from ekinerja.activity.choices import StatusAktivitas
from ekinerja.activity.models import Activity
from ekinerja.activity.productivity import (
    ProductivityRow,
    monthly_productivity,
    target_realisation_between,
)
from ekinerja.activity.selectors import policy_on
from ekinerja.activity.selectors_reports import (
    period_of_month,
    realisation_percent,
    skp_indicators,
)
from ekinerja.allowance.estimate import Estimate, live_estimate
from ekinerja.attendance.calendar import working_days
from ekinerja.attendance.choices import JenisCuti, StatusKehadiran
from ekinerja.attendance.models import Punch
from ekinerja.attendance.selectors import DayRecord, attendance_records, leave_days
from ekinerja.attendance.selectors_checkin import DEFAULT_ZONE, day_bounds, local_day
from ekinerja.core.closing import month_label
from ekinerja.people import hierarchy
from ekinerja.people.access import roles_for
from ekinerja.people.choices import StatusKepegawaian
from ekinerja.people.models import Assignment, Employee, User
from ekinerja.planning.choices import ADDITIVE_ASPEK, SiklusEvaluasi
from ekinerja.planning.models import Skp

# A day counts as filled when it holds work that still counts: waiting, approved or returned to
# be fixed. A day whose only entries were rejected is as empty as a day with none.
FILLED = selectors_queue.COUNTED


# --- today's attendance, decided in memory ----------------------------------------------------


@dataclass(frozen=True)
class Kehadiran:
    """Today's presence as the dashboards show it: a kind for the colour and a label."""

    jenis: str  # hadir, cuti, libur, absen, belum, tanpa_presensi
    label: str

    @property
    def hadir(self) -> bool:
        return self.jenis == "hadir"

    @property
    def berhalangan(self) -> bool:
        """Not expected to fill a day of work: on leave, a day off, or no attendance at all."""
        return self.jenis in ("cuti", "libur", "tanpa_presensi")

    @property
    def warna(self) -> str:
        return WARNA_KEHADIRAN[self.jenis]


# Bootstrap colour of each kind: present green, away blue, a day off grey, absent red, not yet
# punched amber.
WARNA_KEHADIRAN = {
    "hadir": "success",
    "cuti": "info",
    "libur": "secondary",
    "absen": "danger",
    "belum": "warning",
    "tanpa_presensi": "light",
}

TIDAK_WAJIB = Kehadiran("tanpa_presensi", "Tidak wajib presensi")


def kehadiran_of(
    record: DayRecord | None, leave_kind: str | None, punched: bool, hari_kerja: bool
) -> Kehadiran:
    """Approved leave wins; then a daily record at work; then any punch today (the record is
    rebuilt only after a punch arrives or at night, so a punch is the earlier sign); then a
    record of another kind (sick, a day off, absent); then the calendar."""
    if leave_kind:
        return Kehadiran("cuti", JenisCuti(leave_kind).label)
    if record is not None and record.at_work:
        return Kehadiran("hadir", StatusKehadiran(record.status).label)
    if punched:
        return Kehadiran("hadir", "Sudah presensi")
    if record is not None:
        status = StatusKehadiran(record.status)
        if status == StatusKehadiran.LIBUR:
            return Kehadiran("libur", status.label)
        if status == StatusKehadiran.TANPA_KETERANGAN:
            return Kehadiran("absen", status.label)
        return Kehadiran("cuti", status.label)
    if not hari_kerja:
        return Kehadiran("libur", "Hari libur")
    return Kehadiran("belum", "Belum presensi")


def _punched_today(seats: dict[int, Assignment], ids: Iterable[int], day: dt.date) -> set[int]:
    """Who punched on the day in their own unit's zone (WIB, WITA, WIT): one query over the
    widest window, then each punch judged in its employee's zone."""
    wanted = set(ids)
    if not wanted:
        return set()
    zones = {pk: _zone_of(seats.get(pk)) for pk in wanted}
    bounds = [day_bounds(day, zone) for zone in set(zones.values())]
    rows = Punch.objects.filter(
        employee_id__in=wanted,
        waktu__gte=min(start for start, _ in bounds),
        waktu__lt=max(end for _, end in bounds),
    ).values_list("employee_id", "waktu")
    return {pk for pk, waktu in rows if local_day(waktu, zones[pk]) == day}


def _zone_of(seat: Assignment | None) -> str:
    return seat.position.unit.zona_waktu if seat is not None else DEFAULT_ZONE


def _keeps_attendance(employee: Employee) -> bool:
    return employee.status != StatusKepegawaian.PEJABAT_NEGARA


def _kehadiran_today(
    employees: Sequence[Employee], seats: dict[int, Assignment], day: dt.date, hari_kerja: bool
) -> dict[int, Kehadiran]:
    """Three queries for any number of employees."""
    ids = [e.pk for e in employees if _keeps_attendance(e)]
    records = attendance_records(ids, day, day)
    leave = leave_days(ids, day, day)
    punched = _punched_today(seats, ids, day)
    found = {e.pk: TIDAK_WAJIB for e in employees}
    for pk in ids:
        found[pk] = kehadiran_of(
            records.get((pk, day)), leave.get(pk, {}).get(day), pk in punched, hari_kerja
        )
    return found


# --- the month's entries -----------------------------------------------------------------------


@dataclass(frozen=True)
class Pengisian:
    """How an employee filled the month so far."""

    hari_terisi: int  # working days so far with at least one entry that counts
    menit_hari_ini: int
    menunggu: int  # entries of the month waiting for validation

    @property
    def terisi_hari_ini(self) -> bool:
        return self.menit_hari_ini > 0


def _pengisian(
    ids: Iterable[int], first: dt.date, day: dt.date, hari_kerja: Sequence[dt.date]
) -> dict[int, Pengisian]:
    """One query grouped by employee, day and status."""
    wanted = set(ids)
    if not wanted:
        return {}
    rows = (
        Activity.objects.filter(
            employee_id__in=wanted, tanggal__range=(first, day), status__in=FILLED
        )
        .order_by()
        .values("employee_id", "tanggal", "status")
        .annotate(jumlah=Count("pk"), menit=Sum("menit"))
        .values_list("employee_id", "tanggal", "status", "jumlah", "menit")
    )
    working = set(hari_kerja)
    days: dict[int, set[dt.date]] = defaultdict(set)
    today: dict[int, int] = defaultdict(int)
    waiting: dict[int, int] = defaultdict(int)
    for pk, tanggal, status, jumlah, menit in rows:
        if tanggal in working:
            days[pk].add(tanggal)
        if tanggal == day:
            today[pk] += int(menit or 0)
        if status == StatusAktivitas.DIAJUKAN:
            waiting[pk] += jumlah
    return {pk: Pengisian(len(days[pk]), today[pk], waiting[pk]) for pk in wanted}


@dataclass(frozen=True)
class Bulan:
    """The month so far: its first day, today, and the working days up to today."""

    first: dt.date
    day: dt.date
    hari_kerja: tuple[dt.date, ...]

    @property
    def hari_kerja_sejauh_ini(self) -> int:
        return len(self.hari_kerja)

    @property
    def hari_ini_kerja(self) -> bool:
        return self.day in self.hari_kerja


def _bulan(instansi_id: int, day: dt.date) -> Bulan:
    """Monday to Friday less the instansi's holidays, as the minute target counts them
    (`activity.productivity.working_days`), cut at today. One query."""
    first = day.replace(day=1)
    return Bulan(first, day, tuple(working_days(instansi_id, first, day)))


def persen_bar(capaian: Decimal) -> int:
    """The width of a progress bar: whole percent, never past the end."""
    return max(0, min(100, int(capaian)))


# --- SKP progress --------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndikatorProgress:
    kode: str
    rhk: str
    indikator: str
    aspek: str
    satuan: str
    target_tahunan: Decimal | None
    # The sum of the period targets up to the current period for an additive aspect; for a
    # level (kualitas, waktu) the current period's level.
    target_sejauh_ini: Decimal | None
    realisasi: Decimal
    persen: Decimal | None

    @property
    def bar(self) -> int:
        return persen_bar(self.persen) if self.persen is not None else 0


@dataclass(frozen=True)
class SkpProgress:
    skp: Skp | None
    periode_label: str
    lines: list[IndikatorProgress]


def target_sejauh_ini(
    targets: dict[int, Decimal], periode_ke: int, additive: bool
) -> Decimal | None:
    """What should be done by the end of the current period: the periods' targets added up
    for a count or a cost; the current level for a quality or a time."""
    if additive:
        due = [value for ke, value in targets.items() if ke <= periode_ke]
        return sum(due, Decimal(0)) if due else None
    return targets.get(periode_ke)


def skp_progress(employee_id: int, day: dt.date) -> SkpProgress:
    """The SKP of the year (the approved version, else the newest in play) with, per indicator,
    the approved outputs since the period began against the target due by the current period.
    Four queries for the SKP and its indicators, and one for the outputs."""
    found = skp_indicators(employee_id, day.year)
    skp = found.skp
    if skp is None:
        return SkpProgress(None, "", [])
    siklus = skp.period.siklus_evaluasi
    periode_ke, _ = period_of_month(siklus, day.month)
    ids = [line.indikator.pk for line in found.lines]
    start = skp.period.mulai if skp.period.mulai.year == day.year else day.replace(month=1, day=1)
    # Whole months, as each month's realisation counts: to the end of the current one.
    month_end = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    realised = target_realisation_between(ids, start.replace(day=1), month_end)
    lines = []
    for line in found.lines:
        indikator = line.indikator
        additive = not indikator.aspek or indikator.aspek in ADDITIVE_ASPEK
        # Prefetched with the indicators: a dict here costs no query.
        targets = {t.periode_ke: t.target for t in indikator.targets.all()}
        target = target_sejauh_ini(targets, periode_ke, additive)
        value = realised.get(indikator.pk, Decimal(0))
        lines.append(
            IndikatorProgress(
                kode=line.kode,
                rhk=line.rhk.teks,
                indikator=indikator.uraian,
                aspek=indikator.get_aspek_display() if indikator.aspek else "",
                satuan=indikator.satuan,
                target_tahunan=indikator.target_annual,
                target_sejauh_ini=target,
                realisasi=value,
                persen=realisation_percent(value, target) if additive else None,
            )
        )
    label = (
        f"s.d. triwulan {('I', 'II', 'III', 'IV')[periode_ke - 1]}"
        if siklus == SiklusEvaluasi.TRIWULANAN
        else f"s.d. {month_label(day.year, day.month)}"
    )
    return SkpProgress(skp, label, lines)


# --- the employee's dashboard -------------------------------------------------------------------


@dataclass(frozen=True)
class PersonalDashboard:
    employee: Employee
    bulan: Bulan
    produktivitas: ProductivityRow
    pengisian: Pengisian
    kehadiran: Kehadiran
    # Left out of the compact panel on the home page; None there.
    estimasi: Estimate | None
    skp: SkpProgress | None
    ada_tpp: bool

    @property
    def bar(self) -> int:
        return persen_bar(self.produktivitas.capaian)


def personal_dashboard(
    employee: Employee, day: dt.date, *, ringkas: bool = False
) -> PersonalDashboard:
    """The employee's month so far. The compact variant (the home page's panel) skips the TPP
    estimate and the SKP, the two heavier reads."""
    bulan = _bulan(employee.instansi_id, day)
    row = monthly_productivity(employee.instansi_id, day.year, day.month, [employee.pk])[0]
    pengisian = _pengisian([employee.pk], bulan.first, day, bulan.hari_kerja)[employee.pk]
    seat = hierarchy.primary_assignment(employee, day)
    seats = {employee.pk: seat} if seat is not None else {}
    kehadiran = _kehadiran_today([employee], seats, day, bulan.hari_ini_kerja)[employee.pk]
    # Political office holders receive no TPP (they keep no attendance either).
    ada_tpp = _keeps_attendance(employee)
    return PersonalDashboard(
        employee=employee,
        bulan=bulan,
        produktivitas=row,
        pengisian=pengisian,
        kehadiran=kehadiran,
        estimasi=live_estimate(employee, day) if ada_tpp and not ringkas else None,
        skp=None if ringkas else skp_progress(employee.pk, day),
        ada_tpp=ada_tpp,
    )


# --- the supervisor's dashboard ------------------------------------------------------------------


@dataclass(frozen=True)
class AnggotaTim:
    employee: Employee
    seat: Assignment | None
    kehadiran: Kehadiran
    pengisian: Pengisian
    produktivitas: ProductivityRow

    @property
    def perlu_perhatian(self) -> bool:
        """Expected at work today and nothing recorded yet."""
        return not self.pengisian.terisi_hari_ini and not self.kehadiran.berhalangan

    @property
    def urutan(self) -> tuple[int, str, int]:
        """Who has not filled today first (those expected at work before those away), then by
        name."""
        group = 2 if self.pengisian.terisi_hari_ini else 1 if self.kehadiran.berhalangan else 0
        return (group, self.employee.nama, self.employee.pk)

    @property
    def bar(self) -> int:
        return persen_bar(self.produktivitas.capaian)


@dataclass(frozen=True)
class Antrean:
    """What waits for the supervisor's decision now, as the validation queue counts it."""

    jumlah: int  # everything the user may decide now, escalated included
    tertua: dt.datetime | None
    eskalasi: int  # of those, moved up from the subordinates' own penilai
    eskalasi_tertua: dt.datetime | None
    dialihkan: int  # the user's own subordinates' overdue entries, now with the user's atasan
    batas_hari: int

    def umur_hari(self, now: dt.datetime) -> int | None:
        return None if self.tertua is None else (now - self.tertua).days

    def umur_eskalasi_hari(self, now: dt.datetime) -> int | None:
        return None if self.eskalasi_tertua is None else (now - self.eskalasi_tertua).days


@dataclass(frozen=True)
class TeamDashboard:
    bulan: Bulan
    anggota: list[AnggotaTim]
    antrean: Antrean
    sekarang: dt.datetime

    @property
    def belum_mengisi(self) -> int:
        return sum(1 for a in self.anggota if not a.pengisian.terisi_hari_ini)

    @property
    def perlu_perhatian(self) -> int:
        return sum(1 for a in self.anggota if a.perlu_perhatian)

    @property
    def yang_perlu_perhatian(self) -> list[AnggotaTim]:
        return [a for a in self.anggota if a.perlu_perhatian]

    @property
    def hadir(self) -> int:
        return sum(1 for a in self.anggota if a.kehadiran.hadir)

    @property
    def umur_tertua(self) -> int | None:
        return self.antrean.umur_hari(self.sekarang)

    @property
    def umur_eskalasi(self) -> int | None:
        return self.antrean.umur_eskalasi_hari(self.sekarang)


def antrean_of(user: User) -> Antrean:
    """The validation queue's counts through its own scope (`selectors_queue`): one aggregate
    over the pending rows and the count of those moved to the atasan."""
    scope = selectors_queue.queue_scope(user)
    if scope.is_empty:
        return Antrean(0, None, 0, None, 0, 0)
    escalated = Q(employee_id__in=scope.indirect_ids)
    totals = selectors_queue.pending_for(scope).aggregate(
        jumlah=Count("pk"),
        tertua=Min("diajukan_at"),
        eskalasi=Count("pk", filter=escalated),
        eskalasi_tertua=Min("diajukan_at", filter=escalated),
    )
    return Antrean(
        jumlah=totals["jumlah"],
        tertua=totals["tertua"],
        eskalasi=totals["eskalasi"],
        eskalasi_tertua=totals["eskalasi_tertua"],
        dialihkan=selectors_queue.moved_to_atasan(scope),
        batas_hari=policy_on(scope.instansi_id, timezone.localdate()).batas_hari_validasi,
    )


def team_dashboard(user: User, day: dt.date) -> TeamDashboard:
    """The user's direct subordinates (those whose pejabat penilai they are today): today and
    the month so far, those who have not filled today first, and the validation queue."""
    roles = roles_for(user)
    assert roles.instansi_id is not None
    ids = sorted(roles.subordinate_ids)
    bulan = _bulan(roles.instansi_id, day)
    employees = Employee.objects.in_bulk(ids)
    seats = hierarchy.seats_for(ids, day)
    people = [employees[pk] for pk in ids if pk in employees]
    kehadiran = _kehadiran_today(people, seats, day, bulan.hari_ini_kerja)
    pengisian = _pengisian(ids, bulan.first, day, bulan.hari_kerja)
    figures = {
        row.employee_id: row
        for row in monthly_productivity(roles.instansi_id, day.year, day.month, ids)
    }
    anggota = [
        AnggotaTim(e, seats.get(e.pk), kehadiran[e.pk], pengisian[e.pk], figures[e.pk])
        for e in people
    ]
    return TeamDashboard(
        bulan=bulan,
        anggota=sorted(anggota, key=lambda a: a.urutan),
        antrean=antrean_of(user),
        sekarang=timezone.now(),
    )
