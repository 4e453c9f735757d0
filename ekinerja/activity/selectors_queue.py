"""The validation queue: the pending activities a user may validate now, their counts and the
anomaly facts of a page of them.

Who is in the queue mirrors `access.can_validate`, derived set-wise instead of per activity:
- the direct subordinates' (the user is their pejabat penilai) activities submitted on or after
  the cutoff, i.e. still within the deadline;
- the subordinates of those subordinates' activities submitted before the cutoff, which moved
  up to the user as atasan pejabat penilai;
- at the top of the tree (nobody evaluates the user) the direct subordinates' overdue ones stay.

Every read filters on status 'diajukan' and a list of employee ids, so the database answers from
the partial index `aktivitas_menunggu` however many validated rows the years bring. The number of
queries is fixed: it grows with neither the queue nor the page size.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, Q, QuerySet, Sum, TextField, Value, When
from django.db.models.functions import Lower, Replace, Trim

from ekinerja.attendance.choices import JenisCuti, StatusKehadiran
from ekinerja.attendance.selectors import DayRecord, attendance_records, leave_days
from ekinerja.people import hierarchy
from ekinerja.people.access import roles_for, today
from ekinerja.people.models import Employee, User

from . import access
from .anomalies import Facts, Flag, Thresholds, flags_for
from .choices import StatusAktivitas
from .models import Activity, ActivityPolicy

PER_PAGE = 50
TANPA_TARGET = "tanpa"
# Rejected work is not work done: it neither repeats a description nor fills a day.
# Two spaces first: the whitespace that makes a text need more than lowercasing and trimming.
BLANKS = ("  ", "\r", "\n", "\t")
COUNTED = (StatusAktivitas.DIAJUKAN, StatusAktivitas.DISETUJUI, StatusAktivitas.DIKEMBALIKAN)


@dataclass(frozen=True)
class QueueFilter:
    employee_id: int | None = None
    dari: dt.date | None = None
    sampai: dt.date | None = None
    # An indikator id, TANPA_TARGET for "tugas tambahan", or None for every target.
    target: int | str | None = None
    hanya_ditandai: bool = False


@dataclass(frozen=True)
class Scope:
    """Whose pending activities the user validates now, and since when they count as overdue."""

    employee_id: int | None = None
    instansi_id: int = 0
    cutoff: dt.datetime | None = None
    direct_ids: frozenset[int] = frozenset()
    indirect_ids: frozenset[int] = frozenset()
    keeps_overdue: bool = False

    @property
    def is_empty(self) -> bool:
        return self.cutoff is None or not self.direct_ids

    def is_escalated(self, employee_id: int) -> bool:
        return employee_id in self.indirect_ids


@dataclass(frozen=True)
class SubordinateCount:
    employee: Employee
    jumlah: int
    menit: int
    eskalasi: bool


@dataclass(frozen=True)
class QueueRow:
    activity: Activity
    flags: list[Flag]
    eskalasi: bool


@dataclass
class Queue:
    scope: Scope
    page: Page | None = None
    rows: list[QueueRow] = field(default_factory=list)
    per_employee: list[SubordinateCount] = field(default_factory=list)
    targets: list[tuple[int, str]] = field(default_factory=list)
    dialihkan: int = 0

    @property
    def total(self) -> int:
        return sum(c.jumlah for c in self.per_employee)

    @property
    def total_menit(self) -> int:
        return sum(c.menit for c in self.per_employee)

    @property
    def eskalasi(self) -> int:
        return sum(c.jumlah for c in self.per_employee if c.eskalasi)

    @property
    def matching(self) -> int:
        return self.page.paginator.count if self.page is not None else 0


# --- who is in the queue ---------------------------------------------------------------------


def queue_scope(user: User) -> Scope:
    roles = roles_for(user)
    me = roles.employee
    if me is None or roles.instansi_id is None or not roles.subordinate_ids:
        return Scope(employee_id=me.pk if me else None)
    direct = frozenset(roles.subordinate_ids)
    return Scope(
        employee_id=me.pk,
        instansi_id=roles.instansi_id,
        cutoff=access.validation_cutoff(roles.instansi_id),
        direct_ids=direct,
        indirect_ids=frozenset(access.indirect_subordinate_ids(user)) - direct,
        keeps_overdue=hierarchy.pejabat_penilai(me, today()) is None,
    )


def pending_for(scope: Scope) -> QuerySet[Activity]:
    if scope.is_empty:
        return Activity.objects.none()
    if scope.keeps_overdue:
        mine = Q(employee_id__in=scope.direct_ids)
    else:
        mine = Q(employee_id__in=scope.direct_ids, diajukan_at__gte=scope.cutoff)
    escalated = Q(employee_id__in=scope.indirect_ids, diajukan_at__lt=scope.cutoff)
    return Activity.objects.filter(status=StatusAktivitas.DIAJUKAN).filter(mine | escalated)


def moved_to_atasan(scope: Scope) -> int:
    """Overdue activities of the user's own subordinates, now in their atasan's queue."""
    if scope.is_empty or scope.keeps_overdue:
        return 0
    return Activity.objects.filter(
        status=StatusAktivitas.DIAJUKAN,
        employee_id__in=scope.direct_ids,
        diajukan_at__lt=scope.cutoff,
    ).count()


def apply_filter(qs: QuerySet[Activity], flt: QueueFilter) -> QuerySet[Activity]:
    if flt.employee_id is not None:
        qs = qs.filter(employee_id=flt.employee_id)
    if flt.dari is not None:
        qs = qs.filter(tanggal__gte=flt.dari)
    if flt.sampai is not None:
        qs = qs.filter(tanggal__lte=flt.sampai)
    if flt.target == TANPA_TARGET:
        qs = qs.filter(indikator__isnull=True)
    elif isinstance(flt.target, int):
        qs = qs.filter(indikator_id=flt.target)
    return qs


# --- the page --------------------------------------------------------------------------------


def validation_queue(
    user: User, flt: QueueFilter, page_number: object = 1, per_page: int = PER_PAGE
) -> Queue:
    """The queue page: one page of rows with their flags, the counts per subordinate (of the
    whole queue, so they serve as filter chips), the target options and the moved-away count."""
    scope = queue_scope(user)
    queue = Queue(scope=scope, dialihkan=moved_to_atasan(scope))
    if scope.is_empty:
        return queue
    pending = pending_for(scope)
    queue.per_employee = _per_employee(pending, scope)
    queue.targets = _targets(pending)
    matching = _ordered(apply_filter(pending, flt))
    if flt.hanya_ditandai:
        ids, flags = _flagged(scope, matching)
        queue.page = Paginator(ids, per_page).get_page(page_number)
        found = matching.in_bulk(list(queue.page.object_list))
        activities = [found[pk] for pk in queue.page.object_list]
    else:
        queue.page = Paginator(matching, per_page).get_page(page_number)
        activities = list(queue.page.object_list)
        flags = anomaly_flags(scope.instansi_id, [_entry(a) for a in activities])
    queue.rows = [
        QueueRow(a, flags.get(a.pk, []), scope.is_escalated(a.employee_id)) for a in activities
    ]
    return queue


def queue_ids(user: User, flt: QueueFilter) -> list[int]:
    """Every id matching the filter in the user's queue now (for "all matching the filter")."""
    scope = queue_scope(user)
    matching = _ordered(apply_filter(pending_for(scope), flt))
    if flt.hanya_ditandai:
        return _flagged(scope, matching)[0]
    return list(matching.values_list("pk", flat=True))


