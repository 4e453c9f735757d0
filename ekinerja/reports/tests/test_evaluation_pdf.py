"""The Dokumen Evaluasi Kinerja Pegawai (issue 8): periodic and annual evaluations of Ani
(JA/JF) set by Budi, her pejabat penilai, rendered and read back."""

from __future__ import annotations

import datetime as dt
import logging
import shutil
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ekinerja.appraisal import services
from ekinerja.appraisal.models import Evaluation
from ekinerja.appraisal.services_annual import open_annual_evaluation
from ekinerja.appraisal.tests.helpers import approved_skp, make_period
from ekinerja.planning.models import Indikator, PerilakuExpectation, Rhk, Skp
from ekinerja.reports.evaluation import evaluation_data, evaluation_pdf
from ekinerja.reports.testing import flat, pages

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed"
    ),
]

WIB = ZoneInfo("Asia/Jakarta")
HOSTILE = "#set page(width: 1cm) $x$ *b* [a] \\ @label <script>alert(1)</script>"
BERAKHLAK = (
    "Berorientasi Pelayanan",
    "Akuntabel",
    "Kompeten",
    "Harmonis",
    "Loyal",
    "Adaptif",
    "Kolaboratif",
)


@pytest.fixture(autouse=True)
def frozen_day():
    with time_machine.travel(dt.datetime(2026, 4, 6, 9, 30, tzinfo=WIB), tick=False):
        yield


def ani_skp(personas, *, indicators: int = 2, hostile: bool = False) -> Skp:
    """Ani's approved SKP (quarterly cycle): one utama RHK intervening Budi's, one tambahan."""
    period = make_period(personas, "triwulanan")
    budi = approved_skp(personas, "budi", period)
    atasan = Rhk.objects.create(
        skp=budi, jenis="utama", urutan=1, teks="Tersedianya data surveilans yang akurat"
    )
    if hostile:
        personas.ani.nama = HOSTILE
        personas.ani.save()
    skp = approved_skp(personas, "ani", period)
    utama = Rhk.objects.create(
        skp=skp,
        jenis="utama",
        urutan=1,
        rhk_atasan=atasan,
        teks=HOSTILE if hostile else "Laporan surveilans mingguan tersusun",
    )
    Indikator.objects.bulk_create(
        Indikator(
            rhk=utama,
            urutan=n,
            aspek="kuantitas",
            uraian=f"Jumlah laporan ke-{n}",
            target_min=52,
            satuan="laporan",
        )
        for n in range(1, indicators + 1)
    )
    tambahan = Rhk.objects.create(
        skp=skp, jenis="tambahan", urutan=1, teks="Materi sosialisasi aplikasi surveilans"
    )
    Indikator.objects.create(
        rhk=tambahan,
        urutan=1,
        aspek="kualitas",
        uraian="Materi disetujui Kasi",
        target_min=2,
        satuan="dokumen",
    )
    PerilakuExpectation.objects.update_or_create(
        skp=skp, nilai=1, defaults={"ekspektasi_khusus": "Menjawab puskesmas dalam sehari"}
    )
    return skp


def evaluate(
    personas, skp: Skp, periode_ke: int = 1, *, hostile: bool = False, set_it: bool = True
) -> Evaluation:
    budi = personas.user("budi")
    evaluation = services.open_evaluation(actor=budi, skp=skp, periode_ke=periode_ke)
    feedback = HOSTILE if hostile else "Laporan lengkap dan tepat waktu"
    results = {
        row.pk: services.ResultInput(
            realisasi=Decimal("12.5"), umpan_balik=feedback, rating="sesuai"
        )
        for row in evaluation.results.all()
    }
    behaviours = {
        n: services.BehaviourInput(umpan_balik=f"Umpan balik nilai {n}", rating="di_atas")
        for n in range(1, 8)
    }
    services.record_feedback(
        actor=budi, evaluation=evaluation, results=results, behaviours=behaviours
    )
    if set_it:
        with time_machine.travel(dt.datetime(2026, 4, 8, 10, 0, tzinfo=WIB), tick=False):
            services.set_ratings(
                actor=budi, evaluation=evaluation, rating_hasil="sesuai", rating_perilaku="di_atas"
            )
    evaluation.refresh_from_db()
    return evaluation


def render(evaluation: Evaluation, caplog) -> tuple[dict, list[str]]:
    data = evaluation_data(evaluation)
    with caplog.at_level(logging.WARNING, logger="ekinerja.reports.pdf"):
        pdf = evaluation_pdf(data)
    assert pdf.startswith(b"%PDF-")
    assert not caplog.records
    return data, pages(pdf)


