"""Who may see or do what with employees. Every people view goes through this module.

Roles: pegawai (self) and atasan (current subordinates) are derived from the position tree;
admin OPD (a unit subtree), admin BKPSDM (the whole instansi), pimpinan and auditor (read-only
across the instansi) are granted through RoleGrant.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from ekinerja.org.selectors import unit_subtree_ids

from . import hierarchy
from .choices import Peran, StatusKepegawaian
from .models import Assignment, Employee, User

_CACHE_ATTR = "_ekinerja_roles"


@dataclass(frozen=True)
class Roles:
    instansi_id: int | None
    employee: Employee | None
    instansi_wide: frozenset[str] = frozenset()
    admin_unit_ids: frozenset[int] = frozenset()  # the roots of the admin OPD's subtrees
    subordinate_ids: frozenset[int] = frozenset()
    opd_subtree: frozenset[int] = field(default=frozenset(), repr=False)

    @property
    def is_admin_bkpsdm(self) -> bool:
        return Peran.ADMIN_BKPSDM in self.instansi_wide

    @property
    def is_admin_opd(self) -> bool:
        return bool(self.admin_unit_ids)

    @property
    def is_pimpinan(self) -> bool:
        return Peran.PIMPINAN in self.instansi_wide

    @property
    def is_auditor(self) -> bool:
        return Peran.AUDITOR in self.instansi_wide

    @property
    def sees_whole_instansi(self) -> bool:
        return bool(self.instansi_wide)

    @property
    def is_atasan(self) -> bool:
        return bool(self.subordinate_ids)

    @property
    def keeps_attendance(self) -> bool:
        """ASN punch in and take leave; a political office holder does neither."""
        return (
            self.employee is not None and self.employee.status != StatusKepegawaian.PEJABAT_NEGARA
        )

    @property
    def can_manage_master_data(self) -> bool:
        return self.is_admin_bkpsdm

    @property
    def labels(self) -> list[str]:
        names = ["Pegawai"] if self.employee else []
        if self.is_atasan:
            names.append("Atasan")
        if self.is_admin_opd:
            names.append("Admin OPD")
        names += [Peran(p).label for p in sorted(self.instansi_wide)]
        return names


def today() -> dt.date:
    return timezone.localdate()


def roles_for(user: User) -> Roles:
    """The user's roles, computed once per request and kept on the user object."""
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    employee = Employee.objects.filter(user=user).first()
    instansi_id = user.instansi_id or (employee.instansi_id if employee else None)
    grants = list(user.role_grants.filter(instansi_id=instansi_id).values_list("peran", "unit_id"))
    admin_units = frozenset(unit for peran, unit in grants if peran == Peran.ADMIN_OPD and unit)
    roles = Roles(
        instansi_id=instansi_id,
        employee=employee,
        instansi_wide=frozenset(peran for peran, unit in grants if unit is None),
        admin_unit_ids=admin_units,
        subordinate_ids=frozenset(hierarchy.subordinate_ids(employee, today()))
        if employee
        else frozenset(),
        opd_subtree=frozenset(unit_subtree_ids(instansi_id, admin_units))
        if admin_units and instansi_id
        else frozenset(),
    )
    setattr(user, _CACHE_ATTR, roles)
    return roles


def seated_in_units(unit_ids: frozenset[int] | set[int], day: dt.date) -> Exists:
    return Exists(
        Assignment.objects.active_on(day).filter(
            employee_id=OuterRef("pk"), position__unit_id__in=unit_ids
        )
    )


def employees_visible_to(user: User) -> QuerySet[Employee]:
    """Every employee the user may see, as one queryset (the list page filters it further)."""
    roles = roles_for(user)
    if not user.is_authenticated or roles.instansi_id is None:
        return Employee.objects.none()
    qs = Employee.objects.filter(instansi_id=roles.instansi_id)
    if roles.sees_whole_instansi:
        return qs
    allowed = Q(pk__in=roles.subordinate_ids)
    if roles.employee:
        allowed |= Q(pk=roles.employee.pk)
    if roles.opd_subtree:
        allowed |= seated_in_units(roles.opd_subtree, today())
    return qs.filter(allowed)


def can_view_employee(user: User, employee: Employee) -> bool:
    return employees_visible_to(user).filter(pk=employee.pk).exists()


def get_employee_for_user(user: User, pk: int) -> Employee:
    """The employee if the user may see them; 404 otherwise, so ids cannot be probed."""
    employee = employees_visible_to(user).filter(pk=pk).first()
    if employee is None:
        raise Http404("Pegawai tidak ditemukan.")
    return employee


def can_manage_accounts(user: User, employee: Employee) -> bool:
    """Resetting a password: BKPSDM for the instansi, admin OPD inside their subtree."""
    roles = roles_for(user)
    if employee.instansi_id != roles.instansi_id:
        return False
    if roles.is_admin_bkpsdm:
        return True
    return (
        bool(roles.opd_subtree)
        and Employee.objects.filter(pk=employee.pk)
        .filter(seated_in_units(roles.opd_subtree, today()))
        .exists()
    )


def can_import_master_data(user: User) -> bool:
    return roles_for(user).is_admin_bkpsdm


def can_export_employees(user: User) -> bool:
    roles = roles_for(user)
    return roles.sees_whole_instansi or roles.is_admin_opd
