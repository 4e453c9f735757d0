"""The SKP document (issue 8): built from planning SKPs of the personas, rendered, read back.

Ani (Pengelola Data Surveilans, JA/JF) <- Budi (Kasi, her pejabat penilai) <- Eka (Kabid);
Kadinkes (JPT Pratama) <- Sekda (JPT Madya, his pejabat penilai).
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import subprocess
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ekinerja.planning import services
from ekinerja.planning.choices import JenisForm, StatusSkp
from ekinerja.planning.models import (
    Indikator,
    PerformancePeriod,
    PerilakuExpectation,
    Rhk,
    Skp,
)
from ekinerja.planning.targets import angka
from ekinerja.reports.skp import skp_data, skp_pdf
from ekinerja.reports.testing import flat, pages

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
        reason="pdftotext and pdfinfo (poppler-utils) are not installed",
    ),
]

WIB = ZoneInfo("Asia/Jakarta")
# Values a person may type that Typst (or a browser) would read as code if pasted into markup.
HOSTILE = "#set page(width: 1cm) $x$ *b* [a] \\ @label <script>alert(1)</script>"
BERAKHLAK = ("Berorientasi Pelayanan", "Akuntabel", "Kompeten", "Harmonis", "Loyal", "Adaptif")


@pytest.fixture(autouse=True)
def frozen_day():
    with time_machine.travel(dt.datetime(2026, 1, 20, 9, 30, tzinfo=WIB), tick=False):
        yield


@pytest.fixture
def period(personas):
    return PerformancePeriod.objects.create(
        instansi=personas.instansi, tahun=2026, mulai=dt.date(2026, 1, 1),
        selesai=dt.date(2026, 12, 31), batas_input_skp=dt.date(2026, 1, 31),
        batas_persetujuan=dt.date(2026, 2, 28), status="dibuka",
    )  # fmt: skip


def approved_above(personas, who: str, period, texts: list[str], atasan=None) -> list[Rhk]:
    """An approved SKP written straight to the database (the levels above the people tested)."""
    employee = getattr(personas, who)
    skp = services.start_skp(actor=None, employee=employee, period=period)
    Skp.objects.filter(pk=skp.pk).update(status=StatusSkp.DISETUJUI)
    return [
        Rhk.objects.create(skp=skp, jenis="utama", urutan=i, teks=t, rhk_atasan=atasan)
        for i, t in enumerate(texts, 1)
    ]


@pytest.fixture
def budi_rhk(personas, period):
    eka = approved_above(personas, "eka", period, ["Menurunnya angka kesakitan penyakit menular"])
    return approved_above(
        personas, "budi", period,
        ["Tersedianya data surveilans penyakit menular yang akurat dan tepat waktu"],
        atasan=eka[0],
    )[0]  # fmt: skip


def ani_skp(personas, budi_rhk, period, *, approve=True, hostile=False) -> Skp:
    """Ani's JA/JF SKP through the services: submitted by Ani, approved by Budi."""
    ani = personas.user("ani")
    if hostile:
        personas.ani.nama = HOSTILE
        personas.ani.save()
    skp = services.start_skp(actor=ani, employee=personas.ani, period=period)
    rhk = services.save_rhk(
        actor=ani, skp=skp, jenis="utama", rhk_atasan=budi_rhk,
        teks=HOSTILE if hostile else "Laporan surveilans mingguan tersusun",
    )  # fmt: skip
    services.save_indikator(
        actor=ani, rhk=rhk, aspek="kuantitas", uraian="Jumlah laporan surveilans mingguan",
        target_min="52", satuan="laporan",
    )  # fmt: skip
    services.save_indikator(
        actor=ani, rhk=rhk, aspek="kualitas", uraian="Kelengkapan data laporan",
        target_min="80", target_max="90", satuan="persen",
    )  # fmt: skip
    services.save_indikator(
        actor=ani, rhk=rhk, aspek="waktu", uraian="Laporan dikirim paling lambat hari Senin",
        target_min="12", satuan="bulan",
    )  # fmt: skip
    second = services.save_rhk(
        actor=ani, skp=skp, jenis="utama", rhk_atasan=budi_rhk,
        teks="Basis data kasus penyakit menular termutakhir",
    )  # fmt: skip
    services.save_indikator(
        actor=ani, rhk=second, aspek="kuantitas", uraian="Jumlah kasus yang dientri",
        target_min="1250.5", satuan="kasus",
    )  # fmt: skip
    extra = services.save_rhk(
        actor=ani, skp=skp, jenis="tambahan", teks="Materi sosialisasi aplikasi surveilans"
    )
    services.save_indikator(
        actor=ani, rhk=extra, aspek="kuantitas", uraian="Jumlah materi sosialisasi",
        target_min="2", satuan="dokumen",
    )  # fmt: skip
    services.update_skp_details(
        actor=ani, skp=skp, pendekatan="kuantitatif",
        dukungan_sumber_daya="Akses aplikasi SKDR\nPelatihan analisis data",
        skema_pertanggungjawaban=HOSTILE if hostile else "Laporan bulanan kepada Kasi",
        konsekuensi="Penundaan kenaikan pangkat bila target tidak tercapai",
    )  # fmt: skip
    services.save_perilaku(
        actor=ani, skp=skp, nilai=1,
        ekspektasi_khusus=HOSTILE if hostile else "Menjawab pertanyaan puskesmas dalam sehari",
    )  # fmt: skip
    services.save_perilaku(
        actor=ani, skp=skp, nilai=7, ekspektasi_khusus="Berbagi data dengan bidang lain"
    )
    if approve:
        services.submit_skp(actor=ani, skp=skp)
        with time_machine.travel(dt.datetime(2026, 1, 24, 10, 0, tzinfo=WIB), tick=False):
            services.approve_skp(actor=personas.user("budi"), skp=skp)
        skp.refresh_from_db()
        # The identity printed is the one frozen at approval, even after a later change.
        personas.ani.golongan = "IV/e"
        personas.ani.save()
    return skp


