"""Who may see the talent map and the competence records, and who may change them. Every
talent view goes through this module.

- The talent map of a unit (and the units below it): admin BKPSDM, pimpinan and auditor for
  any unit of the instansi; an admin OPD for the units of their OPD; an atasan for the units
  they lead (the units of the positions they hold today that have someone reporting to them,
  and every unit below).
- An employee's competence records are read by the employee, and by whoever sees a talent map
  that contains them (the same roles, over the employees seated in those units).
- Competence records are added, changed, deleted and imported by admin BKPSDM for the
  instansi and by an admin OPD for the employees seated in their OPD.
Anything outside is a 404, so ids cannot be probed; inside the read scope, a refused write is a
403.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from ekinerja.org.models import Unit
from ekinerja.org.selectors import unit_subtree_ids
from ekinerja.people.access import roles_for, seated_in_units, today
from ekinerja.people.choices import StatusKepegawaian
from ekinerja.people.models import Assignment, Employee, User

_CACHE_ATTR = "_ekinerja_talent_units"


def led_unit_ids(user: User) -> frozenset[int]:
    """The units an atasan leads today: those of the positions they hold (definitif, Plt or
    Plh) that other positions report to, or that head a unit."""
    roles = roles_for(user)
    if roles.employee is None or not roles.is_atasan:
        return frozenset()
    rows = (
        Assignment.objects.active_on(today())
        .filter(employee=roles.employee)
        .filter(Q(position__is_unit_head=True) | Q(position__direct_reports__isnull=False))
        .values_list("position__unit_id", flat=True)
        .distinct()
    )
    return frozenset(rows)


def talent_unit_scope(user: User) -> frozenset[int] | None:
    """The units whose talent map the user may see: None for the whole instansi, else a set
    (empty for nobody). Computed once per request and kept on the user object."""
    cached = getattr(user, _CACHE_ATTR, False)
    if cached is not False:
        return cached
    roles = roles_for(user)
    scope: frozenset[int] | None
    if not user.is_authenticated or roles.instansi_id is None:
        scope = frozenset()
    elif roles.sees_whole_instansi:
        scope = None
    else:
        led = led_unit_ids(user)
        below_led = unit_subtree_ids(roles.instansi_id, led) if led else set()
        scope = frozenset(roles.opd_subtree | below_led)
    setattr(user, _CACHE_ATTR, scope)
    return scope


def can_open_talent_map(user: User) -> bool:
    scope = talent_unit_scope(user)
    return scope is None or bool(scope)


def can_view_talent_map(user: User, unit: Unit) -> bool:
    roles = roles_for(user)
    if roles.instansi_id is None or unit.instansi_id != roles.instansi_id:
        return False
    scope = talent_unit_scope(user)
    return scope is None or unit.pk in scope


def talent_units(user: User) -> QuerySet[Unit]:
    """The units the user may pick on the talent map page."""
    roles = roles_for(user)
    scope = talent_unit_scope(user)
    if roles.instansi_id is None:
        return Unit.objects.none()
    units = Unit.objects.filter(instansi_id=roles.instansi_id)
    return units if scope is None else units.filter(pk__in=scope)


def get_unit_for_talent(user: User, pk: int) -> Unit:
    unit = talent_units(user).filter(pk=pk).first()
    if unit is None:
        raise Http404("Unit tidak ditemukan.")
    return unit


def default_unit_for(user: User) -> Unit | None:
    """The unit the page opens on: the top of the tree for instansi-wide roles, the OPD of an
    admin OPD, the (highest) unit an atasan leads."""
    roles = roles_for(user)
    if not can_open_talent_map(user):
        return None
    if roles.sees_whole_instansi:
        roots = Unit.objects.filter(instansi_id=roles.instansi_id, parent__isnull=True)
        return roots.order_by("urutan", "kode").first()
    preferred = roles.admin_unit_ids or led_unit_ids(user)
    units = Unit.objects.filter(pk__in=preferred).order_by("kode")
    return units.first()


# --- competence records -----------------------------------------------------------------------


def competence_readers_scope(user: User) -> QuerySet[Employee]:
    """Employees whose competence records the user may read."""
    roles = roles_for(user)
    if not user.is_authenticated or roles.instansi_id is None:
        return Employee.objects.none()
    employees = Employee.objects.filter(instansi_id=roles.instansi_id).exclude(
        status=StatusKepegawaian.PEJABAT_NEGARA
    )
    scope = talent_unit_scope(user)
    if scope is None:
        return employees
    allowed = Q(pk=roles.employee.pk) if roles.employee is not None else Q(pk__in=[])
    if scope:
        allowed |= Q(seated_in_units(scope, today()))
    return employees.filter(allowed)


def get_employee_for_competence(user: User, pk: int) -> Employee:
    employee = competence_readers_scope(user).filter(pk=pk).first()
    if employee is None:
        raise Http404("Pegawai tidak ditemukan.")
    return employee


def can_manage_competence(user: User) -> bool:
    """Whether the user edits competence records of anybody (admin BKPSDM or admin OPD)."""
    roles = roles_for(user)
    return roles.instansi_id is not None and (roles.is_admin_bkpsdm or roles.is_admin_opd)


def competence_editors_scope(user: User) -> QuerySet[Employee]:
    """Employees whose competence records the user may change: the instansi for admin BKPSDM,
    the employees seated in their OPD for an admin OPD."""
    roles = roles_for(user)
    if not can_manage_competence(user):
        return Employee.objects.none()
    employees = Employee.objects.filter(instansi_id=roles.instansi_id).exclude(
        status=StatusKepegawaian.PEJABAT_NEGARA
    )
    if roles.is_admin_bkpsdm:
        return employees
    return employees.filter(seated_in_units(roles.opd_subtree, today()))


def can_edit_competence(user: User, employee: Employee) -> bool:
    roles = roles_for(user)
    if not can_manage_competence(user) or employee.instansi_id != roles.instansi_id:
        return False
    if employee.status == StatusKepegawaian.PEJABAT_NEGARA:
        return False
    if roles.is_admin_bkpsdm:
        return True
    return competence_editors_scope(user).filter(pk=employee.pk).exists()


def can_import_competence(user: User) -> bool:
    return can_manage_competence(user)