def outside_queue(user: User, ids: Iterable[int]) -> set[int]:
    wanted = set(ids)
    inside = pending_for(queue_scope(user)).filter(pk__in=wanted).values_list("pk", flat=True)
    return wanted - set(inside)


def _ordered(qs: QuerySet[Activity]) -> QuerySet[Activity]:
    return (
        qs.annotate(uraian_norm=normalised("uraian"))
        .select_related("employee", "indikator")
        .order_by("tanggal", "mulai", "pk")
    )


def _per_employee(pending: QuerySet[Activity], scope: Scope) -> list[SubordinateCount]:
    tally = list(
        pending.order_by()
        .values("employee_id")
        .annotate(jumlah=Count("pk"), menit=Sum("menit"))
        .values_list("employee_id", "jumlah", "menit")
    )
    people = Employee.objects.in_bulk([employee_id for employee_id, _, _ in tally])
    counts = [
        SubordinateCount(people[eid], jumlah, menit or 0, scope.is_escalated(eid))
        for eid, jumlah, menit in tally
    ]
    return sorted(counts, key=lambda c: (c.eskalasi, c.employee.nama))


def _targets(pending: QuerySet[Activity]) -> list[tuple[int, str]]:
    rows = (
        pending.filter(indikator__isnull=False)
        .order_by()
        .values_list("indikator_id", "indikator__uraian")
        .distinct()
    )
    return sorted(rows, key=lambda row: row[1])