def kadinkes_skp(personas, period, *, approve=True, kualitatif=False) -> Skp:
    """The Kadinkes' JPT SKP: RHK intervening the Sekda's, with perspektif; the Sekda approves."""
    sekda = approved_above(
        personas, "sekda", period, ["Meningkatnya derajat kesehatan masyarakat"]
    )[0]
    user = personas.user("kadinkes")
    skp = services.start_skp(actor=user, employee=personas.kadinkes, period=period)
    assert skp.jenis_form == JenisForm.JPT
    rhk = services.save_rhk(
        actor=user, skp=skp, jenis="utama", rhk_atasan=sekda,
        teks="Meningkatnya cakupan pelayanan kesehatan dasar", perspektif="penerima_layanan",
    )  # fmt: skip
    services.save_indikator(
        actor=user, rhk=rhk, aspek="kuantitas", uraian="Persentase puskesmas terakreditasi",
        target_min="95", satuan="persen",
    )  # fmt: skip
    rhk = services.save_rhk(
        actor=user, skp=skp, jenis="utama", rhk_atasan=sekda,
        teks="Terkendalinya anggaran dinas", perspektif="anggaran",
    )  # fmt: skip
    services.save_indikator(
        actor=user, rhk=rhk, aspek="biaya", uraian="Realisasi anggaran",
        target_min="90", target_max="100", satuan="persen",
    )  # fmt: skip
    services.update_skp_details(
        actor=user, skp=skp, pendekatan="kualitatif" if kualitatif else "kuantitatif",
        dukungan_sumber_daya="", skema_pertanggungjawaban="", konsekuensi="",
    )  # fmt: skip
    if approve:
        services.submit_skp(actor=user, skp=skp)
        services.approve_skp(actor=personas.user("sekda"), skp=skp)
        skp.refresh_from_db()
    return skp


def long_skp(personas, period, rhk_count: int) -> Skp:
    """A draft JA/JF SKP for Intan with `rhk_count` utama RHK of two indicators each."""
    skp = services.start_skp(actor=None, employee=personas.intan, period=period)
    rows = Rhk.objects.bulk_create(
        Rhk(skp=skp, jenis="utama", urutan=n, teks=f"Rencana hasil kerja nomor {n} tersusun")
        for n in range(1, rhk_count + 1)
    )
    Indikator.objects.bulk_create(
        Indikator(
            rhk=r,
            urutan=m,
            aspek="kuantitas",
            uraian=f"Indikator {m} dari RHK {r.urutan}",
            target_min=10 * r.urutan + m,
            satuan="dokumen",
        )
        for r in rows
        for m in (1, 2)
    )
    return skp


