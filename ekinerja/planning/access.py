"""Who may see or change SKPs, periods and organisational goals. Every planning view uses this.

- The owner edits their own SKP while it is a draft or was returned, and submits it.
- The pejabat penilai (or the Plt/Plh of the vacant position) approves or returns it, pushes RHK
  down, and sees the role-result matrix. They are derived on the day of the action.
- The atasan pejabat penilai, admins (BKPSDM; admin OPD in their subtree), pimpinan and auditor
  read SKPs of the employees they may see.
- Admin BKPSDM manages periods, opens them, and edits the RPJMD goals; admin OPD edits the
  Perjanjian Kinerja of units in their subtree.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from ekinerja.org.models import Unit
from ekinerja.people import hierarchy
from ekinerja.people.access import employees_visible_to, roles_for, today
from ekinerja.people.models import Employee, User

from .choices import EDITABLE_STATUSES
from .models import PerformancePeriod, Skp


def indirect_subordinate_ids(user: User) -> set[int]:
    """Employees whose pejabat penilai is one of the user's subordinates (atasan penilai role)."""
    me = roles_for(user).employee
    return hierarchy.indirect_subordinate_ids(me, today()) if me is not None else set()


def skps_visible_to(user: User) -> QuerySet[Skp]:
    roles = roles_for(user)
    if roles.instansi_id is None:
        return Skp.objects.none()
    visible = employees_visible_to(user).values("pk")
    qs = Skp.objects.filter(instansi_id=roles.instansi_id)
    if roles.sees_whole_instansi:
        return qs
    indirect = indirect_subordinate_ids(user) if roles.is_atasan else set()
    return qs.filter(employee__in=visible) | qs.filter(employee_id__in=indirect)


def get_skp_for_user(user: User, pk: int) -> Skp:
    skp = (
        skps_visible_to(user)
        .filter(pk=pk)
        .select_related("employee", "period", "position__unit", "unit", "penilai", "previous")
        .first()
    )
    if skp is None:
        raise Http404("SKP tidak ditemukan.")
    return skp


def is_owner(user: User, skp: Skp) -> bool:
    employee = roles_for(user).employee
    return employee is not None and employee.pk == skp.employee_id


def is_current_penilai(user: User, employee: Employee) -> bool:
    """True when the user is, today, the pejabat penilai of the employee (incl. Plt/Plh)."""
    me = roles_for(user).employee
    if me is None:
        return False
    penilai = hierarchy.pejabat_penilai(employee, today())
    return penilai is not None and penilai.employee.pk == me.pk


def can_edit_skp(user: User, skp: Skp) -> bool:
    return is_owner(user, skp) and skp.status in EDITABLE_STATUSES


def can_review_skp(user: User, skp: Skp) -> bool:
    return is_current_penilai(user, skp.employee)


def can_manage_periods(user: User) -> bool:
    return roles_for(user).is_admin_bkpsdm


def get_period_for_user(user: User, pk: int) -> PerformancePeriod:
    period = PerformancePeriod.objects.filter(
        pk=pk, instansi_id=roles_for(user).instansi_id
    ).first()
    if period is None:
        raise Http404("Periode tidak ditemukan.")
    return period


def can_edit_regional_goals(user: User) -> bool:
    return roles_for(user).is_admin_bkpsdm


def can_edit_perjanjian_kinerja(user: User, unit: Unit) -> bool:
    roles = roles_for(user)
    if unit.instansi_id != roles.instansi_id:
        return False
    return roles.is_admin_bkpsdm or unit.pk in roles.opd_subtree
