"""Opening a performance period in bulk: one draft SKP per in-service ASN, in chunks.

`open_period(opening)` is what the worker runs (`tasks.run_period_opening`); the benchmark calls it
directly. For every in-service ASN in scope (the whole instansi, or the subtree of one OPD) with an
active seat on the opening day and no SKP in the period yet, it creates a draft SKP v1 on that
seat, the 7 BerAKHLAK expectation rows, and the RHK with their indicators from the chosen source:

- "sebelumnya": the employee's latest approved SKP of the previous year (disetujui, else the
  newest diganti), falling back to the SkpTemplate of their position;
- "templat": the SkpTemplate of their position only;
- "kosong": no RHK.

A copied RHK keeps its link to the supervisor's RHK when that RHK was copied in the same opening
(old id -> new id). Employees are processed from the top of the position tree down, so most links
are known when the RHK is inserted; the rest are set in a second pass with `bulk_update`.

Each chunk is one transaction that also writes the progress counters, so the progress page only
ever shows committed work, a failure keeps every chunk committed before it, and running the same
opening again skips employees who already have an SKP.

SKPs are written with `bulk_create`; the RHK, indicator and perilaku rows (about 23 per SKP) with
`insert_rows`, a plain multi-row insert, because the ORM's per-value work made `bulk_create` for
them take most of the 30 s budget (see bench/benchmarks/open_period.py).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from itertools import groupby
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from ekinerja.core.bulk import insert_rows
from ekinerja.core.services import record_audit_event
from ekinerja.org.models import Position
from ekinerja.org.selectors import unit_subtree_ids
from ekinerja.people import hierarchy
from ekinerja.people.choices import KEDUDUKAN_MASIH_BEKERJA, STATUS_ASN
from ekinerja.people.models import Assignment, Employee

from .choices import (
    LAMPIRAN_BAWAAN,
    NILAI_CHOICES,
    Aspek,
    JenisForm,
    JenisRhk,
    Pendekatan,
    Perspektif,
    StatusPembukaan,
    StatusPeriode,
    StatusSkp,
    SumberDraf,
)
from .models import (
    Indikator,
    PerformancePeriod,
    PerilakuExpectation,
    PeriodOpening,
    Rhk,
    SasaranStrategis,
    Skp,
    SkpTemplate,
)

logger = logging.getLogger(__name__)

CHUNK_SIZE = 500  # employees per transaction
SEAT_LOOKUP_SIZE = 500  # employees per `seats_for` query
UPDATE_BATCH = 500
MAX_TREE_DEPTH = hierarchy.MAX_TREE_DEPTH
NILAI = [nilai for nilai, _ in NILAI_CHOICES]
LAMPIRAN_FIELDS = tuple(LAMPIRAN_BAWAAN)
Row = tuple[Any, ...]
PERILAKU_COLUMNS = ("skp_id", "nilai", "ekspektasi_khusus")
RHK_COLUMNS = (
    "skp_id", "jenis", "urutan", "teks", "perspektif", "sasaran_strategis_id", "rhk_atasan_id",
)  # fmt: skip
INDIKATOR_COLUMNS = ("rhk_id", "urutan", "aspek", "uraian", "target_min", "target_max", "satuan")


@dataclass(frozen=True)
class RhkSource:
    """An RHK to copy: from last year's SKP (with its old id) or from a position template."""

    jenis: str
    urutan: int
    teks: str
    perspektif: str = ""
    sasaran_id: int | None = None
    old_id: int | None = None
    old_atasan_id: int | None = None
    indikator: tuple[Row, ...] = ()  # rows in INDIKATOR_COLUMNS order, without the RHK id


@dataclass(frozen=True)
class DraftSource:
    asal: str  # "sebelumnya", "templat" or "kosong": where this employee's draft came from
    rhk: tuple[RhkSource, ...] = ()
    lampiran: dict[str, str] = field(default_factory=lambda: dict(LAMPIRAN_BAWAAN))
    perilaku: dict[int, str] = field(default_factory=dict)


