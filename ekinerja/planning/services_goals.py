"""Writes of organisational performance: RPJMD goals, Perjanjian Kinerja, sasaran strategis and
their indicators. Each write is atomic, checks the cascading rules and leaves an audit event."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max

from ekinerja.core.services import record_audit_event
from ekinerja.org.choices import JENIS_UNIT_OPD
from ekinerja.org.models import Unit

from .choices import JenisSasaranDaerah
from .models import (
    IndikatorKinerjaOrganisasi,
    PerjanjianKinerja,
    RegionalGoal,
    SasaranStrategis,
)

TAHUN_MIN = 2000
TAHUN_MAX = 2100
# An RPJMD covers five years (a transitional RPD fewer); ten leaves room without allowing typos.
RENTANG_RPJMD_MAKS = 10
TARGET_MAKS = Decimal("999999999999.99")


def check_tahun(tahun: int, label: str = "Tahun") -> None:
    if not TAHUN_MIN <= tahun <= TAHUN_MAX:
        raise ValidationError(f"{label} harus di antara {TAHUN_MIN} dan {TAHUN_MAX}.")


def _required(value: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError(message)
    return value


# --- RPJMD tujuan and sasaran ------------------------------------------------------------


def _check_goal(
    *,
    instansi_id: int,
    jenis: str,
    parent: RegionalGoal | None,
    tahun_mulai: int,
    tahun_selesai: int,
) -> None:
    check_tahun(tahun_mulai, "Tahun mulai")
    check_tahun(tahun_selesai, "Tahun akhir")
    if tahun_selesai < tahun_mulai:
        raise ValidationError("Tahun akhir tidak boleh sebelum tahun mulai.")
    if tahun_selesai - tahun_mulai + 1 > RENTANG_RPJMD_MAKS:
        raise ValidationError(f"Rentang tahun RPJMD paling lama {RENTANG_RPJMD_MAKS} tahun.")
    if jenis == JenisSasaranDaerah.TUJUAN:
        if parent is not None:
            raise ValidationError("Tujuan RPJMD tidak memiliki induk.")
        return
    if jenis != JenisSasaranDaerah.SASARAN:
        raise ValidationError("Jenis harus tujuan atau sasaran RPJMD.")
    if parent is None:
        raise ValidationError("Sasaran RPJMD wajib memiliki tujuan induk.")
    if parent.instansi_id != instansi_id:
        raise ValidationError("Tujuan induk harus berasal dari instansi yang sama.")
    if parent.jenis != JenisSasaranDaerah.TUJUAN:
        raise ValidationError("Induk sasaran RPJMD harus berupa tujuan RPJMD, bukan sasaran.")
    if tahun_mulai < parent.tahun_mulai or tahun_selesai > parent.tahun_selesai:
        raise ValidationError(
            f"Tahun sasaran harus berada dalam rentang tujuan induknya "
            f"({parent.tahun_mulai}–{parent.tahun_selesai})."
        )


def _check_kode_free(*, instansi_id: int, kode: str, exclude_pk: int | None = None) -> None:
    taken = RegionalGoal.objects.filter(instansi_id=instansi_id, kode=kode)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ValidationError(f"Kode {kode} sudah dipakai tujuan/sasaran RPJMD lain.")


def _save_goal(goal: RegionalGoal) -> None:
    """Save inside a savepoint so that a concurrent duplicate kode becomes a clear message."""
    try:
        with transaction.atomic():
            goal.save()
    except IntegrityError as error:
        raise ValidationError(
            f"Kode {goal.kode} sudah dipakai tujuan/sasaran RPJMD lain."
        ) from error


@transaction.atomic
def create_regional_goal(
    *,
    actor,
    instansi_id: int,
    jenis: str,
    kode: str,
    uraian: str,
    indikator: str = "",
    tahun_mulai: int,
    tahun_selesai: int,
    parent: RegionalGoal | None = None,
) -> RegionalGoal:
    kode = _required(kode, "Kode wajib diisi.")
    uraian = _required(uraian, "Uraian wajib diisi.")
    _check_goal(
        instansi_id=instansi_id,
        jenis=jenis,
        parent=parent,
        tahun_mulai=tahun_mulai,
        tahun_selesai=tahun_selesai,
    )
    _check_kode_free(instansi_id=instansi_id, kode=kode)
    goal = RegionalGoal(
        instansi_id=instansi_id,
        jenis=jenis,
        parent=parent,
        kode=kode,
        uraian=uraian,
        indikator=(indikator or "").strip(),
        tahun_mulai=tahun_mulai,
        tahun_selesai=tahun_selesai,
    )
    _save_goal(goal)
    record_audit_event(
        actor=actor,
        action="create_regional_goal",
        obj=goal,
        instansi_id=instansi_id,
        summary=f"{goal.get_jenis_display()} {kode} ditambahkan",
        data={"jenis": jenis, "kode": kode, "parent": parent.pk if parent else None},
    )
    return goal


@transaction.atomic
def update_regional_goal(
    *,
    actor,
    goal: RegionalGoal,
    kode: str,
    uraian: str,
    indikator: str = "",
    tahun_mulai: int,
    tahun_selesai: int,
    parent: RegionalGoal | None = None,
) -> RegionalGoal:
    """Change a goal; its jenis stays. The years must still cover what hangs below it."""
    kode = _required(kode, "Kode wajib diisi.")
    uraian = _required(uraian, "Uraian wajib diisi.")
    goal = RegionalGoal.objects.select_for_update().get(pk=goal.pk)
    _check_goal(
        instansi_id=goal.instansi_id,
        jenis=goal.jenis,
        parent=parent,
        tahun_mulai=tahun_mulai,
        tahun_selesai=tahun_selesai,
    )
    _check_kode_free(instansi_id=goal.instansi_id, kode=kode, exclude_pk=goal.pk)
    if goal.jenis == JenisSasaranDaerah.TUJUAN:
        outside = goal.children.exclude(
            tahun_mulai__gte=tahun_mulai, tahun_selesai__lte=tahun_selesai
        ).first()
        if outside is not None:
            raise ValidationError(
                f"Rentang tahun tujuan harus mencakup sasaran {outside.kode} "
                f"({outside.tahun_mulai}–{outside.tahun_selesai})."
            )
    else:
        used = (
            goal.sasaran_opd.exclude(perjanjian__tahun__range=(tahun_mulai, tahun_selesai))
            .select_related("perjanjian")
            .first()
        )
        if used is not None:
            raise ValidationError(
                f"Sasaran ini didukung sasaran strategis PK tahun {used.perjanjian.tahun}; "
                f"rentang tahun harus tetap mencakup tahun itu."
            )
    before = {
        "kode": goal.kode,
        "tahun_mulai": goal.tahun_mulai,
        "tahun_selesai": goal.tahun_selesai,
    }
    goal.kode = kode
    goal.uraian = uraian
    goal.indikator = (indikator or "").strip()
    goal.tahun_mulai = tahun_mulai
    goal.tahun_selesai = tahun_selesai
    goal.parent = parent
    _save_goal(goal)
    record_audit_event(
        actor=actor,
        action="update_regional_goal",
        obj=goal,
        instansi_id=goal.instansi_id,
        summary=f"{goal.get_jenis_display()} {kode} diubah",
        data={"sebelum": before},
    )
    return goal


@transaction.atomic
def delete_regional_goal(*, actor, goal: RegionalGoal) -> None:
    if goal.children.exists():
        raise ValidationError(
            f"Tujuan {goal.kode} masih memiliki sasaran RPJMD; "
            "hapus atau pindahkan sasarannya dulu."
        )
    if goal.sasaran_opd.exists():
        raise ValidationError(
            f"Sasaran {goal.kode} masih didukung sasaran strategis OPD; lepaskan kaitannya dulu."
        )
    record_audit_event(
        actor=actor,
        action="delete_regional_goal",
        obj=goal,
        instansi_id=goal.instansi_id,
        summary=f"{goal.get_jenis_display()} {goal.kode} dihapus",
        data={"kode": goal.kode, "uraian": goal.uraian[:200]},
    )
    goal.delete()


# --- Perjanjian Kinerja ------------------------------------------------------------------


def check_pk_unit(unit: Unit) -> None:
    if unit.jenis not in JENIS_UNIT_OPD:
        raise ValidationError(
            f"Perjanjian Kinerja hanya untuk unit setingkat OPD; {unit.nama} adalah "
            f"{unit.get_jenis_display()}."
        )


@transaction.atomic
def get_or_create_perjanjian_kinerja(*, actor, unit: Unit, tahun: int) -> PerjanjianKinerja:
    check_tahun(tahun)
    existing = PerjanjianKinerja.objects.filter(unit=unit, tahun=tahun).first()
    if existing is not None:
        return existing
    check_pk_unit(unit)
    if not unit.aktif:
        raise ValidationError(f"Unit {unit.nama} tidak aktif.")
    perjanjian, created = PerjanjianKinerja.objects.get_or_create(
        unit=unit, tahun=tahun, defaults={"instansi_id": unit.instansi_id}
    )
    if created:
        record_audit_event(
            actor=actor,
            action="create_perjanjian_kinerja",
            obj=perjanjian,
            instansi_id=unit.instansi_id,
            summary=f"PK {unit.nama} {tahun} dibuat",
        )
    return perjanjian


# --- Sasaran strategis -------------------------------------------------------------------


def _check_regional_goal(regional_goal: RegionalGoal | None, perjanjian: PerjanjianKinerja) -> None:
    if regional_goal is None:
        return
    if regional_goal.instansi_id != perjanjian.instansi_id:
        raise ValidationError("Sasaran RPJMD harus berasal dari instansi yang sama.")
    if regional_goal.jenis != JenisSasaranDaerah.SASARAN:
        raise ValidationError(
            "Sasaran strategis hanya dapat mendukung sasaran RPJMD, bukan tujuan RPJMD."
        )
    if not regional_goal.tahun_mulai <= perjanjian.tahun <= regional_goal.tahun_selesai:
        raise ValidationError(
            f"Sasaran RPJMD {regional_goal.kode} berlaku {regional_goal.tahun_mulai}–"
            f"{regional_goal.tahun_selesai}, tidak mencakup tahun PK {perjanjian.tahun}."
        )


@transaction.atomic
def add_sasaran_strategis(
    *,
    actor,
    unit: Unit,
    tahun: int,
    uraian: str,
    kode: str = "",
    regional_goal: RegionalGoal | None = None,
) -> SasaranStrategis:
    """Add a sasaran strategis to the unit's PK of the year, creating the PK on first use."""
    uraian = _required(uraian, "Uraian sasaran strategis wajib diisi.")
    check_pk_unit(unit)
    perjanjian = get_or_create_perjanjian_kinerja(actor=actor, unit=unit, tahun=tahun)
    _check_regional_goal(regional_goal, perjanjian)
    last = perjanjian.sasaran.aggregate(n=Max("urutan"))["n"]
    sasaran = SasaranStrategis.objects.create(
        perjanjian=perjanjian,
        regional_goal=regional_goal,
        kode=(kode or "").strip(),
        uraian=uraian,
        urutan=(last or 0) + 1,
    )
    record_audit_event(
        actor=actor,
        action="add_sasaran_strategis",
        obj=sasaran,
        instansi_id=perjanjian.instansi_id,
        summary=f"Sasaran strategis PK {unit.nama} {tahun}: {uraian[:120]}",
        data={"perjanjian": perjanjian.pk, "regional_goal": getattr(regional_goal, "pk", None)},
    )
    return sasaran


