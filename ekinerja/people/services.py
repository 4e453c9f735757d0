"""Writes of personnel data: assignments, accounts and roles. Each one is atomic and audited."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from ekinerja.core.services import record_audit_event
from ekinerja.org.choices import JENIS_JPT, JenisJabatan
from ekinerja.org.models import Position

from .choices import JenisPenugasan, Peran
from .models import Assignment, Employee, RoleGrant, User

# Positions that one person leads: a second definitif holder at the same time is an error.
SINGLE_HOLDER_JENIS = JENIS_JPT | {
    JenisJabatan.KEPALA_DAERAH,
    JenisJabatan.ADMINISTRATOR,
    JenisJabatan.PENGAWAS,
}


def is_single_holder(position: Position) -> bool:
    return position.is_unit_head or position.jenis_jabatan in SINGLE_HOLDER_JENIS


def _overlapping(position: Position, jenis: str, mulai: dt.date, selesai: dt.date | None):
    qs = Assignment.objects.filter(position=position, jenis=jenis).exclude(selesai__lt=mulai)
    if selesai is not None:
        qs = qs.exclude(mulai__gt=selesai)
    return qs


@transaction.atomic
def assign_position(
    *,
    actor: User | None,
    employee: Employee,
    position: Position,
    jenis: str = JenisPenugasan.DEFINITIF,
    mulai: dt.date,
    selesai: dt.date | None = None,
    nomor_sk: str = "",
) -> Assignment:
    """Put an employee in a position. A new definitif seat ends the previous definitif one."""
    if position.instansi_id != employee.instansi_id:
        raise ValidationError("Jabatan dan pegawai harus berada pada instansi yang sama.")
    if selesai is not None and selesai < mulai:
        raise ValidationError("Tanggal selesai tidak boleh sebelum tanggal mulai.")
    if jenis != JenisPenugasan.DEFINITIF and position.jenis_jabatan == JenisJabatan.KEPALA_DAERAH:
        raise ValidationError("Jabatan Kepala Daerah tidak diisi dengan Plt/Plh di aplikasi ini.")
    if is_single_holder(position):
        clash = _overlapping(position, jenis, mulai, selesai).exclude(employee=employee).first()
        if clash is not None:
            raise ValidationError(
                f"Jabatan {position.nama} sudah dipegang {clash.employee.nama_lengkap} "
                f"({clash.get_jenis_display()}) pada periode itu."
            )
    if jenis == JenisPenugasan.DEFINITIF:
        previous = Assignment.objects.filter(
            employee=employee, jenis=JenisPenugasan.DEFINITIF, selesai__isnull=True
        ).exclude(position=position)
        for old in previous.filter(mulai__lt=mulai):
            old.selesai = mulai - dt.timedelta(days=1)
            old.save(update_fields=["selesai"])
    assignment = Assignment.objects.create(
        employee=employee,
        position=position,
        jenis=jenis,
        mulai=mulai,
        selesai=selesai,
        nomor_sk=nomor_sk,
    )
    record_audit_event(
        actor=actor,
        action="assign_position",
        obj=assignment,
        instansi_id=employee.instansi_id,
        summary=f"{employee.nama_lengkap}: {assignment.get_jenis_display()} {position.nama}",
        data={"employee": employee.pk, "position": position.pk, "mulai": mulai.isoformat()},
    )
    return assignment


@transaction.atomic
def end_assignment(*, actor: User | None, assignment: Assignment, selesai: dt.date) -> Assignment:
    if selesai < assignment.mulai:
        raise ValidationError("Tanggal selesai tidak boleh sebelum tanggal mulai.")
    assignment.selesai = selesai
    assignment.save(update_fields=["selesai"])
    record_audit_event(
        actor=actor,
        action="end_assignment",
        obj=assignment,
        instansi_id=assignment.employee.instansi_id,
        summary=f"Penugasan {assignment} berakhir {selesai:%d-%m-%Y}",
    )
    return assignment


def login_name_for(employee: Employee) -> str:
    return employee.nip or f"pejabat{employee.pk}"


@transaction.atomic
def set_account_password(*, actor: User | None, employee: Employee, password: str) -> User:
    """Create the employee's login (username = NIP) or reset its password."""
    user = employee.user or User(
        username=login_name_for(employee), instansi_id=employee.instansi_id
    )
    validate_password(password, user)
    user.first_name = employee.nama[:150]
    user.set_password(password)
    user.save()
    if employee.user_id != user.pk:
        employee.user = user
        employee.save(update_fields=["user"])
    record_audit_event(
        actor=actor,
        action="set_password",
        obj=user,
        instansi_id=employee.instansi_id,
        summary=f"Kata sandi akun {user.username} diatur",
    )
    return user


@transaction.atomic
def grant_role(
    *, actor: User | None, user: User, peran: str, instansi_id: int, unit_id: int | None = None
) -> RoleGrant:
    if (peran == Peran.ADMIN_OPD) != (unit_id is not None):
        raise ValidationError("Admin OPD wajib memiliki unit; peran lain berlaku se-instansi.")
    grant, _ = RoleGrant.objects.get_or_create(
        user=user, peran=peran, instansi_id=instansi_id, unit_id=unit_id
    )
    record_audit_event(
        actor=actor,
        action="grant_role",
        obj=grant,
        instansi_id=instansi_id,
        summary=f"{user.username}: {grant.get_peran_display()}",
    )
    return grant
