"""The validation queue: the pending activities a user may validate now, their counts and the
anomaly facts of a page of them.

Who is in the queue mirrors `access.can_validate`, derived set-wise instead of per activity:
- the direct subordinates' (the user is their pejabat penilai) activities submitted on or after
  the cutoff, i.e. still within the deadline;
- the subordinates of those subordinates' activities submitted before the cutoff, which moved
  up to the user as atasan pejabat penilai;
- at the top of the tree (nobody evaluates the user) the direct subordinates' overdue ones stay.

Rows of a month already closed are left out: the service refuses decisions on them, so one of
them among the ticked rows, or under "semua", would block every decision. The page only counts
them.

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
from django.db.models import Count, Q, QuerySet, Sum

from ekinerja.attendance.choices import JenisCuti, StatusKehadiran
from ekinerja.attendance.selectors import DayRecord, attendance_records, leave_days
from ekinerja.people import hierarchy
from ekinerja.people.access import roles_for, today
from ekinerja.people.models import Employee, User

from . import access
from .anomalies import Facts, Flag, Thresholds, flags_for
from .choices import StatusAktivitas
from .models import Activity, ActivityPolicy
from .rules import Rules, month_is_closed
from .selectors import rules_of

PER_PAGE = 50
TANPA_TARGET = "tanpa"
# Rejected work is not work done: it neither repeats a description nor fills a day.
# Two spaces first: the whitespace that makes a text need more than lowercasing and trimming.
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
    # The first day of the earliest month whose activities may still be decided.
    open_from: dt.date = dt.date.min
    # The instansi's policy rows, newest first: read once for the closing day and the anomaly
    # thresholds alike.
    policies: tuple[ActivityPolicy, ...] = field(default=(), compare=False, repr=False)

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
    # Rows written by imports or the admin may hold any text as the evidence link; only a web
    # address becomes clickable, so a "javascript:" value never runs in the validator's session.
    link_ok: bool = False


@dataclass
class Queue:
    scope: Scope
    page: Page | None = None
    rows: list[QueueRow] = field(default_factory=list)
    per_employee: list[SubordinateCount] = field(default_factory=list)
    targets: list[tuple[int, str]] = field(default_factory=list)
    dialihkan: int = 0
    ditutup: int = 0

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
    day = today()
    policies = _policies(roles.instansi_id)
    rules = rules_of(_policy_on(policies, roles.instansi_id, day))
    return Scope(
        employee_id=me.pk,
        instansi_id=roles.instansi_id,
        cutoff=access.validation_cutoff(roles.instansi_id),
        direct_ids=direct,
        indirect_ids=frozenset(access.indirect_subordinate_ids(user)) - direct,
        keeps_overdue=hierarchy.pejabat_penilai(me, day) is None,
        open_from=open_from(rules, day),
        policies=policies,
    )


def open_from(rules: Rules, day: dt.date) -> dt.date:
    """The first day of the earliest month not closed on `day`. Only the month before the
    current one can still be open, but asking the rule keeps this in step with it."""
    first = day.replace(day=1)
    for _ in range(12):
        previous = _month_start(first - dt.timedelta(days=1))
        if month_is_closed(rules, previous, day):
            break
        first = previous
    return first


def _waiting(scope: Scope) -> QuerySet[Activity]:
    """The user's pending activities, open months or not."""
    if scope.is_empty:
        return Activity.objects.none()
    if scope.keeps_overdue:
        mine = Q(employee_id__in=scope.direct_ids)
    else:
        mine = Q(employee_id__in=scope.direct_ids, diajukan_at__gte=scope.cutoff)
    escalated = Q(employee_id__in=scope.indirect_ids, diajukan_at__lt=scope.cutoff)
    # The instansi is implied by the employee ids; naming it keeps a wrong id in the hierarchy
    # from ever reaching another region's activities.
    return Activity.objects.filter(
        status=StatusAktivitas.DIAJUKAN, instansi_id=scope.instansi_id
    ).filter(mine | escalated)


def pending_for(scope: Scope) -> QuerySet[Activity]:
    """What the user may decide now."""
    return _waiting(scope).filter(tanggal__gte=scope.open_from)


