"""The daily job on hand-made data: what each persona is told, the one e-mail a day, and a
query count that does not grow with the instansi.

Ani reports to Budi (pejabat penilai), who reports to Eka (Ani's atasan pejabat penilai)."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ekinerja.activity.choices import StatusAktivitas
from ekinerja.activity.models import ActivityPolicy
from ekinerja.attendance.choices import StatusPengajuan
from ekinerja.core.models import AuditEvent
from ekinerja.notifications.choices import JenisNotifikasi as J
from ekinerja.notifications.models import (
    DigestRun,
    Notification,
    NotificationDigest,
    NotificationPreference,
)
from ekinerja.notifications.services import send_daily_digest
from ekinerja.people.testing import make_employee

from .helpers import CLOSING, NOW, TODAY, YESTERDAY, activity, fill_window, leave, objection, of
from .helpers import period as make_period
from .helpers import skp as make_skp

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def addresses(personas):
    """Ani's address is on her employee record, Budi's and Eka's on their accounts."""
    personas.ani.email = "ani@dinkes.example.go.id"
    personas.ani.save()
    for name in ("budi", "eka"):
        user = personas.user(name)
        user.email = f"{name}@dinkes.example.go.id"
        user.save()
    return personas


def run(personas, day=TODAY):
    (result,) = send_daily_digest(tanggal=day, instansi=personas.instansi)
    return result


def mails_to(mailoutbox, address):
    return [m for m in mailoutbox if m.to == [address]]


# --- what needs attention --------------------------------------------------------------------


def test_budi_is_told_of_anis_pending_activity(personas):
    activity(personas.ani)
    activity(personas.ani, start=10)
    activity(personas.intan, start=9)
    activity(personas.dodi)  # another OPD: not Budi's

    run(personas)

    (reminder,) = of(personas.budi, J.VALIDASI_AKTIVITAS)
    assert reminder.title == "3 aktivitas menunggu validasi Anda"
    assert "Ani Lestari (2)" in reminder.body and "Intan Permata (1)" in reminder.body
    assert "dialihkan" not in reminder.body
    assert reminder.url == "/aktivitas/validasi/"
    assert of(personas.eka, J.VALIDASI_AKTIVITAS) == []
    assert of(personas.ani, J.VALIDASI_AKTIVITAS) == []
    (kadisdik,) = of(personas.kadisdik, J.VALIDASI_AKTIVITAS)
    assert "Dodi Pratama (1)" in kadisdik.body


def test_an_overdue_activity_goes_to_the_atasan(personas):
    """Past `batas_hari_validasi` (5 days by default) Ani's activity is Eka's to validate."""
    activity(personas.ani, CLOSING[0], diajukan_at=NOW - dt.timedelta(days=6))
    activity(personas.ani, start=10)  # recent: still Budi's

    run(personas)

    (eka,) = of(personas.eka, J.VALIDASI_AKTIVITAS)
    assert eka.title == "1 aktivitas menunggu validasi Anda"
    assert "Ani Lestari (1)" in eka.body
    assert "1 di antaranya dialihkan kepada Anda" in eka.body and "lebih dari 5 hari" in eka.body
    (budi,) = of(personas.budi, J.VALIDASI_AKTIVITAS)
    assert budi.title == "1 aktivitas menunggu validasi Anda"


def test_the_deadline_follows_the_instansi_policy(personas):
    ActivityPolicy.objects.create(
        instansi=personas.instansi, berlaku_mulai=dt.date(2026, 1, 1), batas_hari_validasi=10
    )
    activity(personas.ani, CLOSING[0], diajukan_at=NOW - dt.timedelta(days=6))

    run(personas)

    assert of(personas.eka, J.VALIDASI_AKTIVITAS) == []
    assert len(of(personas.budi, J.VALIDASI_AKTIVITAS)) == 1


