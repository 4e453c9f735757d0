"""The SKP document (Sasaran Kinerja Pegawai, PermenPANRB 6/2022; domain.md 1.2 and 1.4).

`skp_data(skp)` reads one planning `Skp` in a fixed number of queries and formats every value
the way it is printed; `skp_pdf(data)` renders `typst/skp.typ` (A4 portrait). The template
only places text, so it never formats numbers or dates. Keys marked (opsional) may be left out.

    {
        "instansi": {"nama": "Pemerintah Kabupaten Sukamaju", "nama_daerah": "Kabupaten Sukamaju",
                     "alamat": "Jl. Merdeka No. 1, Sukamaju"},
        "form": "jpt" | "ja_jf",            # JPT: Perspektif column; JA/JF: RHK pimpinan column
        "pendekatan": "kuantitatif" | "kualitatif",
        "periode": "1 Januari 2026 s.d. 31 Desember 2026",
        "status": "final" | "draf",          # draf: DRAF watermark and the note below the title
        "keterangan": "Sudah diajukan, menunggu persetujuan ...",   # (opsional)
        "pegawai": {"nama", "nip", "pangkat", "jabatan", "unit"},
        "penilai": {"nama", "nip", "pangkat", "jabatan", "unit"},  # {} when there is none
        "hasil_kerja": {
            "utama": [rhk, ...],             # numbered 1.. in each part by the template
            "tambahan": [rhk, ...],
        },
        # rhk:
        #   {"teks": "Tersedianya data surveilans yang akurat",
        #    "rhk_atasan": "RHK of the pejabat penilai it intervenes",   # JA/JF; "" when none
        #    "perspektif": "Perspektif Proses Bisnis",                     # JPT; "" when none
        #    "sumber": "Sasaran strategis the JPT RHK derives from",     # JPT (opsional)
        #    "indikator": [{"aspek": "Kuantitas",                          # "" when none
        #                   "uraian": "Jumlah laporan surveilans",
        #                   "target": "12 laporan" | "80–90 persen" | ""}]}
        "perilaku": [{"nilai": "Berorientasi Pelayanan",                   # the 7 BerAKHLAK
                      "panduan": [str, str, str], "ekspektasi": str}],     # ekspektasi may be ""
        "lampiran": [{"judul": "Dukungan Sumber Daya", "isi": [str]}],     # one item a line
        "penandatangan": {"tempat_tanggal": "Sukamaju, 12 Januari 2026"},
        "dicetak": "5 Desember 2026 21:40",                                 # (opsional)
    }

The two signers are the pejabat penilai kinerja (left) and the pegawai (right), taken from
"penilai" and "pegawai". For an approved SKP (also one since replaced by a newer version)
both identities are the ones frozen on the SKP at approval (`Skp.identitas`) and the date is
the approval date; for any other status they are as they stand today (the penilai derived
as on the SKP page, Plt/Plh included) and the date is left blank to be filled in by hand.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.formats import date_format

from ekinerja.people import hierarchy
from ekinerja.planning import services as planning_services
from ekinerja.planning import targets
from ekinerja.planning.choices import (
    BERAKHLAK,
    JenisForm,
    JenisRhk,
    Pendekatan,
    StatusSkp,
)
from ekinerja.planning.models import Indikator, Rhk, Skp

from .pdf import kop_of, printed_now, render_pdf, require_keys

SKP_KEYS = (
    "instansi",
    "form",
    "pendekatan",
    "periode",
    "status",
    "pegawai",
    "penilai",
    "hasil_kerja",
    "perilaku",
    "lampiran",
)
LAMPIRAN = (
    ("dukungan_sumber_daya", "Dukungan Sumber Daya"),
    ("skema_pertanggungjawaban", "Skema Pertanggungjawaban"),
    ("konsekuensi", "Konsekuensi"),
)
# Versions whose identities were frozen when the penilai approved them.
APPROVED = (StatusSkp.DISETUJUI, StatusSkp.DIGANTI)
BLANK_DATE = ". . . . . . . . . . . . . . . . . ."


def skp_pdf(data: dict[str, Any], *, timestamp: dt.datetime | None = None) -> bytes:
    """The SKP document; `data` as in the module docstring."""
    require_keys("SKP", data, SKP_KEYS)
    return render_pdf("skp", data, timestamp=timestamp)


# --- formatting ------------------------------------------------------------------------------


def target_text(indikator: Indikator) -> str:
    """ "12 laporan", a range "80–90 persen", or "" when no target was set."""
    return targets.target_text(
        indikator.target_annual, indikator.target_min, indikator.target_max,
        is_range=indikator.is_range, satuan=indikator.satuan,
    )  # fmt: skip


def _date(day: dt.date) -> str:
    return date_format(day, "j F Y")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


# --- data from the models --------------------------------------------------------------------


def _rhk_rows(skp: Skp) -> list[Rhk]:
    indicators = Prefetch("indikator", queryset=Indikator.objects.order_by("urutan", "id"))
    return list(
        Rhk.objects.filter(skp_id=skp.pk)
        .select_related("rhk_atasan", "sasaran_strategis")
        .prefetch_related(indicators)
        .order_by("jenis", "urutan", "id")
    )


def _rhk(rhk: Rhk, *, jpt: bool) -> dict[str, Any]:
    row: dict[str, Any] = {
        "teks": rhk.teks,
        "rhk_atasan": rhk.rhk_atasan.teks if rhk.rhk_atasan else "",
        "perspektif": rhk.get_perspektif_display() if rhk.perspektif else "",
        "indikator": [
            {
                "aspek": ind.get_aspek_display() if ind.aspek else "",
                "uraian": ind.uraian,
                "target": target_text(ind),
            }
            for ind in rhk.indikator.all()
        ],
    }
    if jpt:
        if rhk.sasaran_strategis is not None:
            row["sumber"] = rhk.sasaran_strategis.uraian
        elif rhk.rhk_atasan is not None:
            row["sumber"] = rhk.rhk_atasan.teks
    return row


def _identities(skp: Skp) -> tuple[dict[str, str], dict[str, str]]:
    """Pegawai and penilai: frozen at approval, else as they stand today."""
    if skp.status in APPROVED and skp.identitas:
        return dict(skp.identitas.get("pegawai") or {}), dict(skp.identitas.get("penilai") or {})
    pegawai = planning_services.identity(skp.employee, skp.position)
    penilai = hierarchy.pejabat_penilai(skp.employee, timezone.localdate())
    return pegawai, (
        planning_services.identity(penilai.employee, penilai.position) if penilai else {}
    )


def _keterangan(skp: Skp) -> str:
    if skp.status == StatusSkp.DIGANTI:
        return f"Versi {skp.version}, telah diganti oleh versi yang lebih baru"
    if skp.status == StatusSkp.DISETUJUI:
        return ""
    return {
        StatusSkp.DRAFT: "Masih disusun, belum diajukan kepada pejabat penilai kinerja",
        StatusSkp.DIAJUKAN: "Sudah diajukan, menunggu persetujuan pejabat penilai kinerja",
        StatusSkp.DIKEMBALIKAN: "Dikembalikan oleh pejabat penilai kinerja untuk diperbaiki",
    }.get(StatusSkp(skp.status), skp.get_status_display())


def skp_data(skp: Skp) -> dict[str, Any]:
    """The document data of one SKP version: four queries for an approved SKP; a draft adds
    the few that derive today's pejabat penilai. Never more with more RHK or indicators."""
    skp = Skp.objects.select_related("instansi", "period", "employee", "position__unit").get(
        pk=skp.pk
    )
    jpt = skp.jenis_form == JenisForm.JPT
    rows = _rhk_rows(skp)
    expectations = dict(skp.perilaku.values_list("nilai", "ekspektasi_khusus"))
    pegawai, penilai = _identities(skp)
    instansi, period = skp.instansi, skp.period
    place = instansi.ibu_kota or instansi.nama_daerah
    if skp.status in APPROVED and skp.disetujui_at is not None:
        signed = _date(timezone.localtime(skp.disetujui_at).date())
    else:
        signed = BLANK_DATE
    return {
        "instansi": kop_of(instansi),
        "form": "jpt" if jpt else "ja_jf",
        "pendekatan": ("kualitatif" if skp.pendekatan == Pendekatan.KUALITATIF else "kuantitatif"),
        "periode": f"{_date(period.mulai)} s.d. {_date(period.selesai)}",
        "status": "final" if skp.status in APPROVED else "draf",
        "keterangan": _keterangan(skp),
        "pegawai": pegawai,
        "penilai": penilai,
        "hasil_kerja": {
            "utama": [_rhk(r, jpt=jpt) for r in rows if r.jenis == JenisRhk.UTAMA],
            "tambahan": [_rhk(r, jpt=jpt) for r in rows if r.jenis == JenisRhk.TAMBAHAN],
        },
        "perilaku": [
            {"nilai": name, "panduan": list(panduan), "ekspektasi": expectations.get(nilai, "")}
            for nilai, (name, panduan) in enumerate(BERAKHLAK, start=1)
        ],
        "lampiran": [
            {"judul": label, "isi": _lines(getattr(skp, field))} for field, label in LAMPIRAN
        ],
        "penandatangan": {"tempat_tanggal": f"{place}, {signed}"},
        "dicetak": printed_now(),
    }
