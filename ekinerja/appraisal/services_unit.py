"""Writes of a unit's organisational predikat (SE MenPANRB 3/2023, the first of its three
stages): who evaluates the unit's head sets it, or BKPSDM; every change is audited."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ekinerja.core.services import record_audit_event
from ekinerja.org.models import Unit
from ekinerja.people.models import User
from ekinerja.planning.choices import PERIODS_PER_YEAR
from ekinerja.planning.models import PerformancePeriod

from . import access, rules
from .models import UnitPredikat


@transaction.atomic
def set_unit_predikat(
    *, actor: User, unit: Unit, period: PerformancePeriod, periode_ke: int, predikat: str,
    alasan: str,
) -> UnitPredikat:  # fmt: skip
    if not access.can_set_unit_predikat(actor, unit, timezone.localdate()):
        raise PermissionDenied(
            "Predikat organisasi ditetapkan oleh penilai kepala unit atau admin BKPSDM."
        )
    if unit.instansi_id != period.instansi_id:
        raise ValidationError("Unit dan periode kinerja harus dari instansi yang sama.")
    per_year = PERIODS_PER_YEAR[period.siklus_evaluasi]
    if not 1 <= periode_ke <= per_year:
        raise ValidationError(f"Periode evaluasi harus 1 sampai {per_year}.")
    try:
        value = rules.PredikatOrganisasi(predikat)
    except ValueError as error:
        raise ValidationError("Pilih predikat kinerja organisasi.") from error
    if not alasan.strip():
        raise ValidationError("Tuliskan dasar penetapan predikat organisasi (capaian kinerja).")
    row = (
        UnitPredikat.objects.select_for_update()
        .filter(unit=unit, period=period, periode_ke=periode_ke)
        .first()
    )
    before = row.predikat if row is not None else ""
    if row is None:
        row = UnitPredikat(instansi_id=unit.instansi_id, unit=unit, period=period,
                           periode_ke=periode_ke)  # fmt: skip
    row.predikat, row.alasan, row.ditetapkan_oleh = value.value, alasan.strip(), actor
    row.save()
    record_audit_event(
        actor=actor, action="tetapkan_predikat_organisasi", obj=row,
        instansi_id=unit.instansi_id,
        summary=f"Predikat organisasi {unit.nama} periode {periode_ke}: {value.label}.",
        data={"sebelum": before, "sesudah": value.value, "alasan": row.alasan},
    )  # fmt: skip
    return row
