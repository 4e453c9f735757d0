"""The Dokumen Evaluasi Kinerja Pegawai, periodic or annual (PermenPANRB 6/2022; domain.md
1.4 and 1.5).

`evaluation_data(evaluation)` reads one `appraisal.Evaluation` in a fixed number of queries and
formats every value the way it is printed; `evaluation_pdf(data)` renders `typst/evaluasi.typ`
(A4 portrait). The template only places text, so it never formats numbers, dates or ratings.
Keys marked (opsional) may be left out.

    {
        "instansi": {"nama", "nama_daerah", "alamat"},
        "form": "jpt" | "ja_jf",             # JPT: Perspektif column; JA/JF: RHK pimpinan, Aspek
        "jenis": "periodik" | "tahunan",
        "periode": "Triwulan I 2026" | "Maret 2026" | "Tahunan 2026",
        "rentang": "1 Januari 2026 s.d. 31 Maret 2026",
        "status": "final" | "draf",           # draf: DRAF watermark and the note below the title
        "keterangan": "Masih disusun oleh pejabat penilai kinerja",   # (opsional)
        "pegawai": {"nama", "nip", "pangkat", "jabatan", "unit"},
        "penilai": {"nama", "nip", "pangkat", "jabatan", "unit"},    # {} when there is none
        "hasil_kerja": {"utama": [rhk, ...], "tambahan": [rhk, ...]},  # numbered by the template
        # rhk:
        #   {"teks": "Laporan surveilans mingguan tersusun",
        #    "rhk_atasan": "RHK of the pejabat penilai it intervenes",  # JA/JF; "" when none
        #    "perspektif": "Perspektif Anggaran",                         # JPT; "" when none
        #    "indikator": [{"aspek": "Kuantitas", "uraian": "Jumlah laporan",
        #                   "target": "13 laporan", "realisasi": "12 laporan",  # "" when none
        #                   "umpan_balik": "Tepat waktu", "rating": "Sesuai Ekspektasi"}]}
        "rating_hasil": "Sesuai Ekspektasi",                           # "" while not set
        "alasan_hasil": "why the penilai chose another rating than suggested",  # "" when none
        "perilaku": [{"nilai": "Berorientasi Pelayanan", "panduan": [str, str, str],
                      "ekspektasi": str, "umpan_balik": str, "rating": str}],   # the 7 values
        "rating_perilaku": "Di Atas Ekspektasi",
        "alasan_perilaku": "",
        "predikat": "Baik",                                            # "" while not set
        "penandatangan": {"tempat_tanggal": "Kabupaten Uji, 2 April 2026"},
        "dicetak": "5 Desember 2026 21:40",                                       # (opsional)
    }

The document is signed by the pejabat penilai kinerja. Once the ratings are set, both
identities are the ones frozen on the evaluation then (`Evaluation.identitas`) and the date is
the day they were set; a draft shows them as they stand today (the penilai derived as on the
SKP page) and leaves the date blank. A pending keberatan is a draft too: its predikat may
still change.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format

from ekinerja.appraisal import rules
from ekinerja.appraisal.choices import JenisEvaluasi, StatusEvaluasi
from ekinerja.appraisal.models import Evaluation, EvaluationResult
from ekinerja.appraisal.periods import last_day_of, periode_label
from ekinerja.appraisal.services import months_of
from ekinerja.people import hierarchy
from ekinerja.planning import services as planning_services
from ekinerja.planning.choices import BERAKHLAK, JenisForm, JenisRhk
from ekinerja.planning.models import PerilakuExpectation
from ekinerja.planning.targets import angka

from .pdf import kop_of, printed_now, render_pdf, require_keys
from .skp import BLANK_DATE, target_text

EVALUATION_KEYS = (
    "instansi",
    "form",
    "jenis",
    "periode",
    "status",
    "pegawai",
    "penilai",
    "hasil_kerja",
    "rating_hasil",
    "perilaku",
    "rating_perilaku",
    "predikat",
)
# Set, and not waiting for the atasan pejabat penilai to decide a keberatan.
FINAL = (StatusEvaluasi.DITETAPKAN, StatusEvaluasi.DITERIMA, StatusEvaluasi.DIPUTUS)
KETERANGAN = {
    StatusEvaluasi.DRAF: "Masih disusun oleh pejabat penilai kinerja, belum ditetapkan",
    StatusEvaluasi.DITETAPKAN: "Ditetapkan pejabat penilai kinerja, menunggu tanggapan pegawai",
    StatusEvaluasi.KEBERATAN: (
        "Pegawai mengajukan keberatan; menunggu keputusan atasan pejabat penilai kinerja"
    ),
    StatusEvaluasi.DIPUTUS: "Keberatan pegawai telah diputus atasan pejabat penilai kinerja",
}


def evaluation_pdf(data: dict[str, Any], *, timestamp: dt.datetime | None = None) -> bytes:
    """The Dokumen Evaluasi; `data` as in the module docstring."""
    require_keys("evaluasi", data, EVALUATION_KEYS)
    return render_pdf("evaluasi", data, timestamp=timestamp)


# --- formatting ------------------------------------------------------------------------------


def _date(day: dt.date) -> str:
    return date_format(day, "j F Y")


def _rating(value: str) -> str:
    return rules.Rating(value).label if value else ""


def _amount(value, satuan: str) -> str:
    return f"{angka(value)} {satuan}".strip() if value is not None else ""


def _rentang(evaluation: Evaluation) -> str:
    skp, period = evaluation.skp, evaluation.skp.period
    if evaluation.jenis == JenisEvaluasi.TAHUNAN:
        return f"{_date(period.mulai)} s.d. {_date(period.selesai)}"
    first = dt.date(period.tahun, months_of(skp, evaluation.periode_ke)[0], 1)
    last = last_day_of(period, evaluation.periode_ke)
    return f"{_date(max(first, period.mulai))} s.d. {_date(min(last, period.selesai))}"


# --- data from the models --------------------------------------------------------------------


def _load(pk: int) -> Evaluation:
    return Evaluation.objects.select_related(
        "instansi", "employee", "skp__period", "skp__position__unit"
    ).get(pk=pk)


def _results(evaluation: Evaluation) -> list[EvaluationResult]:
    return list(
        EvaluationResult.objects.filter(evaluation_id=evaluation.pk)
        .select_related("indikator__rhk__rhk_atasan")
        .order_by("indikator__rhk__jenis", "indikator__rhk__urutan", "indikator__rhk_id",
                  "indikator__urutan", "indikator_id")
    )  # fmt: skip


def _hasil_kerja(results: list[EvaluationResult], *, jpt: bool) -> dict[str, list]:
    rows: dict[int, dict[str, Any]] = {}
    parts: dict[str, list] = {"utama": [], "tambahan": []}
    for result in results:
        ind = result.indikator
        rhk = ind.rhk
        row = rows.get(rhk.pk)
        if row is None:
            row = rows[rhk.pk] = {
                "teks": rhk.teks,
                "rhk_atasan": rhk.rhk_atasan.teks if rhk.rhk_atasan else "",
                "perspektif": rhk.get_perspektif_display() if jpt and rhk.perspektif else "",
                "indikator": [],
            }
            parts["tambahan" if rhk.jenis == JenisRhk.TAMBAHAN else "utama"].append(row)
        target = _amount(result.target, ind.satuan) if result.target is not None else ""
        row["indikator"].append({
            "aspek": ind.get_aspek_display() if ind.aspek else "",
            "uraian": ind.uraian,
            "target": target or target_text(ind),
            "realisasi": _amount(result.realisasi, ind.satuan),
            "umpan_balik": result.umpan_balik,
            "rating": _rating(result.rating),
        })  # fmt: skip
    return parts


def _identities(evaluation: Evaluation) -> tuple[dict[str, str], dict[str, str]]:
    """Pegawai and penilai: frozen when the ratings were set, else as they stand today."""
    if evaluation.status != StatusEvaluasi.DRAF and evaluation.identitas:
        frozen = evaluation.identitas
        return dict(frozen.get("pegawai") or {}), dict(frozen.get("penilai") or {})
    pegawai = planning_services.identity(evaluation.employee, evaluation.skp.position)
    seat = hierarchy.pejabat_penilai(evaluation.employee, timezone.localdate())
    return pegawai, (
        planning_services.identity(seat.employee, seat.position) if seat is not None else {}
    )


def evaluation_data(evaluation: Evaluation) -> dict[str, Any]:
    """The document data of one evaluation: four queries once set; a draft adds the few that
    derive today's pejabat penilai. Never more with more indicators."""
    evaluation = _load(evaluation.pk)
    skp, instansi, period = evaluation.skp, evaluation.instansi, evaluation.skp.period
    jpt = skp.jenis_form == JenisForm.JPT
    results = _results(evaluation)
    behaviours = {b.nilai: b for b in evaluation.behaviours.all()}
    expectations = dict(
        PerilakuExpectation.objects.filter(skp_id=skp.pk).values_list("nilai", "ekspektasi_khusus")
    )
    pegawai, penilai = _identities(evaluation)
    status = StatusEvaluasi(evaluation.status)
    final = status in FINAL
    place = instansi.ibu_kota or instansi.nama_daerah
    if evaluation.status != StatusEvaluasi.DRAF and evaluation.ditetapkan_at is not None:
        signed = _date(timezone.localtime(evaluation.ditetapkan_at).date())
    else:
        signed = BLANK_DATE
    perilaku = []
    for nilai, (name, panduan) in enumerate(BERAKHLAK, start=1):
        row = behaviours.get(nilai)
        perilaku.append({
            "nilai": name, "panduan": list(panduan), "ekspektasi": expectations.get(nilai, ""),
            "umpan_balik": row.umpan_balik if row else "",
            "rating": _rating(row.rating) if row else "",
        })  # fmt: skip
    return {
        "instansi": kop_of(instansi),
        "form": "jpt" if jpt else "ja_jf",
        "jenis": "tahunan" if evaluation.jenis == JenisEvaluasi.TAHUNAN else "periodik",
        "periode": periode_label(period.siklus_evaluasi, evaluation.periode_ke, period.tahun),
        "rentang": _rentang(evaluation),
        "status": "final" if final else "draf",
        "keterangan": KETERANGAN.get(status, ""),
        "pegawai": pegawai,
        "penilai": penilai,
        "hasil_kerja": _hasil_kerja(results, jpt=jpt),
        "rating_hasil": _rating(evaluation.rating_hasil),
        "alasan_hasil": evaluation.alasan_hasil,
        "perilaku": perilaku,
        "rating_perilaku": _rating(evaluation.rating_perilaku),
        "alasan_perilaku": evaluation.alasan_perilaku,
        "predikat": rules.Predikat(evaluation.predikat).label if evaluation.predikat else "",
        "penandatangan": {"tempat_tanggal": f"{place}, {signed}"},
        "dicetak": printed_now(),
    }