EMPTY = DraftSource(asal=SumberDraf.KOSONG)


@dataclass
class ChunkOutcome:
    dibuat: int = 0
    dilewati: int = 0
    rhk: int = 0
    indikator: int = 0
    tersambung: int = 0
    asal: dict[str, int] = field(default_factory=dict)
    rhk_map: dict[int, int] = field(default_factory=dict)
    pending: list[tuple[int, int]] = field(default_factory=list)


def opening_day(period: PerformancePeriod, today: dt.date) -> dt.date:
    """The day whose seats count: the period start or today, whichever is later, inside it."""
    return min(max(period.mulai, today), period.selesai)


def position_depths(instansi_id: int) -> dict[int, int]:
    """Depth of every position in the reporting tree (0 at the top), in one query."""
    parent = dict(
        Position.objects.filter(instansi_id=instansi_id).values_list("id", "reports_to_id")
    )
    depth: dict[int, int] = {}
    for start in parent:
        chain: list[int] = []
        current: int | None = start
        while current is not None and current not in depth and len(chain) <= MAX_TREE_DEPTH:
            chain.append(current)
            current = parent.get(current)
        base = depth.get(current, -1) if current is not None else -1
        for offset, node in enumerate(reversed(chain), start=1):
            depth.setdefault(node, base + offset)
    return depth


