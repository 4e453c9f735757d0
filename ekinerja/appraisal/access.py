"""Who may see or do what in evaluation. Every evaluation view and service goes through here.

- The pejabat penilai of the employee today (definitif, Plt or Plh) fills and sets the
  Dokumen Evaluasi.
- The employee reads their own evaluation once it is set, and acknowledges it.
"""

from __future__ import annotations

from ekinerja.people.access import roles_for
from ekinerja.people.models import User
from ekinerja.planning.access import is_current_penilai
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


def is_current_penilai_of_skp(user: User, skp: Skp) -> bool:
    return is_current_penilai(user, skp.employee)
