"""Writes of SKPs: drafting, RHK and indicators, period targets, the approval workflow,
new versions and pushing RHK down. Every function is atomic; transitions are audited."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from ekinerja.core.services import record_audit_event
from ekinerja.org.models import Position
from ekinerja.people import hierarchy
from ekinerja.people.models import Employee, User

from . import access, selectors
from .choices import (
    ADDITIVE_ASPEK,
    EDITABLE_STATUSES,
    PERIODS_PER_YEAR,
    JenisForm,
    JenisRhk,
    Pendekatan,
    StatusPeriode,
    StatusSkp,
)
from .models import (
    Indikator,
    PerformancePeriod,
    PerilakuExpectation,
    PeriodTarget,
    Rhk,
    SasaranStrategis,
    Skp,
)
from .targets import TargetSplitError, carry_level, check_split, split_evenly


def _today() -> dt.date:
    return timezone.localdate()


def _audit(actor: User | None, skp: Skp, action: str, frm: str, to: str, reason: str = "") -> None:
    record_audit_event(
        actor=actor,
        action=action,
        obj=skp,
        instansi_id=skp.instansi_id,
        summary=f"SKP {skp.period.tahun} v{skp.version} {skp.employee.nama_lengkap}: {frm} -> {to}",
        data={"from": frm, "to": to, "reason": reason, "version": skp.version},
    )


def _require_owner_editing(actor: User, skp: Skp) -> None:
    if not access.is_owner(actor, skp):
        raise PermissionDenied("Hanya pemilik SKP yang dapat mengubahnya.")
    if skp.status not in EDITABLE_STATUSES:
        raise ValidationError(
            f"SKP berstatus {skp.get_status_display()} tidak dapat diubah. "
            "Buat versi baru bila SKP yang disetujui perlu diubah."
        )


def _form_for(position: Position) -> str:
    return JenisForm.JPT if position.is_jpt else JenisForm.JA_JF


# --- drafting --------------------------------------------------------------------------------


@transaction.atomic
def start_skp(*, actor: User | None, employee: Employee, period: PerformancePeriod) -> Skp:
    """The employee's live SKP for the period, creating an empty draft v1 if there is none."""
    existing = selectors.live_skp(employee, period)
    if existing is not None:
        return existing
    if period.status == StatusPeriode.DITUTUP:
        raise ValidationError(f"Periode {period} sudah ditutup; SKP baru tidak dapat dibuat.")
    seat = hierarchy.primary_assignment(employee, max(period.mulai, min(_today(), period.selesai)))
    if seat is None:
        raise ValidationError("Pegawai ini belum memiliki jabatan aktif; SKP belum dapat dibuat.")
    version = (
        Skp.objects.filter(employee=employee, period=period).aggregate(v=Max("version"))["v"] or 0
    ) + 1
    skp = Skp.objects.create(
        instansi_id=employee.instansi_id,
        period=period,
        employee=employee,
        version=version,
        position=seat.position,
        unit=seat.position.unit,
        jenis_form=_form_for(seat.position),
    )
    PerilakuExpectation.objects.bulk_create(
        PerilakuExpectation(skp=skp, nilai=nilai) for nilai in range(1, 8)
    )
    _audit(actor, skp, "create_skp", "", StatusSkp.DRAFT)
    return skp


@transaction.atomic
def update_skp_details(
    *,
    actor: User,
    skp: Skp,
    pendekatan: str,
    dukungan_sumber_daya: str,
    skema_pertanggungjawaban: str,
    konsekuensi: str,
) -> Skp:
    _require_owner_editing(actor, skp)
    if pendekatan not in Pendekatan.values:
        raise ValidationError("Pendekatan tidak dikenal.")
    skp.pendekatan = pendekatan
    skp.dukungan_sumber_daya = dukungan_sumber_daya
    skp.skema_pertanggungjawaban = skema_pertanggungjawaban
    skp.konsekuensi = konsekuensi
    skp.save()
    return skp


def _check_rhk_atasan(skp: Skp, rhk_atasan: Rhk | None) -> None:
    if rhk_atasan is None:
        return
    allowed = {r.pk for r in selectors.penilai_rhk_options(skp, _today())}
    if rhk_atasan.pk not in allowed:
        raise ValidationError(
            "RHK yang diintervensi harus RHK pejabat penilai Anda pada periode ini."
        )