def test_ani_is_told_of_a_returned_and_a_rejected_activity_with_the_reason(personas):
    returned = activity(
        personas.ani, status=StatusAktivitas.DIKEMBALIKAN, alasan="Lampirkan daftar hadir rapat",
        validated_by=personas.budi, validated_at=NOW - dt.timedelta(hours=15),
    )  # fmt: skip
    activity(
        personas.ani, start=10, status=StatusAktivitas.DITOLAK, alasan="Bukan tugas jabatan",
        validated_by=personas.budi, validated_at=NOW - dt.timedelta(hours=14),
    )  # fmt: skip
    # Decided before the look-back (the previous day's start): old news, not repeated.
    activity(
        personas.ani, dt.date(2026, 3, 5), status=StatusAktivitas.DIKEMBALIKAN, alasan="Lama",
        validated_by=personas.budi, validated_at=NOW - dt.timedelta(days=3),
    )  # fmt: skip

    run(personas)

    (back,) = of(personas.ani, J.AKTIVITAS_DIKEMBALIKAN)
    assert back.title == "Aktivitas 9 Maret 2026 dikembalikan untuk diperbaiki"
    assert "Alasan: Lampirkan daftar hadir rapat" in back.body
    assert returned.uraian in back.body
    assert back.url == "/aktivitas/?tanggal=2026-03-09"
    (rejected,) = of(personas.ani, J.AKTIVITAS_DITOLAK)
    assert rejected.title == "Aktivitas 9 Maret 2026 ditolak"
    assert "Alasan: Bukan tugas jabatan" in rejected.body
    assert of(personas.intan, J.AKTIVITAS_DIKEMBALIKAN) == []


def test_the_look_back_starts_at_the_previous_run(personas):
    run(personas, YESTERDAY)  # its clock is the end of 9 March
    activity(
        personas.ani, status=StatusAktivitas.DIKEMBALIKAN, alasan="Sebelum proses kemarin",
        validated_by=personas.budi, validated_at=NOW - dt.timedelta(hours=9),
    )  # fmt: skip
    activity(
        personas.ani, start=10, status=StatusAktivitas.DIKEMBALIKAN, alasan="Setelahnya",
        validated_by=personas.budi, validated_at=NOW - dt.timedelta(hours=1),
    )  # fmt: skip

    run(personas)

    assert [n.body.split("Alasan: ")[1] for n in of(personas.ani, J.AKTIVITAS_DIKEMBALIKAN)] == [
        "Setelahnya"
    ]


def test_skp_deadline_reminds_those_without_a_submitted_skp(personas):
    performance_period = make_period(personas.instansi, batas_input_skp=dt.date(2026, 3, 13))
    make_skp(personas.intan, performance_period, "diajukan")
    make_skp(personas.eka, performance_period, "draft")

    run(personas)

    (ani,) = of(personas.ani, J.BATAS_SKP)
    assert ani.title == "Batas pengisian SKP 2026: 13 Maret 2026"
    assert "3 hari lagi" in ani.body and ani.url == "/kinerja/"
    assert len(of(personas.eka, J.BATAS_SKP)) == 1  # a draft is not submitted
    assert of(personas.intan, J.BATAS_SKP) == []
    assert of(personas.bupati, J.BATAS_SKP) == []  # political office keeps no SKP here
    assert of(personas.stranger, J.BATAS_SKP) == []


def test_no_skp_reminder_while_the_deadline_is_far(personas):
    make_period(personas.instansi, batas_input_skp=dt.date(2026, 3, 18))
    run(personas)
    assert not Notification.objects.filter(kind=J.BATAS_SKP).exists()


def test_the_entry_window_reminder_lists_the_empty_working_days(personas):
    activity(personas.ani, CLOSING[0], status=StatusAktivitas.DISETUJUI)
    fill_window(personas.intan)
    leave(personas.budi, StatusPengajuan.DISETUJUI, mulai=CLOSING[0], selesai=CLOSING[1])

    run(personas)

    (ani,) = of(personas.ani, J.BATAS_AKTIVITAS)
    assert ani.title == "1 hari kerja belum berisi aktivitas"
    assert ani.body.startswith("4 Maret 2026 belum berisi aktivitas")
    assert "paling lambat 11 Maret 2026 (besok)" in ani.body
    assert ani.url == "/aktivitas/?tanggal=2026-03-04"
    assert of(personas.intan, J.BATAS_AKTIVITAS) == []
    assert of(personas.budi, J.BATAS_AKTIVITAS) == []  # on approved leave those days
    (dodi,) = of(personas.dodi, J.BATAS_AKTIVITAS)
    assert dodi.title == "2 hari kerja belum berisi aktivitas"
    assert of(personas.bupati, J.BATAS_AKTIVITAS) == []


