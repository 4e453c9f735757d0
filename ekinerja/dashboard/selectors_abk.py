"""Reads for the ABK pages: per OPD and per position of an instansi on a reference day.

A fixed number of queries whatever the number of positions: the units, the positions, the
catalogue grouped per position, the staff present grouped per position, the approved minutes
grouped per position, and the go-live dates. The calculation is `dashboard/abk.py`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import BigIntegerField, Count, F, Min, Q, Sum
from django.db.models.functions import Cast

from ekinerja.activity.choices import StatusAktivitas
from ekinerja.activity.models import Activity, CatalogItem
from ekinerja.org.choices import JENIS_UNIT_OPD
from ekinerja.org.models import Position, Unit
from ekinerja.org.selectors import UnitParents, opd_id_of, subtree_from, unit_parents
from ekinerja.people.choices import KEDUDUKAN_MASIH_BEKERJA, STATUS_ASN, JenisPenugasan
from ekinerja.people.models import Assignment

from . import abk
from .models import OpdGoLive
from .selectors_policy import policy_on

BULAN_BUKTI = 12


@dataclass(frozen=True)
class AbkContext:
    """What every ABK read needs: the instansi, the reference day and the rules in force."""

    instansi_id: int
    tahun: int
    hari: dt.date  # staff present are counted on this day; evidence ends on it
    jke: int
    bands: tuple[abk.Pita, ...]
    pita_galat: tuple[str, ...] = ()  # why the stored bands were set aside, if they were

    @property
    def jendela_mulai(self) -> dt.date:
        """The first day of the 12 calendar months ending with the reference month."""
        index = self.hari.year * 12 + self.hari.month - 1 - (BULAN_BUKTI - 1)
        return dt.date(index // 12, index % 12 + 1, 1)


def reference_day(tahun: int, today: dt.date) -> dt.date:
    """Today for the running year, 31 December for a past one."""
    return today if tahun >= today.year else dt.date(tahun, 12, 31)


def context_for(instansi_id: int, tahun: int, today: dt.date) -> AbkContext:
    day = reference_day(tahun, today)
    policy = policy_on(instansi_id, day)
    try:
        bands = abk.parse_bands(policy.pita_prestasi_jabatan)
        errors: tuple[str, ...] = ()
    except abk.PitaTidakSah as error:
        # A bad row must not take the page down: the defaults stand in, and the page says why.
        bands, errors = abk.PITA_BAWAAN, tuple(error.messages)
    return AbkContext(instansi_id, tahun, day, policy.jke_menit_tahunan, bands, errors)


@dataclass(frozen=True)
class JabatanBaris:
    position_id: int
    kode: str
    nama: str
    unit_nama: str
    hasil: abk.JabatanHasil


@dataclass(frozen=True)
class OpdBaris:
    unit_id: int
    kode: str
    nama: str
    hasil: abk.OpdHasil
    jabatan: list[JabatanBaris] = field(default_factory=list)


@dataclass(frozen=True)
class RegionReport:
    opds: list[OpdBaris]
    total: abk.OpdHasil


def _positions(ctx: AbkContext, unit_ids: set[int] | None) -> list[dict[str, Any]]:
    qs = Position.objects.filter(instansi_id=ctx.instansi_id, aktif=True)
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=unit_ids)
    fields = ("id", "kode", "nama", "unit_id", "unit__nama")
    return [dict(row) for row in qs.order_by("unit__kode", "kode").values(*fields)]


def _catalogue(ctx: AbkContext, unit_ids: set[int] | None) -> dict[int, tuple[int, int]]:
    """position -> (tasks with a volume, sum of volume x norma waktu)."""
    qs = CatalogItem.objects.filter(
        instansi_id=ctx.instansi_id, aktif=True, volume_tahunan__isnull=False
    )
    if unit_ids is not None:
        qs = qs.filter(position__unit_id__in=unit_ids)
    # A volume of 100,000 times a norma of 100,000 minutes overflows a 32-bit product.
    beban = Cast("volume_tahunan", BigIntegerField()) * F("norma_waktu")
    rows = qs.values("position_id").annotate(tugas=Count("id"), beban=Sum(beban)).order_by()
    return {r["position_id"]: (r["tugas"], int(r["beban"] or 0)) for r in rows}


def _staff(ctx: AbkContext, unit_ids: set[int] | None) -> dict[int, int]:
    """position -> ASN (PNS, CPNS, PPPK) still in service holding it definitif on the day."""
    qs = Assignment.objects.active_on(ctx.hari).filter(
        jenis=JenisPenugasan.DEFINITIF,
        position__instansi_id=ctx.instansi_id,
        employee__status__in=STATUS_ASN,
        employee__kedudukan__in=KEDUDUKAN_MASIH_BEKERJA,
    )
    if unit_ids is not None:
        qs = qs.filter(position__unit_id__in=unit_ids)
    rows = qs.values("position_id").annotate(n=Count("employee_id", distinct=True)).order_by()
    return {r["position_id"]: r["n"] for r in rows}


def _evidence(ctx: AbkContext, unit_ids: set[int] | None) -> dict[int, tuple[int, dt.date]]:
    """position -> (approved minutes, first day with one) over the evidence window, each
    activity going to the position its author held definitif on the activity's day.

    Grouped in the database. For one OPD the planner walks the OPD's definitif assignments
    (index on position, jenis, mulai) and for each holder the activities of the window through
    the (employee, tanggal) index; status and the seat's dates are checked on those rows."""
    seat = Q(
        employee__assignments__jenis=JenisPenugasan.DEFINITIF,
        employee__assignments__mulai__lte=F("tanggal"),
    ) & (
        Q(employee__assignments__selesai__isnull=True)
        | Q(employee__assignments__selesai__gte=F("tanggal"))
    )
    if unit_ids is not None:
        seat &= Q(employee__assignments__position__unit_id__in=unit_ids)
    rows = (
        Activity.objects.filter(
            seat,
            instansi_id=ctx.instansi_id,
            status=StatusAktivitas.DISETUJUI,
            tanggal__gte=ctx.jendela_mulai,
            tanggal__lte=ctx.hari,
        )
        .values(jabatan=F("employee__assignments__position_id"))
        .annotate(menit=Sum("menit"), awal=Min("tanggal"))
        .order_by()
    )
    return {r["jabatan"]: (int(r["menit"] or 0), r["awal"]) for r in rows}