def _check_sasaran(skp: Skp, sasaran: SasaranStrategis | None) -> None:
    if sasaran is None:
        return
    pk = sasaran.perjanjian
    if pk.instansi_id != skp.instansi_id or pk.tahun != skp.period.tahun:
        raise ValidationError("Sasaran strategis harus dari Perjanjian Kinerja tahun yang sama.")


@transaction.atomic
def save_rhk(
    *,
    actor: User,
    skp: Skp,
    rhk: Rhk | None = None,
    jenis: str,
    teks: str,
    rhk_atasan: Rhk | None = None,
    sasaran_strategis: SasaranStrategis | None = None,
    perspektif: str = "",
) -> Rhk:
    """Add an RHK to the SKP, or change one of its RHK."""
    _require_owner_editing(actor, skp)
    if rhk is not None and rhk.skp_id != skp.pk:
        raise ValidationError("RHK ini bukan bagian dari SKP tersebut.")
    teks = teks.strip()
    if not teks:
        raise ValidationError("Rencana hasil kerja wajib diisi.")
    if jenis not in JenisRhk.values:
        raise ValidationError("Jenis RHK harus utama atau tambahan.")
    if perspektif and skp.jenis_form != JenisForm.JPT:
        raise ValidationError("Perspektif hanya diisi pada SKP JPT.")
    _check_rhk_atasan(skp, rhk_atasan)
    _check_sasaran(skp, sasaran_strategis)
    if rhk is None:
        last = skp.rhk.filter(jenis=jenis).aggregate(u=Max("urutan"))["u"]
        rhk = Rhk(skp=skp, urutan=(last or 0) + 1)
    rhk.jenis, rhk.teks, rhk.rhk_atasan = jenis, teks, rhk_atasan
    rhk.sasaran_strategis, rhk.perspektif = sasaran_strategis, perspektif
    rhk.save()
    return rhk


@transaction.atomic
def delete_rhk(*, actor: User, rhk: Rhk) -> None:
    _require_owner_editing(actor, rhk.skp)
    rhk.delete()


MAX_TARGET = Decimal("999999999999.99")  # what the 14-digit, 2-decimal columns can hold


def _decimal(value: object, label: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).replace(",", "."))
        if not number.is_finite() or number < 0:
            raise ValidationError(f"{label} harus berupa angka tidak negatif.")
        if number > MAX_TARGET:
            raise ValidationError(f"{label} terlalu besar.")
        return number.quantize(Decimal("0.01"))
    except ArithmeticError as error:
        raise ValidationError(f"{label} harus berupa angka.") from error


@transaction.atomic
def save_indikator(
    *,
    actor: User,
    rhk: Rhk,
    indikator: Indikator | None = None,
    aspek: str,
    uraian: str,
    target_min: object = None,
    target_max: object = None,
    satuan: str = "",
) -> Indikator:
    """Add or change an indicator. A changed annual target resets its period split."""
    skp = rhk.skp
    _require_owner_editing(actor, skp)
    if indikator is not None and indikator.rhk_id != rhk.pk:
        raise ValidationError("Indikator ini bukan bagian dari RHK tersebut.")
    uraian = uraian.strip()
    if not uraian:
        raise ValidationError("Uraian indikator wajib diisi.")
    low = _decimal(target_min, "Target")
    high = _decimal(target_max, "Batas atas target")
    if high is None:
        high = low
    if low is None and high is not None:
        low = high
    if low is not None and high is not None and low > high:
        raise ValidationError("Batas bawah target tidak boleh melebihi batas atas.")
    if skp.pendekatan == Pendekatan.KUANTITATIF:
        if not aspek:
            raise ValidationError("Aspek wajib dipilih pada pendekatan kuantitatif.")
        if high is None or not satuan.strip():
            raise ValidationError("Target dan satuan wajib diisi pada pendekatan kuantitatif.")
    if indikator is None:
        last = rhk.indikator.aggregate(u=Max("urutan"))["u"]
        indikator = Indikator(rhk=rhk, urutan=(last or 0) + 1)
    elif (indikator.target_max, indikator.aspek) != (high, aspek):
        indikator.targets.all().delete()
    indikator.aspek, indikator.uraian, indikator.satuan = aspek, uraian, satuan.strip()
    indikator.target_min, indikator.target_max = low, high
    indikator.save()
    return indikator


@transaction.atomic
def delete_indikator(*, actor: User, indikator: Indikator) -> None:
    _require_owner_editing(actor, indikator.rhk.skp)
    indikator.delete()


