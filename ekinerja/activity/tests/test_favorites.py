"""Favourite activities: saved from the entry form or from an activity, used in one tap,
deleted; personal to their owner (Ani), invisible to everyone else."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ekinerja.activity import services, services_favorites
from ekinerja.activity.models import ActivityFavorite
from ekinerja.activity.services import ActivityInput
from ekinerja.activity.services_favorites import FavoriteInput
from ekinerja.activity.tests.test_views_entry import (
    ani_targets,
    field_value,
    post_data,
    selected,
    textarea,
)

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
T = dt.time
DAY_URL = reverse("activity-day")
SAVE_URL = reverse("activity-favorite-create")
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(dt.datetime(2026, 3, 10, 17, 0, tzinfo=WIB), tick=False):
        yield


def favorite(personas, who="ani", nama="Rekap harian", **extra) -> ActivityFavorite:
    values = {
        "nama": nama, "uraian": "Menyusun rekap data surveilans", "menit": 45,
        "jumlah_output": Decimal(1), "satuan": "laporan",
    }  # fmt: skip
    values.update(extra)
    return services_favorites.save_favorite(actor=personas.user(who), data=FavoriteInput(**values))


def test_the_entry_form_is_saved_as_a_favourite_with_its_duration(personas, login):
    first, _ = ani_targets(personas)
    data = post_data(indikator=str(first.pk), nama_favorit="Rekap pagi", jumlah_output="2,5")
    response = login(personas.user("ani")).post(SAVE_URL, data)

    assert response.status_code == 302 and response["Location"].endswith("?tanggal=2026-03-10")
    saved = ActivityFavorite.objects.get()
    assert (saved.nama, saved.menit, saved.indikator) == ("Rekap pagi", 90, first)
    assert saved.employee == personas.ani and saved.jumlah_output == Decimal("2.5")


def test_without_a_name_the_uraian_names_the_favourite(personas, login):
    long_uraian = "Menyusun " + "rekap data surveilans mingguan " * 5
    response = login(personas.user("ani")).post(SAVE_URL, post_data(uraian=long_uraian), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and html.lstrip().startswith('<div id="entry-shortcuts"')
    nama = ActivityFavorite.objects.get().nama
    assert len(nama) <= 80 and nama.startswith("Menyusun rekap") and nama.endswith("…")
    assert "tersimpan" in html


def test_a_duplicate_name_is_refused_with_a_message(personas, login):
    favorite(personas, nama="Rekap harian")
    client = login(personas.user("ani"))
    for extra in ({}, HTMX):
        response = client.post(SAVE_URL, post_data(nama_favorit="Rekap harian"), **extra)
        assert response.status_code == 400
        assert "Favorit bernama “Rekap harian” sudah ada." in response.content.decode()
    assert ActivityFavorite.objects.count() == 1
    # Another employee may use the same name.
    favorite(personas, who="intan", nama="Rekap harian")


def test_a_favourite_needs_its_times_and_keeps_what_was_typed(personas, login):
    response = login(personas.user("ani")).post(
        SAVE_URL, post_data(selesai="", uraian="Rapat koordinasi lintas program")
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Isi jam mulai dan jam selesai agar durasi favorit diketahui." in html
    assert textarea(html, "uraian") == "Rapat koordinasi lintas program"
    assert not ActivityFavorite.objects.exists()


def test_an_activity_is_saved_as_a_favourite_only_by_its_owner(personas, login):
    mine = services.record_activity(actor=personas.user("ani"), data=ActivityInput(
        tanggal=dt.date(2026, 3, 10), mulai=T(8, 0), selesai=T(8, 30), uraian="Entri data kasus",
        jumlah_output="4", satuan="dokumen"))  # fmt: skip
    response = login(personas.user("ani")).post(SAVE_URL, {"aktivitas": mine.pk})
    assert response.status_code == 302
    saved = ActivityFavorite.objects.get()
    assert (saved.nama, saved.menit, saved.satuan) == ("Entri data kasus", 30, "dokumen")

    for other in ("budi", "intan", "dodi"):
        response = login(personas.user(other)).post(SAVE_URL, {"aktivitas": mine.pk})
        assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        services_favorites.save_activity_as_favorite(
            actor=personas.user("budi"), activity=mine, nama="Milik Ani"
        )
    assert ActivityFavorite.objects.count() == 1


def test_a_favourite_fills_the_form_in_one_tap(personas, login):
    first, _ = ani_targets(personas)
    chosen = favorite(personas, indikator_id=first.pk, jumlah_output=Decimal("3"))
    client = login(personas.user("ani"))
    page = client.get(DAY_URL).content.decode()
    assert f"favorit={chosen.pk}" in page and "Rekap harian" in page

    html = client.get(DAY_URL, {"favorit": chosen.pk}).content.decode()
    assert textarea(html, "uraian") == "Menyusun rekap data surveilans"
    assert selected(html, "indikator") == str(first.pk)
    assert field_value(html, "mulai") == "07:30" and field_value(html, "selesai") == "08:15"
    assert field_value(html, "jumlah_output") == "3"
    assert "Diisi dari favorit “Rekap harian”" in html


def test_favourites_are_private(personas, login):
    theirs = favorite(personas, who="intan")
    client = login(personas.user("ani"))
    assert client.get(DAY_URL, {"favorit": theirs.pk}).status_code == 404
    assert "Rekap harian" not in client.get(DAY_URL).content.decode()
    delete = reverse("activity-favorite-delete", args=[theirs.pk])
    assert client.post(delete).status_code == 404
    with pytest.raises(PermissionDenied):
        services_favorites.delete_favorite(actor=personas.user("ani"), favorite=theirs)
    assert ActivityFavorite.objects.filter(pk=theirs.pk).exists()


def test_the_owner_deletes_a_favourite(personas, login):
    gone = favorite(personas, nama="Lama")
    kept = favorite(personas, nama="Baru")
    client = login(personas.user("ani"))
    response = client.post(
        reverse("activity-favorite-delete", args=[gone.pk]), {"halaman": "2026-03-10"}, **HTMX
    )
    html = response.content.decode()
    assert response.status_code == 200 and "Favorit “Lama” dihapus." in html
    assert f"favorit={kept.pk}" in html and f"favorit={gone.pk}" not in html
    response = client.post(reverse("activity-favorite-delete", args=[kept.pk]))
    assert response.status_code == 302
    assert not ActivityFavorite.objects.exists()


def test_the_service_checks_the_links_and_the_account(personas, django_user_model):
    first, _ = ani_targets(personas)
    with pytest.raises(ValidationError, match="bukan bagian dari SKP Anda"):
        favorite(personas, who="intan", indikator_id=first.pk)
    with pytest.raises(ValidationError, match="Durasi favorit"):
        favorite(personas, menit=0)
    with pytest.raises(ValidationError, match="Nama favorit wajib"):
        favorite(personas, nama="  ")
    operator = django_user_model.objects.create_user(username="operator", password="x-12345678")
    with pytest.raises(PermissionDenied):
        services_favorites.save_favorite(
            actor=operator,
            data=FavoriteInput("A", "B", 30, Decimal(1), "laporan"),
        )
    assert not ActivityFavorite.objects.exists()