@transaction.atomic
def update_sasaran_strategis(
    *,
    actor,
    sasaran: SasaranStrategis,
    uraian: str,
    kode: str = "",
    regional_goal: RegionalGoal | None = None,
) -> SasaranStrategis:
    uraian = _required(uraian, "Uraian sasaran strategis wajib diisi.")
    _check_regional_goal(regional_goal, sasaran.perjanjian)
    before = {"uraian": sasaran.uraian[:200], "regional_goal": sasaran.regional_goal_id}
    sasaran.uraian = uraian
    sasaran.kode = (kode or "").strip()
    sasaran.regional_goal = regional_goal
    sasaran.save(update_fields=["uraian", "kode", "regional_goal"])
    record_audit_event(
        actor=actor,
        action="update_sasaran_strategis",
        obj=sasaran,
        instansi_id=sasaran.perjanjian.instansi_id,
        summary=f"Sasaran strategis diubah: {uraian[:120]}",
        data={"sebelum": before},
    )
    return sasaran


@transaction.atomic
def delete_sasaran_strategis(*, actor, sasaran: SasaranStrategis) -> None:
    """Delete a sasaran and its indicators, unless an RHK of an SKP is derived from it."""
    if sasaran.rhk.exists():
        raise ValidationError(
            "Sasaran strategis ini sudah dipakai sebagai sumber RHK pada SKP, sehingga tidak "
            "dapat dihapus. Ubah uraiannya atau lepaskan dulu RHK yang mengacu kepadanya."
        )
    record_audit_event(
        actor=actor,
        action="delete_sasaran_strategis",
        obj=sasaran,
        instansi_id=sasaran.perjanjian.instansi_id,
        summary=f"Sasaran strategis dihapus: {sasaran.uraian[:120]}",
        data={
            "perjanjian": sasaran.perjanjian_id,
            "uraian": sasaran.uraian[:200],
            "indikator": list(sasaran.indikator.values_list("uraian", flat=True)),
        },
    )
    sasaran.delete()


