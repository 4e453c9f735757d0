"""What needs each user's attention on a day, for a whole instansi at once.

`attention` reads the instansi in a fixed number of queries (about twenty, whatever the number
of employees or items) and returns plain `rules.Item` values, one per notification to write:

- waiting for the user's decision, one reminder per kind per day: activities to validate (the
  pejabat penilai, or past `batas_hari_validasi` the atasan pejabat penilai, as
  `activity.access.validator_of` decides), SKPs submitted to them, leave requests to decide and
  keberatan to decide (the atasan pejabat penilai);
- decisions on the user's own items since the previous run, one per decision with its reason:
  activities returned or rejected, SKPs returned, leave rejected, evaluations set (to accept
  or object to) and keberatan decided;
- deadlines: the SKP submission deadline within `rules.SKP_DEADLINE_DAYS` while their SKP is not
  submitted, and working days without any activity that leave the entry window within
  `rules.HORIZON_DAYS`.

Who stands above whom is derived once from the positions and assignments in force on the day
(`people.hierarchy.seats_and_holders`, then in memory), never per employee.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Case, Count, Q, QuerySet, Value, When
from django.urls import reverse

from ekinerja.activity.choices import StatusAktivitas
from ekinerja.activity.models import Activity, ActivityPolicy
from ekinerja.activity.selectors import rules_of
from ekinerja.activity.selectors_queue import open_from
from ekinerja.appraisal.choices import StatusEvaluasi, StatusKeberatan
from ekinerja.appraisal.models import Evaluation, Objection
from ekinerja.appraisal.periods import periode_label
from ekinerja.appraisal.rules import PREDIKAT_LABELS, Predikat
from ekinerja.attendance.calendar import holidays_between, is_working_day, workweek_for_units
from ekinerja.attendance.choices import JenisCuti, StatusPengajuan
from ekinerja.attendance.models import LeaveRequest
from ekinerja.attendance.selectors import leave_days
from ekinerja.attendance.selectors_leave import approvers_on
from ekinerja.core.models import AuditEvent
from ekinerja.org.models import Position
from ekinerja.people import hierarchy
from ekinerja.people.choices import KEDUDUKAN_MASIH_BEKERJA, StatusKepegawaian
from ekinerja.people.models import Employee, User
from ekinerja.planning.choices import StatusSkp
from ekinerja.planning.models import PerformancePeriod, Skp

from . import rules
from .choices import JenisNotifikasi as J
from .models import Notification, NotificationPreference
from .rules import Item

PER_PAGE = 25
# An SKP in one of these states needs no reminder of the submission deadline.
SKP_DONE = (StatusSkp.DIAJUKAN, StatusSkp.DISETUJUI, StatusSkp.DIGANTI)


# --- the user's own notifications (pages) ----------------------------------------------------


def notifications_of(user: User) -> QuerySet[Notification]:
    """Unread first, then newest first."""
    return (
        Notification.objects.filter(user=user)
        .annotate(dibaca=Case(When(read_at__isnull=True, then=Value(0)), default=Value(1)))
        .order_by("dibaca", "-created_at", "-id")
    )


def email_enabled(user: User) -> bool:
    """E-mail is on unless the user switched it off."""
    return not NotificationPreference.objects.filter(user=user, email_aktif=False).exists()


def unread_count(user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


# --- the daily computation -------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    user_id: int | None
    nama: str
    keeps_activities: bool  # in service and not a political office holder


@dataclass
class Tree:
    """Who evaluates whom on the day: employee -> pejabat penilai, -> atasan pejabat penilai,
    -> the unit of their seat."""

    penilai: dict[int, int]
    atasan: dict[int, int]
    unit_of: dict[int, int]


def attention(instansi_id: int, day: dt.date, now: dt.datetime, since: dt.datetime) -> list[Item]:
    """Every notification due in the instansi on `day`; decisions are those taken from `since`
    to `now` (both included: the dedupe keys absorb a decision seen by two runs)."""
    people = _people(instansi_id)
    tree = _tree(instansi_id, day)
    policies = ActivityPolicy.objects.filter(instansi_id=instansi_id).order_by("-berlaku_mulai")
    policy = next((p for p in policies if p.berlaku_mulai <= day), None) or ActivityPolicy(
        instansi_id=instansi_id, berlaku_mulai=day
    )
    periods = list(PerformancePeriod.objects.filter(instansi_id=instansi_id))
    items: list[Item] = []
    items += _activities_to_validate(instansi_id, day, now, policy, people, tree)
    items += _skps_to_approve(day, periods, people, tree)
    items += _leave_to_decide(instansi_id, day, people)
    items += _objections_to_decide(instansi_id, day, people, tree)
    items += _activities_decided(instansi_id, since, now, people)
    items += _skps_returned(instansi_id, since, now, people)
    items += _leave_rejected(instansi_id, since, now, people)
    items += _evaluations_set(instansi_id, since, now, people)
    items += _objections_decided(instansi_id, since, now, people)
    items += _skp_deadline(day, periods, people, tree)
    items += _entry_window(instansi_id, day, policy, people, tree)
    return items


def _people(instansi_id: int) -> dict[int, Person]:
    found: dict[int, Person] = {}
    rows = (
        Employee.objects.filter(instansi_id=instansi_id)
        .select_related("user")
        .only(
            "id", "user_id", "nama", "gelar_depan", "gelar_belakang", "status", "kedudukan",
            "user__is_active",
        )
    )  # fmt: skip
    for employee in rows:
        # A disabled account is told nothing; the name still appears in others' reminders.
        active = employee.user is not None and employee.user.is_active
        found[employee.pk] = Person(
            user_id=employee.user_id if active else None,
            nama=employee.nama_lengkap,
            keeps_activities=employee.kedudukan in KEDUDUKAN_MASIH_BEKERJA
            and employee.status != StatusKepegawaian.PEJABAT_NEGARA,
        )
    return found


def _tree(instansi_id: int, day: dt.date) -> Tree:
    reports_to: dict[int, int | None] = {}
    unit_of_position: dict[int, int] = {}
    for pk, parent, unit_id in Position.objects.filter(instansi_id=instansi_id).values_list(
        "id", "reports_to_id", "unit_id"
    ):
        reports_to[pk] = parent
        unit_of_position[pk] = unit_id
    seat_of, in_charge = hierarchy.seats_and_holders(instansi_id, day)
    seats = hierarchy.penilai_seats_from(seat_of, in_charge, reports_to)
    return Tree(
        penilai={employee: holder for employee, (holder, _) in seats.items()},
        atasan=rules.atasan_from(seats, in_charge, reports_to),
        unit_of={e: unit_of_position[p] for e, p in seat_of.items() if p in unit_of_position},
    )


def _user(people: dict[int, Person], employee_id: int | None) -> int | None:
    person = people.get(employee_id) if employee_id is not None else None
    return person.user_id if person is not None else None


def _nama(people: dict[int, Person], employee_id: int) -> str:
    person = people.get(employee_id)
    return person.nama if person is not None else "pegawai lain"


# --- waiting for the user's decision ---------------------------------------------------------


# Who waits on each decider: decider's employee id -> {employee name: items}.
Waiting = dict[int, dict[str, int]]


def _add(waiting: Waiting, decider: int, nama: str, n: int = 1) -> None:
    waiting[decider][nama] = waiting[decider].get(nama, 0) + n


def _reminders(
    waiting: Waiting,
    people: dict[int, Person],
    kind: str,
    url: str,
    key: str,
    text: Callable[[int, dict[str, int]], tuple[str, str]],
) -> list[Item]:
    """One reminder per decider who has an account; ``text`` gives its title and body."""
    items = []
    for decider, counts in waiting.items():
        user_id = _user(people, decider)
        if user_id is not None:
            title, body = text(decider, counts)
            items.append(Item(user_id, kind, title, body, url, key))
    return items


def _activities_to_validate(
    instansi_id: int,
    day: dt.date,
    now: dt.datetime,
    policy: ActivityPolicy,
    people: dict[int, Person],
    tree: Tree,
) -> list[Item]:
    cutoff = now - dt.timedelta(days=policy.batas_hari_validasi)
    # Rows of a closed month cannot be decided any more; the queue leaves them out too.
    rows = (
        Activity.objects.filter(
            instansi_id=instansi_id,
            status=StatusAktivitas.DIAJUKAN,
            tanggal__gte=open_from(rules_of(policy), day),
        )
        .values("employee_id")
        .annotate(jumlah=Count("id"), lewat=Count("id", filter=Q(diajukan_at__lt=cutoff)))
    )
    per_validator: Waiting = defaultdict(dict)
    escalated: dict[int, int] = defaultdict(int)
    for row in rows:
        employee_id, jumlah, lewat = row["employee_id"], row["jumlah"], row["lewat"]
        penilai = tree.penilai.get(employee_id)
        if penilai is None:
            continue
        atasan = tree.atasan.get(employee_id)
        nama = _nama(people, employee_id)
        if atasan is None:
            shares = [(penilai, jumlah)]  # at the top of the tree the overdue ones stay
        else:
            shares = [(penilai, jumlah - lewat), (atasan, lewat)]
            escalated[atasan] += lewat
        for validator, n in shares:
            if n:
                _add(per_validator, validator, nama, n)

    def text(validator: int, counts: dict[str, int]) -> tuple[str, str]:
        body = f"Dari {rules.names(counts)}."
        if escalated.get(validator):
            body += (
                f" {escalated[validator]} di antaranya dialihkan kepada Anda sebagai atasan "
                f"pejabat penilai karena belum divalidasi lebih dari "
                f"{policy.batas_hari_validasi} hari."
            )
        return f"{sum(counts.values())} aktivitas menunggu validasi Anda", body

    return _reminders(
        per_validator, people, J.VALIDASI_AKTIVITAS, reverse("activity-queue"),
        f"validasi-aktivitas:{day.isoformat()}", text,
    )  # fmt: skip


def _current_period(periods: list[PerformancePeriod], day: dt.date) -> PerformancePeriod | None:
    """As `planning.selectors.current_period`: the one containing the day, else the latest."""
    containing = [p for p in periods if p.mulai <= day <= p.selesai]
    if containing:
        return containing[0]
    return max(periods, key=lambda p: (p.tahun, p.pk), default=None)


def _skps_to_approve(
    day: dt.date, periods: list[PerformancePeriod], people: dict[int, Person], tree: Tree
) -> list[Item]:
    period = _current_period(periods, day)
    if period is None:
        return []
    per_penilai: Waiting = defaultdict(dict)
    for employee_id in Skp.objects.filter(period=period, status=StatusSkp.DIAJUKAN).values_list(
        "employee_id", flat=True
    ):
        penilai = tree.penilai.get(employee_id)
        if penilai is not None:
            _add(per_penilai, penilai, _nama(people, employee_id))

    def text(_penilai: int, counts: dict[str, int]) -> tuple[str, str]:
        body = f"SKP {period.tahun} dari {rules.names(counts, with_counts=False)}."
        if period.batas_persetujuan >= day:
            body += f" Batas persetujuan: {rules.tanggal(period.batas_persetujuan)}."
        return f"{sum(counts.values())} SKP menunggu persetujuan Anda", body

    return _reminders(
        per_penilai, people, J.PERSETUJUAN_SKP, reverse("skp-inbox"),
        f"persetujuan-skp:{day.isoformat()}", text,
    )  # fmt: skip


def _leave_to_decide(instansi_id: int, day: dt.date, people: dict[int, Person]) -> list[Item]:
    pending = list(
        LeaveRequest.objects.filter(
            instansi_id=instansi_id, status=StatusPengajuan.DIAJUKAN
        ).values_list("employee_id", "mulai")
    )
    if not pending:
        return []
    deciders = approvers_on(instansi_id, pending)
    per_approver: Waiting = defaultdict(dict)
    for employee_id, mulai in pending:
        approver = deciders.get((employee_id, mulai))
        if approver is None or approver == employee_id:
            continue
        _add(per_approver, approver, _nama(people, employee_id))
    return _reminders(
        per_approver, people, J.PERSETUJUAN_CUTI, reverse("leave-inbox"),
        f"persetujuan-cuti:{day.isoformat()}",
        lambda _approver, counts: (
            f"{sum(counts.values())} pengajuan cuti menunggu keputusan Anda",
            f"Dari {rules.names(counts)}.",
        ),
    )  # fmt: skip


def _objections_to_decide(
    instansi_id: int, day: dt.date, people: dict[int, Person], tree: Tree
) -> list[Item]:
    per_atasan: Waiting = defaultdict(dict)
    for employee_id in Objection.objects.filter(
        instansi_id=instansi_id, status=StatusKeberatan.DIAJUKAN
    ).values_list("evaluation__employee_id", flat=True):
        atasan = tree.atasan.get(employee_id)
        if atasan is not None:
            _add(per_atasan, atasan, _nama(people, employee_id))
    return _reminders(
        per_atasan, people, J.KEBERATAN, reverse("objection-inbox"),
        f"keberatan:{day.isoformat()}",
        lambda _atasan, counts: (
            f"{sum(counts.values())} keberatan menunggu keputusan Anda",
            f"Keberatan atas evaluasi dari {rules.names(counts)}.",
        ),
    )  # fmt: skip


def _activities_decided(
    instansi_id: int, since: dt.datetime, now: dt.datetime, people: dict[int, Person]
) -> list[Item]:
    rows = (
        Activity.objects.filter(
            instansi_id=instansi_id,
            status__in=(StatusAktivitas.DIKEMBALIKAN, StatusAktivitas.DITOLAK),
            validated_at__gte=since,
            validated_at__lte=now,
        )
        .order_by("tanggal", "mulai", "id")
        .values_list("id", "employee_id", "tanggal", "uraian", "status", "alasan", "validated_at")
    )
    items = []
    for pk, employee_id, tanggal, uraian, status, alasan, validated_at in rows:
        user_id = _user(people, employee_id)
        if user_id is None:
            continue
        returned = status == StatusAktivitas.DIKEMBALIKAN
        verb = "dikembalikan untuk diperbaiki" if returned else "ditolak"
        body = f"“{rules.quote(uraian)}”. Alasan: {alasan or '-'}"
        url = f"{reverse('activity-day')}?tanggal={tanggal.isoformat()}"
        items.append(
            Item(user_id, J.AKTIVITAS_DIKEMBALIKAN if returned else J.AKTIVITAS_DITOLAK,
                 f"Aktivitas {rules.tanggal(tanggal)} {verb}", body, url,
                 f"aktivitas:{pk}:{validated_at:%Y%m%d%H%M%S%f}")
        )  # fmt: skip
    return items


def _skps_returned(
    instansi_id: int, since: dt.datetime, now: dt.datetime, people: dict[int, Person]
) -> list[Item]:
    # The SKP keeps no time of its return; the audit trail has it, with the reason given then.
    events = list(
        AuditEvent.objects.filter(
            instansi_id=instansi_id,
            object_type="planning.skp",
            action="return_skp",
            created_at__gte=since,
            created_at__lte=now,
        ).values_list("id", "object_id", "data")
    )
    if not events:
        return []
    skps = {
        str(pk): (employee_id, version, tahun)
        for pk, employee_id, version, tahun in Skp.objects.filter(
            pk__in=[int(object_id) for _, object_id, _ in events if object_id.isdigit()],
            status=StatusSkp.DIKEMBALIKAN,
        ).values_list("id", "employee_id", "version", "period__tahun")
    }
    items = []
    for event_id, object_id, data in events:
        if object_id not in skps:
            continue  # already corrected and submitted again
        employee_id, version, tahun = skps[object_id]
        user_id = _user(people, employee_id)
        if user_id is None:
            continue
        reason = (data or {}).get("reason") or "-"
        items.append(
            Item(user_id, J.SKP_DIKEMBALIKAN, f"SKP {tahun} (versi {version}) dikembalikan",
                 f"Alasan: {reason}", reverse("skp-detail", args=[int(object_id)]),
                 f"skp-dikembalikan:{event_id}")
        )  # fmt: skip
    return items


def _leave_rejected(
    instansi_id: int, since: dt.datetime, now: dt.datetime, people: dict[int, Person]
) -> list[Item]:
    rows = LeaveRequest.objects.filter(
        instansi_id=instansi_id,
        status=StatusPengajuan.DITOLAK,
        diputus_at__gte=since,
        diputus_at__lte=now,
    ).values_list("id", "employee_id", "jenis", "mulai", "selesai", "alasan_keputusan")
    items = []
    for pk, employee_id, jenis, mulai, selesai, alasan in rows:
        user_id = _user(people, employee_id)
        if user_id is None:
            continue
        span = (
            rules.tanggal(mulai)
            if mulai == selesai
            else (f"{rules.tanggal(mulai)} s.d. {rules.tanggal(selesai)}")
        )
        label = JenisCuti(jenis).label if jenis in JenisCuti.values else jenis
        items.append(
            Item(user_id, J.CUTI_DITOLAK, f"{label} {span} ditolak",
                 f"Alasan: {alasan or '-'}", reverse("leave-detail", args=[pk]),
                 f"cuti-ditolak:{pk}")
        )  # fmt: skip
    return items


def _predikat(value: str) -> str:
    return PREDIKAT_LABELS[Predikat(value)] if value in Predikat else value or "-"


def _evaluations_set(
    instansi_id: int, since: dt.datetime, now: dt.datetime, people: dict[int, Person]
) -> list[Item]:
    """Set and not yet accepted: the employee accepts it or files a keberatan."""
    rows = Evaluation.objects.filter(
        instansi_id=instansi_id,
        status=StatusEvaluasi.DITETAPKAN,
        ditetapkan_at__gte=since,
        ditetapkan_at__lte=now,
    ).values_list(
        "id", "employee_id", "periode_ke", "predikat", "ditetapkan_at",
        "skp__period__siklus_evaluasi", "skp__period__tahun",
    )  # fmt: skip
    items = []
    for pk, employee_id, periode_ke, predikat, ditetapkan_at, siklus, tahun in rows:
        user_id = _user(people, employee_id)
        if user_id is None:
            continue
        items.append(
            Item(user_id, J.EVALUASI_DITETAPKAN,
                 f"Evaluasi {periode_label(siklus, periode_ke, tahun)} telah ditetapkan",
                 f"Predikat: {_predikat(predikat)}. Terima evaluasi itu atau ajukan keberatan.",
                 reverse("evaluation-detail", args=[pk]),
                 f"evaluasi:{pk}:{ditetapkan_at:%Y%m%d%H%M%S%f}")
        )  # fmt: skip
    return items


def _objections_decided(
    instansi_id: int, since: dt.datetime, now: dt.datetime, people: dict[int, Person]
) -> list[Item]:
    rows = Objection.objects.filter(
        instansi_id=instansi_id,
        status__in=(StatusKeberatan.DIPERTAHANKAN, StatusKeberatan.DIUBAH),
        diputus_at__gte=since,
        diputus_at__lte=now,
    ).values_list(
        "id", "evaluation_id", "evaluation__employee_id", "status", "predikat_semula",
        "predikat_akhir", "alasan_keputusan",
    )  # fmt: skip
    items = []
    for pk, evaluation_id, employee_id, status, semula, akhir, alasan in rows:
        user_id = _user(people, employee_id)
        if user_id is None:
            continue
        if status == StatusKeberatan.DIUBAH:
            verdict = f"Predikat diubah dari {_predikat(semula)} menjadi {_predikat(akhir)}."
        else:
            verdict = f"Predikat {_predikat(semula)} dipertahankan."
        items.append(
            Item(user_id, J.KEBERATAN_DIPUTUS, "Keberatan Anda telah diputus",
                 f"{verdict} Alasan: {alasan or '-'}",
                 reverse("evaluation-detail", args=[evaluation_id]), f"keberatan-diputus:{pk}")
        )  # fmt: skip
    return items


# --- deadlines -------------------------------------------------------------------------------


def _skp_deadline(
    day: dt.date, periods: list[PerformancePeriod], people: dict[int, Person], tree: Tree
) -> list[Item]:
    horizon = day + dt.timedelta(days=rules.SKP_DEADLINE_DAYS)
    due = [p for p in periods if day <= p.batas_input_skp <= horizon]
    if not due:
        return []
    done = set(
        Skp.objects.filter(period__in=due, status__in=SKP_DONE).values_list(
            "period_id", "employee_id"
        )
    )
    items = []
    url = reverse("skp-home")
    seated = tree.unit_of  # only employees with a seat on the day draw up an SKP
    for period in due:
        when = rules.days_left_text(period.batas_input_skp, day)
        for employee_id in seated:
            person = people.get(employee_id)
            if person is None or person.user_id is None or not person.keeps_activities:
                continue
            if (period.pk, employee_id) in done:
                continue
            items.append(
                Item(person.user_id, J.BATAS_SKP,
                     f"Batas pengisian SKP {period.tahun}: {rules.tanggal(period.batas_input_skp)}",
                     f"SKP Anda untuk tahun {period.tahun} belum diajukan. Batasnya {when}.",
                     url, f"batas-skp:{period.pk}:{day.isoformat()}")
            )  # fmt: skip
    return items


def _entry_window(
    instansi_id: int,
    day: dt.date,
    policy: ActivityPolicy,
    people: dict[int, Person],
    tree: Tree,
) -> list[Item]:
    entry_rules = rules_of(policy)
    closing = rules.closing_days(entry_rules, day)
    if not closing:
        return []
    first, last = closing[0], closing[-1]
    employees = [
        e for e in tree.unit_of
        if (p := people.get(e)) is not None and p.user_id is not None and p.keeps_activities
    ]  # fmt: skip
    if not employees:
        return []
    holidays = holidays_between(instansi_id, first, last)
    weeks = workweek_for_units({tree.unit_of[e] for e in employees}, day)
    filled = set(
        Activity.objects.filter(instansi_id=instansi_id, tanggal__gte=first, tanggal__lte=last)
        .exclude(status=StatusAktivitas.DITOLAK)
        .order_by()
        .values_list("employee_id", "tanggal")
        .distinct()
    )
    on_leave = leave_days(employees, first, last)
    items = []
    for employee_id in employees:
        hari_kerja = weeks.get(tree.unit_of[employee_id], 5)
        away = on_leave.get(employee_id, {})
        missing = [
            d for d in closing
            if is_working_day(d, hari_kerja, holidays)
            and (employee_id, d) not in filled and d not in away
        ]  # fmt: skip
        if not missing:
            continue
        last_day = rules.last_entry_day(entry_rules, missing[0], day)
        listed = ", ".join(rules.tanggal(d) for d in missing)
        items.append(
            Item(people[employee_id].user_id or 0, J.BATAS_AKTIVITAS,
                 f"{len(missing)} hari kerja belum berisi aktivitas",
                 f"{listed} belum berisi aktivitas. Tanggal {rules.tanggal(missing[0])} "
                 f"dapat diisi paling lambat {rules.tanggal(last_day)} "
                 f"({rules.days_left_text(last_day, day)}).",
                 f"{reverse('activity-day')}?tanggal={missing[0].isoformat()}",
                 f"batas-aktivitas:{day.isoformat()}")
        )  # fmt: skip
    return items
