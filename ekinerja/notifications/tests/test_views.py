"""The notifications page, read marks, the e-mail preference and the navbar bell, by persona:
a user only ever sees and changes their own notifications."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ekinerja.core.models import AuditEvent
from ekinerja.notifications.choices import JenisNotifikasi as J
from ekinerja.notifications.models import Notification, NotificationPreference

pytestmark = pytest.mark.django_db
LIST = "/notifikasi/"
BELL = "/notifikasi/lonceng/"
ALL_READ = "/notifikasi/baca-semua/"
PREFERENCE = "/notifikasi/preferensi/"


def notify(employee, n=1, *, read=False, kind=J.AKTIVITAS_DIKEMBALIKAN, url="/aktivitas/"):
    now = timezone.now()
    return [
        Notification.objects.create(
            instansi_id=employee.instansi_id, user=employee.user, kind=kind,
            title=f"Aktivitas {employee.nama} {i}", body="Alasan: lengkapi bukti", url=url,
            dedupe_key=f"uji:{kind}:{i}:{read}", created_at=now - dt.timedelta(minutes=i),
            read_at=now if read else None,
        )
        for i in range(n)
    ]  # fmt: skip


def titles(response):
    return [n.title for n in response.context["page"]]


def test_ani_sees_her_own_notifications_unread_first(personas, login):
    read = notify(personas.ani, read=True)[0]
    read.created_at = timezone.now() + dt.timedelta(minutes=5)  # newest, but already read
    read.save()
    unread = notify(personas.ani, 2)
    notify(personas.budi, 3)

    response = login(personas.user("ani")).get(LIST)

    assert response.status_code == 200
    assert titles(response) == [unread[0].title, unread[1].title, read.title]
    assert response.context["belum_dibaca"] == 2
    html = response.content.decode()
    assert "Budi" not in "".join(titles(response))
    assert "2 belum dibaca" in html and 'data-testid="baca-semua"' in html
    assert 'name="email_aktif"' in html and "checked" in html


def test_the_page_is_paginated(personas, login):
    notify(personas.ani, 30)
    client = login(personas.user("ani"))
    first = client.get(LIST)
    second = client.get(LIST, {"halaman": 2})
    assert len(titles(first)) == 25 and len(titles(second)) == 5
    assert client.get(LIST, {"halaman": "x"}).status_code == 200  # a bad page shows the first


def test_page_query_count_does_not_grow_with_rows(personas, login, django_assert_num_queries):
    notify(personas.ani, 1)
    client = login(personas.user("ani"))
    with CaptureQueriesContext(connection) as one:
        client.get(LIST)
    notify(personas.ani, 20, read=True)
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(LIST)
    assert len(titles(response)) == 21


def test_marking_one_read(personas, login):
    (mine,) = notify(personas.ani)
    client = login(personas.user("ani"))

    response = client.post(f"/notifikasi/{mine.pk}/baca/", {"halaman": "1"})

    assert response.status_code == 302 and response["Location"] == "/notifikasi/?halaman=1"
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_opening_marks_read_and_goes_to_the_page(personas, login):
    (mine,) = notify(personas.ani, url="/aktivitas/?tanggal=2026-03-09")
    response = login(personas.user("ani")).post(f"/notifikasi/{mine.pk}/baca/", {"buka": "1"})
    assert response.status_code == 302 and response["Location"] == "/aktivitas/?tanggal=2026-03-09"
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_opening_never_leaves_the_site(personas, login):
    (odd,) = notify(personas.ani, url="https://evil.example.com/")
    response = login(personas.user("ani")).post(f"/notifikasi/{odd.pk}/baca/", {"buka": "1"})
    assert response.status_code == 302 and response["Location"] == "/notifikasi/"


@pytest.mark.parametrize("name", ["budi", "citra", "stranger"])
def test_others_cannot_mark_anis_notification(personas, login, name):
    (hers,) = notify(personas.ani)
    response = login(personas.user(name)).post(f"/notifikasi/{hers.pk}/baca/")
    assert response.status_code == 404
    hers.refresh_from_db()
    assert hers.read_at is None


def test_marking_needs_post(personas, login):
    (mine,) = notify(personas.ani)
    assert login(personas.user("ani")).get(f"/notifikasi/{mine.pk}/baca/").status_code == 405
    mine.refresh_from_db()
    assert mine.read_at is None


def test_marking_all_touches_only_ones_own(personas, login):
    notify(personas.ani, 3)
    notify(personas.budi, 2)
    response = login(personas.user("ani")).post(ALL_READ, follow=True)
    assert "3 notifikasi ditandai sudah dibaca." in response.content.decode()
    unread = Notification.objects.filter(read_at__isnull=True)
    assert not unread.filter(user=personas.user("ani")).exists()
    assert unread.filter(user=personas.user("budi")).count() == 2


def test_the_email_preference_is_switched_off_and_on_and_audited(personas, login):
    client = login(personas.user("ani"))

    response = client.post(PREFERENCE, {}, follow=True)  # an unticked box is absent

    assert "tidak lagi dikirim" in response.content.decode()
    assert NotificationPreference.objects.get(user=personas.user("ani")).email_aktif is False
    assert 'name="email_aktif"' in response.content.decode()
    client.post(PREFERENCE, {"email_aktif": "on"})
    assert NotificationPreference.objects.get(user=personas.user("ani")).email_aktif is True
    actions = AuditEvent.objects.filter(action="notifikasi.preferensi_surel")
    assert [e.data["email_aktif"] for e in actions.order_by("id")] == [False, True]
    assert not NotificationPreference.objects.filter(user=personas.user("budi")).exists()


def test_the_preference_needs_post(personas, login):
    assert login(personas.user("ani")).get(PREFERENCE).status_code == 405
    assert not NotificationPreference.objects.exists()


def test_pages_need_a_login(client):
    response = client.get(LIST)
    assert response.status_code == 302 and response["Location"].startswith("/masuk/")


# --- the bell --------------------------------------------------------------------------------


def test_the_bell_shows_the_unread_count(personas, login, django_assert_num_queries):
    notify(personas.ani, 3)
    notify(personas.ani, 2, read=True)
    notify(personas.budi, 4)
    client = login(personas.user("ani"))
    # The session, the user and the count, whatever the number of rows.
    with django_assert_num_queries(3):
        response = client.get(BELL, headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="jumlah-belum-dibaca">3<' in html
    notify(personas.ani, 40, kind=J.BATAS_AKTIVITAS)
    with django_assert_num_queries(3):
        response = client.get(BELL)
    assert 'data-testid="jumlah-belum-dibaca">43<' in response.content.decode()


def test_the_bell_without_unread_shows_no_badge(personas, login):
    response = login(personas.user("dodi")).get(BELL)
    assert response.status_code == 200 and "jumlah-belum-dibaca" not in response.content.decode()


def test_the_bell_after_the_session_ends_leaves_the_navbar_alone(client):
    assert client.get(BELL).status_code == 204


def test_base_pages_load_the_bell_lazily_and_never_count(personas, login):
    notify(personas.ani, 2)
    client = login(personas.user("ani"))
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'hx-get="{BELL}"' in html and 'hx-trigger="load"' in html
    assert not any("notifications_notification" in q["sql"] for q in ctx.captured_queries)
