"""Who may see or do what in attendance. Every attendance view goes through this module.

- Each employee: their own check-ins, leave requests and recap.
- The pejabat penilai (the direct superior in the position tree): decides the leave of their
  subordinates and reads their recaps.
- Admin OPD: punches, devices, PINs and recaps of the units in their subtree.
- Admin BKPSDM: all of that for the whole instansi; pimpinan and auditor read recaps only.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from ekinerja.org.models import Unit
from ekinerja.people import hierarchy
from ekinerja.people.access import roles_for, seated_in_units, today
from ekinerja.people.choices import StatusKepegawaian
from ekinerja.people.models import Employee, User

from .models import Device, DevicePin, LeaveRequest, UnknownPunch

# --- punches, devices and PINs --------------------------------------------------------------------


def can_manage_punches(user: User) -> bool:
    """Uploading machine logs, registering devices and PINs: admin BKPSDM or admin OPD."""
    roles = roles_for(user)
    return roles.instansi_id is not None and (roles.is_admin_bkpsdm or roles.is_admin_opd)


def devices_visible_to(user: User) -> QuerySet[Device]:
    """BKPSDM sees every device of the instansi; an admin OPD the devices placed in their
    subtree (a device without a unit belongs to BKPSDM)."""
    roles = roles_for(user)
    if not can_manage_punches(user):
        return Device.objects.none()
    devices = Device.objects.filter(instansi_id=roles.instansi_id)
    if roles.is_admin_bkpsdm:
        return devices
    return devices.filter(unit_id__in=roles.opd_subtree)


def manages_device(user: User, device: Device) -> bool:
    """``devices_visible_to`` for a device already loaded, without a query: the device API
    asks it of a token's issuer on every batch."""
    roles = roles_for(user)
    if not can_manage_punches(user) or device.instansi_id != roles.instansi_id:
        return False
    return roles.is_admin_bkpsdm or device.unit_id in roles.opd_subtree


def get_device_for_user(user: User, pk: int) -> Device:
    device = devices_visible_to(user).filter(pk=pk).first()
    if device is None:
        raise Http404("Mesin presensi tidak ditemukan.")
    return device


def punch_employees_for(user: User) -> QuerySet[Employee]:
    """Employees whose PINs and punches the user may manage."""
    roles = roles_for(user)
    if not can_manage_punches(user):
        return Employee.objects.none()
    employees = Employee.objects.filter(instansi_id=roles.instansi_id)
    if roles.is_admin_bkpsdm:
        return employees
    return employees.filter(seated_in_units(roles.opd_subtree, today()))


def punch_scope_for(user: User) -> QuerySet[Employee] | None:
    """Whose punches the user may store, as ``store_punches`` takes it: None (everyone of the
    instansi, sparing a query per chunk) for admin BKPSDM, else ``punch_employees_for``."""
    if can_manage_instansi_pins(user):
        return None
    return punch_employees_for(user)


# --- leave --------------------------------------------------------------------------------------


def leave_approver_of(employee: Employee, day: dt.date) -> Employee | None:
    """The atasan who decides a request: the employee's pejabat penilai on the first day of
    the leave (a Plt or Plh in charge counts)."""
    superior = hierarchy.pejabat_penilai(employee, day)
    return None if superior is None else superior.employee


def can_decide_leave(user: User, leave: LeaveRequest) -> bool:
    me = roles_for(user).employee
    if me is None or leave.instansi_id != me.instansi_id or leave.employee_id == me.pk:
        return False
    approver = leave_approver_of(leave.employee, leave.mulai)
    return approver is not None and approver.pk == me.pk


def leave_visible_to(user: User) -> QuerySet[LeaveRequest]:
    """The requests a user may read: their own, their subordinates', and for admins and
    read-only roles those of the employees in their recap scope."""
    roles = roles_for(user)
    if roles.instansi_id is None:
        return LeaveRequest.objects.none()
    return LeaveRequest.objects.filter(
        instansi_id=roles.instansi_id, employee__in=recap_scope(user, include_self=True)
    )


# --- recaps -------------------------------------------------------------------------------------


def can_view_unit_recap(user: User) -> bool:
    roles = roles_for(user)
    return roles.instansi_id is not None and (
        roles.sees_whole_instansi or roles.is_admin_opd or roles.is_atasan
    )


def recap_scope(user: User, *, include_self: bool = False) -> QuerySet[Employee]:
    """Employees whose attendance the user may read: the whole instansi for admin BKPSDM,
    pimpinan and auditor; the employees seated in their OPD for an admin OPD; their direct
    subordinates for a supervisor; and themselves when ``include_self``."""
    roles = roles_for(user)
    if not user.is_authenticated or roles.instansi_id is None:
        return Employee.objects.none()
    employees = Employee.objects.filter(instansi_id=roles.instansi_id).exclude(
        status=StatusKepegawaian.PEJABAT_NEGARA
    )
    if roles.sees_whole_instansi:
        return employees
    allowed = Q(pk__in=roles.subordinate_ids)
    if include_self and roles.employee is not None:
        allowed |= Q(pk=roles.employee.pk)
    if roles.opd_subtree:
        allowed |= Q(seated_in_units(roles.opd_subtree, today()))
    return employees.filter(allowed)


