"""The leave pages over HTTP with personas: Ani asks and sees her own, Budi decides from his
inbox, Citra and Fajar may read but not decide, Intan, Dodi and the stranger see nothing."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ekinerja.attendance import services_daily, services_leave
from ekinerja.attendance.choices import JenisCuti, StatusPengajuan
from ekinerja.attendance.models import LeaveRequest
from ekinerja.attendance.services_leave import LeaveInput

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
NOW = dt.datetime(2026, 11, 2, 10, 0, tzinfo=WIB)  # a Monday
D = dt.date
HOME = reverse("leave-home")
CREATE = reverse("leave-create")
INBOX = reverse("leave-inbox")
PDF = b"%PDF-1.4\n" + b"0" * 64


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def no_recompute(monkeypatch):
    monkeypatch.setattr(services_daily, "request_recompute", lambda *args: "selesai")


def form(**extra) -> dict:
    data = {"jenis": "tahunan", "mulai": "2026-11-09", "selesai": "2026-11-13",
            "keterangan": "Acara keluarga", "alamat_selama_cuti": "Bandung"}  # fmt: skip
    data.update(extra)
    return data


def leave_of(personas, who="ani", mulai=D(2026, 11, 9), selesai=D(2026, 11, 13), **extra):  # noqa: B008
    note = extra.pop("lampiran", None)
    data = LeaveInput(jenis=extra.pop("jenis", JenisCuti.TAHUNAN), mulai=mulai, selesai=selesai)
    return services_leave.submit_leave(actor=personas.user(who), data=data, lampiran=note)


def pdf(name="surat.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


# --- the employee's page -----------------------------------------------------------------------


def test_home_shows_balance_form_and_own_requests(personas, login, django_assert_max_num_queries):
    for week in range(3):
        start = D(2026, 11, 9) + dt.timedelta(weeks=week)
        leave_of(personas, mulai=start, selesai=start, jenis=JenisCuti.IZIN)
    leave_of(personas, who="intan")
    client = login(personas.user("ani"))
    with django_assert_max_num_queries(14):
        response = client.get(HOME)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="saldo-sisa">12<' in page
    assert page.count('data-testid="status-cuti"') == 3
    assert "Batalkan" in page
    # The list does not grow in queries with more requests.
    for week in range(3, 8):
        start = D(2026, 11, 9) + dt.timedelta(weeks=week)
        leave_of(personas, mulai=start, selesai=start, jenis=JenisCuti.IZIN)
    with django_assert_max_num_queries(14):
        assert client.get(HOME).content.decode().count('data-testid="status-cuti"') == 8


def test_submit_with_attachment(personas, login):
    client = login(personas.user("ani"))
    response = client.post(CREATE, form(lampiran=pdf()))
    assert response.status_code == 302
    leave = LeaveRequest.objects.get()
    assert (leave.jumlah_hari, leave.status, leave.alamat_selama_cuti) == (
        5, StatusPengajuan.DIAJUKAN, "Bandung",
    )  # fmt: skip
    assert leave.lampiran
    page = client.get(HOME).content.decode()
    assert 'data-testid="saldo-menunggu">5<' in page
    assert 'data-testid="saldo-sisa">7<' in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (form(mulai="2026-13-45"), "Tanggal harus berformat"),
        (form(jenis="liburan"), "Pilih jenis cuti/izin"),
        (form(mulai="2026-11-07", selesai="2026-11-08"), "tidak memuat hari kerja"),
        (form(selesai="2026-12-31"), "tinggal 12 hari kerja"),
        (form(lampiran=pdf("surat.pdf", b"MZ\x90\x00 not a pdf")), "tidak sesuai dengan jenisnya"),
        (form(lampiran=pdf("surat.exe")), "PDF, JPG, atau PNG"),
        (form(lampiran=pdf(content=b"%PDF-" + b"0" * (5 * 1024 * 1024))), "paling besar 5 MB"),
        (form(jenis="dinas_luar"), "wajib disertai lampiran"),
        # Far-future dates are refused before any date arithmetic could overflow.
        (form(jenis="sakit", mulai="9999-12-01", selesai="9999-12-01"), "paling lambat"),
        (form(mulai="9999-12-01", selesai="9999-12-01"), "paling lambat"),
        (form(selesai="9999-12-31"), "Tanggal selesai paling lambat"),
    ],
)
def test_bad_input_is_refused_with_a_message(personas, login, data, message):
    response = login(personas.user("ani")).post(CREATE, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not LeaveRequest.objects.exists()


def test_pppk_is_not_offered_cuti_besar(personas, login):
    personas.intan.status = "PPPK"
    personas.intan.save()
    client = login(personas.user("intan"))
    assert 'value="besar"' not in client.get(HOME).content.decode()
    response = client.post(CREATE, form(jenis="besar"))
    assert response.status_code == 400
    assert not LeaveRequest.objects.exists()


def test_account_without_employee_is_refused(personas, login, django_user_model):
    user = django_user_model.objects.create_user(username="operator", password="x-12345678")
    assert login(user).get(HOME).status_code == 403


# --- one request -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [("ani", 200), ("budi", 200), ("citra", 200), ("fajar", 200), ("gita", 200), ("hadi", 200),
     ("intan", 404), ("dodi", 404), ("stranger", 404), ("eka", 404)],
)  # fmt: skip
def test_detail_and_attachment_access(personas, login, who, status):
    leave = leave_of(personas, lampiran=pdf())
    client = login(personas.user(who))
    assert client.get(reverse("leave-detail", args=[leave.pk])).status_code == status
    response = client.get(reverse("leave-attachment", args=[leave.pk]))
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Disposition"].startswith("inline")


def test_detail_offers_the_decision_only_to_budi(personas, login):
    leave = leave_of(personas)
    url = reverse("leave-detail", args=[leave.pk])
    assert 'data-testid="keputusan"' in login(personas.user("budi")).get(url).content.decode()
    assert 'data-testid="keputusan"' not in login(personas.user("citra")).get(url).content.decode()


def test_missing_attachment_is_404(personas, login):
    leave = leave_of(personas)
    client = login(personas.user("ani"))
    assert client.get(reverse("leave-attachment", args=[leave.pk])).status_code == 404


@pytest.mark.parametrize(
    ("who", "status"),
    [("budi", 403), ("citra", 403), ("intan", 404), ("dodi", 404), ("stranger", 404)],
)
def test_only_the_owner_cancels(personas, login, who, status):
    leave = leave_of(personas)
    response = login(personas.user(who)).post(reverse("leave-cancel", args=[leave.pk]))
    assert response.status_code == status
    leave.refresh_from_db()
    assert leave.status == StatusPengajuan.DIAJUKAN


def test_owner_cancels_and_cannot_cancel_twice(personas, login):
    leave = leave_of(personas)
    client = login(personas.user("ani"))
    assert client.post(reverse("leave-cancel", args=[leave.pk])).status_code == 302
    leave.refresh_from_db()
    assert leave.status == StatusPengajuan.DIBATALKAN
    response = client.post(reverse("leave-cancel", args=[leave.pk]))
    assert response.status_code == 400
    assert "tidak dapat dibatalkan" in response.content.decode()


# --- the approver ----------------------------------------------------------------------------


def test_inbox_lists_what_budi_decides(personas, login, django_assert_max_num_queries):
    for week in range(3):
        start = D(2026, 11, 9) + dt.timedelta(weeks=week)
        leave_of(personas, mulai=start, selesai=start)
        leave_of(personas, who="intan", mulai=start, selesai=start)
    leave_of(personas, who="dodi")
    client = login(personas.user("budi"))
    with django_assert_max_num_queries(14):
        response = client.get(INBOX)
    page = response.content.decode()
    assert page.count("Ani Lestari") == 3 and page.count("Intan Permata") == 3
    for week in range(3, 6):
        start = D(2026, 11, 9) + dt.timedelta(weeks=week)
        leave_of(personas, who="intan", mulai=start, selesai=start)
    with django_assert_max_num_queries(14):
        assert client.get(INBOX).content.decode().count("Intan Permata") == 6
    assert "Dodi" not in page
    for who in ("eka", "dodi", "citra", "stranger"):
        page = login(personas.user(who)).get(INBOX).content.decode()
        assert "Ani Lestari" not in page and 'data-testid="tanpa-pengajuan"' in page


@pytest.mark.parametrize(
    ("who", "status"),
    [("ani", 403), ("eka", 404), ("citra", 403), ("fajar", 403), ("dodi", 404),
     ("stranger", 404)],
)  # fmt: skip
def test_refused_deciders_change_nothing(personas, login, who, status):
    leave = leave_of(personas)
    client = login(personas.user(who))
    assert client.post(reverse("leave-approve", args=[leave.pk])).status_code == status
    assert (
        client.post(reverse("leave-reject", args=[leave.pk]), {"alasan": "x"}).status_code == status
    )
    leave.refresh_from_db()
    assert leave.status == StatusPengajuan.DIAJUKAN


def test_budi_approves_then_ani_sees_it(personas, login):
    leave = leave_of(personas)
    response = login(personas.user("budi")).post(reverse("leave-approve", args=[leave.pk]))
    assert response.status_code == 302 and response["Location"] == INBOX
    leave.refresh_from_db()
    assert (leave.status, leave.diputus_oleh) == (StatusPengajuan.DISETUJUI, personas.budi)
    page = login(personas.user("ani")).get(HOME).content.decode()
    assert "Disetujui" in page and 'data-testid="saldo-digunakan">5<' in page
    again = login(personas.user("budi")).post(reverse("leave-approve", args=[leave.pk]))
    assert again.status_code == 400


def test_reject_needs_a_reason(personas, login):
    leave = leave_of(personas)
    client = login(personas.user("budi"))
    url = reverse("leave-reject", args=[leave.pk])
    response = client.post(url, {"alasan": "  "})
    assert response.status_code == 400
    assert "Alasan penolakan wajib diisi" in response.content.decode()
    leave.refresh_from_db()
    assert leave.status == StatusPengajuan.DIAJUKAN
    assert client.post(url, {"alasan": "Ada audit"}).status_code == 302
    leave.refresh_from_db()
    assert (leave.status, leave.alasan_keputusan) == (StatusPengajuan.DITOLAK, "Ada audit")


def test_get_is_not_allowed_on_writes(personas, login):
    leave = leave_of(personas)
    client = login(personas.user("budi"))
    assert client.get(reverse("leave-approve", args=[leave.pk])).status_code == 405
    assert client.get(CREATE).status_code == 405


def test_anonymous_is_sent_to_login(client):
    response = client.get(HOME)
    assert response.status_code == 302 and "/masuk/" in response["Location"]


# --- inbox Excel export ------------------------------------------------------------------------

EXPORT = reverse("leave-inbox-export")


def _sheet(response) -> list[tuple]:
    import io

    from openpyxl import load_workbook

    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    return list(load_workbook(io.BytesIO(body)).active.iter_rows(values_only=True))


def test_inbox_export_has_budis_rows_as_text_in_fixed_queries(personas, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = leave_of(personas)
    LeaveRequest.objects.filter(pk=first.pk).update(keterangan='=HYPERLINK("http://x")')
    leave_of(personas, who="dodi")
    client = login(personas.user("budi"))
    assert EXPORT in client.get(INBOX).content.decode()
    with CaptureQueriesContext(connection) as few:
        rows = _sheet(client.get(EXPORT))
    assert [r[1] for r in rows[1:]] == ["Ani Lestari"]
    assert rows[1][7] == '\'=HYPERLINK("http://x")'  # text, never a formula
    for week in range(1, 5):
        start = D(2026, 11, 9) + dt.timedelta(weeks=week)
        leave_of(personas, who="intan", mulai=start, selesai=start)
    with CaptureQueriesContext(connection) as many:
        rows = _sheet(client.get(EXPORT))
    assert [r[1] for r in rows[1:]].count("Intan Permata") == 4 and len(rows) == 6
    assert len(many) == len(few) <= 14


@pytest.mark.parametrize("who", ["eka", "dodi", "citra", "stranger"])
def test_inbox_export_of_others_is_empty(personas, login, who):
    leave_of(personas)
    assert len(_sheet(login(personas.user(who)).get(EXPORT))) == 1  # the header only


def test_inbox_export_of_an_account_without_employee_is_refused(login, django_user_model):
    user = django_user_model.objects.create_user(username="operator", password="x-12345678")
    assert login(user).get(EXPORT).status_code == 403
