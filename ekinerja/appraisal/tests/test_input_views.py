"""The self-assessment and 360 pages over HTTP, with personas: Ani writes her self-assessment,
Intan (her colleague) gives 360 input; everyone else is refused (404 for what they may not
see, 403 when the region has the switch off)."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.urls import reverse

from ekinerja.appraisal import services, services_input
from ekinerja.appraisal.models import PeerFeedback, SelfAssessment, SelfAssessmentResult
from ekinerja.appraisal.services_input import FeedbackItemInput
from ekinerja.appraisal.tests.helpers import make_period
from ekinerja.appraisal.tests.test_input_setup import NOW, colleague, march, switch

pytestmark = [pytest.mark.django_db]
HTMX = {"HTTP_HX_REQUEST": "true"}
SELF_LIST = reverse("self-assessment-list")
FEEDBACK_LIST = reverse("peer-feedback-list")


@pytest.fixture(autouse=True)
def frozen_day():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def period(personas):
    return make_period(personas)


@pytest.fixture
def evaluation(personas, period):
    switch(personas)
    return march(personas, "ani", "budi", period)


def self_url(evaluation) -> str:
    return reverse("self-assessment-form", args=[evaluation.pk])


def feedback_url(evaluation) -> str:
    return reverse("peer-feedback-form", args=[evaluation.pk])


def self_data(evaluation, aksi="simpan", **extra) -> dict:
    data = {"aksi": aksi, "catatan": "Catatan bulan Maret"}
    for pk in evaluation.results.values_list("pk", flat=True):
        data[f"realisasi_{pk}"], data[f"bukti_{pk}"] = "2,5", "Laporan di folder seksi"
    data["refleksi_1"] = "Melayani permintaan data"
    data.update(extra)
    return data


def feedback_data(**extra) -> dict:
    data = {f"rating_{n}": "sesuai" for n in range(1, 8)}
    data["komentar_1"] = "Sigap membantu rekan"
    data.update(extra)
    return data


# --- the self-assessment ---------------------------------------------------------------------


def test_the_employee_fills_saves_and_sends(login, personas, evaluation):
    client = login(personas.user("ani"))
    page = client.get(self_url(evaluation))
    assert page.status_code == 200
    assert b"Penilaian mandiri Maret 2026" in page.content and b"Indikator 2" in page.content
    response = client.post(self_url(evaluation), self_data(evaluation))
    assert response.status_code == 302 and response["Location"] == self_url(evaluation)
    assessment = SelfAssessment.objects.get(evaluation=evaluation)
    assert assessment.status == "draf"
    assert {str(r) for r in assessment.results.values_list("realisasi", flat=True)} == {"2.50"}
    page = client.get(self_url(evaluation))
    assert b'value="2,5"' in page.content  # typed back as people type it
    response = client.post(self_url(evaluation), self_data(evaluation, aksi="kirim"), **HTMX)
    assert response.status_code == 200
    assert b"terkirim ke pejabat penilai" in response.content
    assert b"form-mandiri" not in response.content  # read-only from now on
    assessment.refresh_from_db()
    assert assessment.status == "dikirim"
    response = client.post(self_url(evaluation), self_data(evaluation))
    assert response.status_code == 400 and b"sudah dikirim" in response.content


def test_the_list_shows_the_open_evaluations(login, personas, evaluation):
    page = login(personas.user("ani")).get(SELF_LIST)
    assert page.status_code == 200
    assert b"Maret 2026" in page.content and self_url(evaluation).encode() in page.content


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("realisasi", "dua", "harus berupa angka tidak negatif"),
        ("realisasi", "-1", "harus berupa angka tidak negatif"),
        ("realisasi", "1.000,5", "harus berupa angka tidak negatif"),
        ("bukti", "x" * 2001, "paling panjang 2000 karakter"),
        ("aksi", "hapus", "Tindakan tidak dikenal"),
    ],
)
def test_bad_self_input_is_a_400_and_changes_nothing(
    login, personas, evaluation, field, value, message
):
    client = login(personas.user("ani"))
    client.post(self_url(evaluation), self_data(evaluation))
    before = list(SelfAssessmentResult.objects.order_by("id").values_list("realisasi", "bukti"))
    first = evaluation.results.order_by("id").first().pk
    name = {"realisasi": f"realisasi_{first}", "bukti": f"bukti_{first}"}.get(field, field)
    data = self_data(evaluation, **{name: value, "catatan": "Ubah"})
    response = client.post(self_url(evaluation), data, **HTMX)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert list(SelfAssessmentResult.objects.order_by("id").values_list("realisasi", "bukti")) == (
        before
    )
    assert SelfAssessment.objects.get().catatan == "Catatan bulan Maret"


def test_sending_with_a_missing_claim_stores_nothing(login, personas, evaluation):
    first = evaluation.results.order_by("id").first().pk
    data = self_data(evaluation, aksi="kirim", **{f"realisasi_{first}": ""})
    response = login(personas.user("ani")).post(self_url(evaluation), data)
    assert response.status_code == 400
    assert "belum diisi untuk 1 indikator" in response.content.decode()
    assert not SelfAssessment.objects.exists()  # the save was rolled back with the send


@pytest.mark.parametrize("who", ["budi", "intan", "eka", "citra", "fajar", "dodi", "stranger"])
def test_another_employees_self_assessment_is_not_found(login, personas, evaluation, who):
    client = login(personas.user(who))
    assert client.get(self_url(evaluation)).status_code == 404
    assert client.post(self_url(evaluation), self_data(evaluation)).status_code == 404
    assert not SelfAssessment.objects.exists()


def test_the_switch_off_is_a_403(login, personas, period):
    switch(personas, mandiri=False)
    evaluation = march(personas, "ani", "budi", period)
    client = login(personas.user("ani"))
    assert client.get(self_url(evaluation)).status_code == 403
    assert client.post(self_url(evaluation), self_data(evaluation)).status_code == 403
    page = client.get(SELF_LIST)
    assert page.status_code == 200
    assert "Penilaian mandiri tidak diaktifkan untuk instansi ini." in page.content.decode()
    assert not SelfAssessment.objects.exists()


def test_a_set_evaluation_is_read_only(login, personas, evaluation):
    client = login(personas.user("ani"))
    client.post(self_url(evaluation), self_data(evaluation))
    services.set_ratings(actor=personas.user("budi"), evaluation=evaluation,
                         rating_hasil="sesuai", rating_perilaku="sesuai")  # fmt: skip
    page = client.get(self_url(evaluation))
    assert page.status_code == 200
    assert b"form-mandiri" not in page.content and b"Catatan bulan Maret" in page.content
    response = client.post(self_url(evaluation), self_data(evaluation, catatan="Ubah"))
    assert response.status_code == 400 and b"sudah ditetapkan" in response.content
    assert SelfAssessment.objects.get().catatan == "Catatan bulan Maret"


def test_the_employee_never_sees_the_360_input(login, personas, evaluation):
    services_input.save_peer_feedback(
        actor=personas.user("intan"), evaluation=evaluation,
        items={1: FeedbackItemInput("di_bawah", "Komentar rahasia")},
    )  # fmt: skip
    client = login(personas.user("ani"))
    for url in (self_url(evaluation), SELF_LIST, FEEDBACK_LIST):
        page = client.get(url)
        assert page.status_code == 200 and b"Komentar rahasia" not in page.content


@pytest.mark.parametrize("many", [False, True])
def test_self_pages_take_a_fixed_number_of_queries(
    login, personas, period, django_assert_num_queries, many
):
    switch(personas)
    evaluation = march(personas, "ani", "budi", period, indicators=6 if many else 1, periode_ke=1)
    for k in range(2, 6 if many else 2):
        services.open_evaluation(actor=personas.user("budi"), skp=evaluation.skp, periode_ke=k)
    client = login(personas.user("ani"))
    client.post(self_url(evaluation), self_data(evaluation))
    with django_assert_num_queries(15):
        assert client.get(self_url(evaluation)).status_code == 200
    with django_assert_num_queries(11):
        assert client.get(SELF_LIST).status_code == 200


# --- 360 input -------------------------------------------------------------------------------


def test_a_colleague_gives_360_input(login, personas, evaluation):
    client = login(personas.user("intan"))
    page = client.get(FEEDBACK_LIST)
    assert page.status_code == 200 and b"Ani Lestari" in page.content
    assert feedback_url(evaluation).encode() in page.content
    page = client.get(feedback_url(evaluation))
    assert page.status_code == 200 and "Anda sebagai rekan kerja" in page.content.decode()
    response = client.post(feedback_url(evaluation), feedback_data())
    assert response.status_code == 302 and response["Location"] == FEEDBACK_LIST
    feedback = PeerFeedback.objects.get()
    assert (feedback.pemberi, feedback.hubungan) == (personas.intan, "rekan")
    response = client.post(feedback_url(evaluation), feedback_data(rating_2="di_atas"), **HTMX)
    assert response.status_code == 200 and b"tersimpan" in response.content
    assert feedback.items.get(nilai=2).rating == "di_atas"
    assert b"Sudah diisi" in client.get(FEEDBACK_LIST).content


def test_a_subordinate_gives_360_input_to_the_penilai(login, personas, period, evaluation):
    budi = march(personas, "budi", "eka", period)
    client = login(personas.user("ani"))
    assert "Anda sebagai bawahan langsung" in client.get(feedback_url(budi)).content.decode()
    assert client.post(feedback_url(budi), feedback_data()).status_code == 302
    assert PeerFeedback.objects.get().hubungan == "bawahan"


@pytest.mark.parametrize(
    "data, message",
    [
        (feedback_data(rating_1="luar_biasa"), "pilihan tidak dikenal"),
        (feedback_data(komentar_3="x" * 2001), "paling panjang 2000 karakter"),
        ({"komentar_1": "Tanpa penilaian"}, "paling sedikit satu"),
    ],
)
def test_bad_360_input_is_a_400_and_changes_nothing(login, personas, evaluation, data, message):
    response = login(personas.user("intan")).post(feedback_url(evaluation), data, **HTMX)
    assert response.status_code == 400 and message in response.content.decode()
    assert not PeerFeedback.objects.exists()


@pytest.mark.parametrize("who", ["ani", "budi", "eka", "citra", "fajar", "dodi", "stranger"])
def test_others_do_not_find_the_360_form(login, personas, evaluation, who):
    client = login(personas.user(who))
    assert client.get(feedback_url(evaluation)).status_code == 404
    assert client.post(feedback_url(evaluation), feedback_data()).status_code == 404
    assert not PeerFeedback.objects.exists()


def test_the_360_switch_off_is_a_403(login, personas, period):
    switch(personas, rekan=False)
    evaluation = march(personas, "ani", "budi", period)
    client = login(personas.user("intan"))
    assert client.get(feedback_url(evaluation)).status_code == 403
    assert client.post(feedback_url(evaluation), feedback_data()).status_code == 403
    page = client.get(FEEDBACK_LIST)
    assert "tidak diaktifkan untuk instansi ini" in page.content.decode()
    assert not PeerFeedback.objects.exists()


def test_a_set_evaluation_closes_the_360_form(login, personas, evaluation):
    client = login(personas.user("intan"))
    client.post(feedback_url(evaluation), feedback_data())
    services.set_ratings(actor=personas.user("budi"), evaluation=evaluation,
                         rating_hasil="sesuai", rating_perilaku="sesuai")  # fmt: skip
    page = client.get(feedback_url(evaluation))
    assert page.status_code == 200 and b"form-360" not in page.content
    assert b"Sigap membantu rekan" in page.content  # the giver still reads their own input
    response = client.post(feedback_url(evaluation), feedback_data(rating_1="di_bawah"))
    assert response.status_code == 400 and b"sudah ditetapkan" in response.content
    assert PeerFeedback.objects.get().items.get(nilai=1).rating == "sesuai"


def test_a_giver_does_not_see_another_givers_input(login, personas, evaluation):
    login(personas.user("intan")).post(feedback_url(evaluation), feedback_data(
        komentar_1="Hanya untuk penilai"))  # fmt: skip
    other = colleague(personas)
    page = login(other.user).get(feedback_url(evaluation))
    assert page.status_code == 200 and b"Hanya untuk penilai" not in page.content


@pytest.mark.parametrize("many", [False, True])
def test_360_pages_take_a_fixed_number_of_queries(
    login, personas, period, django_assert_num_queries, many
):
    switch(personas)
    evaluation = march(personas, "ani", "budi", period)
    if many:
        for number in range(4):
            colleague(personas, attr=f"rekan{number}")
            march(personas, f"rekan{number}", "budi", period)
        march(personas, "budi", "eka", period)
    client = login(personas.user("intan"))
    client.post(feedback_url(evaluation), feedback_data())
    with django_assert_num_queries(18):
        page = client.get(FEEDBACK_LIST)
    assert len(re.findall(r"/evaluasi/masukan/360/\d+/", page.content.decode())) == (
        6 if many else 1
    )
    with django_assert_num_queries(17):
        assert client.get(feedback_url(evaluation)).status_code == 200


# --- the lists as Excel ----------------------------------------------------------------------

SELF_EXPORT = reverse("self-assessment-list-export")
FEEDBACK_EXPORT = reverse("peer-feedback-list-export")


def _sheet(response) -> list[tuple]:
    import io

    from openpyxl import load_workbook

    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    return list(load_workbook(io.BytesIO(body)).active.iter_rows(values_only=True))


def test_the_self_list_export_has_my_rows_as_text(login, personas, evaluation):
    from ekinerja.people.models import Employee

    Employee.objects.filter(pk=personas.budi.pk).update(nama="=1+1")
    client = login(personas.user("ani"))
    assert SELF_EXPORT in client.get(SELF_LIST).content.decode()
    client.post(self_url(evaluation), self_data(evaluation, aksi="kirim"))
    rows = _sheet(client.get(SELF_EXPORT))
    assert rows[0] == ("Periode", "Jabatan", "Pejabat penilai", "Penilaian mandiri", "Dikirim")
    assert len(rows) == 2 and rows[1][0] == "Maret 2026"
    assert rows[1][2].startswith("'=")  # the penilai's name, no formula


@pytest.mark.parametrize("who", ["intan", "budi", "stranger"])
def test_the_self_list_export_has_nobody_elses_rows(login, personas, evaluation, who):
    assert len(_sheet(login(personas.user(who)).get(SELF_EXPORT))) == 1  # the header only


@pytest.mark.parametrize("many", [False, True])
def test_the_self_list_export_takes_a_fixed_number_of_queries(
    login, personas, period, django_assert_num_queries, many
):
    switch(personas)
    evaluation = march(personas, "ani", "budi", period, indicators=1, periode_ke=1)
    for k in range(2, 6 if many else 2):
        services.open_evaluation(actor=personas.user("budi"), skp=evaluation.skp, periode_ke=k)
    client = login(personas.user("ani"))
    with django_assert_num_queries(QUERIES_SELF_EXPORT):
        assert len(_sheet(client.get(SELF_EXPORT))) == 1 + (5 if many else 1)


QUERIES_SELF_EXPORT = 9


def test_the_360_export_has_my_requests_as_text(login, personas, evaluation):
    from ekinerja.people.models import Employee

    Employee.objects.filter(pk=personas.ani.pk).update(nama="=1+1")
    client = login(personas.user("intan"))
    assert FEEDBACK_EXPORT in client.get(FEEDBACK_LIST).content.decode()
    rows = _sheet(client.get(FEEDBACK_EXPORT))
    assert rows[0] == ("Pegawai", "Jabatan", "Periode", "Anda sebagai", "Masukan")
    assert len(rows) == 2 and rows[1][0].startswith("'=") and rows[1][4] == "Belum diisi"
    client.post(feedback_url(evaluation), feedback_data())
    assert _sheet(client.get(FEEDBACK_EXPORT))[1][4] == "Sudah diisi"


@pytest.mark.parametrize("who", ["ani", "budi", "stranger"])
def test_the_360_export_has_nobody_elses_requests(login, personas, evaluation, who):
    rows = _sheet(login(personas.user(who)).get(FEEDBACK_EXPORT))
    assert evaluation.employee.nama_lengkap not in [r[0] for r in rows[1:]]


def test_the_360_export_is_empty_while_the_switch_is_off(login, personas, period):
    switch(personas, rekan=False)
    march(personas, "ani", "budi", period)
    client = login(personas.user("intan"))
    assert FEEDBACK_EXPORT not in client.get(FEEDBACK_LIST).content.decode()
    assert len(_sheet(client.get(FEEDBACK_EXPORT))) == 1


@pytest.mark.parametrize("many", [False, True])
def test_the_360_export_takes_a_fixed_number_of_queries(
    login, personas, period, django_assert_num_queries, many
):
    switch(personas)
    evaluation = march(personas, "ani", "budi", period)
    if many:
        for number in range(4):
            colleague(personas, attr=f"rekan{number}")
            march(personas, f"rekan{number}", "budi", period)
        march(personas, "budi", "eka", period)
    client = login(personas.user("intan"))
    client.post(feedback_url(evaluation), feedback_data())
    with django_assert_num_queries(QUERIES_360_EXPORT):
        assert len(_sheet(client.get(FEEDBACK_EXPORT))) == 1 + (6 if many else 1)


QUERIES_360_EXPORT = 17