@transaction.atomic
def save_perilaku(*, actor: User, skp: Skp, nilai: int, ekspektasi_khusus: str) -> None:
    """Ekspektasi khusus pimpinan: set by the pejabat penilai, or by the owner while drafting."""
    # After approval the expectations are part of the signed form: change them in a new version.
    may = access.can_review_skp(actor, skp) and skp.status in EDITABLE_STATUSES | {
        StatusSkp.DIAJUKAN
    }
    if not may:
        _require_owner_editing(actor, skp)
    if not 1 <= nilai <= 7:
        raise ValidationError("Nilai BerAKHLAK harus 1 sampai 7.")
    PerilakuExpectation.objects.update_or_create(
        skp=skp, nilai=nilai, defaults={"ekspektasi_khusus": ekspektasi_khusus.strip()}
    )


# --- period targets --------------------------------------------------------------------------


def periods_of(skp: Skp) -> int:
    return PERIODS_PER_YEAR[skp.period.siklus_evaluasi]


def default_split(indikator: Indikator, periods: int) -> list[Decimal]:
    annual = indikator.target_annual or Decimal(0)
    if indikator.aspek in ADDITIVE_ASPEK:
        return split_evenly(annual, periods)
    return carry_level(annual, periods)


@transaction.atomic
def set_period_targets(
    *, actor: User, indikator: Indikator, parts: list[object] | None = None
) -> list[PeriodTarget]:
    """Store the monthly/quarterly targets: evenly when `parts` is None, else as given.

    For kuantitas and biaya the parts must add up to the annual target.
    """
    skp = indikator.rhk.skp
    _require_owner_editing(actor, skp)
    periods = periods_of(skp)
    if parts is None:
        values = default_split(indikator, periods)
    else:
        values = [_decimal(p, "Target periodik") or Decimal(0) for p in parts]
        if indikator.aspek in ADDITIVE_ASPEK:
            try:
                check_split(indikator.target_annual or Decimal(0), values, periods)
            except TargetSplitError as error:
                raise ValidationError(str(error)) from error
        elif len(values) != periods:
            raise ValidationError(f"Harus ada {periods} target periodik, bukan {len(values)}.")
    return _replace_targets(indikator, values)


def _replace_targets(indikator: Indikator, values: list[Decimal]) -> list[PeriodTarget]:
    indikator.targets.all().delete()
    return PeriodTarget.objects.bulk_create(
        PeriodTarget(indikator=indikator, periode_ke=i, target=v) for i, v in enumerate(values, 1)
    )


# --- the workflow ----------------------------------------------------------------------------


def submission_problems(skp: Skp, day: dt.date | None = None) -> list[str]:
    """Everything that keeps the SKP from being submitted, in Indonesian; empty when ready."""
    day = day or _today()
    problems: list[str] = []
    penilai = hierarchy.pejabat_penilai(skp.employee, day)
    if penilai is None:
        problems.append("Anda belum memiliki pejabat penilai; hubungi admin kepegawaian.")
    rhk = list(selectors.rhk_with_indicators([skp.pk]))
    if not any(r.jenis == JenisRhk.UTAMA for r in rhk):
        problems.append("SKP harus memiliki minimal satu RHK utama.")
    allowed = {r.pk for r in selectors.rhk_options_of(penilai, skp.period)}
    for r in rhk:
        problems += _rhk_problems(skp, r, allowed, penilai)
    return problems


def _rhk_problems(
    skp: Skp, rhk: Rhk, allowed: set[int], penilai: hierarchy.Superior | None
) -> list[str]:
    name = f"RHK \u201c{rhk.teks[:60]}\u201d"
    found: list[str] = []
    indicators = list(rhk.indikator.all())
    if not indicators:
        found.append(f"{name} belum memiliki indikator kinerja individu.")
    if skp.pendekatan == Pendekatan.KUANTITATIF:
        for ind in indicators:
            if not ind.aspek or ind.target_annual is None or not ind.satuan:
                label = f"indikator \u201c{ind.uraian[:40]}\u201d"
                found.append(f"{name}: {label} belum lengkap (aspek, target, satuan).")
    if skp.jenis_form == JenisForm.JPT and rhk.jenis == JenisRhk.UTAMA:
        if not rhk.perspektif:
            found.append(f"{name} belum memilih perspektif.")
        if rhk.sasaran_strategis_id is None and rhk.rhk_atasan_id not in allowed:
            found.append(f"{name} belum dikaitkan dengan sasaran strategis organisasi.")
    elif (
        rhk.jenis == JenisRhk.UTAMA or rhk.rhk_atasan_id is not None
    ) and rhk.rhk_atasan_id not in allowed:
        who = penilai.employee.nama_lengkap if penilai else "pejabat penilai"
        found.append(f"{name} belum mengintervensi RHK milik {who} pada periode ini.")
    return found