def _flagged(scope: Scope, matching: QuerySet[Activity]) -> tuple[list[int], dict[int, list[Flag]]]:
    """Flags come from other rows (the month, the colleagues, attendance), so "only flagged" has
    to judge the whole filtered queue before it can cut a page; still a fixed number of reads."""
    entries = [
        Entry(pk, employee_id, tanggal, menit, norm)
        for pk, employee_id, tanggal, menit, norm in matching.values_list(
            "pk", "employee_id", "tanggal", "menit", "uraian_norm"
        )
    ]
    flags = anomaly_flags(scope.instansi_id, entries)
    return [e.pk for e in entries if flags.get(e.pk)], flags


# --- anomaly facts, set-wise -----------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    pk: int
    employee_id: int
    tanggal: dt.date
    menit: int
    uraian_norm: str


def _entry(activity: Activity) -> Entry:
    return Entry(
        activity.pk,
        activity.employee_id,
        activity.tanggal,
        activity.menit,
        getattr(activity, "uraian_norm", ""),
    )


def normalised(field_name: str) -> Case:
    """The description lowercased, trimmed, with runs of spaces, tabs and line breaks collapsed
    to one space. The database computes it, so the same expression both reads a row and groups
    the rows it is compared with (its lowercasing, not Python's, decides what is the same).
    Six halving passes collapse runs of up to 64 blanks, far beyond what a typed line holds.
    Almost every stored text is already clean; testing for that first spares the replace chain
    on most of the rows the colleague check scans, which roughly halves its cost."""
    messy = Q()
    for blank in BLANKS:
        messy |= Q(**{f"{field_name}__contains": blank})
    text = Lower(field_name)
    for blank in BLANKS[1:]:
        text = Replace(text, Value(blank), Value(" "))
    for _ in range(6):
        text = Replace(text, Value("  "), Value(" "))
    return Case(
        When(messy, then=Trim(text)),
        default=Trim(Lower(field_name)),
        output_field=TextField(),
    )


def anomaly_flags(instansi_id: int, entries: Sequence[Entry]) -> dict[int, list[Flag]]:
    """The flags of these activities, in six queries whatever their number."""
    if not entries:
        return {}
    employees = {e.employee_id for e in entries}
    days = {e.tanggal for e in entries}
    texts = {e.uraian_norm for e in entries}
    first, last = min(days), max(days)
    repeated = _days_with_text(employees, texts, _month_start(first), _month_end(last))
    shared = _colleagues_with_text(instansi_id, days, texts)
    minutes = _minutes_per_day(employees, first, last)
    records = attendance_records(employees, first, last)
    leave = leave_days(employees, first, last)
    limits = _thresholds(instansi_id)
    result: dict[int, list[Flag]] = {}
    for e in entries:
        facts = Facts(
            menit=e.menit,
            hari_uraian_sama=repeated.get((e.employee_id, _month(e.tanggal), e.uraian_norm), 0),
            pegawai_uraian_sama=shared.get((e.tanggal, e.uraian_norm), 0),
            menit_hari=minutes.get((e.employee_id, e.tanggal), e.menit),
            menit_hadir=_attended(records.get((e.employee_id, e.tanggal))),
            tidak_hadir=_away(
                records.get((e.employee_id, e.tanggal)),
                leave.get(e.employee_id, {}).get(e.tanggal),
            ),
        )
        result[e.pk] = flags_for(facts, limits(e.tanggal))
    return result


