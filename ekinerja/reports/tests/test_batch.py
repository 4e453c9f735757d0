"""Batch printing of TPP slips: the ZIP holds one verified slip per line the requester may
read, progress is reported, and only the requester sees or downloads the batch."""

import datetime as dt
import io
import zipfile

import pytest
import time_machine
from django.urls import reverse

from ekinerja.reports.choices import StatusBatch
from ekinerja.reports.models import IssuedDocument, PrintBatch

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(dt.datetime(2026, 4, 5, 9, 0), tick=False):
        yield


def start(client, run, **data):
    return client.post(reverse("tpp-run-slips", args=[run.pk]), data)


def zip_names(response):
    body = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        names = archive.namelist()
        assert all(archive.read(name)[:5] == b"%PDF-" for name in names)
    return names


def test_the_admin_prints_every_slip_of_the_month_into_one_zip(login, tpp_world, tpp_march):
    client = login(tpp_world.user("citra"))
    response = start(client, tpp_march)
    batch = PrintBatch.objects.get()
    assert response.status_code == 302 and response.url == reverse("print-batch", args=[batch.pk])
    assert (batch.status, batch.total, batch.selesai) == (StatusBatch.SELESAI, 12, 12)
    page = client.get(response.url).content.decode()
    assert "12 / 12 dokumen" in page and 'data-testid="unduh-zip"' in page
    names = zip_names(client.get(reverse("print-batch-download", args=[batch.pk])))
    assert len(names) == 12 and names[0].startswith("0001-")
    assert IssuedDocument.objects.filter(jenis="slip_tpp").count() == 12


def test_the_admin_opd_gets_the_slips_of_their_opd_only(login, tpp_world, tpp_march):
    client = login(tpp_world.user("fajar"))
    start(client, tpp_march)
    batch = PrintBatch.objects.get()
    assert batch.total == 5  # the Dinas Kesehatan lines
    disdik = tpp_world.units["disdik"]
    assert start(client, tpp_march, opd=disdik.pk).status_code == 404


def test_one_opd_of_the_admins_choice(login, tpp_world, tpp_march):
    client = login(tpp_world.user("citra"))
    start(client, tpp_march, opd=tpp_world.units["disdik"].pk)
    assert PrintBatch.objects.get().total == 2


def test_others_cannot_start_see_or_download_a_batch(login, tpp_world, tpp_march):
    start(login(tpp_world.user("citra")), tpp_march)
    batch = PrintBatch.objects.get()
    for who in ("gita", "fajar", "ani", "stranger"):
        client = login(tpp_world.user(who))
        for name in ("print-batch", "print-batch-progress", "print-batch-download"):
            assert client.get(reverse(name, args=[batch.pk])).status_code == 404
    for who in ("ani", "budi", "stranger"):
        assert start(login(tpp_world.user(who)), tpp_march).status_code == 404
    assert PrintBatch.objects.count() == 1


def test_a_simulation_has_no_slips_to_print(login, tpp_world, tpp_simulation):
    response = start(login(tpp_world.user("fajar")), tpp_simulation)
    assert response.status_code == 404 and not PrintBatch.objects.exists()


def test_an_empty_choice_says_so_and_queues_nothing(login, tpp_world, tpp_march):
    from ekinerja.allowance.models import TppLine

    TppLine.objects.filter(run=tpp_march, opd=tpp_world.units["disdik"]).delete()
    client = login(tpp_world.user("citra"))
    response = start(client, tpp_march, opd=tpp_world.units["disdik"].pk)
    assert response.status_code == 303 and not PrintBatch.objects.exists()
    page = client.get(response.url).content.decode()
    assert "Tidak ada slip yang dapat dicetak" in page