def test_skp_leave_and_objection_inboxes(personas):
    performance_period = make_period(personas.instansi)
    make_skp(personas.ani, performance_period, "diajukan")
    leave(personas.ani)
    leave(personas.intan)
    objection(personas.intan, performance_period)

    run(personas)

    (skp,) = of(personas.budi, J.PERSETUJUAN_SKP)
    assert skp.title == "1 SKP menunggu persetujuan Anda" and "Ani Lestari" in skp.body
    assert skp.url == "/kinerja/persetujuan/"
    (cuti,) = of(personas.budi, J.PERSETUJUAN_CUTI)
    assert cuti.title == "2 pengajuan cuti menunggu keputusan Anda"
    assert cuti.url == "/presensi/cuti/persetujuan/"
    assert of(personas.budi, J.KEBERATAN) == []
    (keberatan,) = of(personas.eka, J.KEBERATAN)
    assert "Intan Permata (1)" in keberatan.body and keberatan.url == "/evaluasi/keberatan/"


def test_returned_skp_and_rejected_leave_carry_the_reason(personas):
    from ekinerja.core.services import record_audit_event

    performance_period = make_period(personas.instansi)
    returned = make_skp(personas.ani, performance_period, "dikembalikan")
    record_audit_event(
        actor=personas.user("budi"), action="return_skp", obj=returned,
        instansi_id=personas.instansi.pk, data={"reason": "Indikator belum terukur"},
    )  # fmt: skip
    rejected = leave(
        personas.intan, StatusPengajuan.DITOLAK, alasan_keputusan="Jadwal piket",
        diputus_at=NOW - dt.timedelta(hours=2), diputus_oleh=personas.budi,
    )  # fmt: skip

    run(personas)

    (skp,) = of(personas.ani, J.SKP_DIKEMBALIKAN)
    assert skp.title == "SKP 2026 (versi 1) dikembalikan"
    assert skp.body == "Alasan: Indikator belum terukur"
    assert skp.url == f"/kinerja/skp/{returned.pk}/"
    (cuti,) = of(personas.intan, J.CUTI_DITOLAK)
    assert cuti.title == "Cuti tahunan 16 Maret 2026 s.d. 17 Maret 2026 ditolak"
    assert cuti.body == "Alasan: Jadwal piket" and cuti.url == f"/presensi/cuti/{rejected.pk}/"


# --- the e-mail ------------------------------------------------------------------------------


def test_one_email_per_user_with_everything_grouped(addresses, mailoutbox, settings):
    personas = addresses
    settings.EKINERJA_PUBLIC_URL = "https://kinerja.example.go.id/"
    settings.DEFAULT_FROM_EMAIL = "E-Kinerja <noreply@example.go.id>"
    make_period(personas.instansi, batas_input_skp=dt.date(2026, 3, 13))
    activity(
        personas.ani, status=StatusAktivitas.DIKEMBALIKAN, alasan="Lampirkan notula",
        validated_by=personas.budi, validated_at=NOW - dt.timedelta(hours=3),
    )  # fmt: skip
    activity(personas.intan)

    result = run(personas)

    (mail,) = mails_to(mailoutbox, ["ani@dinkes.example.go.id"][0])
    assert mail.subject == "E-Kinerja: 3 pemberitahuan untuk Anda, 10 Maret 2026"
    assert mail.from_email == "E-Kinerja <noreply@example.go.id>"
    text = mail.body
    assert text.startswith("Yth. Ani Lestari,")
    # Grouped by kind, in the order of the kinds.
    assert text.index("== Aktivitas dikembalikan ==") < text.index("== Batas pengisian SKP ==")
    assert text.index("== Batas pengisian SKP ==") < text.index("== Batas pengisian aktivitas ==")
    assert "Alasan: Lampirkan notula" in text
    assert "https://kinerja.example.go.id/aktivitas/?tanggal=2026-03-09" in text
    assert "https://kinerja.example.go.id/notifikasi/" in text
    ((html, mimetype),) = mail.alternatives
    assert mimetype == "text/html"
    assert '<a href="https://kinerja.example.go.id/kinerja/">' in html
    (budi,) = mails_to(mailoutbox, "budi@dinkes.example.go.id")
    assert "1 aktivitas menunggu validasi Anda" in budi.body
    # Everyone else has no address: in-app only.
    assert len(mailoutbox) == 3  # ani, budi, eka (eka: SKP and entry-window reminders)
    assert result.surel_terkirim == 3
    digest = NotificationDigest.objects.get(user=personas.user("ani"), tanggal=TODAY)
    assert digest.alamat == "ani@dinkes.example.go.id" and digest.jumlah == 3
    assert set(of(personas.ani)) == set(digest.notifications.all())


