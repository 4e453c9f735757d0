"""Writes of an employee's favourite activities. A favourite is personal: only its owner saves
or deletes it, and nobody else ever sees it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from ekinerja.people.access import roles_for
from ekinerja.people.models import Employee, User
from ekinerja.planning.choices import StatusSkp
from ekinerja.planning.models import Indikator

from .models import Activity, ActivityFavorite, CatalogItem

MAX_MINUTES = 24 * 60


@dataclass(frozen=True)
class FavoriteInput:
    nama: str
    uraian: str
    menit: int
    jumlah_output: Decimal
    satuan: str
    indikator_id: int | None = None
    catalog_item_id: int | None = None


def _owner(actor: User) -> Employee:
    employee = roles_for(actor).employee
    if employee is None:
        raise PermissionDenied("Akun ini tidak terhubung dengan data pegawai.")
    return employee


def _errors(employee: Employee, data: FavoriteInput) -> list[str]:
    errors = []
    if not data.nama.strip():
        errors.append("Nama favorit wajib diisi.")
    elif len(data.nama.strip()) > 80:
        errors.append("Nama favorit paling banyak 80 karakter.")
    if not data.uraian.strip():
        errors.append("Uraian kegiatan wajib diisi.")
    if not data.satuan.strip():
        errors.append("Satuan output wajib diisi.")
    if not 0 < data.menit <= MAX_MINUTES:
        errors.append("Durasi favorit harus antara 1 menit dan 24 jam.")
    if not data.jumlah_output.is_finite() or data.jumlah_output < 0:
        errors.append("Jumlah output harus berupa angka tidak negatif.")
    # Any SKP version still in play: a favourite outlives the day it was saved on.
    if (
        data.indikator_id is not None
        and not Indikator.objects.filter(pk=data.indikator_id, rhk__skp__employee=employee)
        .exclude(rhk__skp__status=StatusSkp.DIGANTI)
        .exists()
    ):
        errors.append("Target yang dipilih bukan bagian dari SKP Anda.")
    if (
        data.catalog_item_id is not None
        and not CatalogItem.objects.filter(
            pk=data.catalog_item_id, instansi_id=employee.instansi_id, aktif=True
        ).exists()
    ):
        errors.append("Butir katalog aktivitas tidak dikenal.")
    return errors


def _duplicate(nama: str) -> ValidationError:
    return ValidationError(f"Favorit bernama “{nama}” sudah ada. Pilih nama lain.")


@transaction.atomic
def save_favorite(*, actor: User, data: FavoriteInput) -> ActivityFavorite:
    employee = _owner(actor)
    if errors := _errors(employee, data):
        raise ValidationError(errors)
    nama = data.nama.strip()
    if ActivityFavorite.objects.filter(employee=employee, nama=nama).exists():
        raise _duplicate(nama)
    try:
        # A savepoint, so that losing a race for the name leaves the outer transaction usable.
        with transaction.atomic():
            return ActivityFavorite.objects.create(
                instansi_id=employee.instansi_id,
                employee=employee,
                nama=nama,
                uraian=data.uraian.strip(),
                menit=data.menit,
                indikator_id=data.indikator_id,
                catalog_item_id=data.catalog_item_id,
                jumlah_output=data.jumlah_output.quantize(Decimal("0.01")),
                satuan=data.satuan.strip(),
            )
    except IntegrityError as error:
        raise _duplicate(nama) from error


def save_activity_as_favorite(*, actor: User, activity: Activity, nama: str) -> ActivityFavorite:
    """One of my own activities, kept with its duration, target and output."""
    employee = _owner(actor)
    if activity.employee_id != employee.pk:
        raise PermissionDenied("Hanya pemilik aktivitas yang dapat menjadikannya favorit.")
    data = FavoriteInput(
        nama=nama,
        uraian=activity.uraian,
        menit=activity.menit,
        jumlah_output=activity.jumlah_output,
        satuan=activity.satuan,
        indikator_id=activity.indikator_id,
        catalog_item_id=activity.catalog_item_id,
    )
    return save_favorite(actor=actor, data=data)


@transaction.atomic
def delete_favorite(*, actor: User, favorite: ActivityFavorite) -> None:
    employee = _owner(actor)
    if favorite.employee_id != employee.pk:
        raise PermissionDenied("Hanya pemilik favorit yang dapat menghapusnya.")
    ActivityFavorite.objects.filter(pk=favorite.pk).delete()
