"""Storing fingerprint-machine logs as punches (issue 5 item 2).

A machine log is re-sent whole every time (operators export "everything since installation"),
so an import must be idempotent: the same punch stored once however often it arrives, by
whatever route (PIN on a machine, NIP in a CSV). Punches whose PIN/NIP matches nobody are
kept as ``UnknownPunch`` rows so they can be assigned once the PIN is registered; bad lines
are reported and never stop the import.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db import transaction
from django.db.models import Q

from ekinerja.core.services import record_audit_event
from ekinerja.org.models import Instansi
from ekinerja.people.models import Employee

from .models import Device, DevicePin, Punch, SumberPresensi, UnknownPunch
from .punchlog import LineProblem, RawPunch, dedupe_key, localise, parse_log

DEFAULT_ZONE = "Asia/Jakarta"

# Keeps every IN list well under SQLite's bound-parameter limit; PostgreSQL has none to speak
# of, but smaller statements also keep one slow import from holding big locks.
_CHUNK = 500

_KEY_MAX = UnknownPunch._meta.get_field("key").max_length or 32
_STATE_MAX = Punch._meta.get_field("state").max_length or 16
_BATCH_MAX = UnknownPunch._meta.get_field("batch").max_length or 255


@dataclass
class ImportResult:
    """What one import did.

    Every punch read lands in exactly one of ``new``, ``duplicate`` or ``unknown``, so
    ``new + duplicate + unknown + len(problems) == total_lines``:

    * ``duplicate`` — a known employee's punch already stored, or any punch repeated
      earlier in the same file;
    * ``unknown`` — distinct punches whose PIN/NIP matched nobody, counted on every import
      (they stay unassigned until the PIN is registered) but stored once.
    """

    total_lines: int = 0
    new: int = 0
    duplicate: int = 0
    unknown: int = 0
    problems: list[LineProblem] = field(default_factory=list)
    unknown_keys: list[str] = field(default_factory=list)


def _chunks[T](items: Iterable[T], size: int = _CHUNK) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _zone_of(device: Device | None) -> str:
    zone = device.zona_waktu if device is not None else DEFAULT_ZONE
    # Checked once here: a bad zone on the device would otherwise fail every line alike,
    # which is a configuration error, not a thousand line problems.
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"Zona waktu mesin '{zone}' tidak dikenal.") from exc
    return zone


def _employees_by_key(
    instansi_id: int, device: Device | None, keys: Sequence[str]
) -> dict[str, int]:
    """PIN/NIP → employee id: a PIN on this device, then an instansi-wide PIN, then a NIP.

    A PIN wins over a NIP because short PINs are what machines hold; a NIP-looking PIN
    registered explicitly is a deliberate choice by the operator.
    """
    found: dict[str, int] = {}
    device_specific: dict[str, int] = {}
    for chunk in _chunks(keys):
        pins = DevicePin.objects.filter(instansi_id=instansi_id, pin__in=chunk)
        if device is None:
            pins = pins.filter(device__isnull=True)
        else:
            pins = pins.filter(Q(device__isnull=True) | Q(device=device))
        for pin, device_id, employee_id in pins.values_list("pin", "device_id", "employee_id"):
            (found if device_id is None else device_specific)[pin] = employee_id
    found.update(device_specific)

    by_nip = [key for key in keys if key not in found]
    for chunk in _chunks(by_nip):
        # NIP is unique nationally, but the instansi filter is what keeps a punch from
        # another region's file from ever landing on someone outside it.
        employees = Employee.objects.filter(instansi_id=instansi_id, nip__in=chunk)
        found.update(employees.values_list("nip", "id"))
    return found


def _existing_punches(
    employee_ids: Iterable[int], span: tuple[dt.datetime, dt.datetime]
) -> set[tuple[int, dt.datetime]]:
    existing: set[tuple[int, dt.datetime]] = set()
    for chunk in _chunks(sorted(employee_ids)):
        rows = Punch.objects.filter(employee_id__in=chunk, waktu__range=span)
        existing.update(rows.values_list("employee_id", "waktu"))
    return existing


def _existing_unknown(
    instansi_id: int, keys: Iterable[str], span: tuple[dt.datetime, dt.datetime]
) -> set[tuple[str, dt.datetime]]:
    existing: set[tuple[str, dt.datetime]] = set()
    for chunk in _chunks(sorted(keys)):
        rows = UnknownPunch.objects.filter(
            instansi_id=instansi_id, key__in=chunk, waktu__range=span
        )
        existing.update(rows.values_list("key", "waktu"))
    return existing


def _span(instants: Iterable[dt.datetime]) -> tuple[dt.datetime, dt.datetime]:
    values = list(instants)
    return min(values), max(values)


def import_punch_log(
    *,
    instansi_id: int,
    data: bytes,
    filename: str,
    device: Device | None,
    actor: Any,
) -> ImportResult:
    """Store the punches of a ZKTeco log or a ``nip_or_pin,timestamp`` CSV.

    ``device`` gives the zone of the times in the file and the machine-specific PINs;
    without one (a CSV typed by hand) times are WIB and only instansi-wide PINs and NIPs
    match. Raises ``ValueError`` only for a device of another instansi or an unknown zone.
    """
    if device is not None and device.instansi_id != instansi_id:
        raise ValueError("Mesin presensi bukan milik instansi ini.")
    zone = _zone_of(device)
    parsed = parse_log(data)
    result = ImportResult(
        total_lines=len(parsed.punches) + len(parsed.problems), problems=list(parsed.problems)
    )

    # First occurrence of each (key, instant) in the file; later ones are duplicates.
    firsts: dict[tuple[str, dt.datetime], RawPunch] = {}
    for raw in parsed.punches:
        identity = dedupe_key(raw.key, localise(raw, zone))
        if len(identity[0]) > _KEY_MAX:
            result.problems.append(
                LineProblem(
                    line=raw.line,
                    text=raw.key[:_KEY_MAX],
                    message=f"Baris {raw.line}: PIN/NIP lebih dari {_KEY_MAX} karakter.",
                )
            )
        elif identity in firsts:
            result.duplicate += 1
        else:
            firsts[identity] = raw
    result.problems.sort(key=lambda problem: problem.line)

    with transaction.atomic():
        keys = sorted({key for key, _ in firsts})
        employee_of = _employees_by_key(instansi_id, device, keys)

        # Keyed by (employee, instant): a PIN line and a NIP line may be the same punch.
        known: dict[tuple[int, dt.datetime], RawPunch] = {}
        unknown: dict[tuple[str, dt.datetime], RawPunch] = {}
        for (key, instant), raw in firsts.items():
            employee_id = employee_of.get(key)
            if employee_id is None:
                unknown[(key, instant)] = raw
            elif (employee_id, instant) in known:
                result.duplicate += 1
            else:
                known[(employee_id, instant)] = raw

        if known:
            span = _span(instant for _, instant in known)
            already = _existing_punches({employee_id for employee_id, _ in known}, span)
            fresh = [item for item in known.items() if item[0] not in already]
            result.duplicate += len(known) - len(fresh)
            # ignore_conflicts only covers a concurrent import of the same file slipping in
            # between the check and the insert; the counts above come from the check.
            Punch.objects.bulk_create(
                [
                    Punch(
                        instansi_id=instansi_id,
                        employee_id=employee_id,
                        waktu=instant,
                        sumber=SumberPresensi.MESIN,
                        device=device,
                        state=(raw.state or "")[:_STATE_MAX],
                    )
                    for (employee_id, instant), raw in fresh
                ],
                batch_size=_CHUNK,
                ignore_conflicts=True,
            )
            result.new = len(fresh)

        if unknown:
            result.unknown = len(unknown)
            result.unknown_keys = sorted({key for key, _ in unknown})
            span = _span(instant for _, instant in unknown)
            kept = _existing_unknown(instansi_id, result.unknown_keys, span)
            UnknownPunch.objects.bulk_create(
                [
                    UnknownPunch(
                        instansi_id=instansi_id,
                        key=key,
                        waktu=instant,
                        device=device,
                        line=raw.line,
                        batch=filename[:_BATCH_MAX],
                    )
                    for (key, instant), raw in unknown.items()
                    if (key, instant) not in kept
                ],
                batch_size=_CHUNK,
                ignore_conflicts=True,
            )

        record_audit_event(
            actor=actor,
            action="import_presensi_mesin",
            # An unsaved Instansi with only its pk is enough for the audit row and saves a
            # query when the file came without a device.
            obj=device if device is not None else Instansi(pk=instansi_id),
            instansi_id=instansi_id,
            summary=(
                f"Impor presensi {filename}: {result.new} baru, {result.duplicate} duplikat, "
                f"{result.unknown} PIN/NIP tak dikenal, {len(result.problems)} baris bermasalah."
            ),
            data={
                "berkas": filename,
                "mesin": device.pk if device is not None else None,
                "baris": result.total_lines,
                "baru": result.new,
                "duplikat": result.duplicate,
                "tak_dikenal": result.unknown,
                "bermasalah": len(result.problems),
                "kunci_tak_dikenal": result.unknown_keys[:50],
            },
        )
    return result