def test_a_second_run_the_same_day_writes_and_sends_nothing(addresses, mailoutbox):
    personas = addresses
    activity(personas.ani)
    first = run(personas)
    written = Notification.objects.count()
    sent = len(mailoutbox)
    assert first.notifikasi_baru == written > 0 and sent == first.surel_terkirim > 0

    second = run(personas)

    assert second.notifikasi_baru == 0 and second.surel_terkirim == 0
    assert Notification.objects.count() == written and len(mailoutbox) == sent
    assert DigestRun.objects.count() == 2
    assert AuditEvent.objects.filter(action="notifikasi.ringkasan_harian").count() == 2


def test_a_late_item_on_the_same_day_waits_for_the_next_digest(addresses, mailoutbox):
    personas = addresses
    fill_window(personas.ani)
    activity(personas.ani, start=10)  # budi: a reminder
    run(personas)
    assert mails_to(mailoutbox, "ani@dinkes.example.go.id") == []
    activity(
        personas.ani, start=12, status=StatusAktivitas.DIKEMBALIKAN, alasan="Perbaiki",
        validated_by=personas.budi, validated_at=NOW,
    )  # fmt: skip
    later = NOW + dt.timedelta(hours=3)
    with time_machine.travel(later, tick=False):
        run(personas)
    # Ani had nothing this morning, so this is her first e-mail today.
    (mail,) = mails_to(mailoutbox, "ani@dinkes.example.go.id")
    assert "Perbaiki" in mail.body
    budi_before = len(mails_to(mailoutbox, "budi@dinkes.example.go.id"))
    activity(
        personas.intan, start=12, status=StatusAktivitas.DITOLAK, alasan="x",
        validated_by=personas.budi, validated_at=later,
    )  # fmt: skip
    with time_machine.travel(later + dt.timedelta(hours=1), tick=False):
        run(personas)
    assert len(mails_to(mailoutbox, "budi@dinkes.example.go.id")) == budi_before


def test_opted_out_users_get_no_email_but_keep_the_in_app_rows(addresses, mailoutbox):
    personas = addresses
    activity(personas.ani)
    NotificationPreference.objects.create(user=personas.user("budi"), email_aktif=False)

    run(personas)

    assert mails_to(mailoutbox, "budi@dinkes.example.go.id") == []
    assert len(of(personas.budi, J.VALIDASI_AKTIVITAS)) == 1
    assert not NotificationDigest.objects.filter(user=personas.user("budi")).exists()
    assert len(mails_to(mailoutbox, "ani@dinkes.example.go.id")) == 1


def test_users_without_an_address_get_no_email(personas, mailoutbox):
    activity(personas.ani)
    run(personas)
    assert mailoutbox == []
    assert len(of(personas.budi, J.VALIDASI_AKTIVITAS)) == 1
    assert not NotificationDigest.objects.exists()


def test_nothing_new_means_no_email(addresses, mailoutbox):
    personas = addresses
    fill_window(personas.ani, personas.budi, personas.eka)
    run(personas)
    assert mailoutbox == []


def test_a_refused_connection_records_nothing_and_is_retried(addresses, mailoutbox, settings):
    personas = addresses
    activity(personas.ani)
    locmem = settings.MAILERS
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 1},
        }
    }

    assert run(personas).surel_terkirim == 0
    assert not NotificationDigest.objects.exists()

    settings.MAILERS = locmem
    assert run(personas).surel_terkirim == 3
    assert len(mailoutbox) == 3