@transaction.atomic
def submit_skp(*, actor: User, skp: Skp) -> Skp:
    skp = Skp.objects.select_for_update().get(pk=skp.pk)
    _require_owner_editing(actor, skp)
    if skp.period.status == StatusPeriode.DITUTUP:
        raise ValidationError(f"Periode {skp.period} sudah ditutup.")
    problems = submission_problems(skp)
    if problems:
        raise ValidationError(problems)
    periods = periods_of(skp)
    for indikator in Indikator.objects.filter(rhk__skp=skp).prefetch_related("targets"):
        if not indikator.targets.all() and indikator.target_annual is not None:
            _replace_targets(indikator, default_split(indikator, periods))
    before = skp.status
    skp.status, skp.diajukan_at, skp.alasan_pengembalian = StatusSkp.DIAJUKAN, timezone.now(), ""
    skp.save()
    _audit(actor, skp, "submit_skp", before, skp.status)
    return skp


def _require_reviewer(actor: User, skp: Skp) -> None:
    if not access.can_review_skp(actor, skp):
        raise PermissionDenied("Hanya pejabat penilai pegawai ini yang dapat menyetujui SKP-nya.")
    if skp.status != StatusSkp.DIAJUKAN:
        raise ValidationError(f"SKP berstatus {skp.get_status_display()}, bukan Diajukan.")


def identity(employee: Employee, position: Position | None) -> dict[str, str]:
    return {
        "nama": employee.nama_lengkap,
        "nip": employee.nip_tampil,
        "pangkat": employee.pangkat_golongan,
        "jabatan": position.nama if position else "",
        "unit": position.unit.nama if position else "",
    }


@transaction.atomic
def approve_skp(*, actor: User, skp: Skp) -> Skp:
    skp = (
        Skp.objects.select_for_update().select_related("employee", "position__unit").get(pk=skp.pk)
    )
    _require_reviewer(actor, skp)
    penilai = hierarchy.pejabat_penilai(skp.employee, _today())
    previous = skp.previous
    if previous is not None and previous.status == StatusSkp.DISETUJUI:
        previous.status = StatusSkp.DIGANTI
        previous.save(update_fields=["status", "updated_at"])
        _relink_subordinate_rhk(previous, skp)
    skp.status, skp.disetujui_at = StatusSkp.DISETUJUI, timezone.now()
    skp.penilai = penilai.employee if penilai else None
    skp.identitas = {
        "pegawai": identity(skp.employee, skp.position),
        "penilai": identity(penilai.employee, penilai.position) if penilai else {},
    }
    skp.save()
    _audit(actor, skp, "approve_skp", StatusSkp.DIAJUKAN, skp.status)
    return skp


def _relink_subordinate_rhk(old: Skp, new: Skp) -> None:
    """Subordinates' RHK that intervened the old version now intervene its copies."""
    copies = dict(Rhk.objects.filter(skp=new, asal__skp=old).values_list("asal_id", "id"))
    for old_id, new_id in copies.items():
        Rhk.objects.filter(rhk_atasan_id=old_id).exclude(skp=new).update(rhk_atasan_id=new_id)


@transaction.atomic
def return_skp(*, actor: User, skp: Skp, reason: str) -> Skp:
    skp = Skp.objects.select_for_update().get(pk=skp.pk)
    _require_reviewer(actor, skp)
    reason = reason.strip()
    if not reason:
        raise ValidationError("Alasan pengembalian wajib diisi.")
    skp.status, skp.alasan_pengembalian = StatusSkp.DIKEMBALIKAN, reason
    skp.save()
    _audit(actor, skp, "return_skp", StatusSkp.DIAJUKAN, skp.status, reason)
    return skp