# --- Indikator kinerja -------------------------------------------------------------------


def _clean_indikator(uraian: str, target: Decimal | None, satuan: str) -> tuple[str, str]:
    uraian = _required(uraian, "Uraian indikator kinerja wajib diisi.")
    satuan = _required(satuan, "Satuan wajib diisi.")
    if target is None:
        raise ValidationError("Target wajib diisi.")
    if not isinstance(target, Decimal) or not target.is_finite():
        raise ValidationError("Target harus berupa angka.")
    if target < 0:
        raise ValidationError("Target tidak boleh negatif.")
    if target > TARGET_MAKS:
        raise ValidationError("Target terlalu besar.")
    if target != target.quantize(Decimal("0.01")):
        raise ValidationError("Target paling banyak dua angka di belakang koma.")
    return uraian, satuan


@transaction.atomic
def add_indikator(
    *, actor, sasaran: SasaranStrategis, uraian: str, target: Decimal, satuan: str
) -> IndikatorKinerjaOrganisasi:
    uraian, satuan = _clean_indikator(uraian, target, satuan)
    indikator = IndikatorKinerjaOrganisasi.objects.create(
        sasaran=sasaran, uraian=uraian, target=target, satuan=satuan
    )
    record_audit_event(
        actor=actor,
        action="add_indikator_kinerja_organisasi",
        obj=indikator,
        instansi_id=sasaran.perjanjian.instansi_id,
        summary=f"Indikator ditambahkan: {uraian[:120]}",
        data={"sasaran": sasaran.pk, "target": str(target), "satuan": satuan},
    )
    return indikator