def candidate_seats(opening: PeriodOpening, day: dt.date) -> list[Assignment]:
    """The seat of every in-service ASN in the opening's scope, in employee-id order.

    The seat is the employee's primary assignment on `day` (definitif, else Plt, else Plh); for
    an OPD opening it must lie in the OPD's subtree.
    """
    active = Assignment.objects.active_on(day).filter(employee_id=OuterRef("pk"))
    units: set[int] | None = None
    if opening.unit_id:
        units = unit_subtree_ids(opening.instansi_id, [opening.unit_id])
        active = active.filter(position__unit_id__in=units)
    employee_ids = list(
        Employee.objects.filter(
            instansi_id=opening.instansi_id,
            status__in=STATUS_ASN,
            kedudukan__in=KEDUDUKAN_MASIH_BEKERJA,
        )
        .filter(Exists(active))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    seats: list[Assignment] = []
    for start in range(0, len(employee_ids), SEAT_LOOKUP_SIZE):
        ids = employee_ids[start : start + SEAT_LOOKUP_SIZE]
        found = hierarchy.seats_for(ids, day)
        seats.extend(found[pk] for pk in ids if pk in found)
    if units is not None:
        seats = [seat for seat in seats if seat.position.unit_id in units]
    return seats


def open_period(opening: PeriodOpening, *, chunk_size: int = CHUNK_SIZE) -> PeriodOpening:
    """Create the draft SKPs of an opening, chunk by chunk; see the module docstring.

    Marks the opening berjalan, then selesai (and the period dibuka) with one audit event, or
    gagal with a message; on failure the exception is raised again after it is recorded.
    """
    period = PerformancePeriod.objects.get(pk=opening.period_id)
    opening.period = period
    opening.status = StatusPembukaan.BERJALAN
    opening.total = opening.selesai = opening.dibuat = opening.dilewati = 0
    opening.pesan = ""
    opening.finished_at = None
    opening.save(
        update_fields=[
            "status", "total", "selesai", "dibuat", "dilewati", "pesan", "finished_at",
        ]
    )  # fmt: skip
    try:
        day = opening_day(period, timezone.localdate())
        seats = candidate_seats(opening, day)
        opener = _Opener(opening, period)
        # Supervisors first, so that most RHK links are known when their staff's RHK are written.
        seats.sort(key=lambda seat: (opener.depth.get(seat.position_id, 0), seat.employee_id))
        opening.total = len(seats)
        opening.save(update_fields=["total"])
        for start in range(0, len(seats), chunk_size):
            opener.run_chunk(seats[start : start + chunk_size])
    except Exception as error:
        logger.exception("Pembukaan periode %s gagal", opening.pk)
        opening.status = StatusPembukaan.GAGAL
        opening.pesan = (
            f"Gagal setelah {opening.selesai} dari {opening.total} pegawai: "
            f"{type(error).__name__}: {error}. SKP yang sudah dibuat tetap tersimpan; "
            "jalankan ulang untuk melanjutkan (pegawai yang sudah punya SKP dilewati)."
        )[:2000]
        opening.finished_at = timezone.now()
        opening.save(update_fields=["status", "pesan", "finished_at"])
        raise
    with transaction.atomic():
        opening.status = StatusPembukaan.SELESAI
        opening.finished_at = timezone.now()
        opening.pesan = opener.summary()
        opening.save(update_fields=["status", "finished_at", "pesan"])
        if period.status == StatusPeriode.PERSIAPAN:
            period.status = StatusPeriode.DIBUKA
            period.save(update_fields=["status"])
        record_audit_event(
            actor=opening.started_by,
            action="open_period",
            obj=opening,
            instansi_id=opening.instansi_id,
            summary=f"Periode SKP {period.tahun} dibuka: {opener.summary()}",
            data=opener.audit_data(),
        )
    return opening


class _Opener:
    """State kept across the chunks of one run: the RHK id map and links still to set."""

    def __init__(self, opening: PeriodOpening, period: PerformancePeriod) -> None:
        self.opening = opening
        self.period = period
        self.sumber = opening.sumber
        self.depth = position_depths(opening.instansi_id)
        self.rhk_map: dict[int, int] = {}  # previous-year RHK id -> its copy
        self.pending: list[tuple[int, int]] = []  # (copied RHK id, previous-year atasan RHK id)
        self.templates: dict[int, tuple[RhkSource, ...]] = {}
        self.totals = ChunkOutcome()
        self.sasaran_ids: set[int] = set()
        if self.sumber == SumberDraf.SKP_SEBELUMNYA:
            self.sasaran_ids = set(
                SasaranStrategis.objects.filter(
                    perjanjian__instansi_id=opening.instansi_id,
                    perjanjian__tahun=period.tahun,
                ).values_list("id", flat=True)
            )

    # --- one chunk ------------------------------------------------------------------------

    def run_chunk(self, seats: list[Assignment]) -> None:
        for attempt in (1, 2):
            try:
                with transaction.atomic():
                    outcome = self._write_chunk(seats)
                    self._save_progress(len(seats), outcome)
                break
            except IntegrityError:
                # Someone created an SKP for one of these employees meanwhile: look again once.
                if attempt == 2:
                    raise
        self._merge(len(seats), outcome)

    def _write_chunk(self, seats: list[Assignment]) -> ChunkOutcome:
        outcome = ChunkOutcome()
        ids = [seat.employee_id for seat in seats]
        have = set(
            Skp.objects.filter(period_id=self.period.pk, employee_id__in=ids).values_list(
                "employee_id", flat=True
            )
        )
        todo = [seat for seat in seats if seat.employee_id not in have]
        outcome.dilewati = len(seats) - len(todo)
        if not todo:
            outcome.pending = list(self.pending)
            return outcome
        sources = self._sources(todo)
        skps = [self._new_skp(seat, sources[seat.employee_id]) for seat in todo]
        Skp.objects.bulk_create(skps)
        insert_rows(
            PerilakuExpectation,
            PERILAKU_COLUMNS,
            [
                (skp.pk, nilai, sources[skp.employee_id].perilaku.get(nilai, ""))
                for skp in skps
                for nilai in NILAI
            ],
        )
        outcome.dibuat = len(skps)
        for skp in skps:
            asal = sources[skp.employee_id].asal
            outcome.asal[asal] = outcome.asal.get(asal, 0) + 1

        def copied(old_id: int) -> int | None:
            return outcome.rhk_map.get(old_id) or self.rhk_map.get(old_id)

        indicators: list[Row] = []
        # One insert per tree level, so a supervisor's copies exist before their staff's.
        by_level = groupby(skps, key=lambda skp: self.depth.get(skp.position_id, 0))
        for _level, level_skps in by_level:
            rows: list[Row] = []
            copies: list[tuple[RhkSource, int | None]] = []
            for skp in level_skps:
                for source in sources[skp.employee_id].rhk:
                    atasan = copied(source.old_atasan_id) if source.old_atasan_id else None
                    rows.append(
                        (
                            skp.pk, source.jenis, source.urutan, source.teks, source.perspektif,
                            source.sasaran_id, atasan,
                        )
                    )  # fmt: skip
                    copies.append((source, atasan))
            new_ids = insert_rows(Rhk, RHK_COLUMNS, rows, return_ids=True)
            for new_id, (source, atasan) in zip(new_ids, copies, strict=True):
                if source.old_id is not None:
                    outcome.rhk_map[source.old_id] = new_id
                if atasan is not None:
                    outcome.tersambung += 1
                elif source.old_atasan_id is not None:
                    outcome.pending.append((new_id, source.old_atasan_id))
                indicators.extend((new_id, *row) for row in source.indikator)
            outcome.rhk += len(rows)
        insert_rows(Indikator, INDIKATOR_COLUMNS, indicators)
        outcome.indikator = len(indicators)
        # Second pass: links whose target was copied later (in this chunk or an earlier one).
        still: list[tuple[int, int]] = []
        linked: list[Rhk] = []
        for rhk_id, old_atasan_id in [*self.pending, *outcome.pending]:
            target = copied(old_atasan_id)
            if target is None:
                still.append((rhk_id, old_atasan_id))
            else:
                linked.append(Rhk(pk=rhk_id, rhk_atasan_id=target))
        if linked:
            Rhk.objects.bulk_update(linked, ["rhk_atasan"], batch_size=UPDATE_BATCH)
        outcome.tersambung += len(linked)
        outcome.pending = still
        return outcome

    def _save_progress(self, processed: int, outcome: ChunkOutcome) -> None:
        PeriodOpening.objects.filter(pk=self.opening.pk).update(
            selesai=self.opening.selesai + processed,
            dibuat=self.opening.dibuat + outcome.dibuat,
            dilewati=self.opening.dilewati + outcome.dilewati,
        )

    def _merge(self, processed: int, outcome: ChunkOutcome) -> None:
        """After the chunk committed: keep its counters, its id map and the links still open."""
        self.opening.selesai += processed
        self.opening.dibuat += outcome.dibuat
        self.opening.dilewati += outcome.dilewati
        self.rhk_map.update(outcome.rhk_map)
        self.pending = outcome.pending
        totals = self.totals
        totals.dibuat += outcome.dibuat
        totals.dilewati += outcome.dilewati
        totals.rhk += outcome.rhk
        totals.indikator += outcome.indikator
        totals.tersambung += outcome.tersambung
        for asal, count in outcome.asal.items():
            totals.asal[asal] = totals.asal.get(asal, 0) + count

    def _new_skp(self, seat: Assignment, source: DraftSource) -> Skp:
        position = seat.position
        return Skp(
            instansi_id=self.opening.instansi_id,
            period_id=self.period.pk,
            employee_id=seat.employee_id,
            version=1,
            status=StatusSkp.DRAFT,
            position_id=position.pk,
            unit_id=position.unit_id,
            jenis_form=JenisForm.JPT if position.is_jpt else JenisForm.JA_JF,
            pendekatan=Pendekatan.KUANTITATIF,
            **source.lampiran,
        )

    # --- where each draft comes from -------------------------------------------------------

    def _sources(self, seats: list[Assignment]) -> dict[int, DraftSource]:
        if self.sumber == SumberDraf.KOSONG:
            return {seat.employee_id: EMPTY for seat in seats}
        previous: dict[int, DraftSource] = {}
        if self.sumber == SumberDraf.SKP_SEBELUMNYA:
            previous = self._previous([seat.employee_id for seat in seats])
        self._load_templates(
            {seat.position_id for seat in seats if seat.employee_id not in previous}
        )
        found: dict[int, DraftSource] = {}
        for seat in seats:
            if seat.employee_id in previous:
                found[seat.employee_id] = previous[seat.employee_id]
            else:
                rhk = self.templates.get(seat.position_id, ())
                found[seat.employee_id] = DraftSource(
                    asal=SumberDraf.TEMPLAT if rhk else SumberDraf.KOSONG, rhk=rhk
                )
        return found

    def _previous(self, employee_ids: list[int]) -> dict[int, DraftSource]:
        """Each employee's latest approved SKP of the previous year, as copy sources."""
        rows = Skp.objects.filter(
            instansi_id=self.opening.instansi_id,
            period__instansi_id=self.opening.instansi_id,
            period__tahun=self.period.tahun - 1,
            employee_id__in=employee_ids,
            status__in=[StatusSkp.DISETUJUI, StatusSkp.DIGANTI],
        ).values_list("id", "employee_id", "status", "version", *LAMPIRAN_FIELDS)
        best: dict[int, Row] = {}
        for row in rows:
            _, employee_id, status, version = row[:4]
            rank = (status == StatusSkp.DISETUJUI, version)
            current = best.get(employee_id)
            if current is None or rank > (current[2] == StatusSkp.DISETUJUI, current[3]):
                best[employee_id] = row
        if not best:
            return {}
        skp_ids = [row[0] for row in best.values()]
        indicators: dict[int, list[Row]] = {}
        indicator_rows = (
            Indikator.objects.filter(rhk__skp_id__in=skp_ids)
            .order_by("rhk_id", "urutan", "id")
            .values_list("rhk_id", *INDIKATOR_COLUMNS[1:])
        )
        for rhk_id, *row in indicator_rows:
            indicators.setdefault(rhk_id, []).append(tuple(row))
        rhk_by_skp: dict[int, list[RhkSource]] = {}
        rhk_rows = (
            Rhk.objects.filter(skp_id__in=skp_ids)
            .order_by("skp_id", "jenis", "urutan", "id")
            .values_list(
                "id", "skp_id", "jenis", "urutan", "teks", "perspektif",
                "sasaran_strategis_id", "rhk_atasan_id",
            )
        )  # fmt: skip
        for rhk_id, skp_id, jenis, urutan, teks, perspektif, sasaran_id, atasan_id in rhk_rows:
            rhk_by_skp.setdefault(skp_id, []).append(
                RhkSource(
                    jenis=jenis,
                    urutan=urutan,
                    teks=teks,
                    perspektif=perspektif,
                    # A sasaran strategis belongs to one year's PK: keep only this year's.
                    sasaran_id=sasaran_id if sasaran_id in self.sasaran_ids else None,
                    old_id=rhk_id,
                    old_atasan_id=atasan_id,
                    indikator=tuple(indicators.get(rhk_id, ())),
                )
            )
        perilaku: dict[int, dict[int, str]] = {}
        expectation_rows = (
            PerilakuExpectation.objects.filter(skp_id__in=skp_ids)
            .exclude(ekspektasi_khusus="")
            .values_list("skp_id", "nilai", "ekspektasi_khusus")
        )
        for skp_id, nilai, text in expectation_rows:
            perilaku.setdefault(skp_id, {})[nilai] = text
        return {
            employee_id: DraftSource(
                asal=SumberDraf.SKP_SEBELUMNYA,
                rhk=tuple(rhk_by_skp.get(row[0], ())),
                lampiran=dict(zip(LAMPIRAN_FIELDS, row[4:], strict=True)),
                perilaku=perilaku.get(row[0], {}),
            )
            for employee_id, row in best.items()
        }

    def _load_templates(self, position_ids: Iterable[int]) -> None:
        missing = [pk for pk in position_ids if pk not in self.templates]
        if not missing:
            return
        for pk in missing:
            self.templates[pk] = ()
        rows = SkpTemplate.objects.filter(
            instansi_id=self.opening.instansi_id, position_id__in=missing
        ).values_list("position_id", "rhk")
        for position_id, rhk in rows:
            self.templates[position_id] = template_rhk(rhk)

    # --- reporting -------------------------------------------------------------------------

    def summary(self) -> str:
        t = self.totals
        return (
            f"{t.dibuat} SKP dibuat ({t.asal.get(SumberDraf.SKP_SEBELUMNYA, 0)} dari SKP tahun "
            f"sebelumnya, {t.asal.get(SumberDraf.TEMPLAT, 0)} dari templat jabatan, "
            f"{t.asal.get(SumberDraf.KOSONG, 0)} kosong), {t.dilewati} dilewati karena sudah "
            f"punya SKP; {t.rhk} RHK dan {t.indikator} indikator disalin, {t.tersambung} RHK "
            "tersambung ke RHK atasan."
        )

    def audit_data(self) -> dict[str, Any]:
        t = self.totals
        return {
            "period_id": self.period.pk,
            "tahun": self.period.tahun,
            "unit_id": self.opening.unit_id,
            "sumber": self.sumber,
            "total": self.opening.total,
            "dibuat": t.dibuat,
            "dilewati": t.dilewati,
            "rhk": t.rhk,
            "indikator": t.indikator,
            "rhk_tersambung": t.tersambung,
            "rhk_belum_tersambung": len(self.pending),
            "asal": dict(t.asal),
        }


# --- position templates ----------------------------------------------------------------------


def template_rhk(items: Any) -> tuple[RhkSource, ...]:
    """The RHK of a SkpTemplate's JSON, cleaned: unknown choices dropped, bad numbers ignored."""
    if not isinstance(items, list):
        return ()
    found: list[RhkSource] = []
    for urutan, item in enumerate(items, start=1):
        if not isinstance(item, dict) or not str(item.get("teks") or "").strip():
            continue
        jenis = str(item.get("jenis")) if item.get("jenis") in JenisRhk.values else JenisRhk.UTAMA
        perspektif = str(item["perspektif"]) if item.get("perspektif") in Perspektif.values else ""
        indicators = item.get("indikator")
        if not isinstance(indicators, list):
            indicators = []
        found.append(
            RhkSource(
                jenis=jenis,
                urutan=urutan,
                teks=str(item["teks"]).strip(),
                perspektif=perspektif,
                indikator=tuple(
                    _template_indicator(row, index)
                    for index, row in enumerate(indicators, start=1)
                    if isinstance(row, dict) and str(row.get("uraian") or "").strip()
                ),
            )
        )
    return tuple(found)


def _template_indicator(row: dict[str, Any], urutan: int) -> Row:
    """One indicator of a template, in INDIKATOR_COLUMNS order (without the RHK id)."""
    low, high = _decimal(row.get("target_min")), _decimal(row.get("target_max"))
    if low is not None and high is not None and low > high:
        low, high = high, low
    aspek = row.get("aspek") if row.get("aspek") in Aspek.values else ""
    satuan = str(row.get("satuan") or "")[:60]
    return (urutan, aspek, str(row["uraian"]).strip(), low, high, satuan)


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value).replace(",", "."))
    except InvalidOperation:
        return None
    if not number.is_finite() or abs(number) >= Decimal("1e12"):
        return None
    return number.quantize(Decimal("0.01"))