def get_employee_for_recap(user: User, pk: int) -> Employee:
    employee = recap_scope(user, include_self=True).filter(pk=pk).first()
    if employee is None:
        raise Http404("Pegawai tidak ditemukan.")
    return employee


# --- check-in ----------------------------------------------------------------------------------


def checkin_employee(user: User) -> Employee | None:
    """The employee a user checks in as: anyone with an employee record except a Kepala Daerah,
    whose office is political and keeps no attendance (they are left out of recaps too)."""
    employee = roles_for(user).employee if user.is_authenticated else None
    if employee is None or employee.status == StatusKepegawaian.PEJABAT_NEGARA:
        return None
    return employee


def can_check_in(user: User) -> bool:
    return checkin_employee(user) is not None


# --- punches: scopes of devices, PINs and unknown punches --------------------------------------


def can_manage_instansi_pins(user: User) -> bool:
    """PINs valid on every machine, and punches read without a machine, reach across OPDs:
    only admin BKPSDM handles them."""
    roles = roles_for(user)
    return roles.instansi_id is not None and roles.is_admin_bkpsdm


def device_units_for(user: User) -> QuerySet[Unit]:
    """Units a device may be placed in: the whole instansi for BKPSDM, the admin OPD's
    subtree otherwise."""
    roles = roles_for(user)
    if not can_manage_punches(user):
        return Unit.objects.none()
    units = Unit.objects.filter(instansi_id=roles.instansi_id)
    if roles.is_admin_bkpsdm:
        return units
    return units.filter(pk__in=roles.opd_subtree)


def get_device_for_manager(user: User, pk: int) -> Device:
    """A device page: 404 outside the user's instansi (ids are not probed across regions),
    403 for someone of the instansi who manages no punches, 404 outside an admin OPD's
    subtree."""
    roles = roles_for(user)
    exists = (
        roles.instansi_id is not None
        and Device.objects.filter(pk=pk, instansi_id=roles.instansi_id).exists()
    )
    if not exists:
        raise Http404("Mesin presensi tidak ditemukan.")
    if not can_manage_punches(user):
        raise PermissionDenied("Hanya admin BKPSDM atau admin OPD yang mengelola mesin presensi.")
    return get_device_for_user(user, pk)


def unknown_punches_visible_to(user: User) -> QuerySet[UnknownPunch]:
    """BKPSDM: every unknown punch of the instansi; admin OPD: those read from their devices
    (punches read without a machine have no OPD to belong to)."""
    roles = roles_for(user)
    if not can_manage_punches(user):
        return UnknownPunch.objects.none()
    rows = UnknownPunch.objects.filter(instansi_id=roles.instansi_id)
    if roles.is_admin_bkpsdm:
        return rows
    return rows.filter(device__in=devices_visible_to(user))


def pins_visible_to(user: User) -> QuerySet[DevicePin]:
    """BKPSDM: every PIN of the instansi; admin OPD: the PINs of their own devices."""
    roles = roles_for(user)
    if not can_manage_punches(user):
        return DevicePin.objects.none()
    pins = DevicePin.objects.filter(instansi_id=roles.instansi_id)
    if roles.is_admin_bkpsdm:
        return pins
    return pins.filter(device__in=devices_visible_to(user))


def get_pin_for_manager(user: User, pk: int) -> DevicePin:
    """Same rules as ``get_device_for_manager``."""
    roles = roles_for(user)
    exists = (
        roles.instansi_id is not None
        and DevicePin.objects.filter(pk=pk, instansi_id=roles.instansi_id).exists()
    )
    if not exists:
        raise Http404("PIN tidak ditemukan.")
    if not can_manage_punches(user):
        raise PermissionDenied("Hanya admin BKPSDM atau admin OPD yang mengelola PIN mesin.")
    pin = pins_visible_to(user).filter(pk=pk).first()
    if pin is None:
        raise Http404("PIN tidak ditemukan.")
    return pin


# --- leave: requests a user may read and decide -------------------------------------------------


def get_leave_for_user(user: User, pk: int) -> LeaveRequest:
    """A request the user may read: through `leave_visible_to`, or because they decide it (the
    penilai on its first day may not be today's atasan, after a move). 404 otherwise, so ids
    cannot be probed."""
    leave = leave_visible_to(user).filter(pk=pk).select_related("employee", "diputus_oleh").first()
    if leave is None:
        roles = roles_for(user)
        candidate = (
            LeaveRequest.objects.filter(pk=pk, instansi_id=roles.instansi_id)
            .select_related("employee", "diputus_oleh")
            .first()
            if roles.instansi_id is not None
            else None
        )
        if candidate is not None and can_decide_leave(user, candidate):
            leave = candidate
    if leave is None:
        raise Http404("Pengajuan cuti/izin tidak ditemukan.")
    return leave


def is_leave_owner(user: User, leave: LeaveRequest) -> bool:
    me = roles_for(user).employee
    return me is not None and me.pk == leave.employee_id