def _counted() -> QuerySet[Activity]:
    # Naming every counted status (rather than excluding the rejected one) lets the database
    # use the (status, tanggal) index.
    return Activity.objects.filter(status__in=COUNTED)


def _days_with_text(
    employees: set[int], texts: set[str], first: dt.date, last: dt.date
) -> dict[tuple[int, tuple[int, int], str], int]:
    rows = (
        _counted()
        .filter(employee_id__in=employees, tanggal__range=(first, last))
        .annotate(uraian_norm=normalised("uraian"))
        .filter(uraian_norm__in=texts)
        .order_by()
        .values_list("employee_id", "tanggal", "uraian_norm")
        .distinct()
    )
    days: dict[tuple[int, tuple[int, int], str], int] = defaultdict(int)
    for employee_id, tanggal, text in rows:
        days[(employee_id, _month(tanggal), text)] += 1
    return days


def _colleagues_with_text(
    instansi_id: int, days: set[dt.date], texts: set[str]
) -> dict[tuple[dt.date, str], int]:
    rows = (
        _counted()
        .filter(instansi_id=instansi_id, tanggal__in=days)
        .annotate(uraian_norm=normalised("uraian"))
        .filter(uraian_norm__in=texts)
        .order_by()
        .values("tanggal", "uraian_norm")
        .annotate(pegawai=Count("employee_id", distinct=True))
        .values_list("tanggal", "uraian_norm", "pegawai")
    )
    return {(tanggal, text): n for tanggal, text, n in rows}


def _minutes_per_day(
    employees: set[int], first: dt.date, last: dt.date
) -> dict[tuple[int, dt.date], int]:
    rows = (
        _counted()
        .filter(employee_id__in=employees, tanggal__range=(first, last))
        .order_by()
        .values("employee_id", "tanggal")
        .annotate(menit_hari=Sum("menit"))
        .values_list("employee_id", "tanggal", "menit_hari")
    )
    return {(employee_id, tanggal): n for employee_id, tanggal, n in rows}


def _thresholds(instansi_id: int) -> Callable[[dt.date], Thresholds]:
    """The thresholds in force on each day, from the instansi's policy rows read once; a day
    before any row gets the model's defaults, as `selectors.policy_on` does."""
    policies = list(
        ActivityPolicy.objects.filter(instansi_id=instansi_id).order_by("-berlaku_mulai")
    )
    defaults = ActivityPolicy(instansi_id=instansi_id)

    def on(day: dt.date) -> Thresholds:
        policy = next((p for p in policies if p.berlaku_mulai <= day), defaults)
        return Thresholds(
            menit_entri=policy.anomali_menit_entri,
            hari_salin=policy.anomali_hari_salin,
            rekan_salin=policy.anomali_rekan_salin,
        )

    return on


def _attended(record: DayRecord | None) -> int | None:
    return record.attended_minutes if record is not None else None


def _away(record: DayRecord | None, leave_kind: str | None) -> str | None:
    """Why the employee was not at work that day. A holiday is not an absence: work done on one
    is unusual but not suspicious."""
    if leave_kind:
        return f"{JenisCuti(leave_kind).label.lower()} yang disetujui"
    if record is None or record.at_work or record.status == StatusKehadiran.LIBUR:
        return None
    return StatusKehadiran(record.status).label.lower()


def _month(day: dt.date) -> tuple[int, int]:
    return (day.year, day.month)


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _month_end(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