def _go_live(opd_ids: set[int]) -> dict[int, dt.date]:
    return dict(
        OpdGoLive.objects.filter(unit_id__in=opd_ids)
        .order_by()
        .values_list("unit_id", "tanggal_mulai")
    )


def coverage_days(ctx: AbkContext, go_live: dt.date | None, first_evidence: dt.date | None) -> int:
    """Days of the window the OPD could log in: from its go-live date, or without one from its
    first approved activity, to the reference day."""
    start = go_live or first_evidence
    if start is None:
        return 0
    start = max(start, ctx.jendela_mulai)
    return max(0, (ctx.hari - start).days + 1)


def _children(parents: UnitParents) -> dict[int | None, list[int]]:
    children: dict[int | None, list[int]] = defaultdict(list)
    for unit_id, (parent_id, _jenis) in parents.items():
        children[parent_id].append(unit_id)
    return children


def _report(
    ctx: AbkContext, parents: UnitParents, opds: list[Unit], unit_ids: set[int] | None
) -> list[OpdBaris]:
    """Every OPD of `opds` with its positions; `unit_ids` narrows the reads (None: all)."""
    wanted = {opd.pk for opd in opds}
    positions = [
        (row, opd_id)
        for row in _positions(ctx, unit_ids)
        if (opd_id := opd_id_of(row["unit_id"], parents)) in wanted
    ]
    catalogue = _catalogue(ctx, unit_ids)
    staff = _staff(ctx, unit_ids)
    evidence = _evidence(ctx, unit_ids)
    go_live = _go_live(wanted)

    first: dict[int, dt.date] = {}
    for row, opd_id in positions:
        if row["id"] in evidence:
            day = evidence[row["id"]][1]
            first[opd_id] = min(first.get(opd_id, day), day)
    days = {pk: coverage_days(ctx, go_live.get(pk), first.get(pk)) for pk in wanted}

    per_opd: dict[int, list[JabatanBaris]] = {pk: [] for pk in wanted}
    for row, opd_id in positions:
        tugas, beban = catalogue.get(row["id"], (0, 0))
        menit = evidence[row["id"]][0] if row["id"] in evidence else 0
        data = abk.JabatanInput(
            position_id=row["id"],
            opd_id=opd_id,
            jumlah_tugas=tugas,
            beban_menit=beban,
            ada=staff.get(row["id"], 0),
            bukti_menit=menit,
        )
        hasil = abk.position_result(data, jke=ctx.jke, bands=ctx.bands, hari_cakupan=days[opd_id])
        per_opd[opd_id].append(
            JabatanBaris(row["id"], row["kode"], row["nama"], row["unit__nama"], hasil)
        )
    result = []
    for unit in opds:
        rows = per_opd[unit.pk]
        total = abk.opd_total(
            unit.pk,
            (r.hasil for r in rows),
            jke=ctx.jke,
            bands=ctx.bands,
            hari_cakupan=days[unit.pk],
        )
        result.append(OpdBaris(unit.pk, unit.kode, unit.nama, total, rows))
    return result


def opds_of(instansi_id: int) -> list[Unit]:
    return list(
        Unit.objects.filter(instansi_id=instansi_id, jenis__in=JENIS_UNIT_OPD).order_by(
            "urutan", "kode"
        )
    )


def region(ctx: AbkContext, opds: list[Unit], *, whole_instansi: bool) -> RegionReport:
    """One row per OPD of `opds` (those the user may see). Reads the whole instansi when the
    user sees every OPD, otherwise only the units below the listed OPDs."""
    parents = unit_parents(ctx.instansi_id)
    unit_ids = None if whole_instansi else subtree_from(_children(parents), [o.pk for o in opds])
    rows = _report(ctx, parents, opds, unit_ids)
    total = abk.region_total((r.hasil for r in rows), jke=ctx.jke, bands=ctx.bands)
    return RegionReport(rows, total)


def opd(ctx: AbkContext, unit: Unit) -> OpdBaris:
    """One OPD with a row per active position of its subtree."""
    parents = unit_parents(ctx.instansi_id)
    return _report(ctx, parents, [unit], subtree_from(_children(parents), [unit.pk]))[0]


def opd_of_position(ctx: AbkContext, position: Position) -> Unit | None:
    """The OPD a position belongs to, if it belongs to one."""
    opd_id = opd_id_of(position.unit_id, unit_parents(ctx.instansi_id))
    return Unit.objects.filter(pk=opd_id).first() if opd_id else None


def position_tasks(position_id: int) -> list[abk.TugasHasil]:
    """The catalogue rows of the position that carry a volume: its ABK."""
    items = CatalogItem.objects.filter(
        position_id=position_id, aktif=True, volume_tahunan__isnull=False
    ).order_by("uraian")
    return abk.task_results(
        abk.TugasInput(i.uraian, i.volume_tahunan or 0, i.norma_waktu, i.satuan_hasil)
        for i in items
    )
