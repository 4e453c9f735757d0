"""The validation queue page and decisions, with personas: Ani and Intan enter activities, Budi
(their pejabat penilai) validates them; Intan, Dodi and Citra have nobody to validate."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ekinerja.activity import access, services
from ekinerja.activity.choices import StatusAktivitas
from ekinerja.activity.models import Activity
from ekinerja.activity.rules import normalise_uraian
from ekinerja.activity.selectors_queue import QueueFilter, validation_queue
from ekinerja.activity.services import ActivityInput
from ekinerja.attendance.models import DailyAttendance
from ekinerja.people.testing import make_employee
from ekinerja.planning.choices import JenisForm, JenisRhk, StatusSkp
from ekinerja.planning.models import Indikator, PerformancePeriod, Rhk, Skp

WIB = ZoneInfo("Asia/Jakarta")
NOW = dt.datetime(2026, 3, 10, 17, 0, tzinfo=WIB)
T = dt.time
QUEUE = "/aktivitas/validasi/"
DECIDE = "/aktivitas/validasi/putuskan/"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def make_activity(employee, day=10, start=(8, 0), end=(9, 0), **extra):
    """A pending activity written directly: these tests are about the queue, not entry rules."""
    tanggal = extra.pop("tanggal", dt.date(2026, 3, day))
    values = {
        "instansi_id": employee.instansi_id, "employee": employee, "tanggal": tanggal,
        "mulai": T(*start), "selesai": T(*end),
        "menit": (end[0] * 60 + end[1]) - (start[0] * 60 + start[1]),
        "uraian": f"Menyusun rekap data {start[0]:02d}{start[1]:02d}",
        "jumlah_output": 1, "satuan": "laporan",
    }  # fmt: skip
    values.update(extra)
    values["uraian_norm"] = normalise_uraian(values["uraian"])
    return Activity.objects.create(**values)


def seen() -> str:
    """The `dilihat` a queue page rendered now would carry."""
    return timezone.now().isoformat()


def status_of(*activities):
    return [Activity.objects.get(pk=a.pk).status for a in activities]


def ids_on_page(response):
    return [row.activity.pk for row in response.context["queue"].rows]


def test_budi_sees_his_staff_activities_with_counts(personas, login):
    ani = [make_activity(personas.ani, start=(8, 0), end=(9, 0)), make_activity(personas.ani, 9)]
    intan = make_activity(personas.intan, start=(10, 0), end=(11, 30))
    make_activity(personas.ani, start=(13, 0), end=(14, 0), status=StatusAktivitas.DISETUJUI)
    make_activity(personas.dodi)

    response = login(personas.user("budi")).get(QUEUE)

    assert response.status_code == 200
    queue = response.context["queue"]
    assert sorted(ids_on_page(response)) == sorted([*(a.pk for a in ani), intan.pk])
    per_employee = {c.employee.nama: (c.jumlah, c.menit) for c in queue.per_employee}
    assert per_employee == {"Ani Lestari": (2, 120), "Intan Permata": (1, 90)}
    assert (queue.total, queue.total_menit, queue.eskalasi, queue.dialihkan) == (3, 210, 0, 0)
    html = response.content.decode()
    assert "Ani Lestari" in html and "Tugas tambahan" in html and "3 aktivitas menunggu" in html


def test_rows_are_ordered_by_day_and_time(personas, login):
    later = make_activity(personas.ani, day=10, start=(8, 0), end=(9, 0))
    earlier = make_activity(personas.intan, day=9, start=(13, 0), end=(14, 0))
    first = make_activity(personas.ani, day=9, start=(7, 0), end=(8, 0))
    response = login(personas.user("budi")).get(QUEUE)
    assert ids_on_page(response) == [first.pk, earlier.pk, later.pk]


def test_every_queued_activity_passes_can_validate_and_others_do_not(personas):
    make_activity(personas.ani)
    make_activity(personas.intan, start=(10, 0), end=(11, 0))
    make_activity(personas.budi, start=(7, 0), end=(8, 0))
    make_activity(personas.eka, start=(7, 0), end=(8, 0))
    make_activity(personas.kadinkes, start=(7, 0), end=(8, 0))
    make_activity(personas.dodi)
    make_activity(personas.ani, start=(9, 0), end=(10, 0), diajukan_at=NOW - dt.timedelta(days=6))
    pending = list(Activity.objects.filter(status=StatusAktivitas.DIAJUKAN))
    for name in ("ani", "intan", "budi", "eka", "kadinkes", "sekda", "bupati", "dodi", "citra"):
        user = personas.user(name)
        queued = {row.activity.pk for row in validation_queue(user, QueueFilter()).rows}
        allowed = {a.pk for a in pending if access.can_validate(personas.user(name), a)}
        assert queued == allowed, name


@pytest.mark.parametrize("name", ["intan", "dodi", "citra"])
def test_users_without_subordinates_see_an_explanation_and_are_refused(personas, login, name):
    activity = make_activity(personas.ani)
    client = login(personas.user(name))

    page = client.get(QUEUE)
    assert page.status_code == 200
    assert "Saat ini tidak ada pegawai yang Anda nilai" in page.content.decode()
    assert page.context["queue"].rows == []

    refused = client.post(DECIDE, {"dilihat": seen(), "keputusan": "setujui", "id": [activity.pk]})
    assert refused.status_code == 403
    assert "tidak ada dalam antrean validasi Anda" in refused.content.decode()
    assert status_of(activity) == [StatusAktivitas.DIAJUKAN]


def test_budi_approves_ticked_rows_and_returns_to_the_same_filter(personas, login):
    first, second = make_activity(personas.ani), make_activity(personas.ani, 9)
    other = make_activity(personas.intan)
    client = login(personas.user("budi"))

    response = client.post(
        DECIDE,
        {
            "dilihat": seen(),
            "keputusan": "setujui",
            "id": [first.pk, second.pk],
            "pegawai": personas.ani.pk,
        },
    )

    assert response.status_code == 302
    assert response["Location"] == f"{QUEUE}?pegawai={personas.ani.pk}"
    assert status_of(first, second, other) == [
        StatusAktivitas.DISETUJUI, StatusAktivitas.DISETUJUI, StatusAktivitas.DIAJUKAN,
    ]  # fmt: skip
    page = client.get(response["Location"])
    assert "2 aktivitas disetujui." in page.content.decode()


def test_bulk_approval_of_everything_the_filter_matches(personas, login):
    march_9 = [make_activity(personas.ani, 9, start=(h, 0), end=(h + 1, 0)) for h in (7, 8, 9)]
    march_10 = make_activity(personas.ani, 10)
    intan = make_activity(personas.intan, 9)
    client = login(personas.user("budi"))

    response = client.post(DECIDE, {
        "dilihat": seen(), "keputusan": "setujui", "semua": "on", "pegawai": personas.ani.pk,
        "dari": "2026-03-09", "sampai": "2026-03-09",
    })  # fmt: skip

    assert response.status_code == 302
    assert set(status_of(*march_9)) == {StatusAktivitas.DISETUJUI}
    assert status_of(march_10, intan) == [StatusAktivitas.DIAJUKAN, StatusAktivitas.DIAJUKAN]
    assert "dari=2026-03-09" in response["Location"]
    rest = client.post(DECIDE, {"dilihat": seen(), "keputusan": "setujui", "semua": "on"})
    assert rest["Location"] == QUEUE
    assert status_of(march_10, intan) == [StatusAktivitas.DISETUJUI, StatusAktivitas.DISETUJUI]


def test_bulk_by_filter_that_matches_nothing_is_a_400(personas, login):
    make_activity(personas.ani)
    nothing = {"keputusan": "setujui", "semua": "on", "dari": "2026-03-01", "sampai": "2026-03-02"}
    response = login(personas.user("budi")).post(DECIDE, {**nothing, "dilihat": seen()})
    assert response.status_code == 400
    assert "Tidak ada aktivitas yang cocok" in response.content.decode()


@pytest.mark.parametrize("verdict", ["tolak", "kembalikan"])
def test_rejecting_or_returning_needs_a_reason(personas, login, verdict):
    activity = make_activity(personas.ani)
    client = login(personas.user("budi"))

    response = client.post(
        DECIDE, {"dilihat": seen(), "keputusan": verdict, "id": [activity.pk], "alasan": "  "}
    )

    assert response.status_code == 400
    assert "Alasan wajib diisi" in response.content.decode()
    assert status_of(activity) == [StatusAktivitas.DIAJUKAN]
    done = client.post(
        DECIDE, {"dilihat": seen(), "keputusan": verdict, "id": [activity.pk], "alasan": "Kurang"}
    )
    assert done.status_code == 302
    activity.refresh_from_db()
    assert activity.status != StatusAktivitas.DIAJUKAN and activity.alasan == "Kurang"


def test_ids_outside_the_queue_refuse_the_whole_decision(personas, login):
    mine = make_activity(personas.ani)
    dodi = make_activity(personas.dodi)
    own = make_activity(personas.budi)
    done = make_activity(personas.intan, status=StatusAktivitas.DISETUJUI)
    client = login(personas.user("budi"))
    for stranger in (dodi, own, done):
        response = client.post(
            DECIDE, {"dilihat": seen(), "keputusan": "setujui", "id": [mine.pk, stranger.pk]}
        )
        assert response.status_code == 403
    response = client.post(
        DECIDE, {"dilihat": seen(), "keputusan": "setujui", "id": [mine.pk, 999999]}
    )
    assert response.status_code == 403
    assert status_of(mine, dodi, own) == [StatusAktivitas.DIAJUKAN] * 3


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"keputusan": "hapus", "id": ["1"]}, "Keputusan validasi tidak dikenal"),
        ({"keputusan": "setujui"}, "Pilih sedikitnya satu aktivitas"),
        ({"keputusan": "setujui", "id": ["satu"]}, "Pilihan aktivitas tidak valid"),
        # "²" passes str.isdigit() yet int() refuses it; 20 digits overflow the database key.
        ({"keputusan": "setujui", "id": ["²"]}, "Pilihan aktivitas tidak valid"),
        ({"keputusan": "setujui", "id": ["99999999999999999999"]}, "Pilihan aktivitas tidak valid"),
        (
            {"keputusan": "setujui", "semua": "on", "target": "99999999999999999999"},
            "Pilihan target tidak dikenal",
        ),
        ({"keputusan": "setujui", "semua": "on", "dari": "kemarin"}, "Dari tanggal"),
    ],
)
def test_bad_decisions_are_400_with_a_message(personas, login, data, message):
    activity = make_activity(personas.ani)
    response = login(personas.user("budi")).post(DECIDE, {**data, "dilihat": seen()})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert status_of(activity) == [StatusAktivitas.DIAJUKAN]


def test_decide_only_accepts_post(personas, login):
    assert login(personas.user("budi")).get(DECIDE).status_code == 405


def _indicator_for_ani(personas):
    period = PerformancePeriod.objects.create(
        instansi=personas.instansi, tahun=2026, mulai=dt.date(2026, 1, 1),
        selesai=dt.date(2026, 12, 31), batas_input_skp=dt.date(2026, 1, 31),
        batas_persetujuan=dt.date(2026, 2, 15),
    )  # fmt: skip
    skp = Skp.objects.create(
        instansi=personas.instansi, period=period, employee=personas.ani,
        status=StatusSkp.DISETUJUI, position=personas.positions["staf"],
        unit=personas.units["surveilans"], jenis_form=JenisForm.JA_JF,
    )  # fmt: skip
    rhk = Rhk.objects.create(skp=skp, jenis=JenisRhk.UTAMA, teks="Tersusunnya rekap surveilans")
    return Indikator.objects.create(rhk=rhk, uraian="Jumlah laporan rekap", satuan="laporan")


def test_filters_by_employee_dates_and_target(personas, login):
    indikator = _indicator_for_ani(personas)
    targeted = make_activity(personas.ani, 9, indikator=indikator)
    extra = make_activity(personas.ani, 10)
    intan = make_activity(personas.intan, 6)
    client = login(personas.user("budi"))

    def shown(**params):
        response = client.get(QUEUE, params)
        assert response.status_code == 200
        return set(ids_on_page(response))

    assert shown(pegawai=personas.intan.pk) == {intan.pk}
    assert shown(dari="2026-03-07") == {targeted.pk, extra.pk}
    assert shown(sampai="2026-03-09") == {targeted.pk, intan.pk}
    assert shown(target=indikator.pk) == {targeted.pk}
    assert shown(target="tanpa") == {extra.pk, intan.pk}
    response = client.get(QUEUE)
    assert response.context["queue"].targets == [(indikator.pk, "Jumlah laporan rekap")]
    assert "Jumlah laporan rekap" in response.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"dari": "2026-03-10", "sampai": "2026-03-01"}, "Tanggal awal tidak boleh sesudah"),
        ({"target": "semua-saja"}, "Pilihan target tidak dikenal"),
        ({"target": "²"}, "Pilihan target tidak dikenal"),
        ({"target": "99999999999999999999"}, "Pilihan target tidak dikenal"),
        ({"pegawai": "x"}, "Pegawai"),
        ({"pegawai": "²"}, "Pilihan pegawai tidak dikenal"),
        ({"pegawai": "99999999999999999999"}, "Pilihan pegawai tidak dikenal"),
    ],
)
def test_invalid_filters_are_400_with_a_message(personas, login, params, message):
    make_activity(personas.ani)
    response = login(personas.user("budi")).get(QUEUE, params)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_only_flagged_shows_the_flagged_rows(personas, login):
    long_one = make_activity(personas.ani, start=(8, 0), end=(12, 1))
    make_activity(personas.ani, start=(13, 0), end=(14, 0))
    response = login(personas.user("budi")).get(QUEUE, {"ditandai": "on"})
    assert ids_on_page(response) == [long_one.pk]
    assert "Entri panjang" in response.content.decode()
    assert "di atas batas 240 menit" in response.content.decode()


def test_bulk_by_filter_with_only_flagged_decides_only_the_flagged(personas, login):
    long_one = make_activity(personas.ani, start=(8, 0), end=(12, 1))
    normal = make_activity(personas.ani, start=(13, 0), end=(14, 0))
    response = login(personas.user("budi")).post(
        DECIDE, {"dilihat": seen(), "keputusan": "kembalikan", "alasan": "Pecah per kegiatan",
                 "semua": "on", "ditandai": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    assert status_of(long_one, normal) == [StatusAktivitas.DIKEMBALIKAN, StatusAktivitas.DIAJUKAN]


def test_the_queue_is_paginated_by_fifty(personas, login):
    for day in range(1, 11):
        for hour in range(7, 13):
            make_activity(personas.ani, day, start=(hour, 0), end=(hour, 30))
    client = login(personas.user("budi"))
    first = client.get(QUEUE)
    assert len(first.context["queue"].rows) == 50 and first.context["queue"].matching == 60
    second = client.get(QUEUE, {"page": 2})
    assert len(second.context["queue"].rows) == 10
    assert "halaman 2 dari 2" in second.content.decode()


def test_htmx_filter_returns_only_the_queue_section(personas, login):
    make_activity(personas.ani)
    response = login(personas.user("budi")).get(
        QUEUE, {"pegawai": personas.ani.pk}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="antrean"' in html and '<nav class="navbar' not in html


def test_a_supervisor_with_an_empty_queue_is_told_so(personas, login):
    response = login(personas.user("budi")).get(QUEUE)
    assert response.status_code == 200
    assert "Tidak ada aktivitas yang menunggu validasi Anda" in response.content.decode()


# --- what the validator saw ----------------------------------------------------------------------


def _edit(personas, activity, uraian):
    services.update_activity(
        actor=personas.user("ani"), activity=activity,
        data=ActivityInput(
            tanggal=activity.tanggal, mulai=activity.mulai, selesai=activity.selesai,
            uraian=uraian, jumlah_output="1", satuan="laporan",
        ),
    )  # fmt: skip


def test_the_decision_form_carries_the_time_the_page_was_shown(personas, login):
    make_activity(personas.ani)
    page = login(personas.user("budi")).get(QUEUE)
    dilihat = page.context["dilihat"]
    assert dt.datetime.fromisoformat(dilihat) == NOW
    assert f'<input type="hidden" name="dilihat" value="{dilihat}">' in page.content.decode()


def test_an_activity_edited_after_the_page_was_shown_refuses_the_decision(personas, login):
    edited, untouched = make_activity(personas.ani), make_activity(personas.ani, 9)
    client = login(personas.user("budi"))
    shown = client.get(QUEUE).context["dilihat"]

    with time_machine.travel(NOW + dt.timedelta(minutes=1), tick=False):
        _edit(personas, edited, "Uraian yang belum dibaca Budi")
    with time_machine.travel(NOW + dt.timedelta(minutes=2), tick=False):
        refused = client.post(
            DECIDE, {"dilihat": shown, "keputusan": "setujui", "id": [edited.pk, untouched.pk]}
        )
        assert refused.status_code == 409
        html = refused.content.decode()
        assert "1 aktivitas diubah setelah halaman ini dibuka; muat ulang antrean" in html
        assert status_of(edited, untouched) == [StatusAktivitas.DIAJUKAN] * 2
        assert "Uraian yang belum dibaca Budi" in html

        # The refusal shows the page again as it is now; deciding from it goes through.
        again = refused.context["dilihat"]
        done = client.post(
            DECIDE, {"dilihat": again, "keputusan": "setujui", "id": [edited.pk, untouched.pk]}
        )
    assert done.status_code == 302
    assert status_of(edited, untouched) == [StatusAktivitas.DISETUJUI] * 2


def test_select_all_leaves_what_arrived_after_the_page_was_shown(personas, login):
    shown_rows = [make_activity(personas.ani), make_activity(personas.intan, 9)]
    edited = make_activity(personas.ani, start=(15, 0), end=(16, 0))
    client = login(personas.user("budi"))
    shown = client.get(QUEUE).context["dilihat"]
    with time_machine.travel(NOW + dt.timedelta(minutes=1), tick=False):
        newcomer = make_activity(personas.ani, start=(13, 0), end=(14, 0))
        _edit(personas, edited, "Isi baru sesudah halaman dibuka")
        response = client.post(DECIDE, {"dilihat": shown, "keputusan": "setujui", "semua": "on"})

    assert response.status_code == 302
    assert status_of(*shown_rows) == [StatusAktivitas.DISETUJUI] * 2
    assert status_of(newcomer, edited) == [StatusAktivitas.DIAJUKAN] * 2
    page = client.get(response["Location"])
    assert "2 aktivitas disetujui." in page.content.decode()
    assert sorted(ids_on_page(page)) == sorted([newcomer.pk, edited.pk])


@pytest.mark.parametrize(
    "dilihat", [None, "", "kemarin", "2026-13-01T00:00:00", "0001-01-01T00:00:00+14:00"]
)
@pytest.mark.parametrize("semua", [False, True])
def test_a_missing_or_bad_page_time_is_a_400(personas, login, dilihat, semua):
    activity = make_activity(personas.ani)
    data = {"keputusan": "setujui", "semua": "on"} if semua else {
        "keputusan": "setujui", "id": [activity.pk]
    }  # fmt: skip
    if dilihat is not None:
        data["dilihat"] = dilihat
    response = login(personas.user("budi")).post(DECIDE, data)
    assert response.status_code == 400
    assert "Waktu pembukaan halaman antrean tidak terbaca" in response.content.decode()
    assert status_of(activity) == [StatusAktivitas.DIAJUKAN]


def test_a_page_time_in_the_future_does_not_let_later_edits_through(personas, login):
    activity = make_activity(personas.ani)
    client = login(personas.user("budi"))
    with time_machine.travel(NOW + dt.timedelta(minutes=1), tick=False):
        _edit(personas, activity, "Isi baru")
        future = (NOW + dt.timedelta(days=1)).isoformat()
        refused = client.post(
            DECIDE, {"dilihat": future, "keputusan": "setujui", "id": [activity.pk]}
        )
        # Clamped to the moment of the decision, so the edit a minute ago counts as seen.
        assert refused.status_code == 302
    naive_past = NOW.replace(tzinfo=None).isoformat()
    other = make_activity(personas.ani, 9)
    with time_machine.travel(NOW + dt.timedelta(minutes=2), tick=False):
        _edit(personas, other, "Isi baru lagi")
        refused = client.post(
            DECIDE, {"dilihat": naive_past, "keputusan": "setujui", "id": [other.pk]}
        )
    assert refused.status_code == 409
    assert status_of(other) == [StatusAktivitas.DIAJUKAN]


# --- evidence ----------------------------------------------------------------------------------


def test_evidence_files_are_linked_through_the_checked_view(personas, login):
    with_file = make_activity(personas.ani, bukti_berkas="bukti/2026/03/rekap.pdf")
    html = login(personas.user("budi")).get(QUEUE).content.decode()
    assert f'href="{reverse("activity-evidence", args=[with_file.pk])}"' in html
    assert "/media/" not in html


def test_only_web_addresses_become_evidence_links(personas, login):
    script = make_activity(personas.ani, bukti_tautan="javascript:alert(document.cookie)")
    upper = make_activity(personas.ani, 9, bukti_tautan="JaVaScRiPt:alert(1)")
    web = make_activity(personas.intan, bukti_tautan="https://drive.example.go.id/rekap")
    page = login(personas.user("budi")).get(QUEUE)
    html = page.content.decode()
    links = {row.activity.pk: row.link_ok for row in page.context["queue"].rows}
    assert links == {script.pk: False, upper.pk: False, web.pk: True}
    assert 'href="https://drive.example.go.id/rekap"' in html
    assert 'href="javascript:' not in html.lower()
    assert "tautan bukti bukan alamat web" in html


# --- closed months and other regions -------------------------------------------------------------


def test_rows_of_a_closed_month_leave_the_queue_and_do_not_block_select_all(personas, login):
    february = make_activity(personas.ani, tanggal=dt.date(2026, 2, 27))
    march = [make_activity(personas.ani), make_activity(personas.intan, 9)]
    client = login(personas.user("budi"))

    # Before the closing day (the 10th) February can still be decided.
    with time_machine.travel(NOW - dt.timedelta(days=1), tick=False):
        page = client.get(QUEUE)
        assert february.pk in ids_on_page(page) and page.context["queue"].ditutup == 0

    page = client.get(QUEUE)
    assert february.pk not in ids_on_page(page)
    assert page.context["queue"].total == 2 and page.context["queue"].ditutup == 1
    assert "1 aktivitas pada bulan yang sudah ditutup tidak dapat lagi divalidasi" in (
        page.content.decode()
    )
    ticked = client.post(DECIDE, {"dilihat": seen(), "keputusan": "setujui", "id": [february.pk]})
    assert ticked.status_code == 403
    response = client.post(DECIDE, {"dilihat": seen(), "keputusan": "setujui", "semua": "on"})
    assert response.status_code == 302
    assert status_of(*march) == [StatusAktivitas.DISETUJUI] * 2
    assert status_of(february) == [StatusAktivitas.DIAJUKAN]


def test_only_closed_rows_left_show_the_notice_and_no_queue(personas, login):
    make_activity(personas.ani, tanggal=dt.date(2026, 2, 27))
    html = login(personas.user("budi")).get(QUEUE).content.decode()
    assert "Tidak ada aktivitas yang menunggu validasi Anda" in html
    assert "1 aktivitas pada bulan yang sudah ditutup" in html


def test_rows_recorded_under_another_instansi_never_enter_the_queue(personas, login):
    # Inconsistent on purpose: the employee is Budi's, the row claims another region.
    stray = make_activity(personas.ani, instansi_id=personas.other_instansi.pk)
    mine = make_activity(personas.ani, 9)
    client = login(personas.user("budi"))
    assert ids_on_page(client.get(QUEUE)) == [mine.pk]
    refused = client.post(DECIDE, {"dilihat": seen(), "keputusan": "setujui", "id": [stray.pk]})
    assert refused.status_code == 403
    client.post(DECIDE, {"dilihat": seen(), "keputusan": "setujui", "semua": "on"})
    assert status_of(stray, mine) == [StatusAktivitas.DIAJUKAN, StatusAktivitas.DISETUJUI]


# --- query counts ------------------------------------------------------------------------------


def _grow(personas, staff: int, days: int, ani: bool = False):
    """More colleagues of Ani under Budi, each with pending, approved and attendance rows."""
    staf = personas.positions["staf"]
    people = [
        make_employee(personas.instansi, f"Staf {i:03d}", position=staf, with_login=False)
        for i in range(staff)
    ]
    rows, attendance = [], []
    for person in [personas.ani, *people] if ani else people:
        for day in range(1, days + 1):
            tanggal = dt.date(2026, 3, day)
            attendance.append(DailyAttendance(
                instansi=personas.instansi, employee=person, tanggal=tanggal, status="hadir",
                jam_datang=T(7, 30), jam_pulang=T(16, 0),
            ))  # fmt: skip
            for hour, status in ((8, "diajukan"), (10, "disetujui"), (13, "diajukan")):
                rows.append(Activity(
                    instansi=personas.instansi, employee=person, tanggal=tanggal,
                    mulai=T(hour, 0), selesai=T(hour + 1, 30), menit=90,
                    uraian=f"Rekap data harian {hour}", uraian_norm=f"rekap data harian {hour}",
                    jumlah_output=1, satuan="laporan",
                    status=status, diajukan_at=NOW - dt.timedelta(hours=day),
                ))  # fmt: skip
    DailyAttendance.objects.bulk_create(attendance)
    Activity.objects.bulk_create(rows)


def _queries(client, params=None):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(QUEUE, params or {})
    assert response.status_code == 200
    return len(ctx), response


@pytest.mark.parametrize(
    "params", [{}, {"ditandai": "on"}, {"target": "tanpa", "dari": "2026-03-02"}]
)
def test_queue_page_query_count_does_not_grow_with_data(personas, login, params):
    client = login(personas.user("budi"))
    _grow(personas, staff=2, days=2, ani=True)
    small, response = _queries(client, params)
    assert response.context["queue"].total == 12 and response.context["queue"].rows
    _grow(personas, staff=12, days=9)
    large, response = _queries(client, params)
    assert response.context["queue"].total > 200 and len(response.context["queue"].rows) == 50
    assert small == large
    # The rest is bounded by the depth of the position tree (who reports to whom), not by data.
    assert large <= 34


def test_escalated_queue_query_count_does_not_grow_with_data(personas, login):
    client = login(personas.user("eka"))
    with time_machine.travel(NOW + dt.timedelta(days=10), tick=False):
        _grow(personas, staff=2, days=2, ani=True)
        small, response = _queries(client)
        assert response.context["queue"].eskalasi == 12
        _grow(personas, staff=12, days=9)
        large, response = _queries(client)
    assert response.context["queue"].eskalasi > 200
    assert small == large


# --- Excel export ------------------------------------------------------------------------------

EXPORT = "/aktivitas/validasi/ekspor/"


def _sheet(response):
    import io

    from openpyxl import load_workbook

    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    return list(load_workbook(io.BytesIO(body)).active.iter_rows(values_only=True))


def test_queue_export_has_the_filtered_rows_and_no_formulas(personas, login):
    formula = make_activity(personas.ani, uraian='=HYPERLINK("http://x")')
    make_activity(personas.ani, day=9)
    make_activity(personas.intan, start=(10, 0), end=(11, 0))
    client = login(personas.user("budi"))

    rows = _sheet(client.get(EXPORT))
    assert rows[0][:2] == ("NIP", "Pegawai") and len(rows) == 4

    rows = _sheet(client.get(EXPORT, {"pegawai": personas.ani.pk, "dari": "2026-03-10"}))
    assert len(rows) == 2 and rows[1][1] == personas.ani.nama_lengkap
    assert rows[1][7] == "'" + formula.uraian  # plain text, never run as a formula
    page = client.get(QUEUE, {"pegawai": personas.ani.pk}).content.decode()
    assert f'href="{EXPORT}?pegawai={personas.ani.pk}"' in page


@pytest.mark.parametrize("name", ["intan", "dodi", "citra"])
def test_queue_export_of_someone_without_subordinates_is_empty(personas, login, name):
    make_activity(personas.ani)
    rows = _sheet(login(personas.user(name)).get(EXPORT))
    assert len(rows) == 1 and rows[0][0] == "NIP"  # the header only, as the page shows nothing


def test_queue_export_bad_filter_is_a_400(personas, login):
    assert login(personas.user("budi")).get(EXPORT, {"dari": "kemarin"}).status_code == 400


@pytest.mark.parametrize("params", [{}, {"ditandai": "on"}])
def test_queue_export_query_count_does_not_grow_with_data(personas, login, params):
    client = login(personas.user("budi"))
    _grow(personas, staff=2, days=2, ani=True)
    with CaptureQueriesContext(connection) as small:
        rows = _sheet(client.get(EXPORT, params))
    assert params or len(rows) == 13
    _grow(personas, staff=12, days=9)
    with CaptureQueriesContext(connection) as large:
        rows = _sheet(client.get(EXPORT, params))
    assert params or len(rows) > 200
    assert len(small) == len(large) <= 34
