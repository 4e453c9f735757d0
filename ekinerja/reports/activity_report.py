"""The monthly activity report (laporan kinerja harian per bulan) of one employee (issue 8).

`activity_report_data(employee, year, month)` reads the month in a fixed number of queries,
whatever the number of days or activities, and formats every value the way it is printed;
`activity_report_pdf(data)` renders `typst/laporan_aktivitas.typ` (A4 landscape). The minute
totals and the capaian are those of the activity month view (`activity.productivity`). Keys
marked (opsional) may be left out.

    {
        "instansi": {"nama", "nama_daerah", "alamat"},
        "bulan": "Januari 2026",
        "status": "final" | "draf",     # draf: the month has not ended or has activities
                                         # waiting for validation (DRAF watermark and a note)
        "keterangan": "Masih ada aktivitas yang menunggu validasi ...",   # (opsional)
        "pegawai": {"nama", "nip", "pangkat", "jabatan", "unit"},
        "penilai": {"nama", "nip", "pangkat", "jabatan", "unit"},   # {} when there is none
        "hari": [                        # only the days with activities, in order
            {"tanggal": "Senin, 5 Januari 2026",
             "menit": "240",             # the day's approved minutes
             "aktivitas": [
                 {"jam": "08.00–09.30", "uraian": "Menyusun laporan ...",
                  "output": "1 laporan",
                  "rhk": "Laporan surveilans tersusun",        # "" when none
                  "indikator": "Jumlah laporan surveilans",   # "" when none
                  "menit": "90", "status": "Disetujui"}]}],
        "ringkasan": {"disetujui": "1.250", "diakui": "1.200", "target": "6.600",
                      "capaian": "18,18 %", "menunggu": "90", "ditolak": "0",
                      "jumlah_aktivitas": "12"},
        "penandatangan": {"tempat_tanggal": "Sukamaju, 31 Januari 2026"},
        "dicetak": "5 Desember 2026 21:40",                                 # (opsional)
    }

The signers are the pejabat penilai kinerja (left) and the pegawai (right), both as they stand
on the last day of the month (today for the running month). The date is the last day of a past
month, left blank for the running one.
"""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal
from itertools import groupby
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format

from ekinerja.activity.choices import StatusAktivitas
from ekinerja.activity.models import Activity
from ekinerja.activity.productivity import monthly_productivity
from ekinerja.people import hierarchy
from ekinerja.people.models import Employee
from ekinerja.planning.services import identity
from ekinerja.planning.targets import angka

from .pdf import kop_of, printed_now, render_pdf, require_keys

REPORT_KEYS = ("instansi", "bulan", "status", "pegawai", "penilai", "hari", "ringkasan")
BLANK_DATE = ". . . . . . . . . . . . . . . . . ."
WEEKDAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")


def activity_report_pdf(data: dict[str, Any], *, timestamp: dt.datetime | None = None) -> bytes:
    """The monthly activity report; `data` as in the module docstring."""
    require_keys("laporan aktivitas", data, REPORT_KEYS)
    return render_pdf("laporan_aktivitas", data, timestamp=timestamp)


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def day_text(day: dt.date) -> str:
    return f"{WEEKDAYS[day.weekday()]}, {date_format(day, 'j F Y')}"


def number(value: int | Decimal) -> str:
    return angka(Decimal(value))


def people_on(employee: Employee, day: dt.date) -> tuple[dict[str, str], dict[str, str]]:
    """The pegawai and their pejabat penilai as they stand on `day` (a fixed few queries)."""
    seat = hierarchy.primary_assignment(employee, day)
    pegawai = identity(employee, seat.position if seat else None)
    penilai = hierarchy.pejabat_penilai(employee, day)
    return pegawai, (identity(penilai.employee, penilai.position) if penilai else {})


def signing_day(last: dt.date, today: dt.date) -> dt.date:
    """The day whose identities are printed: the month's last day, or today while it runs."""
    return min(last, today)


def _activity(activity: Activity) -> dict[str, str]:
    indikator = activity.indikator
    jumlah = angka(activity.jumlah_output)
    return {
        "jam": f"{activity.mulai:%H.%M}–{activity.selesai:%H.%M}",
        "uraian": activity.uraian,
        "output": f"{jumlah} {activity.satuan}".strip(),
        "rhk": indikator.rhk.teks if indikator else "",
        "indikator": indikator.uraian if indikator else "",
        "menit": number(activity.menit),
        "status": activity.get_status_display(),
    }


def activity_report_data(employee: Employee, year: int, month: int) -> dict[str, Any]:
    """The document data of one employee's month: the same number of queries for one activity
    or a month full of them."""
    first, last = month_bounds(year, month)
    today = timezone.localdate()
    employee = Employee.objects.select_related("instansi").get(pk=employee.pk)
    instansi = employee.instansi
    activities = list(
        Activity.objects.filter(employee_id=employee.pk, tanggal__range=(first, last))
        .select_related("indikator__rhk")
        .order_by("tanggal", "mulai", "id")
    )
    row = monthly_productivity(employee.instansi_id, year, month, [employee.pk])[0]
    pegawai, penilai = people_on(employee, signing_day(last, today))

    days = []
    for day, group in groupby(activities, key=lambda a: a.tanggal):
        items = list(group)
        approved = sum(a.menit for a in items if a.status == StatusAktivitas.DISETUJUI)
        days.append(
            {
                "tanggal": day_text(day),
                "menit": number(approved),
                "aktivitas": [_activity(a) for a in items],
            }
        )

    running = last >= today
    if running:
        keterangan = "Bulan belum berakhir; laporan dapat bertambah dan berubah"
    elif row.pending_minutes:
        keterangan = "Masih ada aktivitas yang menunggu validasi atau dikembalikan untuk diperbaiki"
    else:
        keterangan = ""
    place = instansi.ibu_kota or instansi.nama_daerah
    signed = BLANK_DATE if running else date_format(last, "j F Y")
    return {
        "instansi": kop_of(instansi),
        "bulan": date_format(first, "F Y"),
        "status": "draf" if keterangan else "final",
        "keterangan": keterangan,
        "pegawai": pegawai,
        "penilai": penilai,
        "hari": days,
        "ringkasan": {
            "disetujui": number(row.approved_minutes),
            "diakui": number(row.credited_minutes),
            "target": number(row.target_minutes),
            "capaian": f"{angka(row.capaian)} %",
            "menunggu": number(row.pending_minutes),
            "ditolak": number(row.rejected_minutes),
            "jumlah_aktivitas": number(len(activities)),
        },
        "penandatangan": {"tempat_tanggal": f"{place}, {signed}"},
        "dicetak": printed_now(),
    }