def render(skp: Skp, caplog) -> tuple[dict, list[str]]:
    data = skp_data(skp)
    with caplog.at_level(logging.WARNING, logger="ekinerja.reports.pdf"):
        pdf = skp_pdf(data)
    assert pdf.startswith(b"%PDF-")
    assert not caplog.records  # no missing fonts or glyphs, no layout warnings
    return data, pages(pdf)


def test_approved_ja_jf_skp(personas, budi_rhk, period, caplog):
    skp = ani_skp(personas, budi_rhk, period)
    data, text = render(skp, caplog)
    assert data["status"] == "final" and data["form"] == "ja_jf"
    total = len(text)
    body = flat(" ".join(text))
    ani, budi = personas.ani, personas.budi
    for expected in [
        "PEMERINTAH KABUPATEN UJI",
        "SASARAN KINERJA PEGAWAI",
        "PENDEKATAN HASIL KERJA KUANTITATIF",
        "Periode Penilaian: 1 Januari 2026 s.d. 31 Desember 2026",
        "PEGAWAI YANG DINILAI",
        "PEJABAT PENILAI KINERJA",
        "Ani Lestari",
        ani.nip_tampil,
        "Penata Muda (III/a)",  # as frozen at approval, not today's IV/e
        "Pengelola Data Surveilans",
        "Seksi Surveilans",
        "Budi Santoso",
        budi.nip_tampil,
        "Penata Tingkat I (III/d)",
        "Kepala Seksi Surveilans",
        "HASIL KERJA",
        "Rencana Hasil Kerja Pimpinan yang Diintervensi",
        "A. Utama",
        "B. Tambahan",
        "Tersedianya data surveilans penyakit menular yang akurat dan tepat waktu",
        "Laporan surveilans mingguan tersusun",
        "Jumlah laporan surveilans mingguan",
        "52 laporan",
        "80–90 persen",
        "12 bulan",
        "1.250,5 kasus",
        "Kuantitas",
        "Kualitas",
        "Waktu",
        "Materi sosialisasi aplikasi surveilans",
        "PERILAKU KERJA",
        "Ekspektasi Khusus Pimpinan",
        "Kolaboratif",
        "Melakukan perbaikan tiada henti",
        "Menjawab pertanyaan puskesmas dalam sehari",
        "Berbagi data dengan bidang lain",
        "LAMPIRAN SASARAN KINERJA PEGAWAI",
        "1. DUKUNGAN SUMBER DAYA",
        "Akses aplikasi SKDR",
        "Pelatihan analisis data",
        "2. SKEMA PERTANGGUNGJAWABAN",
        "Laporan bulanan kepada Kasi",
        "3. KONSEKUENSI",
        "Kabupaten Uji, 24 Januari 2026",
        "Pejabat Penilai Kinerja",
        "Pegawai yang Dinilai",
        f"NIP. {budi.nip_tampil}",
        f"NIP. {ani.nip_tampil}",
        "Dicetak dari E-Kinerja pada 20 Januari 2026 09:30",
    ]:
        assert expected in body, expected
    for name in BERAKHLAK:
        assert name in body, name
    assert "Pangkat" in body and "IV/e" not in body
    assert f"Halaman 1 dari {total}" in flat(text[0])
    assert f"Halaman {total} dari {total}" in flat(text[-1])
    # Final: no watermark, no draft note; the lampiran starts its own page.
    assert "DRAF" not in "".join(body.split())
    assert "LAMPIRAN SASARAN KINERJA PEGAWAI" in flat(text[-1])
    assert "LAMPIRAN SASARAN KINERJA PEGAWAI" not in flat(text[0])
    # The signatures: penilai on the left, pegawai on the right, both names on one line.
    laid_out = flat(pages(skp_pdf(data), layout=True)[-1])
    assert "Pejabat Penilai Kinerja Pegawai yang Dinilai" in laid_out
    assert "Budi Santoso Ani Lestari" in laid_out