def test_the_download_waits_for_the_file(login, tpp_world, tpp_march):
    client = login(tpp_world.user("citra"))
    start(client, tpp_march)
    batch = PrintBatch.objects.get()
    PrintBatch.objects.filter(pk=batch.pk).update(status=StatusBatch.BERJALAN)
    assert client.get(reverse("print-batch-download", args=[batch.pk])).status_code == 404
    progress = client.get(reverse("print-batch-progress", args=[batch.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in progress


def test_the_batch_pages_take_a_fixed_number_of_queries(
    login, tpp_world, tpp_march, django_assert_num_queries
):
    client = login(tpp_world.user("citra"))
    start(client, tpp_march)
    batch = PrintBatch.objects.get()
    client.get(reverse("print-batch", args=[batch.pk]))  # warms the session's roles
    with django_assert_num_queries(9):
        client.get(reverse("print-batch", args=[batch.pk]))


# --- every SKP of an OPD ------------------------------------------------------------------------


@pytest.fixture
def skp_period(personas, settings):
    from ekinerja.allowance.testing import IMMEDIATE_TASKS
    from ekinerja.planning.models import PerformancePeriod
    from ekinerja.reports.tests.test_skp_pdf import approved_above

    period = PerformancePeriod.objects.create(
        instansi=personas.instansi, tahun=2026, mulai=dt.date(2026, 1, 1),
        selesai=dt.date(2026, 12, 31), batas_input_skp=dt.date(2026, 1, 31),
        batas_persetujuan=dt.date(2026, 2, 28), status="dibuka",
    )  # fmt: skip
    settings.TASKS = IMMEDIATE_TASKS
    # Dinas Kesehatan: Eka and Budi approved; Dinas Pendidikan: Dodi.
    approved_above(personas, "eka", period, ["Menurunnya angka kesakitan"])
    approved_above(personas, "budi", period, ["Data surveilans akurat"])
    approved_above(personas, "dodi", period, ["Administrasi sekolah tertib"])
    return period


def test_the_admin_prints_every_skp_of_an_opd(login, personas, skp_period):
    client = login(personas.user("citra"))
    page = client.get(reverse("skp-batch"))
    assert page.status_code == 200 and "Dinas Kesehatan" in page.content.decode()
    dinkes = personas.units["dinkes"]
    response = client.post(reverse("skp-batch"), {"periode": skp_period.pk, "opd": dinkes.pk})
    batch = PrintBatch.objects.get()
    assert response.url == reverse("print-batch", args=[batch.pk])
    assert (batch.jenis, batch.total, batch.status) == ("skp", 2, StatusBatch.SELESAI)
    names = zip_names(client.get(reverse("print-batch-download", args=[batch.pk])))
    assert len(names) == 2
    assert IssuedDocument.objects.filter(jenis="skp").count() == 2


def test_the_admin_opd_prints_their_own_opd_only(login, personas, skp_period):
    client = login(personas.user("fajar"))
    page = client.get(reverse("skp-batch")).content.decode()
    assert "Dinas Kesehatan" in page and "Dinas Pendidikan" not in page
    disdik = personas.units["disdik"]
    response = client.post(reverse("skp-batch"), {"periode": skp_period.pk, "opd": disdik.pk})
    assert response.status_code == 400 and "Pilih OPD." in response.content.decode()
    assert not PrintBatch.objects.exists()


def test_an_opd_without_skps_says_so(login, personas, skp_period):
    client = login(personas.user("citra"))
    setda = personas.units["setda"]
    response = client.post(reverse("skp-batch"), {"periode": skp_period.pk, "opd": setda.pk})
    assert response.status_code == 400
    assert "Belum ada SKP 2026 di" in response.content.decode()
    assert not PrintBatch.objects.exists()


@pytest.mark.parametrize("who", ["ani", "budi", "stranger"])
def test_others_may_not_print_an_opd(login, personas, skp_period, who):
    client = login(personas.user(who))
    assert client.get(reverse("skp-batch")).status_code == 403
    dinkes = personas.units["dinkes"]
    response = client.post(reverse("skp-batch"), {"periode": skp_period.pk, "opd": dinkes.pk})
    assert response.status_code == 403 and not PrintBatch.objects.exists()
