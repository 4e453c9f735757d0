"""Writes of daily activities: entry under the region's rules, and validation by the pejabat
penilai. Entries of one employee are serialised by locking the employee's row, so two
overlapping activities sent at the same moment cannot both be stored."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ekinerja.attendance.choices import JenisCuti
from ekinerja.attendance.selectors import attendance_records, leave_days
from ekinerja.core.closing import closed_message, closed_pairs, refuse_if_closed
from ekinerja.core.services import record_audit_event
from ekinerja.people.access import roles_for
from ekinerja.people.models import Employee, User
from ekinerja.planning.choices import StatusSkp
from ekinerja.planning.models import Indikator

from . import access
from . import rules as r
from .choices import EDITABLE, StatusAktivitas
from .models import Activity, CatalogItem
from .selectors import policy_on, rules_on


@dataclass(frozen=True)
class ActivityInput:
    tanggal: dt.date
    mulai: dt.time
    selesai: dt.time
    uraian: str
    jumlah_output: object
    satuan: str
    indikator_id: int | None = None
    catalog_item_id: int | None = None
    bukti_tautan: str = ""


def _now() -> dt.datetime:
    return timezone.localtime()


def _owner(actor: User) -> Employee:
    employee = roles_for(actor).employee
    if employee is None:
        raise PermissionDenied("Akun ini tidak terhubung dengan data pegawai.")
    return employee


def _output(value: object) -> Decimal:
    try:
        number = Decimal(str(value).replace(",", "."))
    except (InvalidOperation, ValueError) as error:
        raise ValidationError("Jumlah output harus berupa angka.") from error
    if not number.is_finite() or number < 0 or number > Decimal("99999999"):
        raise ValidationError("Jumlah output harus berupa angka tidak negatif.")
    return number.quantize(Decimal("0.01"))


def _check_links(employee: Employee, data: ActivityInput, kept: Activity | None = None) -> None:
    link = data.bukti_tautan.strip().lower()
    if link and not link.startswith(("http://", "https://")):
        # Every write path (form, import, API) lands here; a javascript: link must not.
        raise ValidationError("Tautan bukti harus diawali http:// atau https://.")
    # An activity being corrected keeps its own target and catalogue item even when a newer SKP
    # version or a switched-off item no longer offers them.
    if data.indikator_id is not None and not (kept and kept.indikator_id == data.indikator_id):
        ok = Indikator.objects.filter(
            pk=data.indikator_id,
            rhk__skp__employee=employee,
            rhk__skp__period__tahun=data.tanggal.year,
        ).exclude(rhk__skp__status=StatusSkp.DIGANTI)
        if not ok.exists():
            raise ValidationError("Target yang dipilih bukan bagian dari SKP Anda tahun ini.")
    if (
        data.catalog_item_id is not None
        and not (kept and kept.catalog_item_id == data.catalog_item_id)
        and not CatalogItem.objects.filter(
            pk=data.catalog_item_id, instansi_id=employee.instansi_id, aktif=True
        ).exists()
    ):
        raise ValidationError("Butir katalog aktivitas tidak dikenal.")


def _check_rules(employee: Employee, data: ActivityInput, kept: Activity | None) -> None:
    now = _now()
    policy = rules_on(employee.instansi_id, data.tanggal)
    same_day = kept is not None and kept.tanggal == data.tanggal
    errors = r.date_errors(policy, data.tanggal, now.date(), window=not same_day)
    exclude_pk = kept.pk if kept is not None else None
    others = Activity.objects.filter(employee=employee, tanggal=data.tanggal).exclude(
        status=StatusAktivitas.DITOLAK
    )
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    slots = [r.Slot(m, s) for m, s in others.values_list("mulai", "selesai")]
    errors += r.slot_errors(r.Slot(data.mulai, data.selesai), slots, now=now, tanggal=data.tanggal)
    errors += _attendance_errors(employee, data, policy_requires_attendance(employee, data.tanggal))
    if not data.uraian.strip():
        errors.append("Uraian kegiatan wajib diisi.")
    if not data.satuan.strip():
        errors.append("Satuan output wajib diisi.")
    if errors:
        raise ValidationError(errors)


def policy_requires_attendance(employee: Employee, day: dt.date) -> bool:
    return policy_on(employee.instansi_id, day).wajib_presensi


def _attendance_errors(employee: Employee, data: ActivityInput, requires: bool) -> list[str]:
    """No work on a day of approved full-day leave; where the region switches it on, only on
    days the employee was at work, starting after they arrived (domain.md 4)."""
    leave = leave_days([employee.pk], data.tanggal, data.tanggal).get(employee.pk, {})
    if data.tanggal in leave:
        label = JenisCuti(leave[data.tanggal]).label.lower()
        return [f"Tanggal {data.tanggal:%d-%m-%Y} tercatat {label} yang disetujui."]
    if not requires:
        return []
    record = attendance_records([employee.pk], data.tanggal, data.tanggal).get(
        (employee.pk, data.tanggal)
    )
    if record is None or not record.at_work:
        return ["Aktivitas hanya dapat diisi pada hari dengan catatan kehadiran."]
    if record.jam_datang is not None and data.mulai < record.jam_datang:
        return [f"Jam mulai sebelum jam datang ({record.jam_datang:%H:%M})."]
    return []


def _lock(employee: Employee) -> Employee:
    # Every write for one employee takes this row lock first (PostgreSQL); SQLite's IMMEDIATE
    # transactions already serialise writers.
    return Employee.objects.select_for_update().get(pk=employee.pk)


@transaction.atomic
def record_activity(*, actor: User, data: ActivityInput) -> Activity:
    employee = _lock(_owner(actor))
    refuse_if_closed([employee.pk], [data.tanggal])
    _check_rules(employee, data, kept=None)
    _check_links(employee, data)
    activity = Activity.objects.create(
        instansi_id=employee.instansi_id,
        employee=employee,
        tanggal=data.tanggal,
        mulai=data.mulai,
        selesai=data.selesai,
        menit=r.minutes_between(data.mulai, data.selesai),
        indikator_id=data.indikator_id,
        catalog_item_id=data.catalog_item_id,
        uraian=data.uraian.strip(),
        uraian_norm=r.normalise_uraian(data.uraian),
        jumlah_output=_output(data.jumlah_output),
        satuan=data.satuan.strip(),
        bukti_tautan=data.bukti_tautan.strip(),
    )
    return activity


@transaction.atomic
def update_activity(*, actor: User, activity: Activity, data: ActivityInput) -> Activity:
    employee, activity = _lock_own_changeable(actor, activity, "mengubahnya", "diubah")
    # The old date is checked with the lock; moving it into a paid month is refused as well.
    refuse_if_closed([employee.pk], [data.tanggal])
    _check_rules(employee, data, kept=activity)
    _check_links(employee, data, kept=activity)
    activity.tanggal, activity.mulai, activity.selesai = data.tanggal, data.mulai, data.selesai
    activity.menit = r.minutes_between(data.mulai, data.selesai)
    activity.indikator_id, activity.catalog_item_id = data.indikator_id, data.catalog_item_id
    activity.uraian, activity.satuan = data.uraian.strip(), data.satuan.strip()
    activity.uraian_norm = r.normalise_uraian(data.uraian)
    activity.jumlah_output = _output(data.jumlah_output)
    activity.bukti_tautan = data.bukti_tautan.strip()
    activity.status, activity.alasan = StatusAktivitas.DIAJUKAN, ""
    activity.validated_by, activity.validated_at = None, None
    # A corrected activity is a new submission: its validator looks at it afresh, and the
    # deadline (and the queue's check that nothing changed since the page was read) restart.
    activity.diajukan_at = timezone.now()
    activity.save()
    return activity


def _lock_own_changeable(
    actor: User, activity: Activity, verb: str, done: str
) -> tuple[Employee, Activity]:
    """Lock the owner and the activity, and refuse unless the actor owns it, it is still
    waiting or was returned, and its month is open (for entry, and not paid by a TPP run)."""
    employee = _lock(_owner(actor))
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if activity.employee_id != employee.pk:
        raise PermissionDenied(f"Hanya pemilik aktivitas yang dapat {verb}.")
    if activity.status not in EDITABLE:
        raise ValidationError(f"Aktivitas yang sudah divalidasi tidak dapat {done}.")
    refuse_if_closed([employee.pk], [activity.tanggal])
    _refuse_closed_month(activity)
    return employee, activity


def _refuse_closed_month(activity: Activity) -> None:
    policy = rules_on(activity.instansi_id, activity.tanggal)
    if r.month_is_closed(policy, activity.tanggal, _now().date()):
        raise ValidationError(r.closed_month_message(activity.tanggal))


@transaction.atomic
def delete_activity(*, actor: User, activity: Activity) -> None:
    _lock_own_changeable(actor, activity, "menghapusnya", "dihapus")
    activity.delete()


def _refuse_paid_months(activities: list[Activity]) -> None:
    """Refuse the whole decision when any activity lies in a month a TPP run has paid for its
    employee. One query: the closed rows of all the employees and months are read together,
    then kept only where that employee has an activity in that month."""
    wanted = {(a.employee_id, a.tanggal.year, a.tanggal.month) for a in activities}
    closed = wanted & closed_pairs(
        {a.employee_id for a in activities}, {a.tanggal for a in activities}
    )
    if closed:
        _, tahun, bulan = min(closed, key=lambda row: (row[1], row[2]))
        raise ValidationError(closed_message(tahun, bulan), code="bulan_final")


VERDICTS = {
    "setujui": StatusAktivitas.DISETUJUI,
    "tolak": StatusAktivitas.DITOLAK,
    "kembalikan": StatusAktivitas.DIKEMBALIKAN,
}


def _validator_refusal(overdue: bool) -> str:
    if overdue:
        return (
            "Batas waktu validasi sudah lewat; aktivitas ini kini divalidasi oleh atasan "
            "pejabat penilai."
        )
    return "Hanya pejabat penilai pegawai ini yang dapat memvalidasi."


@transaction.atomic
def validate_activities(
    *, actor: User, activities: list[Activity], verdict: str, alasan: str = ""
) -> int:
    """Approve, reject or return activities (one or a filtered list). Rejecting or returning
    needs a reason. All of them or none: one activity the actor may not validate refuses all."""
    if verdict not in VERDICTS:
        raise ValidationError("Keputusan validasi tidak dikenal.")
    alasan = alasan.strip()
    if verdict != "setujui" and not alasan:
        raise ValidationError("Alasan wajib diisi untuk menolak atau mengembalikan aktivitas.")
    me = roles_for(actor).employee
    locked = list(
        Activity.objects.select_for_update()
        .filter(pk__in=[a.pk for a in activities])
        .select_related("employee")
    )
    if me is None:
        raise PermissionDenied("Akun ini tidak terhubung dengan data pegawai.")
    day = timezone.localdate()
    cutoffs: dict[int, dt.datetime] = {}
    validators: dict[tuple[int, bool], int | None] = {}
    for activity in locked:
        if activity.instansi_id != me.instansi_id:
            raise PermissionDenied("Aktivitas ini milik instansi lain.")
        if activity.status != StatusAktivitas.DIAJUKAN:
            raise ValidationError(f"Aktivitas {activity} sudah divalidasi.")
        if activity.instansi_id not in cutoffs:
            cutoffs[activity.instansi_id] = access.validation_cutoff(activity.instansi_id)
        key = (activity.employee_id, access.is_overdue(activity, cutoffs[activity.instansi_id]))
        if key not in validators:
            validator = access.validator_of(activity.employee, key[1], day)
            validators[key] = validator.pk if validator else None
        if validators[key] != me.pk:
            raise PermissionDenied(_validator_refusal(key[1]))
        _refuse_closed_month(activity)
    _refuse_paid_months(locked)
    now = timezone.now()
    for activity in locked:
        activity.status, activity.alasan = VERDICTS[verdict], alasan
        activity.validated_by, activity.validated_at, activity.updated_at = me, now, now
    Activity.objects.bulk_update(
        locked, ["status", "alasan", "validated_by", "validated_at", "updated_at"]
    )
    if locked:
        record_audit_event(
            actor=actor, action=f"validate_activities:{verdict}", obj=locked[0],
            instansi_id=locked[0].instansi_id,
            summary=f"{len(locked)} aktivitas: {VERDICTS[verdict].label}",
            data={"ids": [a.pk for a in locked], "verdict": verdict, "reason": alasan},
        )  # fmt: skip
    return len(locked)