@transaction.atomic
def update_indikator(
    *,
    actor,
    indikator: IndikatorKinerjaOrganisasi,
    uraian: str,
    target: Decimal,
    satuan: str,
) -> IndikatorKinerjaOrganisasi:
    uraian, satuan = _clean_indikator(uraian, target, satuan)
    before = {"uraian": indikator.uraian[:200], "target": str(indikator.target)}
    indikator.uraian = uraian
    indikator.target = target
    indikator.satuan = satuan
    indikator.save(update_fields=["uraian", "target", "satuan"])
    record_audit_event(
        actor=actor,
        action="update_indikator_kinerja_organisasi",
        obj=indikator,
        instansi_id=indikator.sasaran.perjanjian.instansi_id,
        summary=f"Indikator diubah: {uraian[:120]}",
        data={"sebelum": before, "target": str(target), "satuan": satuan},
    )
    return indikator


@transaction.atomic
def delete_indikator(*, actor, indikator: IndikatorKinerjaOrganisasi) -> None:
    record_audit_event(
        actor=actor,
        action="delete_indikator_kinerja_organisasi",
        obj=indikator,
        instansi_id=indikator.sasaran.perjanjian.instansi_id,
        summary=f"Indikator dihapus: {indikator.uraian[:120]}",
        data={"sasaran": indikator.sasaran_id, "target": str(indikator.target)},
    )
    indikator.delete()
