"""The monthly documents of one employee as official PDFs: the activity report (for whoever
may read the employee's activities, activity.access) and the attendance recap (for whoever
may read their attendance recap, attendance.access). Both are issued with a verification
code per distinct content."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse

from ekinerja.activity import access as activity_access
from ekinerja.attendance import access as attendance_access
from ekinerja.people.models import Employee

from .activity_report import activity_report_data, activity_report_pdf
from .attendance_recap import attendance_recap_data, attendance_recap_pdf
from .choices import JenisDokumen
from .services_verification import Issue, with_verification

YEARS = range(2000, 2101)


def _month(tahun: int, bulan: int) -> str:
    if tahun not in YEARS or not 1 <= bulan <= 12:
        raise Http404("Bulan tidak dikenal.")
    return f"{tahun:04d}-{bulan:02d}"


def _issue(
    employee: Employee,
    jenis: str,
    sumber: str,
    judul: str,
    data: dict[str, Any],
    fakta: dict[str, str],
) -> Issue:
    pegawai = data["pegawai"]
    return Issue(
        instansi_id=employee.instansi_id, jenis=jenis, sumber=sumber,
        judul=f"{judul} {data['bulan']}", status=data["status"], pegawai_nama=pegawai["nama"],
        pegawai_nip=pegawai["nip"].replace(" ", ""), unit_nama=pegawai.get("unit", ""),
        periode=data["bulan"],
        fakta={"Pejabat penilai": (data.get("penilai") or {}).get("nama", "") or "-"} | fakta,
    )  # fmt: skip


def _response(pdf: bytes, prefix: str, data: dict[str, Any], employee: Employee, yyyy_mm: str):
    response = HttpResponse(pdf, content_type="application/pdf")
    nip = data["pegawai"]["nip"].replace(" ", "") or str(employee.pk)
    response["Content-Disposition"] = f'inline; filename="{prefix}-{nip}-{yyyy_mm}.pdf"'
    return response


def activity_report_document(
    request: HttpRequest, employee_id: int, tahun: int, bulan: int
) -> HttpResponse:
    yyyy_mm = _month(tahun, bulan)
    employee = activity_access.get_employee_for_reader(request.user, employee_id)
    data = activity_report_data(employee, tahun, bulan)
    ringkasan = data["ringkasan"]
    issue = _issue(
        employee, JenisDokumen.LAPORAN_AKTIVITAS, f"aktivitas:{employee.pk}:{yyyy_mm}",
        "Laporan kinerja harian", data,
        {"Menit disetujui": ringkasan["disetujui"], "Capaian": ringkasan["capaian"]},
    )  # fmt: skip
    data = with_verification(issue, data, request.user)
    return _response(activity_report_pdf(data), "laporan-aktivitas", data, employee, yyyy_mm)


def attendance_recap_document(
    request: HttpRequest, employee_id: int, tahun: int, bulan: int
) -> HttpResponse:
    yyyy_mm = _month(tahun, bulan)
    employee = attendance_access.get_employee_for_recap(request.user, employee_id)
    data = attendance_recap_data(employee, tahun, bulan)
    totals = dict(data["ringkasan"])
    issue = _issue(
        employee, JenisDokumen.REKAP_PRESENSI, f"presensi:{employee.pk}:{yyyy_mm}",
        "Rekap presensi", data,
        {"Hari kerja": totals["Hari kerja"], "Tanpa keterangan": totals["Tanpa keterangan (TK)"]},
    )  # fmt: skip
    data = with_verification(issue, data, request.user)
    return _response(attendance_recap_pdf(data), "rekap-presensi", data, employee, yyyy_mm)
