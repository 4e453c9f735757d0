"""The two TPP documents: the slip of one employee and the daftar nominatif of one OPD.

Templates stay dumb: every value arrives as text already formatted the way it is printed
(money as "Rp 1.234.567" on the slip and "1.234.567" in the list, see `rupiah` and `angka`;
percentages as "92,5%"; dates as "5 Desember 2026"). Keys marked (opsional) may be left out.

Slip (`slip_pdf`, A4 portrait, typst/tpp_slip.typ)::

    {
        "instansi": {"nama": "Pemerintah Kabupaten Sukamaju", "nama_daerah": "Kabupaten Sukamaju",
                     "alamat": "Jl. Merdeka No. 1, Sukamaju"},
        "pegawai": {"nama", "nip", "golongan", "jabatan", "kelas_jabatan", "unit"},
        "periode": "Maret 2026",
        "status": "final" | "draf" | "simulasi",   # not final: DRAF/SIMULASI watermark and note
        "ringkasan": {"besaran", "kinerja_persen", "disiplin_persen", "bruto",
                      "bpjs_pegawai", "pajak", "bersih"},
        "langkah": [{"uraian", "rumus", "jumlah"}],          # jumlah negative for deductions
        "rincian_kinerja": [{"uraian", "nilai"}],           # nilai "92,5%"
        "rincian_disiplin": [{"uraian", "nilai"}],          # nilai "1,5%"
        "catatan": [str],
        "dicetak": "5 Desember 2026 21:40",
        "penandatangan": {                                   # (opsional) no block when absent
            "tempat_tanggal": "Sukamaju, 5 Desember 2026",
            "kepala_opd": {"jabatan", "nama", "nip"},        # (opsional)
            "bendahara": {"jabatan", "nama", "nip"},         # (opsional)
        },
    }

Daftar nominatif (`nominatif_pdf`, A4 landscape, typst/tpp_nominatif.typ)::

    {
        "instansi": {"nama", "nama_daerah", "alamat"},
        "opd": {"nama": "Dinas Pendidikan"},
        "periode": "Maret 2026",
        "status": "final" | "draf" | "simulasi",
        "label_bpjs": "BPJS 1%",                             # (opsional) header of that column
        "baris": [{"nama", "nip", "golongan", "jabatan", "kelas_jabatan", "besaran",
                   "kinerja_persen", "disiplin_persen", "bruto", "bpjs_pegawai", "pajak",
                   "bersih"}],                               # numbered 1.. by the template
        "jumlah": {"besaran", "bruto", "bpjs_pegawai", "pajak", "bersih"},
        "penandatangan": {
            "tempat_tanggal": "Sukamaju, 5 Desember 2026",
            "kepala_opd": {"jabatan": "Kepala Dinas Pendidikan", "nama", "nip"},
            "bendahara": {"jabatan": "Bendahara Pengeluaran", "nama", "nip"},
        },                                                   # blank nama/nip print dotted lines
        "dicetak": "5 Desember 2026 21:40",
    }
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .pdf import render_pdf, require_keys

SLIP_KEYS = ("instansi", "pegawai", "periode", "status", "ringkasan", "langkah")
NOMINATIF_KEYS = ("instansi", "opd", "periode", "status", "baris", "jumlah")


def angka(amount: Decimal | int) -> str:
    """1234567 -> "1.234.567" (whole rupiah, rounded half up; negative as "-1.234.567")."""
    whole = int(Decimal(amount).quantize(Decimal(1), ROUND_HALF_UP))
    text = f"{abs(whole):,}".replace(",", ".")
    return f"-{text}" if whole < 0 else text


def rupiah(amount: Decimal | int) -> str:
    """1234567 -> "Rp 1.234.567" (negative as "-Rp 1.234.567")."""
    text = angka(amount)
    return f"-Rp {text[1:]}" if text.startswith("-") else f"Rp {text}"


def slip_pdf(data: dict[str, Any], *, timestamp: dt.datetime | None = None) -> bytes:
    """The TPP slip of one employee for one month; `data` as in the module docstring."""
    require_keys("slip TPP", data, SLIP_KEYS)
    return render_pdf("tpp_slip", data, timestamp=timestamp)


def nominatif_pdf(data: dict[str, Any], *, timestamp: dt.datetime | None = None) -> bytes:
    """The daftar nominatif penerima TPP of one OPD for one month; `data` as documented above."""
    require_keys("daftar nominatif", data, NOMINATIF_KEYS)
    return render_pdf("tpp_nominatif", data, timestamp=timestamp)
