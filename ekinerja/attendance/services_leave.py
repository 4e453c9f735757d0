"""Writes of leave requests: the employee submits and may cancel, the atasan approves or
rejects with a reason.

Every write for one employee locks the employee's row first, so two requests sent at the same
moment cannot both take the last days of the balance or the same dates. Approval, and the
cancellation of an approved request, rebuild the days concerned (services_daily).

Decisions recorded here (domain.md 7.3 is [U]; BKPSDM may want them otherwise):
- Dates in the past are refused, except cuti sakit up to 30 days back (the sick note comes
  after the fact), also into a month whose recap has closed: the recompute then corrects the
  day, and the TPP run of that month shows the change.
- A cuti tahunan stays within one calendar year and within the balance, counting the days of
  requests still waiting; the balance is checked again on approval.
- The owner may cancel a request while it waits, and an approved one until its first day;
  after that only BKPSDM can correct it (through the admin), because TPP may already rest on it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from ekinerja.core.closing import refuse_if_closed
from ekinerja.core.services import record_audit_event
from ekinerja.people.access import roles_for
from ekinerja.people.choices import JenisKelamin
from ekinerja.people.models import Employee, User

from . import access, selectors_leave, services_daily
from . import leave_rules as lr
from .choices import ANNUAL, StatusPengajuan
from .models import LeaveRequest

MAX_TEXT = 2000


@dataclass(frozen=True)
class LeaveInput:
    jenis: str
    mulai: dt.date
    selesai: dt.date
    sehari_penuh: bool = True
    keterangan: str = ""
    alamat_selama_cuti: str = ""


def _today() -> dt.date:
    return timezone.localdate()


def _owner(actor: User) -> Employee:
    employee = roles_for(actor).employee
    if employee is None:
        raise PermissionDenied("Akun ini tidak terhubung dengan data pegawai.")
    return employee


def _lock(employee_id: int) -> Employee:
    # PostgreSQL serialises on this row; SQLite's IMMEDIATE transactions already do.
    return Employee.objects.select_for_update().get(pk=employee_id)


def _lock_request(leave: LeaveRequest) -> LeaveRequest:
    return LeaveRequest.objects.select_for_update().select_related("employee").get(pk=leave.pk)


def _span(mulai: dt.date, selesai: dt.date) -> str:
    if mulai == selesai:
        return f"{mulai:%d-%m-%Y}"
    return f"{mulai:%d-%m-%Y} s.d. {selesai:%d-%m-%Y}"


def _refuse_paid_months(employee_id: int, mulai: dt.date, selesai: dt.date) -> None:
    """A request touching a month a TPP run has paid would change what was paid: refused
    whole, whichever way it is decided."""
    months, day = [], mulai.replace(day=1)
    while day <= selesai:
        months.append(day)
        day = (day + dt.timedelta(days=32)).replace(day=1)
    refuse_if_closed([employee_id], months)


def _refuse_overlap(employee: Employee, mulai: dt.date, selesai: dt.date,
                    exclude_pk: int | None = None) -> None:  # fmt: skip
    clash = selectors_leave.standing_ranges(employee.pk, mulai, selesai, exclude_pk)
    if clash:
        a, b = min(clash)
        raise ValidationError(
            f"Tanggal tersebut bertabrakan dengan pengajuan cuti/izin lain ({_span(a, b)}) "
            "yang masih diajukan atau sudah disetujui."
        )


def _refuse_beyond_balance(employee: Employee, leave_year: int, days: int,
                           exclude_pk: int | None = None) -> None:  # fmt: skip
    balance = selectors_leave.annual_balance(employee, leave_year, exclude_pk=exclude_pk)
    if days > balance.sisa:
        raise ValidationError(
            f"Sisa cuti tahunan {leave_year} tinggal {balance.sisa} hari kerja, sedangkan "
            f"pengajuan ini {days} hari kerja."
        )


@transaction.atomic
def submit_leave(*, actor: User, data: LeaveInput, lampiran: File | None = None) -> LeaveRequest:
    """The actor's own request, waiting for their pejabat penilai."""
    employee = _lock(_owner(actor).pk)
    keterangan = data.keterangan.strip()
    alamat = data.alamat_selama_cuti.strip()
    request = lr.Request(
        jenis=data.jenis, mulai=data.mulai, selesai=data.selesai,
        sehari_penuh=data.sehari_penuh, has_attachment=bool(lampiran),
    )  # fmt: skip
    errors = lr.request_errors(
        request, status=employee.status,
        perempuan=employee.jenis_kelamin == JenisKelamin.PEREMPUAN, today=_today(),
    )  # fmt: skip
    if len(keterangan) > MAX_TEXT:
        errors.append(f"Keterangan paling banyak {MAX_TEXT} karakter.")
    if len(alamat) > 255:
        errors.append("Alamat selama cuti paling banyak 255 karakter.")
    if errors:
        raise ValidationError(errors)
    # After the date rules, which bound the range (sick leave may reach 30 days back).
    _refuse_paid_months(employee.pk, data.mulai, data.selesai)
    days = len(selectors_leave.request_working_days(employee, data.mulai, data.selesai))
    if days == 0:
        raise ValidationError(
            f"Tanggal {_span(data.mulai, data.selesai)} tidak memuat hari kerja (akhir pekan "
            "atau hari libur)."
        )
    _refuse_overlap(employee, data.mulai, data.selesai)
    if data.jenis in ANNUAL:
        _refuse_beyond_balance(employee, data.mulai.year, days)
    if access.leave_approver_of(employee, data.mulai) is None:
        raise ValidationError(
            "Belum ada atasan (pejabat penilai) yang dapat memutuskan pengajuan ini; hubungi "
            "admin kepegawaian."
        )
    leave = LeaveRequest(
        instansi_id=employee.instansi_id, employee=employee, jenis=data.jenis,
        mulai=data.mulai, selesai=data.selesai, sehari_penuh=data.sehari_penuh,
        keterangan=keterangan, alamat_selama_cuti=alamat, jumlah_hari=days,
        diajukan_oleh=actor,
    )  # fmt: skip
    stored = ""
    if lampiran:
        leave.lampiran.save(lampiran.name or "lampiran", lampiran, save=False)
        stored = leave.lampiran.name
    try:
        leave.save()
        record_audit_event(
            actor=actor, action="submit_leave", obj=leave, instansi_id=leave.instansi_id,
            summary=f"{leave.get_jenis_display()} {_span(leave.mulai, leave.selesai)}",
            data={"jenis": leave.jenis, "jumlah_hari": days},
        )  # fmt: skip
    except Exception:
        # The file was written before the row: a request that is not stored leaves nothing.
        if stored:
            leave.lampiran.storage.delete(stored)
        raise
    return leave


