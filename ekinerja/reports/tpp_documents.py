"""The TPP run's documents from stored lines: the slip of one line, the daftar nominatif of
one OPD (PDF and Excel), the summary per OPD (Excel) and the lines as CSV.

The data dicts follow `reports.tpp`'s documented shapes; every value is formatted here so the
Typst templates only place text."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.formats import date_format

from ekinerja.allowance.calc import persen
from ekinerja.allowance.choices import JenisRun
from ekinerja.allowance.models import TppLine, TppRun
from ekinerja.allowance.selectors import OpdTotal
from ekinerja.core.closing import month_label
from ekinerja.core.tabular import Column, neutralise, xlsx_response
from ekinerja.org.models import Unit
from ekinerja.people.models import Assignment

from .choices import JenisDokumen
from .pdf import kop_of, printed_now
from .services_verification import Issue, with_verification
from .tpp import angka, nominatif_pdf, rupiah, slip_pdf

PDF = "application/pdf"


def _status(run: TppRun) -> str:
    if run.jenis == JenisRun.SIMULASI:
        return "simulasi"
    return "final" if run.is_final else "draf"


def _percent(value: Any) -> str:
    return persen(Decimal(str(value)))


def slip_data(line: TppLine) -> dict[str, Any]:
    run, rincian = line.run, line.rincian
    return {
        "instansi": kop_of(run.instansi),
        "pegawai": {
            "nama": line.nama,
            "nip": line.nip,
            "golongan": line.golongan,
            "jabatan": line.jabatan,
            "kelas_jabatan": str(line.kelas_jabatan or "-"),
            "unit": line.opd.nama if line.opd else "",
        },
        "periode": month_label(run.tahun, run.bulan),
        "status": _status(run),
        "ringkasan": {
            "besaran": rupiah(line.besaran),
            "kinerja_persen": _percent(line.kinerja_persen),
            "disiplin_persen": _percent(line.disiplin_persen),
            "bruto": rupiah(line.bruto),
            "bpjs_pegawai": rupiah(line.bpjs_pegawai),
            "pajak": rupiah(line.pajak),
            "bersih": rupiah(line.bersih),
        },
        "langkah": [
            {"uraian": s["uraian"], "rumus": s["rumus"], "jumlah": rupiah(_dec(s["jumlah"]))}
            for s in rincian.get("langkah", [])
        ],
        "rincian_kinerja": _factors(rincian.get("rincian_kinerja", [])),
        "rincian_disiplin": _factors(rincian.get("rincian_disiplin", [])),
        "catatan": list(rincian.get("catatan", [])),
        "dicetak": printed_now(),
    }


def _dec(value: Any) -> Decimal:
    return Decimal(str(value))


def _factors(rows: Iterable[dict[str, Any]]) -> list[dict[str, str]]:
    return [{"uraian": row["uraian"], "nilai": _percent(row["nilai"])} for row in rows]


def _filename(run: TppRun, stem: str, ext: str, opd: Unit | None = None) -> str:
    scope = f"-{opd.kode}" if opd else ""
    return f"{stem}-{run.tahun}-{run.bulan:02d}{scope}.{ext}".replace(" ", "_")


def slip_issue(line: TppLine, data: dict[str, Any]) -> Issue:
    return Issue(
        instansi_id=line.run.instansi_id, jenis=JenisDokumen.SLIP_TPP, sumber=f"tpp_line:{line.pk}",
        judul=f"Slip TPP {data['periode']}", status=data["status"], pegawai_nama=line.nama,
        pegawai_nip=line.nip, unit_nama=data["pegawai"]["unit"], periode=data["periode"],
        fakta={
            "TPP bruto": data["ringkasan"]["bruto"],
            "Diterima (bersih)": data["ringkasan"]["bersih"],
        },
    )  # fmt: skip


def slip_pdf_response(line: TppLine, actor: Any = None) -> HttpResponse:
    data = slip_data(line)
    data = with_verification(slip_issue(line, data), data, actor)
    response = HttpResponse(slip_pdf(data), content_type=PDF)
    name = f"slip-tpp-{line.run.tahun}-{line.run.bulan:02d}-{line.nip or line.pk}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def _head_of(opd: Unit) -> dict[str, str]:
    """The OPD head's name and NIP as of today (definitif, else Plt or Plh). One query."""
    seat = (
        Assignment.objects.active_on(timezone.localdate())
        .filter(position__unit=opd, position__is_unit_head=True)
        .select_related("employee", "position")
        .order_by("jenis", "-mulai")
        .first()
    )
    if seat is None:
        return {"jabatan": f"Kepala {opd.nama}", "nama": "", "nip": ""}
    prefix = "" if seat.jenis == "definitif" else f"{seat.get_jenis_display().split(' ')[0]} "
    return {
        "jabatan": f"{prefix}{seat.position.nama}",
        "nama": seat.employee.nama_lengkap,
        "nip": seat.employee.nip or "",
    }


