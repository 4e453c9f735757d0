"""Who evaluates whom, derived from the position tree and the assignments in force on a day.

Rules (issue 2, PermenPANRB 6/2022):
- An employee's own seat is their definitif assignment; without one, their Plt, then their Plh.
- The person in charge of a position is its definitif holder; while it is vacant, its Plt; then
  its Plh.
- The pejabat penilai is the person in charge of the position the employee's seat reports to.
  When that position has nobody in charge at all, we go one level up, so nobody is left without
  a penilai; the result records that it was escalated.
- The atasan pejabat penilai is found the same way, starting above the penilai's position.
Neither is ever typed by hand.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Case, IntegerField, Value, When

from ekinerja.org.models import Position

from .choices import JenisPenugasan
from .models import Assignment, Employee

# Lower rank wins: definitif before Plt before Plh.
RANK = {JenisPenugasan.DEFINITIF: 0, JenisPenugasan.PLT: 1, JenisPenugasan.PLH: 2}
MAX_TREE_DEPTH = 30

_rank_expression = Case(
    When(jenis=JenisPenugasan.DEFINITIF, then=Value(0)),
    When(jenis=JenisPenugasan.PLT, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


@dataclass(frozen=True)
class Superior:
    employee: Employee
    position: Position
    jenis: str  # how they hold that position: definitif, plt or plh
    escalated: bool  # True when the direct superior position had nobody in charge

    @property
    def acting(self) -> bool:
        return self.jenis != JenisPenugasan.DEFINITIF


def _ordered(qs):
    return qs.annotate(rank=_rank_expression).order_by("rank", "mulai", "id")


def primary_assignment(employee: Employee, day: dt.date) -> Assignment | None:
    """The seat an employee sits in on a day: definitif first, then Plt, then Plh."""
    qs = Assignment.objects.active_on(day).filter(employee=employee)
    return _ordered(qs).select_related("position__unit", "position__reports_to").first()


def active_assignments(employee: Employee, day: dt.date) -> list[Assignment]:
    qs = Assignment.objects.active_on(day).filter(employee=employee)
    return list(_ordered(qs).select_related("position__unit"))


def person_in_charge(position: Position, day: dt.date) -> Assignment | None:
    qs = Assignment.objects.active_on(day).filter(position=position)
    return _ordered(qs).select_related("employee").first()


def _superior_from(
    position: Position | None, day: dt.date, exclude_ids: set[int]
) -> Superior | None:
    """Walk up from `position` (inclusive) to the first one with someone else in charge."""
    escalated = False
    steps = 0
    while position is not None and steps < MAX_TREE_DEPTH:
        steps += 1
        holder = person_in_charge(position, day)
        if holder is not None and holder.employee_id not in exclude_ids:
            return Superior(holder.employee, position, holder.jenis, escalated)
        escalated = True
        position = position.reports_to
    return None


def pejabat_penilai(employee: Employee, day: dt.date) -> Superior | None:
    seat = primary_assignment(employee, day)
    if seat is None:
        return None
    return _superior_from(seat.position.reports_to, day, {employee.pk})


def atasan_pejabat_penilai(employee: Employee, day: dt.date) -> Superior | None:
    penilai = pejabat_penilai(employee, day)
    if penilai is None:
        return None
    return _superior_from(penilai.position.reports_to, day, {employee.pk, penilai.employee.pk})


def _leaders_of_positions(employee_ids: set[int], day: dt.date) -> dict[int, int]:
    """Position -> the one of these employees in charge of it on a day (two queries)."""
    mine = set(
        Assignment.objects.active_on(day)
        .filter(employee_id__in=employee_ids)
        .values_list("position_id", flat=True)
    )
    if not mine:
        return {}
    holders = _ordered(Assignment.objects.active_on(day).filter(position_id__in=mine)).values_list(
        "position_id", "employee_id"
    )
    in_charge: dict[int, int] = {}
    for position_id, employee_id in holders:
        in_charge.setdefault(position_id, employee_id)
    return {pid: eid for pid, eid in in_charge.items() if eid in employee_ids}


def subordinate_ids(employee: Employee, day: dt.date) -> set[int]:
    """Ids of the employees whose pejabat penilai is this employee on a day.

    The inverse of `pejabat_penilai`, computed set-wise: positions reporting to a position the
    employee leads, descending through positions that have nobody in charge (the escalation).
    """
    return subordinate_ids_of_many({employee.pk}, day)


def subordinate_ids_of_many(employee_ids: set[int], day: dt.date) -> set[int]:
    """Ids of the employees whose pejabat penilai is any of these employees on a day, in a number
    of queries bounded by the depth of the position tree, not by how many employees are asked."""
    if not employee_ids:
        return set()
    leader_of = _leaders_of_positions(set(employee_ids), day)
    return set(_seated_below(_descend(leader_of, day), day)) if leader_of else set()


def _descend(leader_of: dict[int, int], day: dt.date) -> dict[int, int]:
    """Positions reporting to these led positions, descending through positions with nobody in
    charge (the escalation). Each remembers who leads the position it descends from, so that
    nobody becomes their own subordinate (a Plt sitting below the seat they act in)."""
    active = Assignment.objects.active_on(day)
    frontier = dict(leader_of)
    reporting: dict[int, int] = {}
    for _ in range(MAX_TREE_DEPTH):
        children = {
            child: frontier[parent]
            for child, parent in Position.objects.filter(reports_to_id__in=frontier).values_list(
                "id", "reports_to_id"
            )
            if child not in reporting
        }
        if not children:
            break
        reporting.update(children)
        staffed = set(active.filter(position_id__in=children).values_list("position_id", flat=True))
        frontier = {pid: lead for pid, lead in children.items() if pid not in staffed}
        if not frontier:
            break
    return reporting


def _seated_below(reporting: dict[int, int], day: dt.date) -> dict[int, int]:
    """Employee -> seat, for those whose own seat (their primary one) is a reporting position
    led by somebody else."""
    active = Assignment.objects.active_on(day)
    seats: dict[int, int] = {}
    for employee_id, position_id in _ordered(
        active.filter(
            employee_id__in=active.filter(position_id__in=reporting).values("employee_id")
        )
    ).values_list("employee_id", "position_id"):
        seats.setdefault(employee_id, position_id)
    return {eid: pid for eid, pid in seats.items() if pid in reporting and reporting[pid] != eid}


def indirect_subordinate_ids(employee: Employee, day: dt.date) -> set[int]:
    """Ids of the employees whose atasan pejabat penilai is this employee on a day: the
    subordinates of their subordinates, led through a position that sits in this employee's own
    line. A subordinate who is also Plt of a position elsewhere leads that position's staff for
    another atasan, the one above that position (as `atasan_pejabat_penilai` walks it)."""
    mine = _leaders_of_positions({employee.pk}, day)
    if not mine:
        return set()
    my_line = _descend(mine, day)
    # The pejabat penilai below me are those in charge of a staffed position of my line, by
    # their own seat or as Plt/Plh: the descent stopped at exactly those positions.
    in_charge: dict[int, int] = {}
    for position_id, employee_id in _ordered(
        Assignment.objects.active_on(day).filter(position_id__in=my_line)
    ).values_list("position_id", "employee_id"):
        in_charge.setdefault(position_id, employee_id)
    penilai = set(in_charge.values()) - {employee.pk}
    if not penilai:
        return set()
    theirs = _leaders_of_positions(penilai, day)
    in_line = _positions_reaching(theirs, set(my_line) | set(mine), day)
    led = {pid: lead for pid, lead in theirs.items() if pid in in_line}
    if not led:
        return set()
    return set(_seated_below(_descend(led, day), day)) - {employee.pk}


def _positions_reaching(leader_of: dict[int, int], line: set[int], day: dt.date) -> set[int]:
    """Those of the led positions whose superiors, walked up through positions that are vacant
    or led by the same person, reach a position of `line`."""
    reached = {pid for pid in leader_of if pid in line}
    walking = {pid: pid for pid in leader_of if pid not in line}  # current -> start
    active = Assignment.objects.active_on(day)
    for _ in range(MAX_TREE_DEPTH):
        if not walking:
            break
        parents = dict(
            Position.objects.filter(pk__in=walking, reports_to__isnull=False).values_list(
                "pk", "reports_to_id"
            )
        )
        holders: dict[int, int] = {}
        for position_id, employee_id in _ordered(
            active.filter(position_id__in=set(parents.values()))
        ).values_list("position_id", "employee_id"):
            holders.setdefault(position_id, employee_id)
        following: dict[int, int] = {}
        for current, start in walking.items():
            parent = parents.get(current)
            if parent is None:
                continue
            if parent in line:
                reached.add(start)
            elif parent not in holders or holders[parent] == leader_of[start]:
                following[parent] = start
        walking = following
    return reached


def penilai_map(instansi_id: int, day: dt.date) -> dict[int, int]:
    """Employee id -> the employee id of their pejabat penilai, for a whole instansi on a day.

    The same rules as `pejabat_penilai`, computed in memory from two queries, for work over
    every employee at once (demo data, monthly runs) where one call per employee would not do.
    """
    reports_to = dict(
        Position.objects.filter(instansi_id=instansi_id).values_list("id", "reports_to_id")
    )
    seat_of, in_charge = seats_and_holders(instansi_id, day)
    seats = penilai_seats_from(seat_of, in_charge, reports_to)
    return {employee: holder for employee, (holder, _) in seats.items()}


def seats_and_holders(instansi_id: int, day: dt.date) -> tuple[dict[int, int], dict[int, int]]:
    """Employee id -> the position they sit in, and position id -> the employee in charge of
    it, for a whole instansi on a day (definitif first, then Plt, then Plh). One query."""
    seat_of: dict[int, int] = {}
    in_charge: dict[int, int] = {}
    rows = _ordered(
        Assignment.objects.active_on(day).filter(position__instansi_id=instansi_id)
    ).values_list("employee_id", "position_id")
    for employee_id, position_id in rows:
        seat_of.setdefault(employee_id, position_id)
        in_charge.setdefault(position_id, employee_id)
    return seat_of, in_charge


def penilai_seats_from(
    seat_of: dict[int, int], in_charge: dict[int, int], reports_to: dict[int, int | None]
) -> dict[int, tuple[int, int]]:
    """Employee id -> (their pejabat penilai, the position the penilai leads them from): up
    the reporting line to the first position with someone else in charge (the escalation)."""
    found: dict[int, tuple[int, int]] = {}
    for employee_id, seat in seat_of.items():
        position_id = reports_to.get(seat)
        for _ in range(MAX_TREE_DEPTH):
            if position_id is None:
                break
            holder = in_charge.get(position_id)
            if holder is not None and holder != employee_id:
                found[employee_id] = (holder, position_id)
                break
            position_id = reports_to.get(position_id)
    return found


def seats_for(employee_ids: list[int], day: dt.date) -> dict[int, Assignment]:
    """Each employee's primary assignment on a day, for a page of employees, in one query."""
    seats: dict[int, Assignment] = {}
    qs = _ordered(Assignment.objects.active_on(day).filter(employee_id__in=employee_ids))
    for assignment in qs.select_related("position__unit"):
        seats.setdefault(assignment.employee_id, assignment)
    return seats


def acting_roles_for(employee_ids: list[int], day: dt.date) -> dict[int, list[Assignment]]:
    """Plt and Plh assignments in force, per employee (shown beside their definitive seat)."""
    acting: dict[int, list[Assignment]] = defaultdict(list)
    qs = (
        Assignment.objects.active_on(day)
        .filter(employee_id__in=employee_ids)
        .exclude(jenis=JenisPenugasan.DEFINITIF)
        .select_related("position")
    )
    for assignment in qs:
        acting[assignment.employee_id].append(assignment)
    return acting
