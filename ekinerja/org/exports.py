"""Units and positions as spreadsheet rows, in the import layout, so an export re-imports as is."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .choices import ZonaWaktu
from .imports import POSITION_FIELDS, UNIT_FIELDS
from .models import Position, Unit

ZONE_LABELS = dict(ZonaWaktu.choices)


def unit_export_rows(instansi_id: int) -> Iterator[list[Any]]:
    units = Unit.objects.filter(instansi_id=instansi_id).select_related("parent").order_by("kode")
    for unit in units:
        record = {
            "kode_unit": unit.kode,
            "nama_unit": unit.nama,
            "singkatan": unit.singkatan,
            "jenis_unit": unit.jenis,
            "kode_unit_induk": unit.parent.kode if unit.parent else "",
            "zona_waktu": ZONE_LABELS.get(unit.zona_waktu, unit.zona_waktu),
            "alamat": unit.alamat,
            "lintang": unit.latitude,
            "bujur": unit.longitude,
            "radius_m": unit.radius_m,
        }
        yield [record[spec.name] for spec in UNIT_FIELDS]


def position_export_rows(instansi_id: int) -> Iterator[list[Any]]:
    positions = (
        Position.objects.filter(instansi_id=instansi_id)
        .select_related("unit", "reports_to")
        .order_by("unit__kode", "kode")
    )
    for position in positions:
        record = {
            "kode_jabatan": position.kode,
            "nama_jabatan": position.nama,
            "jenis_jabatan": position.jenis_jabatan,
            "jenjang": position.jenjang,
            "kelas_jabatan": position.kelas_jabatan,
            "eselon": position.eselon,
            "kode_unit": position.unit.kode,
            "kode_jabatan_atasan": position.reports_to.kode if position.reports_to else "",
            "kepala_unit": position.is_unit_head,
        }
        yield [record[spec.name] for spec in POSITION_FIELDS]