def test_draft_is_marked_and_shows_todays_identities(personas, budi_rhk, period, caplog):
    skp = ani_skp(personas, budi_rhk, period, approve=False)
    data, text = render(skp, caplog)
    assert data["status"] == "draf"
    first = flat(text[0])
    assert "DRAF — Masih disusun, belum diajukan kepada pejabat penilai kinerja" in first
    # The rotated watermark comes out of pdftotext in pieces, on every page.
    assert all("DRAF" in "".join(page.split()) for page in text)
    # Not frozen yet: the penilai as derived today; the date is left to fill in by hand.
    assert "Budi Santoso" in first and "Kepala Seksi Surveilans" in first
    assert "Kabupaten Uji, . . . ." in flat(text[-1])


def test_approved_jpt_skp(personas, period, caplog):
    skp = kadinkes_skp(personas, period)
    data, text = render(skp, caplog)
    assert data["form"] == "jpt" and data["status"] == "final"
    body = flat(" ".join(text))
    for expected in [
        "BAGI JABATAN PIMPINAN TINGGI",
        "Kadinkes Uji",
        "Pembina Tingkat I (IV/b)",
        "Kepala Dinas Kesehatan",
        "Sekda Uji",
        "Sekretaris Daerah",
        "Perspektif",
        "Perspektif Penerima Layanan",
        "Perspektif Anggaran",
        "Meningkatnya cakupan pelayanan kesehatan dasar",
        "Mendukung: Meningkatnya derajat kesehatan masyarakat",
        "Persentase puskesmas terakreditasi",
        "95 persen",
        "90–100 persen",
        "Tidak ada RHK tambahan.",
        "Kabupaten Uji, 20 Januari 2026",
    ]:
        assert expected in body, expected
    # The JPT form has no "RHK pimpinan yang diintervensi" nor "Aspek" column.
    assert "Diintervensi" not in body and "Aspek" not in body
    header = "No Rencana Hasil Kerja Indikator Kinerja Individu Target Perspektif"
    assert header in flat(pages(skp_pdf(data), layout=True)[0])


def test_kualitatif_forms_have_one_measure_column(personas, budi_rhk, period, caplog):
    skp = kadinkes_skp(personas, period, approve=False, kualitatif=True)
    _data, text = render(skp, caplog)
    body = flat(" ".join(text))
    assert "PENDEKATAN HASIL KERJA KUALITATIF" in body
    assert "Ukuran Keberhasilan / Indikator Kinerja Individu, dan Target" in body
    assert "Persentase puskesmas terakreditasi Target: 95 persen" in body


def test_long_skp_spans_pages_with_the_header_repeated(personas, budi_rhk, period, caplog):
    data, text = render(long_skp(personas, period, 30), caplog)
    assert len(data["hasil_kerja"]["utama"]) == 30
    total = len(text)
    assert total >= 4
    assert all(f"Halaman {n} dari {total}" in flat(p) for n, p in enumerate(text, 1))
    header = "No Rencana Hasil Kerja Pimpinan yang Diintervensi Rencana Hasil Kerja Aspek"
    tables = [p for p in text if "Rencana hasil kerja nomor" in p]
    assert len(tables) >= 2
    assert all(header in flat(p) and "A. Utama" in flat(p) for p in tables)
    # Later pages carry the running header instead of the kop.
    assert "PEMERINTAH KABUPATEN UJI" not in flat(text[1])
    assert "SKP Intan Permata" in flat(text[1])
    body = flat(" ".join(text))
    for n in range(1, 31):
        assert f"Rencana hasil kerja nomor {n} tersusun" in body
        assert f"Indikator 2 dari RHK {n}" in body
    assert "302 dokumen" in body
    # The signatures stay whole, with the last values, and never stand alone on a page.
    signing = [p for p in text if "Pejabat Penilai Kinerja" in p and "Pegawai yang Dinilai" in p]
    assert len(signing) == 2  # under the form and under the lampiran
    assert all("Kolaboratif" in p or "KONSEKUENSI" in p for p in signing)


