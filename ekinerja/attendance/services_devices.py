"""Writes for fingerprint machines: registering and editing devices, their API tokens, and
mapping a machine PIN to an employee (which also settles the punches that waited for it).

Access is the caller's job (``attendance.access``); these functions keep the invariants that
hold whoever calls them: one instansi per device, PIN and employee, one mapping per PIN.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction

from ekinerja.core.closing import closed_pairs
from ekinerja.core.services import record_audit_event
from ekinerja.org.choices import ZonaWaktu
from ekinerja.org.models import Unit
from ekinerja.people.models import Employee

from .models import Device, DevicePin, Punch, SumberPresensi, UnknownPunch
from .services_daily import request_recompute
from .services_punches import API_LABEL, DEFAULT_ZONE

_CHUNK = 500
_PIN_MAX = DevicePin._meta.get_field("pin").max_length or 32
# 32 random bytes: far beyond guessing, and short enough to type into a gateway's config.
_TOKEN_BYTES = 32


def hash_token(token: str) -> str:
    """The stored form of a device token. A plain hash is enough: the token is random and
    long, so there is nothing for a slow hash to protect against."""
    return hashlib.sha256(token.encode()).hexdigest()


def normalise_pin(pin: str) -> str:
    """A PIN as the importer compares it: machines and CSVs never put spaces inside one."""
    return "".join(str(pin).split())


# --- devices ------------------------------------------------------------------------------------


def _check_device(*, instansi_id: int, serial: str, unit: Unit | None, zona_waktu: str,
                  exclude_pk: int | None = None) -> None:  # fmt: skip
    errors: dict[str, str] = {}
    if zona_waktu not in ZonaWaktu.values:
        errors["zona_waktu"] = "Zona waktu harus WIB, WITA atau WIT."
    if unit is not None and unit.instansi_id != instansi_id:
        errors["unit"] = "Unit kerja bukan milik instansi ini."
    clash = Device.objects.filter(instansi_id=instansi_id, serial=serial)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        errors["serial"] = f"Nomor seri {serial} sudah terdaftar pada mesin lain."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_device(*, actor: Any, instansi_id: int, nama: str, serial: str, unit: Unit | None,
                  zona_waktu: str) -> Device:  # fmt: skip
    nama, serial = nama.strip(), serial.strip()
    _check_device(instansi_id=instansi_id, serial=serial, unit=unit, zona_waktu=zona_waktu)
    device = Device.objects.create(
        instansi_id=instansi_id, nama=nama, serial=serial, unit=unit, zona_waktu=zona_waktu
    )
    record_audit_event(
        actor=actor, action="buat_mesin_presensi", obj=device, instansi_id=instansi_id,
        summary=f"Mesin presensi {device} didaftarkan.",
        data={"serial": serial, "unit": unit.pk if unit else None, "zona_waktu": zona_waktu},
    )  # fmt: skip
    return device


@transaction.atomic
def update_device(*, actor: Any, device: Device, nama: str, serial: str, unit: Unit | None,
                  zona_waktu: str) -> Device:  # fmt: skip
    nama, serial = nama.strip(), serial.strip()
    _check_device(
        instansi_id=device.instansi_id, serial=serial, unit=unit, zona_waktu=zona_waktu,
        exclude_pk=device.pk,
    )  # fmt: skip
    before = {"nama": device.nama, "serial": device.serial, "unit": device.unit_id,
              "zona_waktu": device.zona_waktu}  # fmt: skip
    device.nama, device.serial, device.unit, device.zona_waktu = nama, serial, unit, zona_waktu
    device.save(update_fields=["nama", "serial", "unit", "zona_waktu"])
    after = {"nama": nama, "serial": serial, "unit": unit.pk if unit else None,
             "zona_waktu": zona_waktu}  # fmt: skip
    record_audit_event(
        actor=actor, action="ubah_mesin_presensi", obj=device, instansi_id=device.instansi_id,
        summary=f"Mesin presensi {device} diubah.",
        data={"sebelum": before, "sesudah": after},
    )  # fmt: skip
    return device


@transaction.atomic
def issue_device_token(*, actor: Any, device: Device) -> str:
    """A new API token for the device, replacing any earlier one. Returned once; only its
    hash and first characters are stored, so a lost token is rotated, never recovered.

    The actor is kept as the token's issuer: the API stores only the punches the issuer
    could upload by hand, so a token is never worth more than the admin behind it."""
    token = secrets.token_urlsafe(_TOKEN_BYTES)
    rotated = bool(device.token_hash)
    device.token_hash = hash_token(token)
    device.token_awalan = token[:8]
    device.token_diterbitkan_oleh = actor if getattr(actor, "is_authenticated", False) else None
    device.save(update_fields=["token_hash", "token_awalan", "token_diterbitkan_oleh"])
    record_audit_event(
        actor=actor, action="token_mesin_presensi", obj=device, instansi_id=device.instansi_id,
        summary=f"Token API mesin {device} {'diganti' if rotated else 'dibuat'}.",
        data={"awalan": device.token_awalan, "diganti": rotated},
    )  # fmt: skip
    return token


@transaction.atomic
def set_device_active(*, actor: Any, device: Device, aktif: bool) -> Device:
    """Switch a device off (its token stops working at once) or back on. The token hash is
    kept, so a machine switched off by mistake resumes without reconfiguration."""
    if device.aktif == aktif:
        return device
    device.aktif = aktif
    device.save(update_fields=["aktif"])
    record_audit_event(
        actor=actor, action="aktifkan_mesin_presensi" if aktif else "nonaktifkan_mesin_presensi",
        obj=device, instansi_id=device.instansi_id,
        summary=f"Mesin presensi {device} {'diaktifkan' if aktif else 'dinonaktifkan'}.",
    )  # fmt: skip
    return device


# --- PIN mapping --------------------------------------------------------------------------------


@dataclass
class MappingResult:
    pin: DevicePin
    created: bool
    moved: int = 0
    duplicate: int = 0
    # Punches in a month a finalised TPP run closed for their employee: they keep waiting as
    # unknown punches, so mapping again after the month is reopened still moves them.
    ditolak_final: int = 0
    recompute: str | None = None
    employee_ids: set[int] = field(default_factory=set)


def map_pin(*, actor: Any, instansi_id: int, device: Device | None, pin: str,
            employee: Employee) -> MappingResult:  # fmt: skip
    """Register ``pin`` (on ``device``, or on every machine when None) as ``employee``'s and
    turn the unknown punches waiting for it into punches.

    Idempotent: mapping the same PIN to the same employee again changes nothing and moves
    whatever still waits. Mapping it to somebody else is refused (delete the old mapping
    first), so a typo cannot silently move one person's punches to another.
    """
    result, days = _map_pin(
        actor=actor, instansi_id=instansi_id, device=device, pin=pin, employee=employee
    )
    # After the commit: a queued recompute must find the moved punches.
    if days:
        first, last = min(days), max(days)
        result.recompute = request_recompute(instansi_id, result.employee_ids, first, last)
    return result


@transaction.atomic
def _map_pin(*, actor: Any, instansi_id: int, device: Device | None, pin: str,
             employee: Employee) -> tuple[MappingResult, set[dt.date]]:  # fmt: skip
    key = normalise_pin(pin)
    if not key:
        raise ValidationError({"pin": "PIN tidak boleh kosong."})
    if len(key) > _PIN_MAX:
        raise ValidationError({"pin": f"PIN paling panjang {_PIN_MAX} karakter."})
    if employee.instansi_id != instansi_id:
        raise ValidationError({"nip": "Pegawai bukan dari instansi ini."})
    if device is not None and device.instansi_id != instansi_id:
        raise ValidationError({"mesin": "Mesin presensi bukan milik instansi ini."})

    # Locks the row when it exists, so two admins mapping the same PIN cannot both win.
    existing = (
        DevicePin.objects.select_for_update()
        .select_related("employee")
        .filter(instansi_id=instansi_id, device=device, pin=key)
        .first()
    )
    if existing is not None and existing.employee_id != employee.pk:
        where = f"mesin {device.nama}" if device is not None else "semua mesin"
        raise ValidationError(
            f"PIN {key} pada {where} sudah dipetakan ke {existing.employee.nama}. "
            "Hapus pemetaan lama terlebih dahulu bila memang salah.",
            code="conflict",
        )
    created = existing is None
    mapping = existing or DevicePin.objects.create(
        instansi_id=instansi_id, device=device, pin=key, employee=employee
    )
    result = MappingResult(pin=mapping, created=created)
    days = _move_unknown(instansi_id, key, device, result)
    if created or result.moved or result.duplicate or result.ditolak_final:
        record_audit_event(
            actor=actor, action="petakan_pin_mesin", obj=mapping, instansi_id=instansi_id,
            summary=(
                f"PIN {key} ({device.nama if device else 'semua mesin'}) dipetakan ke "
                f"{employee.nama}; {result.moved} presensi dipindahkan."
            ),
            data={"pin": key, "mesin": device.pk if device else None, "pegawai": employee.pk,
                  "dipindahkan": result.moved, "duplikat": result.duplicate,
                  "ditolak_final": result.ditolak_final,
                  "baru": created},
        )  # fmt: skip
    return result, days


def _move_unknown(
    instansi_id: int, key: str, device: Device | None, result: MappingResult
) -> set[dt.date]:
    """Unknown punches of ``key`` that the mappings now resolve become punches; returns the
    local days that got new punches.

    A device mapping settles that device's rows; an instansi-wide one every row of the key.
    Each row is resolved the way the importer would resolve it today (device PIN, then
    instansi PIN, then NIP), so a row from a machine whose own mapping names somebody else
    goes to that person, not to the PIN just mapped.
    """
    rows = UnknownPunch.objects.filter(instansi_id=instansi_id, key=key)
    if device is not None:
        rows = rows.filter(device=device)
    waiting = list(
        rows.select_related("device").only(
            "pk", "waktu", "batch", "device_id", "device__zona_waktu"
        )
    )
    if not waiting:
        return set()

    by_device: dict[int | None, int] = dict(
        DevicePin.objects.filter(instansi_id=instansi_id, pin=key).values_list(
            "device_id", "employee_id"
        )
    )
    nip_owner = (
        Employee.objects.filter(instansi_id=instansi_id, nip=key)
        .values_list("pk", flat=True)
        .first()
    )

    def owner(row: UnknownPunch) -> int | None:
        if row.device_id is not None and row.device_id in by_device:
            return by_device[row.device_id]
        return by_device.get(None, nip_owner)

    resolved = [(row, owner(row)) for row in waiting]
    resolved = [(row, emp) for row, emp in resolved if emp is not None]
    if not resolved:
        return set()

    employee_ids = {emp for _, emp in resolved}
    instants = [row.waktu for row, _ in resolved]
    already = set(
        Punch.objects.filter(
            employee_id__in=employee_ids, waktu__range=(min(instants), max(instants))
        ).values_list("employee_id", "waktu")
    )
    fresh: dict[tuple[int, dt.datetime], UnknownPunch] = {}
    for row, emp in resolved:
        if (emp, row.waktu) not in already:
            fresh.setdefault((emp, row.waktu), row)
    held = _in_closed_months(fresh)
    for key in held:
        del fresh[key]
    resolved = [(row, emp) for row, emp in resolved if (emp, row.waktu) not in held]
    result.ditolak_final = len(held)
    Punch.objects.bulk_create(
        [
            Punch(
                instansi_id=instansi_id,
                employee_id=emp,
                waktu=instant,
                sumber=SumberPresensi.API if row.batch == API_LABEL else SumberPresensi.MESIN,
                device_id=row.device_id,
            )
            for (emp, instant), row in fresh.items()
        ],
        batch_size=_CHUNK,
        ignore_conflicts=True,
    )
    moved_pks = [row.pk for row, _ in resolved]
    for start in range(0, len(moved_pks), _CHUNK):
        UnknownPunch.objects.filter(pk__in=moved_pks[start : start + _CHUNK]).delete()

    result.moved = len(fresh)
    result.duplicate = len(resolved) - len(fresh)
    days: set[dt.date] = set()
    for (emp, instant), row in fresh.items():
        days.add(_local_day(row, instant))
        result.employee_ids.add(emp)
    return days


def _local_day(row: UnknownPunch, instant: dt.datetime) -> dt.date:
    zone = row.device.zona_waktu if row.device is not None else DEFAULT_ZONE
    return instant.astimezone(ZoneInfo(zone)).date()


def _in_closed_months(
    fresh: dict[tuple[int, dt.datetime], UnknownPunch],
) -> set[tuple[int, dt.datetime]]:
    """The (employee, instant) among ``fresh`` whose local day lies in a month closed for
    that employee. One query per 500 employees."""
    if not fresh:
        return set()
    day_of = {key: _local_day(row, key[1]) for key, row in fresh.items()}
    employee_ids = sorted({emp for emp, _ in fresh})
    closed: set[tuple[int, int, int]] = set()
    for start in range(0, len(employee_ids), _CHUNK):
        closed |= closed_pairs(employee_ids[start : start + _CHUNK], set(day_of.values()))
    return {key for key, day in day_of.items() if (key[0], day.year, day.month) in closed}


@transaction.atomic
def delete_pin(*, actor: Any, pin: DevicePin) -> None:
    """Remove a mapping. Punches already stored stay with their employee: they were real
    when they were read; only future reads of the PIN become unknown again."""
    record_audit_event(
        actor=actor, action="hapus_pin_mesin", obj=pin, instansi_id=pin.instansi_id,
        summary=f"Pemetaan PIN {pin.pin} ke pegawai #{pin.employee_id} dihapus.",
        data={"pin": pin.pin, "mesin": pin.device_id, "pegawai": pin.employee_id},
    )  # fmt: skip
    pin.delete()
