"""Writes of talent management: adding, changing and deleting an employee's competence records.

Each write checks that the actor may change that employee's records (`access`), checks the
values (the same checks the import runs on every row), is atomic, and leaves an audit event
with the values before and after.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction

from ekinerja.core.services import record_audit_event
from ekinerja.people.access import today
from ekinerja.people.models import Employee

from . import access
from .choices import JenisDiklat, MetodeAsesmen
from .models import (
    JP_MAX,
    TAHUN_LULUS_MIN,
    CompetencyAssessment,
    Education,
    Training,
)
from .rules import Jenjang

NOT_ALLOWED = (
    "Hanya admin BKPSDM atau admin OPD pegawai ini yang dapat mengubah data kompetensinya."
)

# --- checks shared with the import -----------------------------------------------------------


def education_errors(*, jenjang: str, tahun_lulus: int, day: dt.date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if jenjang not in {str(j) for j in Jenjang}:
        errors["jenjang"] = "Jenjang pendidikan tidak dikenal."
    if tahun_lulus < TAHUN_LULUS_MIN:
        errors["tahun_lulus"] = f"Tahun lulus paling awal {TAHUN_LULUS_MIN}."
    elif tahun_lulus > day.year:
        errors["tahun_lulus"] = f"Tahun lulus {tahun_lulus} belum terjadi."
    return errors


def training_errors(
    *, tanggal_mulai: dt.date, tanggal_selesai: dt.date, jam_pelajaran: int, day: dt.date
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if tanggal_selesai < tanggal_mulai:
        errors["tanggal_selesai"] = "Tanggal selesai tidak boleh sebelum tanggal mulai."
    elif tanggal_selesai > day:
        errors["tanggal_selesai"] = "Diklat yang dicatat harus sudah selesai (tanggal selesai)."
    if not 1 <= jam_pelajaran <= JP_MAX:
        errors["jam_pelajaran"] = (
            f"Jam pelajaran harus 1 sampai {JP_MAX} JP, bukan {jam_pelajaran}."
        )
    return errors


def assessment_errors(*, tanggal: dt.date, nilai: Decimal, day: dt.date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if tanggal > day:
        errors["tanggal"] = "Tanggal penilaian belum terjadi."
    if not Decimal(0) <= nilai <= Decimal(100):
        errors["nilai"] = f"Nilai harus 0 sampai 100, bukan {nilai}."
    return errors


# --- the writes -------------------------------------------------------------------------------

_FIELDS: dict[type[models.Model], tuple[str, ...]] = {
    Education: ("jenjang", "jurusan", "nama_institusi", "tahun_lulus"),
    Training: (
        "nama",
        "jenis",
        "penyelenggara",
        "tanggal_mulai",
        "tanggal_selesai",
        "jam_pelajaran",
    ),
    CompetencyAssessment: ("tanggal", "lembaga", "metode", "nilai", "rekomendasi"),
}
_NAMES = {
    Education: "riwayat_pendidikan",
    Training: "riwayat_diklat",
    CompetencyAssessment: "penilaian_kompetensi",
}
_DUPLICATE = {
    Education: "Riwayat pendidikan dengan jenjang dan jurusan ini sudah tercatat.",
    Training: "Diklat dengan nama dan tanggal mulai ini sudah tercatat.",
    CompetencyAssessment: "Penilaian kompetensi pada tanggal ini sudah tercatat.",
}


def _check_actor(actor: Any, employee: Employee) -> None:
    if not access.can_edit_competence(actor, employee):
        raise PermissionDenied(NOT_ALLOWED)


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _snapshot(record: models.Model) -> dict[str, Any]:
    return {name: _plain(getattr(record, name)) for name in _FIELDS[type(record)]}


def _save(record: models.Model) -> None:
    """Save in a savepoint, so that a duplicate sent at the same moment becomes a message."""
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError as error:
        raise ValidationError(_DUPLICATE[type(record)]) from error


def _write(
    *,
    actor: Any,
    employee: Employee,
    model: type[models.Model],
    record: Any,
    values: dict[str, Any],
    errors: dict[str, str],
) -> Any:
    _check_actor(actor, employee)
    if record is not None and record.employee_id != employee.pk:
        raise ValidationError("Data kompetensi ini milik pegawai lain.")
    if errors:
        raise ValidationError(errors)
    before = _snapshot(record) if record is not None else None
    if record is None:
        record = model(instansi_id=employee.instansi_id, employee=employee, **values)
    else:
        for name, value in values.items():
            setattr(record, name, value)
    _save(record)
    verb = "tambah" if before is None else "ubah"
    record_audit_event(
        actor=actor,
        action=f"{verb}_{_NAMES[model]}",
        obj=record,
        instansi_id=employee.instansi_id,
        summary=f"{verb.capitalize()} {_NAMES[model].replace('_', ' ')} {employee}: {record}",
        data={"employee_id": employee.pk, "sebelum": before, "sesudah": _snapshot(record)},
    )
    return record


@transaction.atomic
def record_education(
    *,
    actor: Any,
    employee: Employee,
    jenjang: str,
    tahun_lulus: int,
    jurusan: str = "",
    nama_institusi: str = "",
    record: Education | None = None,
) -> Education:
    """Add an education record, or change ``record``."""
    values = {
        "jenjang": jenjang,
        "jurusan": (jurusan or "").strip(),
        "nama_institusi": (nama_institusi or "").strip(),
        "tahun_lulus": tahun_lulus,
    }
    errors = education_errors(jenjang=jenjang, tahun_lulus=tahun_lulus, day=today())
    return _write(
        actor=actor, employee=employee, model=Education, record=record, values=values,
        errors=errors,
    )  # fmt: skip


@transaction.atomic
def record_training(
    *,
    actor: Any,
    employee: Employee,
    nama: str,
    tanggal_mulai: dt.date,
    jam_pelajaran: int,
    tanggal_selesai: dt.date | None = None,
    jenis: str = JenisDiklat.TEKNIS,
    penyelenggara: str = "",
    record: Training | None = None,
) -> Training:
    """Add a training record, or change ``record``; without an end date it lasted one day."""
    nama = (nama or "").strip()
    selesai = tanggal_selesai or tanggal_mulai
    values = {
        "nama": nama,
        "jenis": jenis or JenisDiklat.TEKNIS,
        "penyelenggara": (penyelenggara or "").strip(),
        "tanggal_mulai": tanggal_mulai,
        "tanggal_selesai": selesai,
        "jam_pelajaran": jam_pelajaran,
    }
    errors = training_errors(
        tanggal_mulai=tanggal_mulai, tanggal_selesai=selesai, jam_pelajaran=jam_pelajaran,
        day=today(),
    )  # fmt: skip
    if not nama:
        errors["nama"] = "Nama diklat wajib diisi."
    if values["jenis"] not in JenisDiklat.values:
        errors["jenis"] = "Jenis diklat tidak dikenal."
    return _write(
        actor=actor, employee=employee, model=Training, record=record, values=values,
        errors=errors,
    )  # fmt: skip


@transaction.atomic
def record_assessment(
    *,
    actor: Any,
    employee: Employee,
    tanggal: dt.date,
    lembaga: str,
    nilai: Decimal,
    metode: str = MetodeAsesmen.ASSESSMENT_CENTER,
    rekomendasi: str = "",
    record: CompetencyAssessment | None = None,
) -> CompetencyAssessment:
    """Add a competency assessment result, or change ``record``."""
    lembaga = (lembaga or "").strip()
    values = {
        "tanggal": tanggal,
        "lembaga": lembaga,
        "metode": metode or MetodeAsesmen.ASSESSMENT_CENTER,
        "nilai": nilai,
        "rekomendasi": (rekomendasi or "").strip(),
    }
    errors = assessment_errors(tanggal=tanggal, nilai=nilai, day=today())
    if not lembaga:
        errors["lembaga"] = "Lembaga penilai wajib diisi."
    if values["metode"] not in MetodeAsesmen.values:
        errors["metode"] = "Metode penilaian tidak dikenal."
    return _write(
        actor=actor, employee=employee, model=CompetencyAssessment, record=record,
        values=values, errors=errors,
    )  # fmt: skip


@transaction.atomic
def delete_competence_record(
    *, actor: Any, record: Education | Training | CompetencyAssessment
) -> None:
    employee = record.employee
    _check_actor(actor, employee)
    name = _NAMES[type(record)]
    record_audit_event(
        actor=actor,
        action=f"hapus_{name}",
        obj=record,
        instansi_id=employee.instansi_id,
        summary=f"Hapus {name.replace('_', ' ')} {employee}: {record}",
        data={"employee_id": employee.pk, "sebelum": _snapshot(record)},
    )
    record.delete()