def test_set_periodic_evaluation(personas, caplog):
    evaluation = evaluate(personas, ani_skp(personas))
    data, text = render(evaluation, caplog)
    assert data["status"] == "final" and data["jenis"] == "periodik"
    body = flat(" ".join(text))
    ani, budi = personas.ani, personas.budi
    for expected in [
        "PEMERINTAH KABUPATEN UJI",
        "DOKUMEN EVALUASI KINERJA PEGAWAI",
        "EVALUASI KINERJA PERIODIK",
        "Periode: Triwulan I 2026 (1 Januari 2026 s.d. 31 Maret 2026)",
        "PEGAWAI YANG DINILAI",
        "PEJABAT PENILAI KINERJA",
        "Ani Lestari",
        ani.nip_tampil,
        "Pengelola Data Surveilans",
        "Budi Santoso",
        "Kepala Seksi Surveilans",
        "HASIL KERJA",
        "A. Utama",
        "B. Tambahan",
        "Tersedianya data surveilans yang akurat",
        "Laporan surveilans mingguan tersusun",
        "Jumlah laporan ke-1",
        "Jumlah laporan ke-2",
        "12,5 laporan",
        "Materi sosialisasi aplikasi surveilans",
        "12,5 dokumen",
        "Realisasi Berdasarkan Bukti Dukung",
        "Umpan Balik Berkelanjutan",
        "Sesuai Ekspektasi Laporan lengkap dan tepat waktu",
        "RATING HASIL KERJA Sesuai Ekspektasi",
        "PERILAKU KERJA",
        "Menjawab puskesmas dalam sehari",
        "Di Atas Ekspektasi Umpan balik nilai 7",
        "Melakukan perbaikan tiada henti",
        "RATING PERILAKU KERJA Di Atas Ekspektasi",
        "PREDIKAT KINERJA PEGAWAI BAIK",
        "Kabupaten Uji, 8 April 2026",
        "Pejabat Penilai Kinerja",
        f"NIP. {budi.nip_tampil}",
        "Dicetak dari E-Kinerja pada 6 April 2026 09:30",
    ]:
        assert expected in body, expected
    for name in BERAKHLAK:
        assert name in body, name
    assert "DRAF" not in "".join(body.split())
    assert f"Halaman {len(text)} dari {len(text)}" in flat(text[-1])
    # The signature sits with the predikat, on the last page.
    assert "PREDIKAT KINERJA PEGAWAI" in text[-1] and "Pejabat Penilai Kinerja" in text[-1]


def test_draft_is_marked(personas, caplog):
    evaluation = evaluate(personas, ani_skp(personas), set_it=False)
    data, text = render(evaluation, caplog)
    assert data["status"] == "draf" and data["predikat"] == ""
    first = flat(text[0])
    assert "DRAF — Masih disusun oleh pejabat penilai kinerja" in first
    assert all("DRAF" in "".join(page.split()) for page in text)
    body = flat(" ".join(text))
    assert "PREDIKAT KINERJA PEGAWAI Belum ditetapkan" in body
    assert "Budi Santoso" in body  # today's penilai
    assert "Kabupaten Uji, . . . ." in body


def test_annual_evaluation(personas, caplog):
    skp = ani_skp(personas)
    for k in (1, 2, 3, 4):
        evaluate(personas, skp, k)
    with time_machine.travel(dt.datetime(2027, 1, 5, 9, 0, tzinfo=WIB), tick=False):
        annual = open_annual_evaluation(actor=personas.user("budi"), skp=skp)
        services.set_ratings(
            actor=personas.user("budi"),
            evaluation=annual,
            rating_hasil="sesuai",
            rating_perilaku="di_atas",
        )
        annual.refresh_from_db()
        data, text = render(annual, caplog)
    assert data["jenis"] == "tahunan" and data["status"] == "final"
    body = flat(" ".join(text))
    for expected in [
        "EVALUASI KINERJA TAHUNAN",
        "Periode: Tahunan 2026 (1 Januari 2026 s.d. 31 Desember 2026)",
        "50 laporan",  # four quarters of 12,5
        "RATING HASIL KERJA Sesuai Ekspektasi",
        "PREDIKAT KINERJA PEGAWAI BAIK",
        "Kabupaten Uji, 5 Januari 2027",
    ]:
        assert expected in body, expected


