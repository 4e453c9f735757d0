"""Storing fingerprint-machine logs as punches (issue 5 item 2).

A machine log is re-sent whole every time (operators export "everything since installation"),
so an import must be idempotent: the same punch stored once however often it arrives, by
whatever route (PIN on a machine, NIP in a CSV). Punches whose PIN/NIP matches nobody are
kept as ``UnknownPunch`` rows so they can be assigned once the PIN is registered; bad lines
are reported and never stop the import.

Every route (an uploaded file, a device's API batch, a PIN mapped later) ends in
``store_punches``, so the same punch is stored once whichever way it came.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from ekinerja.core.bulk import insert_rows
from ekinerja.core.closing import closed_message, closed_pairs
from ekinerja.core.services import record_audit_event
from ekinerja.org.models import Instansi
from ekinerja.people.models import Employee

from .models import Device, DevicePin, Punch, SumberPresensi, UnknownPunch
from .punchlog import LineProblem, RawPunch, dedupe_key, localise, parse_log
from .services_daily import request_recompute

DEFAULT_ZONE = "Asia/Jakarta"
# The batch label of unknown punches that came through the device API, which is how a later
# PIN mapping knows to store them with sumber=API (UnknownPunch has no sumber column).
API_LABEL = "(API)"

# Keeps every IN list well under SQLite's bound-parameter limit; PostgreSQL has none to speak
# of, but smaller statements also keep one slow import from holding big locks.
_CHUNK = 500

PUNCH_COLUMNS = (
    "instansi_id",
    "employee_id",
    "waktu",
    "sumber",
    "device_id",
    "state",
    "created_at",
)
_KEY_MAX = UnknownPunch._meta.get_field("key").max_length or 32
_STATE_MAX = Punch._meta.get_field("state").max_length or 16
_BATCH_MAX = UnknownPunch._meta.get_field("batch").max_length or 255


@dataclass
class ImportResult:
    """What one import did.

    Every punch read lands in exactly one of ``new``, ``duplicate``, ``unknown`` or
    ``ditolak_final``, so
    ``new + duplicate + unknown + ditolak_final + len(problems) == total_lines``:

    * ``duplicate`` — a known employee's punch already stored, or any punch repeated
      earlier in the same file;
    * ``unknown`` — distinct punches whose PIN/NIP matched nobody, counted on every import
      (they stay unassigned until the PIN is registered) but stored once;
    * ``ditolak_final`` — new punches dated (local day) in a month a finalised TPP run has
      closed for their employee; not stored, since the month must stay as it was paid;
    * ``problems`` — unreadable lines, and lines of employees outside the uploader's scope.
    """

    total_lines: int = 0
    new: int = 0
    duplicate: int = 0
    unknown: int = 0
    ditolak_final: int = 0
    final_months: set[tuple[int, int]] = field(default_factory=set)
    problems: list[LineProblem] = field(default_factory=list)
    unknown_keys: list[str] = field(default_factory=list)
    # Who got new punches and on which local days (in the zone of the import), so the caller
    # can have exactly those daily records recomputed.
    new_employee_ids: set[int] = field(default_factory=set)
    first_day: dt.date | None = None
    last_day: dt.date | None = None

    @property
    def final_message(self) -> str:
        """Why ``ditolak_final`` punches were not stored (the earliest closed month)."""
        return closed_message(*min(self.final_months)) if self.final_months else ""

    def note_new(self, employee_id: int, day: dt.date) -> None:
        self.new_employee_ids.add(employee_id)
        self.first_day = day if self.first_day is None else min(self.first_day, day)
        self.last_day = day if self.last_day is None else max(self.last_day, day)


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
    instansi_id: int,
    device: Device | None,
    keys: Iterable[str],
    span: tuple[dt.datetime, dt.datetime],
) -> set[tuple[str, dt.datetime]]:
    # A PIN belongs to its machine: the same PIN and second on another machine is somebody
    # else's punch, not one already kept.
    on_device = Q(device__isnull=True) if device is None else Q(device=device)
    existing: set[tuple[str, dt.datetime]] = set()
    for chunk in _chunks(sorted(keys)):
        rows = UnknownPunch.objects.filter(
            on_device, instansi_id=instansi_id, key__in=chunk, waktu__range=span
        )
        existing.update(rows.values_list("key", "waktu"))
    return existing


def _without_closed(
    fresh: list[tuple[tuple[int, dt.datetime], RawPunch]], result: ImportResult
) -> list[tuple[tuple[int, dt.datetime], RawPunch]]:
    """The punches whose employee's month (the local day) is still open; the others are
    counted in ``ditolak_final``. One query per 500 employees."""
    employee_ids = sorted({employee_id for (employee_id, _), _ in fresh})
    days = {raw.local_time.date() for _, raw in fresh}
    closed: set[tuple[int, int, int]] = set()
    for chunk in _chunks(employee_ids):
        closed |= closed_pairs(chunk, days)
    if not closed:
        return fresh
    kept = []
    for item in fresh:
        (employee_id, _), raw = item
        month = (employee_id, raw.local_time.year, raw.local_time.month)
        if month in closed:
            result.ditolak_final += 1
            result.final_months.add(month[1:])
        else:
            kept.append(item)
    return kept


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
    employee_scope: QuerySet[Employee] | None = None,
) -> ImportResult:
    """Store the punches of a ZKTeco log or a ``nip_or_pin,timestamp`` CSV.

    ``device`` gives the zone of the times in the file and the machine-specific PINs;
    without one (a CSV typed by hand) times are WIB and only instansi-wide PINs and NIPs
    match. ``employee_scope`` limits whose punches the uploader may store (an admin OPD);
    a line of anybody else becomes a problem line. Raises ``ValueError`` only for a device
    of another instansi or an unknown zone.
    """
    parsed = parse_log(data)
    return store_punches(
        instansi_id=instansi_id,
        punches=parsed.punches,
        problems=parsed.problems,
        device=device,
        sumber=SumberPresensi.MESIN,
        label=filename,
        actor=actor,
        employee_scope=employee_scope,
    )


def store_punches(
    *,
    instansi_id: int,
    punches: Sequence[RawPunch],
    problems: Sequence[LineProblem] = (),
    device: Device | None,
    sumber: str,
    label: str,
    actor: Any,
    employee_scope: QuerySet[Employee] | None = None,
    audit_unchanged: bool = True,
) -> ImportResult:
    """The one place punches are stored, whatever brought them (file, API).

    ``label`` names the source in the audit row and on unknown punches (a file name, or
    ``API_LABEL``). ``audit_unchanged=False`` skips the audit row when nothing new was
    stored: a device resends its recent log every few minutes and would bury the trail.
    """
    if device is not None and device.instansi_id != instansi_id:
        raise ValueError("Mesin presensi bukan milik instansi ini.")
    zone = _zone_of(device)
    result = ImportResult(total_lines=len(punches) + len(problems), problems=list(problems))

    # First occurrence of each (key, instant) in the file; later ones are duplicates.
    firsts: dict[tuple[str, dt.datetime], RawPunch] = {}
    for raw in punches:
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

    with transaction.atomic():
        keys = sorted({key for key, _ in firsts})
        employee_of = _employees_by_key(instansi_id, device, keys)
        if employee_scope is not None:
            outside = _outside_scope(employee_scope, set(employee_of.values()))
        else:
            outside = set()

        # Keyed by (employee, instant): a PIN line and a NIP line may be the same punch.
        known: dict[tuple[int, dt.datetime], RawPunch] = {}
        unknown: dict[tuple[str, dt.datetime], RawPunch] = {}
        for (key, instant), raw in firsts.items():
            employee_id = employee_of.get(key)
            if employee_id is None:
                unknown[(key, instant)] = raw
            elif employee_id in outside:
                result.problems.append(
                    LineProblem(
                        line=raw.line,
                        text=key,
                        message=f"Baris {raw.line}: pegawai dengan PIN/NIP {key} "
                        "di luar unit kerja yang Anda kelola; tidak disimpan.",
                    )
                )
            elif (employee_id, instant) in known:
                result.duplicate += 1
            else:
                known[(employee_id, instant)] = raw
        result.problems.sort(key=lambda problem: problem.line)

        if known:
            span = _span(instant for _, instant in known)
            already = _existing_punches({employee_id for employee_id, _ in known}, span)
            fresh = [item for item in known.items() if item[0] not in already]
            result.duplicate += len(known) - len(fresh)
            fresh = _without_closed(fresh, result)
            # Conflicts are ignored only for a concurrent import of the same file slipping in
            # between the check and the insert; the counts above come from the check. Plain
            # rows, because the ORM's per-value preparation was most of a month's import.
            ops = connection.ops
            created = ops.adapt_datetimefield_value(timezone.now())
            device_id = device.pk if device is not None else None
            insert_rows(
                Punch,
                PUNCH_COLUMNS,
                [
                    (
                        instansi_id, employee_id, ops.adapt_datetimefield_value(instant), sumber,
                        device_id, (raw.state or "")[:_STATE_MAX], created,
                    )
                    for (employee_id, instant), raw in fresh
                ],
                ignore_conflicts=True,
            )  # fmt: skip
            result.new = len(fresh)
            for (employee_id, _), raw in fresh:
                result.note_new(employee_id, raw.local_time.date())

        unknown_added = 0
        if unknown:
            result.unknown = len(unknown)
            result.unknown_keys = sorted({key for key, _ in unknown})
            span = _span(instant for _, instant in unknown)
            kept = _existing_unknown(instansi_id, device, result.unknown_keys, span)
            added = UnknownPunch.objects.bulk_create(
                [
                    UnknownPunch(
                        instansi_id=instansi_id,
                        key=key,
                        waktu=instant,
                        device=device,
                        line=raw.line,
                        batch=label[:_BATCH_MAX],
                    )
                    for (key, instant), raw in unknown.items()
                    if (key, instant) not in kept
                ],
                batch_size=_CHUNK,
                ignore_conflicts=True,
            )
            unknown_added = len(added)

        if audit_unchanged or result.new or unknown_added or result.ditolak_final:
            _audit(instansi_id, device, label, actor, result)
    return result


def _outside_scope(scope: QuerySet[Employee], employee_ids: set[int]) -> set[int]:
    allowed: set[int] = set()
    for chunk in _chunks(sorted(employee_ids)):
        allowed.update(scope.filter(pk__in=chunk).values_list("pk", flat=True))
    return employee_ids - allowed


def _audit(
    instansi_id: int, device: Device | None, label: str, actor: Any, result: ImportResult
) -> None:
    record_audit_event(
        actor=actor,
        action="import_presensi_mesin",
        # An unsaved Instansi with only its pk is enough for the audit row and saves a
        # query when the file came without a device.
        obj=device if device is not None else Instansi(pk=instansi_id),
        instansi_id=instansi_id,
        summary=(
            f"Impor presensi {label}: {result.new} baru, {result.duplicate} duplikat, "
            f"{result.unknown} PIN/NIP tak dikenal, "
            + (f"{result.ditolak_final} di bulan final, " if result.ditolak_final else "")
            + f"{len(result.problems)} baris bermasalah."
        ),
        data={
            "berkas": label,
            "mesin": device.pk if device is not None else None,
            "baris": result.total_lines,
            "baru": result.new,
            "duplikat": result.duplicate,
            "tak_dikenal": result.unknown,
            "ditolak_final": result.ditolak_final,
            "bermasalah": len(result.problems),
            "kunci_tak_dikenal": result.unknown_keys[:50],
        },
    )


def recompute_after(instansi_id: int, result: ImportResult) -> str | None:
    """Ask for the daily records touched by new punches to be rebuilt; None when no punch
    was new. Called by the caller once the import has committed, so a background job never
    starts before the punches it needs are visible."""
    if not result.new_employee_ids or result.first_day is None or result.last_day is None:
        return None
    return request_recompute(
        instansi_id, result.new_employee_ids, result.first_day, result.last_day
    )
