"""Who may see, enter and validate daily activities. Every activity view uses this.

- The owner records, edits and deletes their own activities while they wait for validation or
  were returned, and the month is open.
- The pejabat penilai (or the Plt/Plh of the vacant position), derived on the day of the action,
  validates them. After the instansi's deadline (`batas_hari_validasi` days from submission) a
  pending activity moves to the atasan pejabat penilai; at the top of the tree, where there is
  no atasan, it stays with the penilai.
- Anyone who may see the employee (people.access) may read their activities; the atasan
  pejabat penilai also reads those of the subordinates of their subordinates.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from ekinerja.people import hierarchy
from ekinerja.people.access import employees_visible_to, roles_for, seated_in_units, today
from ekinerja.people.choices import StatusKepegawaian
from ekinerja.people.models import Employee, User

from .choices import EDITABLE, StatusAktivitas
from .models import Activity
from .selectors import policy_on

_INDIRECT_ATTR = "_ekinerja_indirect_subordinates"


def validation_cutoff(instansi_id: int, now: dt.datetime | None = None) -> dt.datetime:
    """Activities submitted before this moment and still pending have passed the deadline."""
    now = now or timezone.now()
    days = policy_on(instansi_id, timezone.localdate(now)).batas_hari_validasi
    return now - dt.timedelta(days=days)


def indirect_subordinate_ids(user: User) -> set[int]:
    """Those whose atasan pejabat penilai the user is: escalated activities come from them.
    Computed once per request and kept on the user object, as `roles_for` does."""
    cached = getattr(user, _INDIRECT_ATTR, None)
    if cached is not None:
        return set(cached)
    me = roles_for(user).employee
    found: frozenset[int] = frozenset()
    if me is not None and roles_for(user).subordinate_ids:
        found = frozenset(hierarchy.indirect_subordinate_ids(me, today()))
    setattr(user, _INDIRECT_ATTR, found)
    return set(found)


def activities_visible_to(user: User) -> QuerySet[Activity]:
    roles = roles_for(user)
    if roles.instansi_id is None:
        return Activity.objects.none()
    qs = Activity.objects.filter(instansi_id=roles.instansi_id)
    if roles.sees_whole_instansi:
        return qs
    allowed = Q(employee__in=employees_visible_to(user).values("pk"))
    if roles.is_atasan:
        allowed |= Q(employee_id__in=indirect_subordinate_ids(user))
    return qs.filter(allowed)


def get_employee_for_reader(user: User, pk: int) -> Employee:
    """An employee whose activities the user may read (the people scope, plus the subordinates
    of the user's subordinates for the atasan pejabat penilai); 404 otherwise."""
    roles = roles_for(user)
    employee = employees_visible_to(user).filter(pk=pk).first()
    if employee is None and roles.is_atasan and pk in indirect_subordinate_ids(user):
        employee = Employee.objects.filter(pk=pk, instansi_id=roles.instansi_id).first()
    if employee is None:
        raise Http404("Pegawai tidak ditemukan.")
    return employee


def get_activity_for_user(user: User, pk: int) -> Activity:
    activity = (
        activities_visible_to(user)
        .filter(pk=pk)
        .select_related("employee", "indikator__rhk", "catalog_item", "validated_by")
        .first()
    )
    if activity is None:
        raise Http404("Aktivitas tidak ditemukan.")
    return activity


def is_owner(user: User, activity: Activity) -> bool:
    me = roles_for(user).employee
    return me is not None and me.pk == activity.employee_id


def can_change(user: User, activity: Activity) -> bool:
    return is_owner(user, activity) and activity.status in EDITABLE


def validator_of(employee: Employee, overdue: bool, day: dt.date) -> Employee | None:
    """Who validates this employee's pending activities: the penilai, or past the deadline the
    atasan penilai when there is one."""
    penilai = hierarchy.pejabat_penilai(employee, day)
    if penilai is None:
        return None
    if overdue:
        atasan = hierarchy.atasan_pejabat_penilai(employee, day)
        if atasan is not None:
            return atasan.employee
    return penilai.employee


def is_overdue(activity: Activity, cutoff: dt.datetime) -> bool:
    return activity.status == StatusAktivitas.DIAJUKAN and activity.diajukan_at < cutoff


def can_validate(user: User, activity: Activity) -> bool:
    me = roles_for(user).employee
    if me is None or activity.status != StatusAktivitas.DIAJUKAN:
        return False
    overdue = is_overdue(activity, validation_cutoff(activity.instansi_id))
    validator = validator_of(activity.employee, overdue, today())
    return validator is not None and validator.pk == me.pk


def can_view_productivity(user: User) -> bool:
    """Supervisors, admins (BKPSDM for the instansi, OPD for their OPD), pimpinan and auditor."""
    roles = roles_for(user)
    return roles.instansi_id is not None and (
        roles.sees_whole_instansi or roles.is_admin_opd or roles.is_atasan
    )


def report_scope(user: User) -> QuerySet[Employee]:
    """The employees the user's productivity report covers: the whole instansi for admin
    BKPSDM, pimpinan and auditor; the employees seated in their OPD for an admin OPD; for a
    supervisor their subordinates and, as atasan penilai, the subordinates of those (the people
    whose activities they may read). Political office holders keep no activities."""
    roles = roles_for(user)
    if not can_view_productivity(user):
        return Employee.objects.none()
    employees = (
        Employee.objects.filter(instansi_id=roles.instansi_id)
        .in_service()
        .exclude(status=StatusKepegawaian.PEJABAT_NEGARA)
    )
    if roles.sees_whole_instansi:
        return employees
    allowed = Q(pk__in=set(roles.subordinate_ids) | indirect_subordinate_ids(user))
    if roles.opd_subtree:
        allowed |= Q(seated_in_units(roles.opd_subtree, today()))
    return employees.filter(allowed)
