"""ABK pages: the region (one row per OPD), an OPD (one row per position), a position (its
tasks), and the Excel downloads of the two tables. Access through dashboard/access.py."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render

from ekinerja.core.tabular import Column, xlsx_response
from ekinerja.org.choices import JENIS_UNIT_OPD
from ekinerja.org.models import Position, Unit
from ekinerja.people.access import roles_for, today

from . import abk, selectors_abk
from .access import can_view_unit, require_monitoring, require_unit, sees_every_opd

TAHUN_KE_BELAKANG = 5  # years offered before the running one


class TahunTidakSah(Exception):
    pass


def _years() -> list[int]:
    current = today().year
    return list(range(current, current - TAHUN_KE_BELAKANG - 1, -1))


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("tahun", "").strip()
    if not raw:
        return today().year
    years = _years()
    if not raw.isdigit() or int(raw) not in years:
        raise TahunTidakSah(
            f"Tahun '{raw[:10]}' tidak dapat dipilih: pilih tahun {years[-1]} sampai {years[0]}."
        )
    return int(raw)


def _refused(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "dashboard/abk_galat.html", {"pesan": message}, status=400)


def _context(request: HttpRequest) -> selectors_abk.AbkContext:
    instansi_id = roles_for(request.user).instansi_id
    assert instansi_id is not None  # require_monitoring let only instansi users through
    return selectors_abk.context_for(instansi_id, _year(request), today())


def _visible_opds(request: HttpRequest, instansi_id: int) -> list[Unit]:
    return [
        unit for unit in selectors_abk.opds_of(instansi_id) if can_view_unit(request.user, unit.pk)
    ]


def _opd_or_404(request: HttpRequest, ctx: selectors_abk.AbkContext, unit_id: int) -> Unit:
    unit = Unit.objects.filter(
        pk=unit_id, instansi_id=ctx.instansi_id, jenis__in=JENIS_UNIT_OPD
    ).first()
    if unit is None:
        raise Http404("OPD tidak ditemukan.")
    require_unit(request.user, unit.pk)
    return unit


def _page(request: HttpRequest, ctx: selectors_abk.AbkContext, **extra: Any) -> dict[str, Any]:
    return {
        "ctx": ctx,
        "tahun_pilihan": _years(),
        "tahun": ctx.tahun,
        "pita": ctx.bands,
        **extra,
    }


def region(request: HttpRequest) -> HttpResponse:
    require_monitoring(request.user)
    try:
        ctx = _context(request)
    except TahunTidakSah as error:
        return _refused(request, str(error))
    opds = _visible_opds(request, ctx.instansi_id)
    report = selectors_abk.region(ctx, opds, whole_instansi=sees_every_opd(request.user))
    return render(request, "dashboard/abk_region.html", _page(request, ctx, report=report))


def opd(request: HttpRequest, unit_id: int) -> HttpResponse:
    require_monitoring(request.user)
    try:
        ctx = _context(request)
    except TahunTidakSah as error:
        return _refused(request, str(error))
    unit = _opd_or_404(request, ctx, unit_id)
    baris = selectors_abk.opd(ctx, unit)
    return render(request, "dashboard/abk_opd.html", _page(request, ctx, opd=baris))


def position(request: HttpRequest, position_id: int) -> HttpResponse:
    require_monitoring(request.user)
    try:
        ctx = _context(request)
    except TahunTidakSah as error:
        return _refused(request, str(error))
    found = Position.objects.filter(pk=position_id, instansi_id=ctx.instansi_id).first()
    if found is None:
        raise Http404("Jabatan tidak ditemukan.")
    require_unit(request.user, found.unit_id)
    unit = selectors_abk.opd_of_position(ctx, found)
    if unit is None:
        raise Http404("Jabatan ini tidak berada di bawah OPD.")
    baris = selectors_abk.opd(ctx, unit)
    row = next((r for r in baris.jabatan if r.position_id == found.pk), None)
    tasks = selectors_abk.position_tasks(found.pk)
    return render(
        request,
        "dashboard/abk_position.html",
        _page(
            request,
            ctx,
            opd=baris,
            jabatan=found,
            baris=row,
            tugas=tasks,
            # An admin of a unit below the OPD sees the position, not the OPD's page.
            sees_opd=can_view_unit(request.user, unit.pk),
        ),
    )


# --- Excel -----------------------------------------------------------------------------------


def _exact(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.0001"))


def _pj(band: abk.Pita | None) -> str:
    return f"{band.kode} ({band.nama})" if band else ""


REGION_COLUMNS = [
    Column("Kode OPD", 12, text=True),
    Column("OPD", 40),
    Column("Jabatan dengan ABK", 12),
    Column("Jabatan seluruhnya", 12),
    Column("Beban kerja (menit/tahun)", 16),
    Column("Kebutuhan (tepat)", 12),
    Column("Kebutuhan", 11),
    Column("Pegawai ada", 11),
    Column("Kurang", 9),
    Column("Lebih", 9),
    Column("Selisih", 9),
    Column("EJ", 8),
    Column("PJ", 16),
    Column("Pegawai pada jabatan tanpa ABK", 14),
    Column("Menit aktivitas disetujui", 16),
    Column("Hari cakupan bukti", 12),
    Column("Kebutuhan menurut bukti (tepat)", 14),
    Column("Kebutuhan menurut bukti", 14),
]


def _opd_cells(kode: str, nama: str, h: abk.OpdHasil) -> tuple[Any, ...]:
    return (
        kode,
        nama,
        h.jabatan_abk,
        h.jabatan_total,
        h.beban_menit,
        _exact(h.kebutuhan),
        h.kebutuhan_bulat,
        h.ada,
        h.kurang,
        h.lebih,
        h.selisih,
        h.ej,
        _pj(h.pj),
        h.ada_tanpa_abk,
        h.bukti_menit,
        h.hari_cakupan,
        _exact(h.kebutuhan_bukti),
        h.kebutuhan_bukti_bulat,
    )


def region_export(request: HttpRequest) -> HttpResponseBase:
    require_monitoring(request.user)
    try:
        ctx = _context(request)
    except TahunTidakSah as error:
        return _refused(request, str(error))
    opds = _visible_opds(request, ctx.instansi_id)
    report = selectors_abk.region(ctx, opds, whole_instansi=sees_every_opd(request.user))
    rows = [_opd_cells(o.kode, o.nama, o.hasil) for o in report.opds]
    rows.append(_opd_cells("", "Jumlah", report.total))
    return xlsx_response(f"abk-{ctx.tahun}.xlsx", REGION_COLUMNS, rows, sheet_name="ABK OPD")


OPD_COLUMNS = [
    Column("Kode jabatan", 14, text=True),
    Column("Jabatan", 40),
    Column("Unit", 30),
    Column("Tugas dengan volume", 10),
    Column("Beban kerja (menit/tahun)", 16),
    Column("Kebutuhan (tepat)", 12),
    Column("Kebutuhan", 11),
    Column("Pegawai ada", 11),
    Column("Selisih", 9),
    Column("EJ", 8),
    Column("PJ", 16),
    Column("Menit aktivitas disetujui", 16),
    Column("Menit setahun (bukti)", 16),
    Column("Kebutuhan menurut bukti (tepat)", 14),
    Column("Kebutuhan menurut bukti", 14),
]


def opd_export(request: HttpRequest, unit_id: int) -> HttpResponseBase:
    require_monitoring(request.user)
    try:
        ctx = _context(request)
    except TahunTidakSah as error:
        return _refused(request, str(error))
    unit = _opd_or_404(request, ctx, unit_id)
    baris = selectors_abk.opd(ctx, unit)
    rows: list[tuple[Any, ...]] = [
        (
            r.kode,
            r.nama,
            r.unit_nama,
            r.hasil.jumlah_tugas,
            r.hasil.beban_menit if r.hasil.punya_abk else None,
            _exact(r.hasil.kebutuhan) if r.hasil.punya_abk else None,
            r.hasil.kebutuhan_bulat if r.hasil.punya_abk else None,
            r.hasil.ada,
            r.hasil.selisih,
            r.hasil.ej,
            _pj(r.hasil.pj),
            r.hasil.bukti_menit,
            _exact(r.hasil.bukti_menit_setahun),
            _exact(r.hasil.kebutuhan_bukti),
            r.hasil.kebutuhan_bukti_bulat,
        )
        for r in baris.jabatan
    ]
    filename = f"abk-{unit.kode}-{ctx.tahun}.xlsx"
    return xlsx_response(filename, OPD_COLUMNS, rows, sheet_name="ABK jabatan")
