"""Pages under /presensi/rekap/: an employee's month day by day, a unit's month per employee,
both on screen and as Excel, and the admins' request to recompute a month."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from ekinerja.core.closing import closed_message
from ekinerja.core.params import whole_number
from ekinerja.core.services import record_audit_event
from ekinerja.core.tabular import Column, xlsx_response
from ekinerja.org.models import Instansi
from ekinerja.people.access import roles_for, today
from ekinerja.people.models import Employee
from ekinerja.people.reporting import ReportInputError, in_unit, month_from_param, unit_options

from . import access
from . import selectors_recap as recap
from .choices import StatusKehadiran
from .services_daily import closed_months_of, request_recompute

ROWS_PER_PAGE = 50


def recap_home(request: HttpRequest) -> HttpResponse:
    roles = roles_for(request.user)
    if roles.keeps_attendance and roles.employee is not None:
        return redirect("recap-employee", pk=roles.employee.pk)
    if access.can_view_unit_recap(request.user):
        return redirect("recap-unit")
    raise PermissionDenied("Rekap presensi hanya untuk pegawai, atasan, admin, dan pimpinan.")


def _month(request: HttpRequest) -> tuple[int, int]:
    return month_from_param(request.GET.get("bulan"), today())


# --- one employee -------------------------------------------------------------------------------


def recap_employee(request: HttpRequest, pk: int) -> HttpResponse:
    employee = access.get_employee_for_recap(request.user, pk)
    try:
        year, month = _month(request)
    except ReportInputError as error:
        context = {"employee": employee, "problem": str(error), "bulan": request.GET.get("bulan")}
        return render(request, "attendance/recap/employee.html", context, status=400)
    month_data = recap.employee_month(employee, year, month)
    context = {
        "employee": employee,
        "bulan": f"{year:04d}-{month:02d}",
        "month_start": dt.date(year, month, 1),
        "days": month_data.days,
        "totals": month_data.totals,
        "code_counts": month_data.totals.code_counts(
            recap.band_codes(employee.instansi_id, year, month)
        ),
        "own": roles_for(request.user).employee == employee,
    }
    return render(request, "attendance/recap/employee.html", context)


EMPLOYEE_COLUMNS = [
    Column("Tanggal", 12),
    Column("Hari", 9),
    Column("Jadwal", 22),
    Column("Jam masuk jadwal", 10),
    Column("Jam pulang jadwal", 10),
    Column("Datang", 9),
    Column("Pulang", 9),
    Column("Status", 16),
    Column("Cuti/izin", 18),
    Column("Menit terlambat", 10),
    Column("Kategori TL", 8),
    Column("Menit pulang cepat", 10),
    Column("Kategori PSW", 8),
    Column("Keterangan", 30),
]


def _hhmm(value: dt.time | None) -> str:
    return "" if value is None else value.strftime("%H:%M")


def _employee_row(day: recap.RecapDay) -> list[Any]:
    row = day.record
    if row is None:
        return [day.day, day.weekday, *[""] * 11, day.holiday or ""]
    return [
        day.day,
        day.weekday,
        row.jadwal,
        _hhmm(row.jam_masuk_jadwal),
        _hhmm(row.jam_pulang_jadwal),
        _hhmm(row.jam_datang),
        _hhmm(row.jam_pulang),
        row.get_status_display(),
        row.get_jenis_cuti_display() if row.jenis_cuti else "",
        row.menit_terlambat,
        row.kode_tl,
        row.menit_pulang_cepat,
        row.kode_psw,
        row.keterangan,
    ]


def recap_employee_xlsx(request: HttpRequest, pk: int) -> HttpResponseBase:
    employee = access.get_employee_for_recap(request.user, pk)
    try:
        year, month = _month(request)
    except ReportInputError as error:
        return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
    month_data = recap.employee_month(employee, year, month)
    return xlsx_response(
        f"presensi-{employee.nip or employee.pk}-{year:04d}-{month:02d}.xlsx",
        EMPLOYEE_COLUMNS,
        (_employee_row(day) for day in month_data.days),
        sheet_name="Presensi",
    )


# --- a unit -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitFilters:
    year: int
    month: int
    unit_id: int | None
    units: list[tuple[int, str]]

    @property
    def bulan(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def _unit_filters(request: HttpRequest, params: QueryDict | None = None) -> UnitFilters:
    """The recap's month and unit from the query string (or a posted form's fields)."""
    if not access.can_view_unit_recap(request.user):
        raise PermissionDenied("Rekap unit hanya untuk atasan, admin, pimpinan, dan auditor.")
    params = request.GET if params is None else params
    year, month = month_from_param(params.get("bulan"), today())
    units = unit_options(request.user)
    raw = params.get("unit", "").strip()
    unit_id = None
    if raw:
        unit_id = whole_number(raw)
        if unit_id is None or unit_id not in {pk for pk, _ in units}:
            raise ReportInputError("Unit tidak dikenal atau di luar cakupan Anda.")
    return UnitFilters(year, month, unit_id, units)


def _unit_scope(request: HttpRequest, filters: UnitFilters) -> QuerySet[Employee]:
    scope = access.recap_scope(request.user).in_service()
    if filters.unit_id is not None:
        scope = in_unit(scope, roles_for(request.user).instansi_id or 0, filters.unit_id)
    return scope


def recap_unit(request: HttpRequest) -> HttpResponse:
    try:
        filters = _unit_filters(request)
    except ReportInputError as error:
        context = {"problem": str(error), "bulan": request.GET.get("bulan", "")}
        return render(request, "attendance/recap/unit.html", context, status=400)
    instansi_id = roles_for(request.user).instansi_id or 0
    codes = recap.band_codes(instansi_id, filters.year, filters.month)
    lines = recap.unit_month(_unit_scope(request, filters), filters.year, filters.month, codes)
    page = Paginator(lines, ROWS_PER_PAGE).get_page(request.GET.get("halaman"))
    context = {
        "filters": filters,
        "bulan": filters.bulan,
        "month_start": dt.date(filters.year, filters.month, 1),
        "codes": codes,
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number),
        "summary": _summary(lines),
        "can_recompute": access.can_manage_punches(request.user),
    }
    return render(request, "attendance/recap/unit.html", context)


def _summary(lines: list[recap.UnitLine]) -> dict[str, int]:
    return {
        "pegawai": len(lines),
        "hari_kerja": sum(line.totals.hari_kerja for line in lines),
        "hadir": sum(line.totals.hadir for line in lines),
        "terlambat": sum(sum(line.totals.tl.values()) for line in lines),
        "tanpa_keterangan": sum(line.totals.tanpa_keterangan for line in lines),
    }


def _unit_columns(codes: recap.BandCodes) -> list[Column]:
    return [
        Column("NIP", 20, text=True),
        Column("Nama", 32),
        Column("Hari kerja", 9),
        Column("Hadir", 8),
        *[Column(label, 8) for label in _STATUS_COLUMNS.values()],
        *[Column(code, 7) for code in codes.tl],
        Column("Menit terlambat", 10),
        *[Column(code, 7) for code in codes.psw],
        Column("Menit pulang cepat", 10),
    ]


# Statuses shown as their own column after "Hadir" (which already sums the first three).
_STATUS_COLUMNS = {
    StatusKehadiran.TERLAMBAT: "Terlambat",
    StatusKehadiran.PULANG_CEPAT: "Pulang cepat",
    StatusKehadiran.TANPA_KETERANGAN: "Tanpa keterangan",
    StatusKehadiran.CUTI: "Cuti",
    StatusKehadiran.SAKIT: "Sakit",
    StatusKehadiran.IZIN: "Izin",
    StatusKehadiran.DINAS_LUAR: "Dinas luar",
}


def _unit_row(line: recap.UnitLine) -> list[Any]:
    totals = line.totals
    return [
        line.nip,
        line.nama,
        totals.hari_kerja,
        totals.hadir,
        *[totals.status[status] for status in _STATUS_COLUMNS],
        *line.tl_counts,
        totals.menit_terlambat,
        *line.psw_counts,
        totals.menit_pulang_cepat,
    ]


def recap_unit_xlsx(request: HttpRequest) -> HttpResponseBase:
    try:
        filters = _unit_filters(request)
    except ReportInputError as error:
        return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
    instansi_id = roles_for(request.user).instansi_id or 0
    codes = recap.band_codes(instansi_id, filters.year, filters.month)
    lines = recap.unit_month(_unit_scope(request, filters), filters.year, filters.month, codes)
    return xlsx_response(
        f"rekap-presensi-{filters.bulan}.xlsx",
        _unit_columns(codes),
        (_unit_row(line) for line in lines),
        sheet_name="Rekap presensi",
    )


@require_POST
def recap_recompute(request: HttpRequest) -> HttpResponse:
    """Admins recompute a month for the employees in their scope after changing rules."""
    if not access.can_manage_punches(request.user):
        raise PermissionDenied("Hanya admin yang dapat menghitung ulang presensi.")
    try:
        filters = _unit_filters(request, request.POST)
    except ReportInputError as error:
        messages.error(request, str(error))
        return redirect("recap-unit")
    first, last = recap.month_bounds(filters.year, filters.month)
    last = min(last, today())
    scope = list(_unit_scope(request, filters).values_list("pk", flat=True))
    # Employees whose month a TPP run has paid keep it as paid; the admin is told so.
    closed = closed_months_of(scope, first, last)
    ids = [pk for pk in scope if pk not in closed]
    if closed:
        messages.warning(request, _closed_note(len(closed), filters))
    instansi_id = roles_for(request.user).instansi_id or 0
    outcome = request_recompute(instansi_id, ids, first, last)
    record_audit_event(
        actor=request.user,
        action="hitung_ulang_presensi",
        obj=Instansi(pk=instansi_id),
        instansi_id=instansi_id,
        summary=f"Hitung ulang presensi {filters.bulan} untuk {len(ids)} pegawai",
        data={
            "bulan": filters.bulan,
            "unit": filters.unit_id,
            "pegawai": len(ids),
            "bulan_final": len(closed),
        },
    )
    if outcome == "antre":
        messages.info(
            request,
            f"Penghitungan ulang {len(ids)} pegawai dijalankan di latar belakang; "
            "muat ulang halaman ini beberapa saat lagi.",
        )
    elif ids:
        messages.success(request, f"Presensi {len(ids)} pegawai telah dihitung ulang.")
    query = f"?bulan={filters.bulan}" + (f"&unit={filters.unit_id}" if filters.unit_id else "")
    return redirect(reverse("recap-unit") + query)


def _closed_note(count: int, filters: UnitFilters) -> str:
    return f"{count} pegawai tidak dihitung ulang: " + closed_message(filters.year, filters.month)