def test_hostile_text_prints_literally(personas, budi_rhk, period, caplog):
    skp = ani_skp(personas, budi_rhk, period, hostile=True)
    data, text = render(skp, caplog)
    assert data["pegawai"]["nama"] == HOSTILE
    body = flat(" ".join(text))
    # The name (identity and signature), an RHK, an expectation and a lampiran line.
    assert body.count(HOSTILE) >= 5
    result = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "99", "-"],
        input=skp_pdf(data),
        capture_output=True,
        check=True,
    )
    sizes = {
        line.split(":", 1)[1].split("pts")[0].strip()
        for line in result.stdout.decode().splitlines()
        if line.startswith("Page") and " size:" in line
    }
    assert sizes == {"595.276 x 841.89"}  # "#set page(width: 1cm)" did not change the page


def test_skp_data_uses_a_fixed_number_of_queries(
    personas, budi_rhk, period, django_assert_num_queries
):
    small = ani_skp(personas, budi_rhk, period)
    with django_assert_num_queries(4):
        skp_data(small)
    big = kadinkes_skp(personas, period)
    extra = [
        Rhk(skp=big, jenis="tambahan", urutan=n, teks=f"Tambahan {n}", perspektif="anggaran")
        for n in range(30)
    ]
    Indikator.objects.bulk_create(
        Indikator(rhk=r, aspek="kuantitas", uraian="x", target_min=1, satuan="x")
        for r in Rhk.objects.bulk_create(extra)
    )
    with django_assert_num_queries(4):
        assert len(skp_data(big)["hasil_kerja"]["tambahan"]) == 30
    # A draft derives today's penilai: a few more queries, the same for 1 or 30 RHK.
    counts = []
    for rhk_count in (1, 30):
        skp = long_skp(personas, period, rhk_count)
        with CaptureQueriesContext(connection) as queries:
            skp_data(skp)
        counts.append(len(queries))
        skp.delete()
    assert counts[0] == counts[1]


def test_perilaku_rows_without_expectations(personas, period):
    skp = long_skp(personas, period, 1)
    PerilakuExpectation.objects.filter(skp=skp, nilai=3).update(ekspektasi_khusus="Ikut diklat")
    rows = skp_data(skp)["perilaku"]
    assert [r["nilai"] for r in rows][:6] == list(BERAKHLAK)
    assert len(rows) == 7 and all(len(r["panduan"]) == 3 for r in rows)
    assert [r["ekspektasi"] for r in rows] == ["", "", "Ikut diklat", "", "", "", ""]


def test_missing_keys_are_refused(personas, period):
    data = skp_data(long_skp(personas, period, 1))
    with pytest.raises(ValueError, match="hasil_kerja"):
        skp_pdf({k: v for k, v in data.items() if k != "hasil_kerja"})


@pytest.mark.parametrize(
    ("value", "text"), [(0, "0"), (12, "12"), ("12.50", "12,5"), ("1250000.25", "1.250.000,25")]
)
def test_numbers_the_indonesian_way(value, text):
    from decimal import Decimal

    assert angka(Decimal(value)) == text


# --- the page that serves it --------------------------------------------------------------------


def test_the_skp_pdf_is_for_those_who_read_the_skp_and_carries_its_code(
    personas, budi_rhk, period, login
):
    from django.urls import reverse

    from ekinerja.reports.models import IssuedDocument

    skp = ani_skp(personas, budi_rhk, period)
    url = reverse("skp-pdf", args=[skp.pk])
    for who in ("ani", "budi", "citra"):  # the owner, her penilai, admin BKPSDM
        response = login(personas.user(who)).get(url)
        assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    document = IssuedDocument.objects.get()  # three prints of one content: one code
    assert (document.jenis, document.sumber, document.status) == ("skp", f"skp:{skp.pk}", "final")
    assert document.pegawai_nama == "Ani Lestari"
    text = flat(" ".join(pages(response.content)))
    assert "Kode verifikasi" in text and document.sidik[:16] in text
    for who in ("dodi", "stranger"):
        assert login(personas.user(who)).get(url).status_code == 404
    page = login(personas.user("ani")).get(reverse("skp-detail", args=[skp.pk]))
    assert f'href="{url}"' in page.content.decode()