@transaction.atomic
def revise_skp(*, actor: User, skp: Skp, reason: str = "") -> Skp:
    """A new draft version of an approved SKP; the approved one stays in force and readable
    until the new version is approved. The seat is refreshed (a mid-year change of position)."""
    skp = Skp.objects.select_for_update().get(pk=skp.pk)
    if not access.is_owner(actor, skp):
        raise PermissionDenied("Hanya pemilik SKP yang dapat membuat versi baru.")
    if skp.status != StatusSkp.DISETUJUI:
        raise ValidationError("Versi baru hanya dapat dibuat dari SKP yang sudah disetujui.")
    if Skp.objects.filter(
        employee=skp.employee,
        period=skp.period,
        status__in=EDITABLE_STATUSES | {StatusSkp.DIAJUKAN},
    ).exists():
        raise ValidationError("Masih ada versi SKP yang sedang disusun atau diajukan.")
    seat = hierarchy.primary_assignment(skp.employee, _today())
    position = seat.position if seat else skp.position
    new = Skp.objects.create(
        instansi_id=skp.instansi_id,
        period=skp.period,
        employee=skp.employee,
        version=skp.version + 1,
        previous=skp,
        position=position,
        unit=position.unit,
        jenis_form=_form_for(position),
        pendekatan=skp.pendekatan,
        dukungan_sumber_daya=skp.dukungan_sumber_daya,
        skema_pertanggungjawaban=skp.skema_pertanggungjawaban,
        konsekuensi=skp.konsekuensi,
    )
    copy_contents(skp, new)
    _audit(actor, new, "revise_skp", StatusSkp.DISETUJUI, StatusSkp.DRAFT, reason)
    return new


def copy_contents(source: Skp, target: Skp) -> None:
    """Copy RHK (remembering their origin), indicators, period targets and expectations."""
    PerilakuExpectation.objects.bulk_create(
        PerilakuExpectation(skp=target, nilai=p.nilai, ekspektasi_khusus=p.ekspektasi_khusus)
        for p in source.perilaku.all()
    )
    for old in selectors.rhk_with_indicators([source.pk]):
        new = Rhk.objects.create(
            skp=target, jenis=old.jenis, urutan=old.urutan, teks=old.teks,
            rhk_atasan_id=old.rhk_atasan_id, sasaran_strategis_id=old.sasaran_strategis_id,
            perspektif=old.perspektif, asal=old,
        )  # fmt: skip
        for ind in old.indikator.all():
            copy = Indikator.objects.create(
                rhk=new, urutan=ind.urutan, aspek=ind.aspek, uraian=ind.uraian,
                target_min=ind.target_min, target_max=ind.target_max, satuan=ind.satuan,
            )  # fmt: skip
            PeriodTarget.objects.bulk_create(
                PeriodTarget(indikator=copy, periode_ke=t.periode_ke, target=t.target)
                for t in ind.targets.all()
            )


# --- cascading -------------------------------------------------------------------------------


@dataclass
class PushResult:
    added: list[Employee] = field(default_factory=list)
    skipped: list[tuple[Employee, str]] = field(default_factory=list)


@transaction.atomic
def push_rhk(*, actor: User, rhk: Rhk, employees: list[Employee]) -> PushResult:
    """The supervisor gives one of their RHK to several subordinates at once: each gets a draft
    RHK that intervenes it (their SKP draft is started when they have none)."""
    me = access.roles_for(actor).employee
    if me is None or rhk.skp.employee_id != me.pk:
        raise PermissionDenied("Hanya pemilik RHK yang dapat menurunkannya.")
    mine = hierarchy.subordinate_ids(me, _today())
    result = PushResult()
    for employee in employees:
        if employee.pk not in mine:
            raise PermissionDenied(f"{employee.nama_lengkap} bukan bawahan yang Anda nilai.")
        reason = _push_one(actor, rhk, employee)
        if reason:
            result.skipped.append((employee, reason))
        else:
            result.added.append(employee)
    return result


def _push_one(actor: User, rhk: Rhk, employee: Employee) -> str:
    try:
        skp = start_skp(actor=actor, employee=employee, period=rhk.skp.period)
    except ValidationError as error:
        return " ".join(error.messages)
    if skp.status == StatusSkp.DIAJUKAN:
        return "SKP sedang diajukan; kembalikan dulu bila RHK ini perlu ditambahkan."
    if skp.status not in EDITABLE_STATUSES:
        return f"SKP berstatus {skp.get_status_display()}; pegawai perlu membuat versi baru."
    if skp.rhk.filter(rhk_atasan=rhk).exists():
        return "Sudah memiliki RHK yang mengintervensi RHK ini."
    last = skp.rhk.filter(jenis=JenisRhk.UTAMA).aggregate(u=Max("urutan"))["u"]
    Rhk.objects.create(
        skp=skp, jenis=JenisRhk.UTAMA, urutan=(last or 0) + 1, teks=rhk.teks,
        rhk_atasan=rhk, didorong_oleh=actor,
    )  # fmt: skip
    return ""