def moved_to_atasan(scope: Scope) -> int:
    """Overdue activities of the user's own subordinates, now in their atasan's queue."""
    if scope.is_empty or scope.keeps_overdue:
        return 0
    return Activity.objects.filter(
        status=StatusAktivitas.DIAJUKAN,
        instansi_id=scope.instansi_id,
        employee_id__in=scope.direct_ids,
        diajukan_at__lt=scope.cutoff,
        tanggal__gte=scope.open_from,
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
    queue.per_employee, queue.ditutup = _per_employee(scope)
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
        entries = [_entry(a) for a in activities]
        flags = anomaly_flags(scope.instansi_id, entries, scope.policies)
    queue.rows = [
        QueueRow(
            a,
            flags.get(a.pk, []),
            scope.is_escalated(a.employee_id),
            link_ok=is_web_address(a.bukti_tautan),
        )
        for a in activities
    ]
    return queue


def queue_rows(user: User, flt: QueueFilter) -> list[QueueRow]:
    """Every row the filter matches in the user's queue, with flags: the page unpaginated, for
    the Excel export. A fixed number of queries, like the page."""
    scope = queue_scope(user)
    if scope.is_empty:
        return []
    matching = _ordered(apply_filter(pending_for(scope), flt))
    if flt.hanya_ditandai:
        ids, flags = _flagged(scope, matching)
        found = matching.in_bulk(ids)
        activities = [found[pk] for pk in ids]
    else:
        activities = list(matching)
        flags = anomaly_flags(scope.instansi_id, [_entry(a) for a in activities], scope.policies)
    return [QueueRow(a, flags.get(a.pk, []), scope.is_escalated(a.employee_id)) for a in activities]


def queue_ids(user: User, flt: QueueFilter, seen: dt.datetime) -> list[int]:
    """Every id matching the filter in the user's queue now (for "all matching the filter"),
    leaving out what was submitted after the page was `seen`: nobody has looked at it yet."""
    scope = queue_scope(user)
    matching = _ordered(apply_filter(pending_for(scope).filter(diajukan_at__lte=seen), flt))
    if flt.hanya_ditandai:
        return _flagged(scope, matching)[0]
    return list(matching.values_list("pk", flat=True))


@dataclass(frozen=True)
class Ticked:
    outside: set[int]
    changed: int


def check_ticked(user: User, ids: Iterable[int], seen: dt.datetime) -> Ticked:
    """Which ticked ids are not in the user's queue now, and how many of the others were
    submitted again (edited) after the page was `seen`, so the validator never saw them as
    they are."""
    wanted = set(ids)
    inside = dict(
        pending_for(queue_scope(user)).filter(pk__in=wanted).values_list("pk", "diajukan_at")
    )
    changed = sum(1 for submitted in inside.values() if submitted > seen)
    return Ticked(outside=wanted - set(inside), changed=changed)


def is_web_address(link: str) -> bool:
    return link.lower().startswith(("http://", "https://"))


def _ordered(qs: QuerySet[Activity]) -> QuerySet[Activity]:
    return qs.select_related("employee", "indikator").order_by("tanggal", "mulai", "pk")


def _per_employee(scope: Scope) -> tuple[list[SubordinateCount], int]:
    """The counts per subordinate of what may be decided, and how many rows wait in closed
    months; one read of the pending rows for both."""
    is_open = Q(tanggal__gte=scope.open_from)
    tally = list(
        _waiting(scope)
        .order_by()
        .values("employee_id")
        .annotate(
            jumlah=Count("pk", filter=is_open),
            menit=Sum("menit", filter=is_open),
            ditutup=Count("pk", filter=~is_open),
        )
        .values_list("employee_id", "jumlah", "menit", "ditutup")
    )
    people = Employee.objects.in_bulk([eid for eid, jumlah, _, _ in tally if jumlah])
    counts = [
        SubordinateCount(people[eid], jumlah, menit or 0, scope.is_escalated(eid))
        for eid, jumlah, menit, _ in tally
        if jumlah
    ]
    closed = sum(ditutup for _, _, _, ditutup in tally)
    return sorted(counts, key=lambda c: (c.eskalasi, c.employee.nama)), closed


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
    flags = anomaly_flags(scope.instansi_id, entries, scope.policies)
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
        activity.uraian_norm,
    )


def anomaly_flags(
    instansi_id: int, entries: Sequence[Entry], policies: Sequence[ActivityPolicy] | None = None
) -> dict[int, list[Flag]]:
    """The flags of these activities, in six queries whatever their number (five when the
    instansi's policy rows are passed in)."""
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
    if policies is None:
        policies = _policies(instansi_id)
    limits = _thresholds(instansi_id, policies)
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


def _policies(instansi_id: int) -> tuple[ActivityPolicy, ...]:
    return tuple(ActivityPolicy.objects.filter(instansi_id=instansi_id).order_by("-berlaku_mulai"))


def _policy_on(
    policies: Sequence[ActivityPolicy], instansi_id: int, day: dt.date
) -> ActivityPolicy:
    """`selectors.policy_on` over rows already read: a day before any row gets the model's
    defaults."""
    found = next((p for p in policies if p.berlaku_mulai <= day), None)
    return found or ActivityPolicy(instansi_id=instansi_id, berlaku_mulai=day)


def _thresholds(
    instansi_id: int, policies: Sequence[ActivityPolicy]
) -> Callable[[dt.date], Thresholds]:
    """The thresholds in force on each day."""

    def on(day: dt.date) -> Thresholds:
        policy = _policy_on(policies, instansi_id, day)
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
