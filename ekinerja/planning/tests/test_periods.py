"""Period pages: who may see and change them, validation, and the opening form."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ekinerja.core.models import AuditEvent
from ekinerja.planning.choices import (
    JenisForm,
    SiklusEvaluasi,
    StatusPembukaan,
    StatusPeriode,
    SumberDraf,
)
from ekinerja.planning.models import PerformancePeriod, PeriodOpening, Skp
from ekinerja.planning.services_periods import create_period

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def period_data(tahun: int = 2027, **overrides) -> dict[str, str]:
    data = {
        "tahun": str(tahun),
        "mulai": f"{tahun}-01-01",
        "selesai": f"{tahun}-12-31",
        "batas_input_skp": f"{tahun}-01-31",
        "batas_persetujuan": f"{tahun}-02-28",
        "siklus_evaluasi": SiklusEvaluasi.BULANAN,
        "status": StatusPeriode.PERSIAPAN,
    }
    data.update(overrides)
    return data


def make_period(instansi, tahun: int = 2027, **fields) -> PerformancePeriod:
    values = {
        "mulai": dt.date(tahun, 1, 1),
        "selesai": dt.date(tahun, 12, 31),
        "batas_input_skp": dt.date(tahun, 1, 31),
        "batas_persetujuan": dt.date(tahun, 2, 28),
        **fields,
    }
    return PerformancePeriod.objects.create(instansi=instansi, tahun=tahun, **values)


def snapshot() -> list[dict]:
    return list(PerformancePeriod.objects.order_by("pk").values())


@pytest.fixture
def period(personas) -> PerformancePeriod:
    return make_period(personas.instansi)


@pytest.fixture
def other_period(personas) -> PerformancePeriod:
    return make_period(personas.other_instansi)


# --- the list ---------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("period-list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", ["ani", "fajar", "gita", "budi"])
def test_everyone_in_the_instansi_reads_the_list_without_controls(
    login, personas, period, other_period, name
):
    response = login(personas.user(name)).get(reverse("period-list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert list(response.context["periods"]) == [period]  # not the other region's period
    assert "2027" in html and "1 Januari 2027" in html
    assert reverse("period-create") not in html
    assert reverse("period-edit", args=[period.pk]) not in html
    assert reverse("period-open", args=[period.pk]) not in html


def test_admin_bkpsdm_sees_the_controls(login, personas, period):
    response = login(personas.user("citra")).get(reverse("period-list"))
    html = response.content.decode()
    assert reverse("period-create") in html
    assert reverse("period-edit", args=[period.pk]) in html
    assert reverse("period-open", args=[period.pk]) in html


def test_the_list_is_newest_first_with_a_fixed_number_of_queries(
    login, personas, period, django_assert_max_num_queries
):
    client = login(personas.user("citra"))
    client.get(reverse("period-list"))
    for tahun in (2024, 2025, 2026):
        make_period(personas.instansi, tahun)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("period-list"))
    assert [p.tahun for p in response.context["periods"]] == [2027, 2026, 2025, 2024]
    make_period(personas.instansi, 2023)
    with django_assert_max_num_queries(len(queries)):
        assert len(client.get(reverse("period-list")).context["periods"]) == 5


def test_the_list_counts_employees_with_an_skp(login, personas, period):
    staf = personas.positions["staf"]
    for employee in (personas.ani, personas.intan):
        Skp.objects.create(instansi=personas.instansi, period=period, employee=employee,
                           position=staf, unit=staf.unit, jenis_form=JenisForm.JA_JF)  # fmt: skip
    response = login(personas.user("ani")).get(reverse("period-list"))
    assert response.context["periods"][0].pegawai_ber_skp == 2


# --- who may change ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["fajar", "ani", "gita", "hadi"])
def test_others_are_refused_create_edit_and_open(login, personas, period, name):
    client = login(personas.user(name))
    before = snapshot()
    assert client.get(reverse("period-create")).status_code == 403
    assert client.post(reverse("period-create"), period_data(2028)).status_code == 403
    edit = reverse("period-edit", args=[period.pk])
    assert client.post(edit, period_data(siklus_evaluasi="triwulanan")).status_code == 403
    opening = client.post(
        reverse("period-open", args=[period.pk]), {"cakupan": "instansi", "sumber": "kosong"}
    )
    assert opening.status_code == 403
    assert snapshot() == before
    assert not PeriodOpening.objects.exists() and not Skp.objects.exists()


def test_another_instansis_period_is_not_found(login, personas, other_period):
    client = login(personas.user("citra"))
    for name in ("period-edit", "period-open"):
        url = reverse(name, args=[other_period.pk])
        assert client.get(url).status_code == 404
    response = client.post(
        reverse("period-open", args=[other_period.pk]), {"cakupan": "instansi", "sumber": "kosong"}
    )
    assert response.status_code == 404
    assert not PeriodOpening.objects.exists()


def test_citra_creates_a_period(login, personas):
    client = login(personas.user("citra"))
    assert client.get(reverse("period-create")).status_code == 200
    response = client.post(reverse("period-create"), period_data(siklus_evaluasi="triwulanan"))
    assert response.status_code == 302 and response["Location"] == reverse("period-list")
    period = PerformancePeriod.objects.get()
    assert (period.instansi, period.tahun, period.siklus_evaluasi, period.status) == (
        personas.instansi, 2027, SiklusEvaluasi.TRIWULANAN, StatusPeriode.PERSIAPAN,
    )  # fmt: skip
    assert period.batas_persetujuan == dt.date(2027, 2, 28)
    event = AuditEvent.objects.get(action="create_period")
    assert event.actor == personas.user("citra") and event.data["tahun"] == 2027


def test_citra_edits_a_period(login, personas, period):
    client = login(personas.user("citra"))
    edit = reverse("period-edit", args=[period.pk])
    assert client.get(edit).context["form"].initial["tahun"] == 2027
    data = period_data(
        batas_input_skp="2027-02-15", batas_persetujuan="2027-03-15", status="dibuka"
    )
    assert client.post(edit, data).status_code == 302
    period.refresh_from_db()
    assert (period.batas_input_skp, period.status) == (dt.date(2027, 2, 15), StatusPeriode.DIBUKA)
    changed = AuditEvent.objects.get(action="update_period").data["changed"]
    assert changed["status"] == ["persiapan", "dibuka"]


# --- validation: 400 and nothing written ------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"selesai": "2026-12-31"}, "Tanggal selesai harus setelah tanggal mulai."),
        ({"selesai": "2027-01-01"}, "Tanggal selesai harus setelah tanggal mulai."),
        ({"batas_input_skp": "2026-12-20"}, "Batas pengisian SKP tidak boleh sebelum periode"),
        ({"batas_persetujuan": "2026-12-20"}, "Batas persetujuan SKP tidak boleh sebelum periode"),
        ({"batas_persetujuan": "2027-01-15"}, "tidak boleh sebelum batas pengisian SKP"),
        ({"mulai": "2026-12-01"}, "Tanggal mulai harus berada pada tahun 2027."),
        ({"tahun": "1990", "mulai": "1990-01-01"}, "lebih besar dari atau sama dengan 2000"),
        ({"mulai": "bukan tanggal"}, "Masukkan tanggal yang valid."),
        ({"siklus_evaluasi": "mingguan"}, "Masukkan pilihan yang valid."),
    ],
)
def test_invalid_periods_are_refused_with_a_message(login, personas, overrides, message):
    client = login(personas.user("citra"))
    response = client.post(reverse("period-create"), period_data(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PerformancePeriod.objects.exists()
    assert not AuditEvent.objects.exists()


def test_one_period_per_year(login, personas, period):
    client = login(personas.user("citra"))
    before = snapshot()
    response = client.post(reverse("period-create"), period_data(2027))
    assert response.status_code == 400
    assert "Periode SKP tahun 2027 sudah ada" in response.content.decode()
    assert snapshot() == before
    # Editing another year into 2027 is refused the same way; the other region's 2027 is no clash.
    other = make_period(personas.instansi, 2028)
    response = client.post(reverse("period-edit", args=[other.pk]), period_data(2027))
    assert response.status_code == 400 and "sudah ada" in response.content.decode()
    make_period(personas.other_instansi, 2029)
    assert client.post(reverse("period-create"), period_data(2029)).status_code == 302


def test_evaluation_cycle_is_fixed_once_skps_exist(login, personas, period):
    client = login(personas.user("citra"))
    edit = reverse("period-edit", args=[period.pk])
    # Without SKPs the cycle may change.
    assert client.post(edit, period_data(siklus_evaluasi="triwulanan")).status_code == 302
    staf = personas.positions["staf"]
    Skp.objects.create(instansi=personas.instansi, period=period, employee=personas.ani,
                       position=staf, unit=staf.unit, jenis_form=JenisForm.JA_JF)  # fmt: skip
    before = snapshot()
    response = client.post(edit, period_data(siklus_evaluasi="bulanan"))
    assert response.status_code == 400
    assert "Siklus evaluasi tidak dapat diubah karena sudah ada SKP" in response.content.decode()
    response = client.post(edit, period_data(2030, siklus_evaluasi="triwulanan"))
    assert response.status_code == 400
    assert "Tahun tidak dapat diubah" in response.content.decode()
    assert snapshot() == before
    # Other fields stay editable.
    ok = client.post(edit, period_data(siklus_evaluasi="triwulanan", status="dibuka"))
    assert ok.status_code == 302


def test_the_service_refuses_the_same_rules(personas):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        create_period(
            actor=None,
            instansi_id=personas.instansi.pk,
            tahun=2027,
            mulai=dt.date(2027, 6, 1),
            selesai=dt.date(2027, 5, 1),
            batas_input_skp=dt.date(2027, 1, 1),
            batas_persetujuan=dt.date(2027, 6, 2),
        )
    assert set(error.value.message_dict) == {"selesai", "batas_input_skp"}
    assert not PerformancePeriod.objects.exists()


# --- the opening form -------------------------------------------------------------------------


def test_the_opening_form_lists_the_opds(login, personas, period):
    response = login(personas.user("citra")).get(reverse("period-open", args=[period.pk]))
    assert response.status_code == 200
    units = set(response.context["form"].fields["unit"].queryset)
    u = personas.units
    assert units == {u["setda"], u["bkpsdm"], u["dinkes"], u["disdik"]}
    html = response.content.decode()
    assert "Seluruh instansi" in html and "SKP tahun sebelumnya" in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"cakupan": "opd", "sumber": "kosong"}, "Pilih OPD yang akan dibuka."),
        ({"cakupan": "instansi", "sumber": "entah"}, "Masukkan pilihan yang valid."),
        ({"cakupan": "opd", "unit": "999999", "sumber": "kosong"}, "Masukkan pilihan yang valid."),
    ],
)
def test_a_bad_opening_request_changes_nothing(login, personas, period, data, message, settings):
    settings.TASKS = IMMEDIATE
    response = login(personas.user("citra")).post(reverse("period-open", args=[period.pk]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PeriodOpening.objects.exists() and not Skp.objects.exists()


def test_a_unit_of_another_instansi_is_not_accepted(login, personas, period, settings):
    settings.TASKS = IMMEDIATE
    foreign = personas.stranger.assignments.get().position.unit
    response = login(personas.user("citra")).post(
        reverse("period-open", args=[period.pk]),
        {"cakupan": "opd", "unit": foreign.pk, "sumber": "kosong"},
    )
    assert response.status_code == 400 and not PeriodOpening.objects.exists()


def test_a_closed_period_cannot_be_opened(login, personas, settings):
    settings.TASKS = IMMEDIATE
    closed = make_period(personas.instansi, 2025, status=StatusPeriode.DITUTUP)
    response = login(personas.user("citra")).post(
        reverse("period-open", args=[closed.pk]), {"cakupan": "instansi", "sumber": "kosong"}
    )
    assert response.status_code == 400
    assert "Periode sudah ditutup" in response.content.decode()
    assert not PeriodOpening.objects.exists()


def test_a_second_opening_waits_for_the_running_one(login, personas, period):
    running = PeriodOpening.objects.create(
        instansi=personas.instansi, period=period, status=StatusPembukaan.BERJALAN
    )
    response = login(personas.user("citra")).post(
        reverse("period-open", args=[period.pk]),
        {"cakupan": "instansi", "sumber": SumberDraf.KOSONG},
    )
    assert response.status_code == 409
    assert "masih berjalan" in response.content.decode()
    assert list(PeriodOpening.objects.all()) == [running]


# --- the list as Excel ------------------------------------------------------------------------

PERIODS_EXPORT = reverse("period-list-export")


def _sheet(response) -> list[tuple]:
    import io

    from openpyxl import load_workbook

    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    return list(load_workbook(io.BytesIO(body)).active.iter_rows(values_only=True))


@pytest.mark.parametrize("name", ["ani", "fajar", "gita", "budi", "citra"])
def test_the_period_export_has_the_instansis_periods(login, personas, period, other_period, name):
    client = login(personas.user(name))
    assert PERIODS_EXPORT in client.get(reverse("period-list")).content.decode()
    rows = _sheet(client.get(PERIODS_EXPORT))
    assert rows[0][:3] == ("Tahun", "Mulai", "Selesai") and rows[0][-1] == "Pegawai ber-SKP"
    assert len(rows) == 2  # not the other region's period
    assert rows[1][0] == 2027 and rows[1][1].date() == dt.date(2027, 1, 1)
    assert rows[1][6] == period.get_status_display() and rows[1][7] == 0


def test_without_periods_the_list_offers_no_export(login, personas):
    assert (
        PERIODS_EXPORT
        not in login(personas.user("ani")).get(reverse("period-list")).content.decode()
    )


def test_the_stranger_exports_only_his_own_regions_period(login, personas, period, other_period):
    rows = _sheet(login(personas.user("stranger")).get(PERIODS_EXPORT))
    assert [r[0] for r in rows[1:]] == [
        other_period.tahun
    ] and other_period.instansi_id != period.instansi_id


def test_the_period_export_does_not_grow_in_queries(login, personas, period):
    client = login(personas.user("citra"))
    with CaptureQueriesContext(connection) as few:
        _sheet(client.get(PERIODS_EXPORT))
    for tahun in (2024, 2025, 2026):
        make_period(personas.instansi, tahun)
    with CaptureQueriesContext(connection) as many:
        rows = _sheet(client.get(PERIODS_EXPORT))
    assert [r[0] for r in rows[1:]] == [2027, 2026, 2025, 2024]
    assert len(many) == len(few) == QUERIES_PERIOD_EXPORT


QUERIES_PERIOD_EXPORT = 8  # none per period