def nominatif_data(run: TppRun, lines: Iterable[TppLine], opd: Unit) -> dict[str, Any]:
    rows, sums = [], {"besaran": 0, "bruto": 0, "bpjs_pegawai": 0, "pajak": 0, "bersih": 0}
    for line in lines:
        rows.append(
            {
                "nama": line.nama,
                "nip": line.nip,
                "golongan": line.golongan,
                "jabatan": line.jabatan,
                "kelas_jabatan": str(line.kelas_jabatan or "-"),
                "besaran": angka(line.besaran),
                "kinerja_persen": _percent(line.kinerja_persen),
                "disiplin_persen": _percent(line.disiplin_persen),
                "bruto": angka(line.bruto),
                "bpjs_pegawai": angka(line.bpjs_pegawai),
                "pajak": angka(line.pajak),
                "bersih": angka(line.bersih),
            }
        )
        for key in sums:
            sums[key] += getattr(line, key)
    return {
        "instansi": kop_of(run.instansi, opd),
        "opd": {"nama": opd.nama},
        "periode": month_label(run.tahun, run.bulan),
        "status": _status(run),
        # The employee's BPJS share is the policy's, not always 1%.
        "label_bpjs": "BPJS pegawai",
        "baris": rows,
        "jumlah": {key: angka(value) for key, value in sums.items()},
        "penandatangan": {
            "tempat_tanggal": f"{run.instansi.ibu_kota or run.instansi.nama_daerah}, "
            f"{date_format(timezone.localdate(), 'j F Y')}",
            "kepala_opd": _head_of(opd),
            "bendahara": {"jabatan": "Bendahara Pengeluaran", "nama": "", "nip": ""},
        },
        "dicetak": printed_now(),
    }


def nominatif_issue(run: TppRun, opd: Unit, data: dict[str, Any]) -> Issue:
    return Issue(
        instansi_id=run.instansi_id, jenis=JenisDokumen.NOMINATIF_TPP,
        sumber=f"tpp_run:{run.pk}:opd:{opd.pk}", judul=f"Daftar nominatif TPP {data['periode']}",
        status=data["status"], unit_nama=opd.nama, periode=data["periode"],
        fakta={
            "Jumlah pegawai": str(len(data["baris"])),
            "Jumlah diterima (bersih)": "Rp " + data["jumlah"]["bersih"],
        },
    )  # fmt: skip


def nominatif_pdf_response(
    run: TppRun, lines: Iterable[TppLine], opd: Unit, actor: Any = None
) -> HttpResponse:
    data = nominatif_data(run, lines, opd)
    data = with_verification(nominatif_issue(run, opd, data), data, actor)
    response = HttpResponse(nominatif_pdf(data), content_type=PDF)
    response["Content-Disposition"] = (
        f'inline; filename="{_filename(run, "nominatif-tpp", "pdf", opd)}"'
    )
    return response


NOMINATIF_COLUMNS = [
    Column("No", 5),
    Column("NIP", 20, text=True),
    Column("Nama", 32),
    Column("Golongan", 9, text=True),
    Column("Jabatan", 36),
    Column("Kelas", 7),
    Column("OPD", 30),
    Column("Besaran", 14),
    Column("Kinerja (%)", 11),
    Column("Disiplin (%)", 11),
    Column("Bruto", 14),
    Column("BPJS pegawai", 13),
    Column("BPJS pemberi kerja", 13),
    Column("PPh 21", 12),
    Column("Diterima", 14),
]


def nominatif_rows(lines: Iterable[TppLine], opd_names: dict[int, str]) -> Iterable[list[Any]]:
    for number, line in enumerate(lines, start=1):
        yield [
            number, line.nip, line.nama, line.golongan, line.jabatan, line.kelas_jabatan,
            opd_names.get(line.opd_id or 0, ""), line.besaran, line.kinerja_persen,
            line.disiplin_persen, line.bruto, line.bpjs_pegawai, line.bpjs_pemberi_kerja,
            line.pajak, line.bersih,
        ]  # fmt: skip


def _opd_names(run: TppRun) -> dict[int, str]:
    return dict(Unit.objects.filter(instansi_id=run.instansi_id).values_list("id", "nama"))


def nominatif_xlsx_response(run: TppRun, lines, opd: Unit | None):  # type: ignore[no-untyped-def]
    return xlsx_response(
        _filename(run, "nominatif-tpp", "xlsx", opd),
        NOMINATIF_COLUMNS,
        nominatif_rows(lines.iterator(chunk_size=2000), _opd_names(run)),
        sheet_name="Daftar nominatif",
    )


SUMMARY_COLUMNS = [
    Column("OPD", 40),
    Column("Pegawai", 10),
    Column("Besaran", 16),
    Column("Bruto", 16),
    Column("BPJS pegawai", 16),
    Column("PPh 21", 16),
    Column("Diterima", 16),
]


def summary_xlsx_response(run: TppRun, totals: list[OpdTotal]):  # type: ignore[no-untyped-def]
    rows = [
        [t.nama, t.pegawai, t.besaran, t.bruto, t.bpjs_pegawai, t.pajak, t.bersih] for t in totals
    ]
    return xlsx_response(
        _filename(run, "rekap-tpp-opd", "xlsx"), SUMMARY_COLUMNS, rows, sheet_name="Rekap OPD"
    )


CSV_HEADER = [
    "nip", "nama", "golongan", "jabatan", "kelas_jabatan", "opd", "besaran", "kinerja_persen",
    "disiplin_persen", "bruto", "bpjs_pegawai", "bpjs_pemberi_kerja", "pajak", "bersih",
]  # fmt: skip


def lines_csv(run: TppRun, lines) -> str:  # type: ignore[no-untyped-def]
    """The lines as CSV text, text cells neutralised against formula injection."""
    names = _opd_names(run)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    for line in lines.iterator(chunk_size=2000):
        writer.writerow(
            [
                neutralise(line.nip), neutralise(line.nama), neutralise(line.golongan),
                neutralise(line.jabatan), line.kelas_jabatan or "",
                neutralise(names.get(line.opd_id or 0, "")), line.besaran, line.kinerja_persen,
                line.disiplin_persen, line.bruto, line.bpjs_pegawai, line.bpjs_pemberi_kerja,
                line.pajak, line.bersih,
            ]
        )  # fmt: skip
    return buffer.getvalue()


def lines_csv_response(run: TppRun, lines) -> HttpResponse:  # type: ignore[no-untyped-def]
    response = HttpResponse(lines_csv(run, lines), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(run, "tpp", "csv")}"'
    return response