# --- cost ------------------------------------------------------------------------------------


def _queries_of_a_run(personas) -> int:
    Notification.objects.all().delete()
    NotificationDigest.objects.all().delete()
    DigestRun.objects.all().delete()
    with CaptureQueriesContext(connection) as ctx:
        run(personas)
    return len(ctx.captured_queries)


def test_the_job_costs_the_same_for_a_few_or_many_users(addresses, mailoutbox):
    personas = addresses
    make_period(personas.instansi, batas_input_skp=dt.date(2026, 3, 13))
    activity(personas.ani)
    activity(
        personas.ani, start=10, status=StatusAktivitas.DIKEMBALIKAN, alasan="a",
        validated_by=personas.budi, validated_at=NOW - dt.timedelta(hours=1),
    )  # fmt: skip
    leave(personas.ani)
    few = _queries_of_a_run(personas)
    assert len(mailoutbox) == 3

    for i in range(12):
        staff = make_employee(personas.instansi, f"Staf {i}", position=personas.positions["staf"])
        staff.email = f"staf{i}@dinkes.example.go.id"
        staff.save()
        activity(staff, diajukan_at=NOW - dt.timedelta(days=6 if i % 2 else 1))
        activity(
            staff, start=10, status=StatusAktivitas.DITOLAK, alasan="b",
            validated_by=personas.budi, validated_at=NOW - dt.timedelta(hours=1),
        )  # fmt: skip
        leave(staff)
    mailoutbox.clear()
    many = _queries_of_a_run(personas)

    assert len(mailoutbox) == 15
    assert many == few, (few, many)
    assert few <= 45


def test_a_set_evaluation_and_a_decided_objection_reach_the_employee(personas):
    from ekinerja.appraisal.models import Evaluation, Objection

    performance_period = make_period(personas.instansi)
    evaluation = Evaluation.objects.create(
        instansi=personas.instansi, skp=make_skp(personas.ani, performance_period, "disetujui"),
        employee=personas.ani, jenis="periodik", periode_ke=2, status="ditetapkan",
        predikat="baik", ditetapkan_at=NOW - dt.timedelta(hours=5),
    )  # fmt: skip
    decided = objection(personas.intan, performance_period)
    Objection.objects.filter(pk=decided.pk).update(
        status="diubah", predikat_akhir="baik", alasan_keputusan="Realisasi dihitung ulang",
        diputus_at=NOW - dt.timedelta(hours=1),
    )  # fmt: skip

    run(personas)

    (ani,) = of(personas.ani, J.EVALUASI_DITETAPKAN)
    assert ani.title == "Evaluasi Februari 2026 telah ditetapkan"
    assert ani.body.startswith("Predikat: Baik.") and ani.url == f"/evaluasi/{evaluation.pk}/"
    (intan,) = of(personas.intan, J.KEBERATAN_DIPUTUS)
    assert intan.body == (
        "Predikat diubah dari Butuh Perbaikan menjadi Baik. Alasan: Realisasi dihitung ulang"
    )
    assert intan.url == f"/evaluasi/{decided.evaluation_id}/"


def test_a_disabled_account_is_told_nothing(addresses, mailoutbox):
    personas = addresses
    budi = personas.user("budi")
    budi.is_active = False
    budi.save()
    activity(personas.ani)

    run(personas)

    assert of(personas.budi) == []
    assert mails_to(mailoutbox, "budi@dinkes.example.go.id") == []


def test_a_run_that_broke_off_does_not_move_the_look_back(personas):
    DigestRun.objects.create(
        instansi=personas.instansi, tanggal=TODAY, started_at=NOW - dt.timedelta(hours=2)
    )
    activity(
        personas.ani, status=StatusAktivitas.DIKEMBALIKAN, alasan="Sebelum proses yang gagal",
        validated_by=personas.budi, validated_at=NOW - dt.timedelta(hours=3),
    )  # fmt: skip

    run(personas)

    assert len(of(personas.ani, J.AKTIVITAS_DIKEMBALIKAN)) == 1
