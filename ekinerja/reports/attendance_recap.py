"""The monthly attendance recap (rekap presensi bulanan) of one employee (issue 8).

`attendance_recap_data(employee, year, month)` reads the month through
`attendance.selectors_recap` in a fixed number of queries and formats every value the way it
is printed; `attendance_recap_pdf(data)` renders `typst/rekap_presensi.typ` (A4 portrait).
Keys marked (opsional) may be left out.

    {
        "instansi": {"nama", "nama_daerah", "alamat"},
        "bulan": "Januari 2026",
        "status": "final" | "draf",     # draf until the month has ended
        "keterangan": "Bulan belum berakhir ...",                      # (opsional)
        "pegawai": {"nama", "nip", "pangkat", "jabatan", "unit"},
        "penilai": {"nama", "nip", "pangkat", "jabatan", "unit"},   # {} when there is none
        "hari": [                        # every day of the month
            {"tanggal": "5", "hari": "Senin", "libur": false,  # weekend or holiday: shaded
             "jadwal": "07.30–16.00", "datang": "07.45", "pulang": "16.02",
             "status": "Terlambat",      # "" for a day without a record
             "rincian": "15 menit (TL1)",   # minutes late/early with their code, leave kind
             "keterangan": "Tahun Baru Masehi"}],
        "ringkasan": [["Hari kerja", "21"], ["Hadir", "19"], ...],   # label, value
        "kode": [["TL1", "2"], ["PSW1", "0"]],                        # TL/PSW occurrences
        "penandatangan": {"tempat_tanggal": "Sukamaju, 31 Januari 2026"},
        "dicetak": "5 Desember 2026 21:40",                                 # (opsional)
    }
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format

from ekinerja.attendance import selectors_recap as recap
from ekinerja.attendance.choices import StatusKehadiran
from ekinerja.people.models import Employee

from .activity_report import BLANK_DATE, number, people_on, signing_day
from .pdf import kop_of, printed_now, render_pdf, require_keys

RECAP_KEYS = ("instansi", "bulan", "status", "pegawai", "penilai", "hari", "ringkasan")


def attendance_recap_pdf(data: dict[str, Any], *, timestamp: dt.datetime | None = None) -> bytes:
    """The monthly attendance recap; `data` as in the module docstring."""
    require_keys("rekap presensi", data, RECAP_KEYS)
    return render_pdf("rekap_presensi", data, timestamp=timestamp)


def _hm(value: dt.time | None) -> str:
    return "" if value is None else f"{value:%H.%M}"


def _minutes(minutes: int | None, code: str) -> str:
    if not minutes:
        return ""
    text = f"{number(minutes)} menit"
    return f"{text} ({code})" if code else f"{text} (dimaafkan)"


def _day(day: recap.RecapDay) -> dict[str, Any]:
    row = day.record
    notes = [n for n in (day.holiday or "", row.keterangan if row else "") if n]
    base = {
        "tanggal": str(day.day.day),
        "hari": day.weekday,
        "libur": day.weekend or day.holiday is not None,
        "keterangan": "; ".join(notes),
    }
    if row is None:
        return base | {"jadwal": "", "datang": "", "pulang": "", "status": "", "rincian": ""}
    details = []
    if row.jenis_cuti:
        details.append(row.get_jenis_cuti_display())
    late = _minutes(row.menit_terlambat, row.kode_tl)
    early = _minutes(row.menit_pulang_cepat, row.kode_psw)
    if late:
        details.append(f"Terlambat {late}")
    if early:
        details.append(f"Pulang cepat {early}")
    if row.tanpa_presensi_masuk:
        details.append("Tidak presensi masuk")
    if row.tanpa_presensi_pulang:
        details.append("Tidak presensi pulang")
    schedule = ""
    if row.jam_masuk_jadwal and row.jam_pulang_jadwal:
        schedule = f"{_hm(row.jam_masuk_jadwal)}–{_hm(row.jam_pulang_jadwal)}"
    return base | {
        "jadwal": schedule,
        "datang": _hm(row.jam_datang),
        "pulang": _hm(row.jam_pulang),
        "status": row.get_status_display(),
        "rincian": "; ".join(details),
    }


def _summary(totals: recap.Totals) -> list[list[str]]:
    s = totals.status
    return [
        ["Hari kerja", number(totals.hari_kerja)],
        ["Jumlah hadir", number(totals.hadir)],
        ["Hadir tepat waktu", number(s[StatusKehadiran.HADIR])],
        ["Terlambat", number(s[StatusKehadiran.TERLAMBAT])],
        ["Pulang cepat", number(s[StatusKehadiran.PULANG_CEPAT])],
        ["Menit terlambat", number(totals.menit_terlambat)],
        ["Menit pulang cepat", number(totals.menit_pulang_cepat)],
        ["Tanpa keterangan (TK)", number(totals.tanpa_keterangan)],
        ["Cuti", number(totals.cuti)],
        ["Sakit", number(s[StatusKehadiran.SAKIT])],
        ["Izin", number(s[StatusKehadiran.IZIN])],
        ["Dinas luar", number(s[StatusKehadiran.DINAS_LUAR])],
        ["Libur", number(s[StatusKehadiran.LIBUR])],
    ]


def attendance_recap_data(employee: Employee, year: int, month: int) -> dict[str, Any]:
    """The document data of one employee's month: the same number of queries whatever the
    records of the month."""
    first, last = recap.month_bounds(year, month)
    today = timezone.localdate()
    employee = Employee.objects.select_related("instansi").get(pk=employee.pk)
    instansi = employee.instansi
    month_data = recap.employee_month(employee, year, month)
    codes = month_data.totals.code_counts(recap.band_codes(employee.instansi_id, year, month))
    pegawai, penilai = people_on(employee, signing_day(last, today))
    running = last >= today
    place = instansi.ibu_kota or instansi.nama_daerah
    signed = BLANK_DATE if running else date_format(last, "j F Y")
    return {
        "instansi": kop_of(instansi),
        "bulan": date_format(first, "F Y"),
        "status": "draf" if running else "final",
        "keterangan": (
            "Bulan belum berakhir; rekap dapat berubah sampai bulan berakhir" if running else ""
        ),
        "pegawai": pegawai,
        "penilai": penilai,
        "hari": [_day(day) for day in month_data.days],
        "ringkasan": _summary(month_data.totals),
        "kode": [[code, number(count)] for code, count in codes],
        "penandatangan": {"tempat_tanggal": f"{place}, {signed}"},
        "dicetak": printed_now(),
    }