@transaction.atomic
def cancel_leave(*, actor: User, leave: LeaveRequest) -> LeaveRequest:
    """The owner withdraws a waiting request, or an approved one before its first day."""
    owner = _owner(actor)
    _lock(owner.pk)
    leave = _lock_request(leave)
    if leave.employee_id != owner.pk:
        raise PermissionDenied("Hanya pegawai yang mengajukan yang dapat membatalkannya.")
    _refuse_paid_months(leave.employee_id, leave.mulai, leave.selesai)
    was_approved = leave.status == StatusPengajuan.DISETUJUI
    open_to_cancel = leave.status == StatusPengajuan.DIAJUKAN or (
        was_approved and leave.mulai > _today()
    )
    if open_to_cancel:
        pass
    elif was_approved:
        raise ValidationError(
            "Cuti/izin yang sudah disetujui dan sudah berjalan tidak dapat dibatalkan sendiri; "
            "hubungi admin kepegawaian."
        )
    else:
        raise ValidationError(
            f"Pengajuan yang sudah {leave.get_status_display().lower()} tidak dapat dibatalkan."
        )
    leave.status = StatusPengajuan.DIBATALKAN
    leave.save(update_fields=["status"])
    record_audit_event(
        actor=actor, action="cancel_leave", obj=leave, instansi_id=leave.instansi_id,
        summary=f"{leave.get_jenis_display()} {_span(leave.mulai, leave.selesai)}",
        data={"was_approved": was_approved},
    )  # fmt: skip
    if was_approved:
        services_daily.request_recompute(
            leave.instansi_id, [leave.employee_id], leave.mulai, leave.selesai
        )
    return leave


def _decider(actor: User, leave: LeaveRequest) -> Employee:
    me = _owner(actor)
    if not access.can_decide_leave(actor, leave):
        raise PermissionDenied("Hanya atasan (pejabat penilai) pegawai ini yang dapat memutuskan.")
    if leave.status != StatusPengajuan.DIAJUKAN:
        raise ValidationError(
            f"Pengajuan ini sudah {leave.get_status_display().lower()}; tidak dapat diputus lagi."
        )
    _refuse_paid_months(leave.employee_id, leave.mulai, leave.selesai)
    return me


@transaction.atomic
def approve_leave(*, actor: User, leave: LeaveRequest) -> LeaveRequest:
    _lock(leave.employee_id)
    leave = _lock_request(leave)
    me = _decider(actor, leave)
    # Checked again: the balance may have moved (another approval, a policy change) since
    # the request was made.
    _refuse_overlap(leave.employee, leave.mulai, leave.selesai, exclude_pk=leave.pk)
    if leave.jenis in ANNUAL:
        _refuse_beyond_balance(
            leave.employee, leave.mulai.year, leave.jumlah_hari, exclude_pk=leave.pk
        )
    leave.status = StatusPengajuan.DISETUJUI
    leave.diputus_oleh = me
    leave.diputus_at = timezone.now()
    leave.alasan_keputusan = ""
    leave.save(update_fields=["status", "diputus_oleh", "diputus_at", "alasan_keputusan"])
    record_audit_event(
        actor=actor, action="approve_leave", obj=leave, instansi_id=leave.instansi_id,
        summary=f"{leave.get_jenis_display()} {leave.employee} {_span(leave.mulai, leave.selesai)}",
    )  # fmt: skip
    services_daily.request_recompute(
        leave.instansi_id, [leave.employee_id], leave.mulai, leave.selesai
    )
    return leave


@transaction.atomic
def reject_leave(*, actor: User, leave: LeaveRequest, alasan: str) -> LeaveRequest:
    alasan = alasan.strip()
    if not alasan:
        raise ValidationError("Alasan penolakan wajib diisi.")
    if len(alasan) > MAX_TEXT:
        raise ValidationError(f"Alasan penolakan paling banyak {MAX_TEXT} karakter.")
    _lock(leave.employee_id)
    leave = _lock_request(leave)
    me = _decider(actor, leave)
    leave.status = StatusPengajuan.DITOLAK
    leave.diputus_oleh = me
    leave.diputus_at = timezone.now()
    leave.alasan_keputusan = alasan
    leave.save(update_fields=["status", "diputus_oleh", "diputus_at", "alasan_keputusan"])
    record_audit_event(
        actor=actor, action="reject_leave", obj=leave, instansi_id=leave.instansi_id,
        summary=f"{leave.get_jenis_display()} {leave.employee} {_span(leave.mulai, leave.selesai)}",
        data={"alasan": alasan},
    )  # fmt: skip
    return leave
