"""Who may see or do what in evaluation. Every evaluation view and service goes through here.

- The pejabat penilai of the employee today (definitif, Plt or Plh) fills and sets the
  Dokumen Evaluasi.
- The employee reads their own evaluation once it is set, and acknowledges it.
- A keberatan: filed by the employee, decided by the atasan pejabat penilai.
- A unit's organisational predikat: admin BKPSDM, or the pejabat penilai of the unit's head.
"""

from __future__ import annotations

import datetime as dt

from ekinerja.org.models import Position, Unit
from ekinerja.org.selectors import unit_subtree_ids
from ekinerja.people.access import can_view_employee, roles_for, today
from ekinerja.people.hierarchy import atasan_pejabat_penilai, person_in_charge
from ekinerja.people.models import Assignment, Employee, User
from ekinerja.planning.access import can_review_skp, is_current_penilai
from ekinerja.planning.models import Skp

from . import selectors_input as _inputs
from .choices import StatusEvaluasi
from .models import Evaluation
from .selectors import policy_on as _policy_on


def can_evaluate(user: User, evaluation: Evaluation) -> bool:
    """The current pejabat penilai, while the evaluation is still a draft or set but not yet
    acknowledged (the penilai may correct a rating the employee has not accepted)."""
    if evaluation.status not in (StatusEvaluasi.DRAF, StatusEvaluasi.DITETAPKAN):
        return False
    return is_current_penilai(user, evaluation.employee)


def is_evaluated_employee(user: User, evaluation: Evaluation) -> bool:
    employee = roles_for(user).employee
    return employee is not None and employee.pk == evaluation.employee_id


def can_open_evaluation(user: User, skp: Skp) -> bool:
    """Opening a period's or the year's evaluation: the employee's pejabat penilai today,
    the same person who reviews the SKP."""
    return can_review_skp(user, skp)


def can_view_evaluation(user: User, evaluation: Evaluation) -> bool:
    """The employee once it is set (a draft is the penilai's work in progress); the penilai;
    the atasan pejabat penilai (who decides a keberatan); and whoever may see the employee's
    records (admin OPD of their unit, BKPSDM, pimpinan and auditor)."""
    if is_evaluated_employee(user, evaluation):
        return evaluation.status != StatusEvaluasi.DRAF
    if is_current_penilai(user, evaluation.employee):
        return True
    if is_current_atasan_penilai(user, evaluation.employee):
        return True
    return can_view_employee(user, evaluation.employee)


def can_decide_objection(user: User, evaluation: Evaluation) -> bool:
    return evaluation.status == StatusEvaluasi.KEBERATAN and is_current_atasan_penilai(
        user, evaluation.employee
    )


def units_headed_or_evaluated(user: User, day: dt.date) -> set[int]:
    """Units the user heads, and units whose head the user evaluates (their organisational
    predikat is the user's to set). One query."""
    roles = roles_for(user)
    if roles.employee is None:
        return set()
    people = {roles.employee.pk, *roles.subordinate_ids}
    return set(_units_headed_by(people, day).values_list("position__unit_id", flat=True))


def _units_headed_by(employee_ids: set[int] | frozenset[int], day: dt.date):
    """The unit-head seats these employees hold on the day."""
    return Assignment.objects.active_on(day).filter(
        employee_id__in=employee_ids, position__is_unit_head=True, position__aktif=True
    )


def units_for_predikat(user: User, day: dt.date) -> list[Unit]:
    """Units whose organisational predikat the user may set (see `can_set_unit_predikat`):
    every unit for admin BKPSDM, else the units whose head the user evaluates. One query."""
    roles = roles_for(user)
    if roles.instansi_id is None:
        return []
    units = Unit.objects.filter(instansi_id=roles.instansi_id).order_by("nama")
    if roles.is_admin_bkpsdm:
        return list(units)
    heads = _units_headed_by(roles.subordinate_ids, day)
    return list(units.filter(pk__in=heads.values("position__unit_id")))


def curve_scope(user: User, day: dt.date) -> set[int] | None:
    """Units whose distribution curve the user may read; None for the whole instansi (BKPSDM,
    pimpinan, auditor). An admin OPD reads their OPD; a head their unit and everything below."""
    roles = roles_for(user)
    if roles.instansi_id is None:
        return set()
    if roles.sees_whole_instansi:
        return None
    roots = units_headed_or_evaluated(user, day)
    return set(roles.opd_subtree) | unit_subtree_ids(roles.instansi_id, roots)


def unit_head_of(unit: Unit, day: dt.date) -> Employee | None:
    """Whoever is in charge of the unit's head position on ``day`` (definitif, Plt, Plh)."""
    position = Position.objects.filter(unit=unit, is_unit_head=True, aktif=True).first()
    if position is None:
        return None
    holder = person_in_charge(position, day)
    return holder.employee if holder is not None else None


def can_set_unit_predikat(user: User, unit: Unit, day: dt.date) -> bool:
    """Admin BKPSDM of the unit's instansi, or the pejabat penilai of the unit's head (SE
    MenPANRB 3/2023: the organisation is evaluated by whoever evaluates its head)."""
    roles = roles_for(user)
    if roles.instansi_id != unit.instansi_id:
        return False
    if roles.is_admin_bkpsdm:
        return True
    head = unit_head_of(unit, day)
    return head is not None and is_current_penilai(user, head)


def is_current_atasan_penilai(user: User, employee: Employee) -> bool:
    """True when the user is, today, the atasan pejabat penilai of the employee: the one who
    decides a keberatan against the pejabat penilai's evaluation."""
    me = roles_for(user).employee
    if me is None:
        return False
    atasan = atasan_pejabat_penilai(employee, today())
    return atasan is not None and atasan.employee.pk == me.pk


# --- self-assessment and 360 input (issue 6 item 2) -------------------------------------------


def can_self_assess(user: User, evaluation: Evaluation) -> bool:
    """The evaluated employee, while the evaluation is a draft and the region has switched
    `AppraisalPolicy.penilaian_mandiri` on."""
    return (
        evaluation.status == StatusEvaluasi.DRAF
        and is_evaluated_employee(user, evaluation)
        and _policy_on(evaluation.instansi_id, today()).penilaian_mandiri
    )


def feedback_relation(user: User, evaluation: Evaluation) -> str | None:
    """`HubunganMasukan` of the user to the evaluated employee on the last day of the evaluated
    period: rekan (the same pejabat penilai) or bawahan (the evaluated employee is the user's
    pejabat penilai); None for everyone else, the employee themself included."""
    me = roles_for(user).employee
    if me is None:
        return None
    return _inputs.relation_to(me, evaluation, today())


def can_give_feedback(user: User, evaluation: Evaluation) -> bool:
    """A colleague or direct subordinate of the evaluated employee in the evaluated period,
    while the evaluation is a draft and the region has `AppraisalPolicy.masukan_rekan` on."""
    return (
        evaluation.status == StatusEvaluasi.DRAF
        and _policy_on(evaluation.instansi_id, today()).masukan_rekan
        and feedback_relation(user, evaluation) is not None
    )


def can_read_inputs(user: User, evaluation: Evaluation) -> bool:
    """The self-assessment and the 360 aggregate: the pejabat penilai who fills the evaluation,
    and the atasan pejabat penilai once a keberatan was filed (they decide it)."""
    if can_evaluate(user, evaluation):
        return True
    return evaluation.status in (
        StatusEvaluasi.KEBERATAN,
        StatusEvaluasi.DIPUTUS,
    ) and is_current_atasan_penilai(user, evaluation.employee)
