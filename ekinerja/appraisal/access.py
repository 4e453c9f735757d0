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
from ekinerja.people.access import roles_for, today
from ekinerja.people.hierarchy import atasan_pejabat_penilai, person_in_charge
from ekinerja.people.models import Employee, User
from ekinerja.planning.access import can_review_skp, is_current_penilai
from ekinerja.planning.models import Skp

from .choices import StatusEvaluasi
from .models import Evaluation


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