def test_jpt_form_has_perspektif_and_no_aspek(personas, caplog):
    period = make_period(personas, "triwulanan")
    skp = approved_skp(personas, "kadinkes", period)
    rhk = Rhk.objects.create(
        skp=skp, jenis="utama", urutan=1, perspektif="anggaran", teks="Terkendalinya anggaran dinas"
    )
    Indikator.objects.create(
        rhk=rhk,
        urutan=1,
        aspek="biaya",
        uraian="Realisasi anggaran",
        target_min=90,
        satuan="persen",
    )
    sekda = personas.user("sekda")
    evaluation = services.open_evaluation(actor=sekda, skp=skp, periode_ke=1)
    data, text = render(evaluation, caplog)
    assert data["form"] == "jpt"
    body = flat(" ".join(text))
    for expected in ["Kadinkes Uji", "Sekda Uji", "Perspektif Anggaran", "Realisasi anggaran"]:
        assert expected in body, expected
    assert "Diintervensi" not in body and "Aspek" not in body


def test_hostile_text_prints_literally(personas, caplog):
    evaluation = evaluate(personas, ani_skp(personas, hostile=True), hostile=True)
    data, text = render(evaluation, caplog)
    assert data["pegawai"]["nama"] == HOSTILE
    body = flat(" ".join(text))
    assert body.count(HOSTILE) >= 2  # the name, in the identity and the running header
    # The RHK and the feedback on each indicator wrap in their narrow columns: compared without
    # the line breaks, each prints as typed.
    assert "".join(body.split()).count("".join(HOSTILE.split())) >= 5


def test_evaluation_data_uses_a_fixed_number_of_queries(personas, django_assert_num_queries):
    skp = ani_skp(personas, indicators=1)
    small, small_draft = evaluate(personas, skp, 1), evaluate(personas, skp, 2, set_it=False)
    rhk = Rhk.objects.get(skp=skp, jenis="utama")
    Indikator.objects.bulk_create(
        Indikator(
            rhk=rhk,
            urutan=n,
            aspek="waktu",
            uraian=f"Tepat waktu {n}",
            target_min=1,
            satuan="bulan",
        )
        for n in range(2, 31)
    )
    big, big_draft = evaluate(personas, skp, 3), evaluate(personas, skp, 4, set_it=False)
    for evaluation in (small, big):  # set: the identities frozen on it
        with django_assert_num_queries(4):
            evaluation_data(evaluation)
    # A draft derives today's penilai: a few more queries, the same for 1 or 30 indicators.
    counts = []
    for evaluation in (small_draft, big_draft):
        with CaptureQueriesContext(connection) as queries:
            data = evaluation_data(evaluation)
        counts.append(len(queries))
    assert len(data["hasil_kerja"]["utama"][0]["indikator"]) == 30
    assert counts[0] == counts[1]


def test_missing_keys_are_refused(personas):
    data = evaluation_data(evaluate(personas, ani_skp(personas), set_it=False))
    with pytest.raises(ValueError, match="predikat"):
        evaluation_pdf({k: v for k, v in data.items() if k != "predikat"})


# --- the page that serves it --------------------------------------------------------------------


def test_the_evaluation_pdf_is_for_those_who_read_the_evaluation(personas, login):
    from django.urls import reverse

    from ekinerja.reports.models import IssuedDocument

    evaluation = evaluate(personas, ani_skp(personas), set_it=False)
    url = reverse("evaluation-pdf", args=[evaluation.pk])
    assert url == f"/evaluasi/{evaluation.pk}/dokumen.pdf"
    # A draft is the penilai's work in progress: not yet for the employee.
    assert login(personas.user("ani")).get(url).status_code == 404
    assert login(personas.user("budi")).get(url).status_code == 200
    with time_machine.travel(dt.datetime(2026, 4, 8, 10, 0, tzinfo=WIB), tick=False):
        services.set_ratings(
            actor=personas.user("budi"),
            evaluation=evaluation,
            rating_hasil="sesuai",
            rating_perilaku="di_atas",
        )
    for who in ("ani", "budi", "citra"):  # the employee once set, her penilai, admin BKPSDM
        response = login(personas.user(who)).get(url)
        assert response.status_code == 200 and response.content.startswith(b"%PDF-")
        assert response["Content-Type"] == "application/pdf"
    # The draft print and three prints of the set content: one code each.
    finals = IssuedDocument.objects.filter(status="final")
    document = finals.get()
    assert (document.jenis, document.sumber) == ("evaluasi", f"evaluasi:{evaluation.pk}")
    assert document.pegawai_nama == "Ani Lestari"
    assert document.fakta["Predikat"] == "Baik"
    assert document.fakta["Rating perilaku kerja"] == "Di Atas Ekspektasi"
    text = flat(" ".join(pages(response.content)))
    assert "Kode verifikasi" in text and document.sidik[:16] in text
    for who in ("dodi", "stranger"):  # an unrelated employee, another instansi
        assert login(personas.user(who)).get(url).status_code == 404
    page = login(personas.user("ani")).get(reverse("evaluation-detail", args=[evaluation.pk]))
    assert f'href="{url}"' in page.content.decode()
