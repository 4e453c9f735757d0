"""The evaluation pages with personas: Budi (Kasi) evaluates Ani and Intan; Eka (Kabid) is
their atasan pejabat penilai; Fajar is admin OPD of Dinkes, Citra admin BKPSDM; Dodi works in
another OPD and the stranger in another region."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from ekinerja.appraisal import services
from ekinerja.appraisal.choices import StatusEvaluasi, StatusKeberatan
from ekinerja.appraisal.models import Evaluation, EvaluationResult, Objection, UnitPredikat
from ekinerja.appraisal.tests.helpers import approved_skp, make_period
from ekinerja.core.models import AuditEvent
from ekinerja.planning.models import Indikator, PeriodTarget, Rhk

pytestmark = [pytest.mark.django_db]
A, S, B = "di_atas", "sesuai", "di_bawah"
TEAM = reverse("evaluation-team")


@pytest.fixture(autouse=True)
def frozen_day():
    with time_machine.travel(dt.datetime(2026, 4, 6, 9, 0), tick=False):
        yield


@pytest.fixture
def period(personas):
    return make_period(personas)


def skp_with_indicators(personas, who, period, count=2):
    skp = approved_skp(personas, who, period)
    rhk = Rhk.objects.create(skp=skp, jenis="utama", urutan=1, teks="Laporan surveilans")
    for urutan in range(1, count + 1):
        ind = Indikator.objects.create(
            rhk=rhk, urutan=urutan, aspek="kuantitas", uraian=f"Indikator {urutan}",
            target_min=12, satuan="dokumen",
        )  # fmt: skip
        PeriodTarget.objects.create(indikator=ind, periode_ke=3, target=1)
    return skp


@pytest.fixture
def ani_skp(personas, period):
    return skp_with_indicators(personas, "ani", period)


@pytest.fixture
def draft(personas, ani_skp):
    return services.open_evaluation(actor=personas.user("budi"), skp=ani_skp, periode_ke=3)


def form_data(evaluation, result_rating=S, behaviour_rating=S, aksi="tetapkan", **extra):
    data = {"aksi": aksi}
    for row in evaluation.results.all():
        data[f"r{row.pk}-realisasi"] = "1"
        data[f"r{row.pk}-umpan_balik"] = "Laporan lengkap dan tepat waktu."
        data[f"r{row.pk}-rating"] = result_rating
    for nilai in range(1, 8):
        data[f"b{nilai}-umpan_balik"] = "Sesuai ekspektasi."
        data[f"b{nilai}-rating"] = behaviour_rating
    data.update(extra)
    return data


def set_evaluation(personas, evaluation, hasil=S, perilaku=S):
    return services.set_ratings(
        actor=personas.user("budi"), evaluation=evaluation, rating_hasil=hasil,
        rating_perilaku=perilaku, alasan_hasil="alasan", alasan_perilaku="alasan",
    )  # fmt: skip


# --- the penilai's sheet --------------------------------------------------------------------------


def test_the_sheet_lists_subordinates_with_their_progress(login, personas, draft):
    response = login(personas.user("budi")).get(TEAM)
    assert response.status_code == 200
    assert response.context["periode_ke"] == 3  # March is the latest ended month on 6 April
    rows = {row.employee.nama: row for row in response.context["sheet"].rows}
    assert set(rows) == {"Ani Lestari", "Intan Permata"}
    assert rows["Ani Lestari"].evaluation == draft and rows["Ani Lestari"].items == 9
    assert rows["Intan Permata"].skp is None  # no approved SKP: nothing to evaluate yet
    assert "Belum ada SKP disetujui" in response.content.decode()


def test_the_sheet_does_not_grow_in_queries_with_subordinates(
    login, personas, period, ani_skp, django_assert_num_queries
):
    client = login(personas.user("budi"))
    services.open_evaluation(actor=personas.user("budi"), skp=ani_skp, periode_ke=3)
    client.get(TEAM)  # warm the session and roles
    with django_assert_num_queries(QUERIES_SHEET) as one:
        client.get(TEAM)
    first = len(one.captured_queries)
    intan = skp_with_indicators(personas, "intan", period, count=5)
    services.open_evaluation(actor=personas.user("budi"), skp=intan, periode_ke=3)
    with django_assert_num_queries(first):
        client.get(TEAM)


QUERIES_SHEET = 14


def test_opening_one_subordinate_goes_straight_to_the_form(login, personas, ani_skp):
    client = login(personas.user("budi"))
    response = client.post(
        reverse("evaluation-open"), {"tahun": 2026, "periode": "3", "pegawai": personas.ani.pk}
    )
    evaluation = Evaluation.objects.get(skp=ani_skp, periode_ke=3)
    assert response.status_code == 302 and response.url == f"/evaluasi/{evaluation.pk}/"
    page = client.get(response.url)
    assert page.status_code == 200 and page.context["editable"]


def test_opening_all_reports_who_could_not_be_opened(login, personas, period, ani_skp):
    client = login(personas.user("budi"))
    response = client.post(reverse("evaluation-open"), {"tahun": 2026, "periode": "3"})
    assert response.status_code == 302
    assert Evaluation.objects.filter(periode_ke=3).count() == 1  # Intan has no approved SKP


def test_a_bad_period_is_a_400_with_a_message(login, personas, ani_skp):
    response = login(personas.user("budi")).get(TEAM, {"periode": "13"})
    assert response.status_code == 400 and response.context["errors"]


def test_opening_someone_elses_subordinate_is_refused(login, personas, period):
    skp_with_indicators(personas, "dodi", period)
    response = login(personas.user("budi")).post(
        reverse("evaluation-open"), {"tahun": 2026, "periode": "3", "pegawai": personas.dodi.pk}
    )
    assert response.status_code == 403
    assert not Evaluation.objects.exists()


# --- the Dokumen Evaluasi -------------------------------------------------------------------------


def test_setting_with_the_suggestion_gives_the_predikat_of_the_matrix(login, personas, draft):
    client = login(personas.user("budi"))
    response = client.post(
        reverse("evaluation-save", args=[draft.pk]), form_data(draft, result_rating=A)
    )
    draft.refresh_from_db()
    assert response.status_code == 302 and response.url.startswith(TEAM)
    assert (draft.rating_hasil, draft.rating_perilaku, draft.predikat) == (A, S, "baik")
    assert draft.status == StatusEvaluasi.DITETAPKAN
    assert AuditEvent.objects.filter(action="tetapkan_evaluasi").count() == 1


def test_saving_a_draft_keeps_it_open(login, personas, draft):
    response = login(personas.user("budi")).post(
        reverse("evaluation-save", args=[draft.pk]), form_data(draft, aksi="simpan")
    )
    draft.refresh_from_db()
    assert response.status_code == 302 and draft.status == StatusEvaluasi.DRAF
    assert (draft.saran_hasil, draft.saran_perilaku) == (S, S)
    assert set(draft.results.values_list("umpan_balik", flat=True)) == {
        "Laporan lengkap dan tepat waktu."
    }


def test_after_setting_the_penilai_goes_to_the_next_draft(login, personas, period, draft):
    intan = skp_with_indicators(personas, "intan", period)
    following = services.open_evaluation(actor=personas.user("budi"), skp=intan, periode_ke=3)
    response = login(personas.user("budi")).post(
        reverse("evaluation-save", args=[draft.pk]), form_data(draft)
    )
    assert response.url == f"/evaluasi/{following.pk}/"


def test_a_deviation_without_a_reason_is_refused_and_nothing_is_saved(login, personas, draft):
    data = form_data(draft, rating_hasil=A)  # the feedback suggests Sesuai
    response = login(personas.user("budi")).post(reverse("evaluation-save", args=[draft.pk]), data)
    assert response.status_code == 400
    assert any("alasan" in e.lower() for e in response.context["errors"])
    draft.refresh_from_db()
    assert draft.status == StatusEvaluasi.DRAF and draft.saran_hasil == ""
    assert not EvaluationResult.objects.exclude(umpan_balik="").exists()
    # The page keeps what was typed, so nothing has to be entered again.
    assert "Laporan lengkap dan tepat waktu." in response.content.decode()


def test_a_deviation_with_a_reason_is_set(login, personas, draft):
    data = form_data(draft, rating_hasil=A, alasan_hasil="Menyelesaikan tugas tambahan.")
    login(personas.user("budi")).post(reverse("evaluation-save", args=[draft.pk]), data)
    draft.refresh_from_db()
    assert (draft.rating_hasil, draft.alasan_hasil) == (A, "Menyelesaikan tugas tambahan.")


@pytest.mark.parametrize(
    "field,value",
    [
        ("realisasi", "dua"),
        ("realisasi", "-1"),
        ("rating", "luar_biasa"),
        ("umpan_balik", "x" * 2001),
    ],
)
def test_bad_input_is_a_400_and_changes_nothing(login, personas, draft, field, value):
    data = form_data(draft)
    row = draft.results.first()
    data[f"r{row.pk}-{field}"] = value
    response = login(personas.user("budi")).post(reverse("evaluation-save", args=[draft.pk]), data)
    assert response.status_code == 400 and response.context["errors"]
    draft.refresh_from_db()
    assert draft.status == StatusEvaluasi.DRAF
    assert not EvaluationResult.objects.exclude(umpan_balik="").exists()


def test_without_any_feedback_setting_asks_for_it(login, personas, draft):
    response = login(personas.user("budi")).post(
        reverse("evaluation-save", args=[draft.pk]), {"aksi": "tetapkan"}
    )
    assert response.status_code == 400
    assert any("belum dapat disarankan" in e for e in response.context["errors"])


@pytest.mark.parametrize(
    "viewer,draft_status,set_status",
    [
        ("budi", 200, 200),  # the penilai
        ("ani", 404, 200),  # the employee: not the draft, the set result
        ("eka", 200, 200),  # the atasan pejabat penilai
        ("fajar", 200, 200),  # admin OPD of Dinkes
        ("citra", 200, 200),  # admin BKPSDM
        ("intan", 404, 404),  # a colleague
        ("dodi", 404, 404),  # another OPD
        ("stranger", 404, 404),  # another region
    ],
)
def test_who_may_read_an_evaluation(login, personas, draft, viewer, draft_status, set_status):
    client = login(personas.user(viewer))
    url = reverse("evaluation-detail", args=[draft.pk])
    assert client.get(url).status_code == draft_status
    set_evaluation(personas, draft)
    response = client.get(url)
    assert response.status_code == set_status
    if set_status == 200:
        assert response.context["editable"] == (viewer == "budi")


@pytest.mark.parametrize(
    "viewer,status", [("ani", 403), ("eka", 403), ("citra", 403), ("dodi", 404)]
)
def test_only_the_penilai_may_save(login, personas, draft, viewer, status):
    set_evaluation(personas, draft, hasil=B)
    response = login(personas.user(viewer)).post(
        reverse("evaluation-save", args=[draft.pk]), form_data(draft)
    )
    assert response.status_code == status
    draft.refresh_from_db()
    assert draft.rating_hasil == B


def test_the_document_page_has_a_fixed_number_of_queries(
    login, personas, period, draft, django_assert_num_queries
):
    client = login(personas.user("budi"))
    url = reverse("evaluation-detail", args=[draft.pk])
    client.get(url)
    with django_assert_num_queries(QUERIES_DOCUMENT) as few:
        client.get(url)
    first = len(few.captured_queries)
    skp = skp_with_indicators(personas, "intan", period, count=8)
    many = services.open_evaluation(actor=personas.user("budi"), skp=skp, periode_ke=3)
    with django_assert_num_queries(first):
        client.get(reverse("evaluation-detail", args=[many.pk]))


QUERIES_DOCUMENT = 24


# --- the employee and the keberatan ---------------------------------------------------------------


def test_the_employee_sees_the_predikat_and_accepts_it(login, personas, draft):
    set_evaluation(personas, draft, hasil=A, perilaku=A)
    client = login(personas.user("ani"))
    mine = client.get(reverse("evaluation-mine"))
    assert "Sangat Baik" in mine.content.decode()
    page = client.get(reverse("evaluation-detail", args=[draft.pk]))
    assert page.context["predikat"].label == "Sangat Baik" and not page.context["editable"]
    response = client.post(reverse("evaluation-acknowledge", args=[draft.pk]))
    draft.refresh_from_db()
    assert response.status_code == 302 and draft.status == StatusEvaluasi.DITERIMA
    again = client.post(reverse("evaluation-acknowledge", args=[draft.pk]))
    assert again.status_code == 400


def test_a_draft_is_listed_for_the_employee_without_its_content(login, personas, draft):
    page = login(personas.user("ani")).get(reverse("evaluation-mine"))
    body = page.content.decode()
    assert "Sedang dinilai" in body and f"/evaluasi/{draft.pk}/" not in body


def test_the_objection_reaches_the_atasan_who_alone_decides_it(login, personas, draft):
    set_evaluation(personas, draft, hasil=B)
    ani = login(personas.user("ani"))
    empty = ani.post(reverse("evaluation-object", args=[draft.pk]), {"alasan": "  "})
    assert empty.status_code == 400 and not Objection.objects.exists()
    ani.post(reverse("evaluation-object", args=[draft.pk]), {"alasan": "Target tercapai."})
    assert Objection.objects.get().status == StatusKeberatan.DIAJUKAN
    decision = {"keputusan": "ubah", "rating_hasil": S, "rating_perilaku": S, "alasan": "Bukti"}
    budi = login(personas.user("budi"))
    assert budi.get(reverse("objection-inbox")).context["rows"] == []
    assert budi.post(reverse("evaluation-decide", args=[draft.pk]), decision).status_code == 403
    eka = login(personas.user("eka"))
    rows = eka.get(reverse("objection-inbox")).context["rows"]
    assert [row["objection"].evaluation_id for row in rows] == [draft.pk]
    assert eka.get(reverse("evaluation-detail", args=[draft.pk])).context["can_decide"]
    no_reason = eka.post(reverse("evaluation-decide", args=[draft.pk]), {**decision, "alasan": ""})
    assert no_reason.status_code == 400
    response = eka.post(reverse("evaluation-decide", args=[draft.pk]), decision)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.predikat, draft.status) == ("baik", StatusEvaluasi.DIPUTUS)


def test_the_objection_inbox_has_a_fixed_number_of_queries(
    login, personas, period, draft, django_assert_num_queries
):
    set_evaluation(personas, draft, hasil=B)
    services_objection_file(personas, draft)
    client = login(personas.user("eka"))
    client.get(reverse("objection-inbox"))
    with django_assert_num_queries(QUERIES_INBOX) as one:
        client.get(reverse("objection-inbox"))
    first = len(one.captured_queries)
    intan = skp_with_indicators(personas, "intan", period)
    second = services.open_evaluation(actor=personas.user("budi"), skp=intan, periode_ke=3)
    set_evaluation(personas, second, hasil=B)
    from ekinerja.appraisal.services_objection import file_objection

    file_objection(actor=personas.user("intan"), evaluation=second, alasan="Keberatan.")
    with django_assert_num_queries(first):
        assert len(client.get(reverse("objection-inbox")).context["rows"]) == 2


QUERIES_INBOX = 16


def services_objection_file(personas, evaluation):
    from ekinerja.appraisal.services_objection import file_objection

    return file_objection(actor=personas.user("ani"), evaluation=evaluation, alasan="Keberatan.")


# --- the curve report -----------------------------------------------------------------------------


CURVE = reverse("curve-report")


def set_unit(client, personas, unit="surveilans", predikat="baik", alasan="Capaian 95 %"):
    return client.post(
        reverse("unit-predikat-set"),
        {"tahun": 2026, "periode": 3, "unit": personas.units[unit].pk, "predikat": predikat,
         "alasan": alasan},
    )  # fmt: skip


@pytest.mark.parametrize("actor,status", [("citra", 302), ("eka", 302), ("budi", 403),
                                          ("fajar", 403), ("dodi", 403)])  # fmt: skip
def test_who_sets_the_organisational_predikat(login, personas, period, actor, status):
    response = set_unit(login(personas.user(actor)), personas)
    assert response.status_code == status
    assert UnitPredikat.objects.exists() == (status == 302)


def test_setting_without_a_reason_is_refused(login, personas, period):
    response = set_unit(login(personas.user("citra")), personas, alasan="")
    assert response.status_code == 400 and not UnitPredikat.objects.exists()


def test_the_report_shows_a_unit_breaking_its_curve(login, personas, draft):
    set_evaluation(personas, draft, hasil=A, perilaku=A)  # Sangat Baik in a Baik unit
    client = login(personas.user("citra"))
    set_unit(client, personas)
    response = client.get(CURVE, {"tahun": 2026, "periode": 3})
    assert response.status_code == 200 and response.context["breaking"] == 1
    [row] = response.context["rows"]
    assert row["row"].unit_nama == "Seksi Surveilans" and row["messages"]


@pytest.mark.parametrize("viewer,visible", [("citra", 1), ("gita", 1), ("fajar", 1), ("eka", 1),
                                            ("budi", 1), ("ani", 0), ("dodi", 0)])  # fmt: skip
def test_who_reads_which_units_of_the_report(login, personas, period, viewer, visible):
    set_unit(login(personas.user("citra")), personas)
    response = login(personas.user(viewer)).get(CURVE, {"periode": 3})
    assert len(response.context["rows"]) == visible


def test_the_report_has_a_fixed_number_of_queries(
    login, personas, period, django_assert_num_queries
):
    client = login(personas.user("citra"))
    set_unit(client, personas)
    client.get(CURVE, {"periode": 3})
    with django_assert_num_queries(QUERIES_CURVE) as one:
        client.get(CURVE, {"periode": 3})
    first = len(one.captured_queries)
    for unit in ("p2p", "dinkes", "disdik"):
        set_unit(client, personas, unit=unit)
    with django_assert_num_queries(first):
        assert len(client.get(CURVE, {"periode": 3}).context["rows"]) == 4


QUERIES_CURVE = 16


def test_the_annual_period_is_not_a_curve_period(login, personas, period):
    response = login(personas.user("citra")).get(CURVE, {"periode": "tahunan"})
    assert response.status_code == 400


def test_the_annual_evaluation_opens_from_the_sheet_with_the_periods_suggestion(
    login, personas, draft
):
    set_evaluation(personas, draft, hasil=A, perilaku=S)
    client = login(personas.user("budi"))
    sheet = client.get(TEAM, {"periode": "tahunan"})
    assert sheet.status_code == 200 and sheet.context["periode_ke"] == 0
    response = client.post(
        reverse("evaluation-open"),
        {"tahun": 2026, "periode": "tahunan", "pegawai": personas.ani.pk},
    )
    annual = Evaluation.objects.get(jenis="tahunan")
    assert response.url == f"/evaluasi/{annual.pk}/"
    page = client.get(response.url)
    assert [e.periode_ke for e in page.context["doc"].periodic] == [3]
    fields = {
        aspek: (saran, fixed) for aspek, _, saran, _, _, fixed in page.context["rating_fields"]
    }
    assert fields == {"hasil": (A, True), "perilaku": (S, True)}
    client.post(reverse("evaluation-save", args=[annual.pk]), {"aksi": "tetapkan"})
    annual.refresh_from_db()
    assert annual.predikat == "baik"


def test_rows_left_out_of_a_submission_keep_what_is_stored(login, personas, draft):
    row = draft.results.first()
    EvaluationResult.objects.filter(pk=row.pk).update(realisasi=7, umpan_balik="Tersimpan")
    login(personas.user("budi")).post(
        reverse("evaluation-save", args=[draft.pk]), {"aksi": "simpan", "b1-rating": S}
    )
    row.refresh_from_db()
    assert (row.realisasi, row.umpan_balik) == (7, "Tersimpan")
    assert draft.behaviours.get(nilai=1).rating == S


# --- the sheet as Excel ---------------------------------------------------------------------------

TEAM_EXPORT = reverse("evaluation-team-export")


def _sheet(response) -> list[tuple]:
    import io

    from openpyxl import load_workbook

    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    return list(load_workbook(io.BytesIO(body)).active.iter_rows(values_only=True))


def test_the_sheet_export_has_the_rows_of_the_page(login, personas, draft):
    from ekinerja.people.models import Employee

    Employee.objects.filter(pk=personas.intan.pk).update(nama='=HYPERLINK("http://x")')
    client = login(personas.user("budi"))
    page = client.get(TEAM).content.decode()
    assert f"{TEAM_EXPORT}?tahun=2026&amp;periode=3" in page
    rows = _sheet(client.get(TEAM_EXPORT, {"tahun": 2026, "periode": "3"}))
    assert rows[0][:4] == ("NIP", "Pegawai", "Jabatan", "Status")
    by_nip = {r[0]: r for r in rows[1:]}
    ani, intan = by_nip[personas.ani.nip], by_nip[personas.intan.nip]
    assert ani[3] == draft.get_status_display() and ani[4:6] == (0, 9)
    assert intan[3] == "Belum ada SKP disetujui"
    assert intan[1].startswith("'=")  # text, never a formula


@pytest.mark.parametrize("who", ["ani", "dodi", "stranger"])
def test_the_sheet_export_of_someone_who_evaluates_nobody_is_empty(login, personas, draft, who):
    assert len(_sheet(login(personas.user(who)).get(TEAM_EXPORT))) == 1  # the header only


def test_the_sheet_export_of_a_bad_period_is_a_400(login, personas, ani_skp):
    assert login(personas.user("budi")).get(TEAM_EXPORT, {"periode": "13"}).status_code == 400


def test_the_sheet_export_does_not_grow_in_queries_with_subordinates(
    login, personas, period, ani_skp, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(personas.user("budi"))
    services.open_evaluation(actor=personas.user("budi"), skp=ani_skp, periode_ke=3)
    client.get(TEAM)  # warm the session and roles
    with CaptureQueriesContext(connection) as one:
        _sheet(client.get(TEAM_EXPORT))
    first = len(one)  # read now: the next request empties the query log
    intan = skp_with_indicators(personas, "intan", period, count=5)
    services.open_evaluation(actor=personas.user("budi"), skp=intan, periode_ke=3)
    with django_assert_max_num_queries(first):
        assert len(_sheet(client.get(TEAM_EXPORT))) == 3
    assert first <= QUERIES_SHEET


# --- the curve report as Excel --------------------------------------------------------------------

CURVE_EXPORT = reverse("curve-report-export")


def test_the_curve_export_has_the_units_of_the_page_as_text(login, personas, draft):
    from ekinerja.org.models import Unit

    set_evaluation(personas, draft, hasil=A, perilaku=A)
    client = login(personas.user("citra"))
    set_unit(client, personas)
    Unit.objects.filter(pk=personas.units["surveilans"].pk).update(nama="=1+1")
    page = client.get(CURVE, {"tahun": 2026, "periode": 3}).content.decode()
    assert f"{CURVE_EXPORT}?tahun=2026&amp;periode=3" in page
    rows = _sheet(client.get(CURVE_EXPORT, {"tahun": 2026, "periode": 3}))
    assert rows[0][:4] == ("Unit", "Predikat organisasi", "Pegawai", "Dinilai")
    [row] = rows[1:]
    assert row[0] == "'=1+1" and row[-1] != "Sesuai"  # text, never a formula


@pytest.mark.parametrize("viewer,visible", [("citra", 1), ("budi", 1), ("ani", 0), ("dodi", 0)])
def test_the_curve_export_shows_no_more_units_than_the_page(
    login, personas, period, viewer, visible
):
    set_unit(login(personas.user("citra")), personas)
    rows = _sheet(login(personas.user(viewer)).get(CURVE_EXPORT, {"periode": 3}))
    assert len(rows) == 1 + visible


def test_the_curve_export_of_the_annual_period_is_a_400(login, personas, period):
    response = login(personas.user("citra")).get(CURVE_EXPORT, {"periode": "tahunan"})
    assert response.status_code == 400


def test_the_curve_export_has_a_fixed_number_of_queries(
    login, personas, period, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(personas.user("citra"))
    set_unit(client, personas)
    client.get(CURVE, {"periode": 3})
    with CaptureQueriesContext(connection) as one:
        _sheet(client.get(CURVE_EXPORT, {"periode": 3}))
    first = len(one)  # read now: the next request empties the query log
    for unit in ("p2p", "dinkes", "disdik"):
        set_unit(client, personas, unit=unit)
    with django_assert_max_num_queries(first):
        assert len(_sheet(client.get(CURVE_EXPORT, {"periode": 3}))) == 5
    assert first <= QUERIES_CURVE


# --- the objection inbox as Excel -----------------------------------------------------------------

OBJECTION_EXPORT = reverse("objection-inbox-export")


def test_the_objection_export_has_the_inbox_rows_as_text(login, personas, draft):
    from ekinerja.people.models import Employee

    set_evaluation(personas, draft, hasil=B)
    services_objection_file(personas, draft)
    Employee.objects.filter(pk=personas.ani.pk).update(nama="=1+1")
    eka = login(personas.user("eka"))
    assert OBJECTION_EXPORT in eka.get(reverse("objection-inbox")).content.decode()
    rows = _sheet(eka.get(OBJECTION_EXPORT))
    assert rows[0][:3] == ("NIP", "Pegawai", "Periode")
    [row] = rows[1:]
    assert row[0] == personas.ani.nip and row[1].startswith("'=")  # text, never a formula


@pytest.mark.parametrize("who", ["budi", "ani", "dodi", "stranger"])
def test_the_objection_export_of_others_is_empty(login, personas, draft, who):
    set_evaluation(personas, draft, hasil=B)
    services_objection_file(personas, draft)
    assert len(_sheet(login(personas.user(who)).get(OBJECTION_EXPORT))) == 1  # the header only


def test_the_objection_export_has_a_fixed_number_of_queries(
    login, personas, period, draft, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ekinerja.appraisal.services_objection import file_objection

    set_evaluation(personas, draft, hasil=B)
    services_objection_file(personas, draft)
    client = login(personas.user("eka"))
    client.get(reverse("objection-inbox"))
    with CaptureQueriesContext(connection) as one:
        _sheet(client.get(OBJECTION_EXPORT))
    first = len(one)  # read now: the next request empties the query log
    intan = skp_with_indicators(personas, "intan", period)
    second = services.open_evaluation(actor=personas.user("budi"), skp=intan, periode_ke=3)
    set_evaluation(personas, second, hasil=B)
    file_objection(actor=personas.user("intan"), evaluation=second, alasan="Keberatan.")
    with django_assert_max_num_queries(first):
        assert len(_sheet(client.get(OBJECTION_EXPORT))) == 3
    assert first <= QUERIES_INBOX


# --- my evaluations as Excel ----------------------------------------------------------------------

MINE_EXPORT = reverse("evaluation-mine-export")


def test_my_export_has_my_evaluations_with_text_not_formulas(login, personas, draft):
    from ekinerja.people.models import Employee

    set_evaluation(personas, draft, hasil=A, perilaku=A)
    Employee.objects.filter(pk=personas.budi.pk).update(nama="=1+1")
    client = login(personas.user("ani"))
    assert MINE_EXPORT in client.get(reverse("evaluation-mine")).content.decode()
    rows = _sheet(client.get(MINE_EXPORT))
    assert rows[0] == ("Periode", "Penilai", "Status", "Predikat", "Ditetapkan")
    assert len(rows) == 2 and rows[1][1].startswith("'=")  # the penilai's name, no formula
    assert rows[1][3] == "Sangat Baik" and rows[1][4]


def test_my_export_shows_no_predikat_of_a_draft(login, personas, draft):
    rows = _sheet(login(personas.user("ani")).get(MINE_EXPORT))
    assert rows[1][2] == "Sedang dinilai" and not rows[1][3] and not rows[1][4]


@pytest.mark.parametrize("who", ["budi", "intan", "stranger"])
def test_my_export_has_nobody_elses_evaluations(login, personas, draft, who):
    assert len(_sheet(login(personas.user(who)).get(MINE_EXPORT))) == 1  # the header only


def test_my_export_does_not_grow_in_queries(login, personas, draft, django_assert_num_queries):
    client = login(personas.user("ani"))
    with django_assert_num_queries(QUERIES_MINE_EXPORT):
        _sheet(client.get(MINE_EXPORT))
    set_evaluation(personas, draft)
    for periode_ke in (1, 2):
        for indikator in Indikator.objects.filter(rhk__skp=draft.skp):
            PeriodTarget.objects.create(indikator=indikator, periode_ke=periode_ke, target=1)
        services.open_evaluation(actor=personas.user("budi"), skp=draft.skp, periode_ke=periode_ke)
    with django_assert_num_queries(QUERIES_MINE_EXPORT):
        assert len(_sheet(client.get(MINE_EXPORT))) == 1 + 3


QUERIES_MINE_EXPORT = 8
