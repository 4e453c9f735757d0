"""The audit trail page: who reads it, filters, Excel, query count; admin edits land in it."""

import datetime as dt
import io

import openpyxl
import pytest
from django.contrib.admin import ModelAdmin
from django.test import RequestFactory
from django.utils import timezone

from ekinerja.core.models import AuditEvent
from ekinerja.core.services import record_audit_event
from ekinerja.org.models import Unit
from ekinerja.security.admin_audit import AuditedAdminSite

pytestmark = pytest.mark.django_db

URL = "/keamanan/audit/"


def events(personas, count: int, *, actor=None, action="skp.ajukan"):
    actor = actor or personas.user("ani")
    unit = personas.units["dinkes"]
    for index in range(count):
        record_audit_event(
            actor=actor,
            action=action,
            obj=unit,
            instansi_id=personas.instansi.pk,
            summary=f"Peristiwa {index}",
        )


@pytest.mark.parametrize("name", ["hadi", "gita", "citra"])
def test_auditor_pimpinan_and_admin_bkpsdm_read_their_instansi(name, personas, login):
    events(personas, 3)
    record_audit_event(
        actor=personas.user("stranger"),
        action="skp.ajukan",
        obj=personas.units["dinkes"],
        instansi_id=personas.other_instansi.pk,
        summary="Instansi lain",
    )
    response = login(personas.user(name)).get(URL)
    assert response.status_code == 200
    rows = list(response.context["page"].object_list)
    assert len(rows) == 3 and all(r.instansi_id == personas.instansi.pk for r in rows)
    assert rows[0].summary == "Peristiwa 2"  # newest first


@pytest.mark.parametrize("name", ["ani", "budi", "fajar", "stranger"])
def test_others_get_404(name, personas, login):
    assert login(personas.user(name)).get(URL).status_code == 404
    assert login(personas.user(name)).get(URL + "?format=xlsx").status_code == 404


def test_filters(personas, login):
    events(personas, 2, action="skp.ajukan")
    events(personas, 1, actor=personas.user("budi"), action="aktivitas.validasi")
    old = AuditEvent.objects.create(
        instansi_id=personas.instansi.pk,
        action="skp.setujui",
        object_type="planning.skp",
        object_id="1",
        summary="Lama",
    )
    AuditEvent.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=40))
    client = login(personas.user("hadi"))

    def summaries(query: str) -> list[str]:
        return [e.summary for e in client.get(URL + query).context["page"].object_list]

    assert len(summaries("?aksi=skp.")) == 3
    assert summaries("?aksi=aktivitas") == ["Peristiwa 0"]
    assert summaries(f"?pelaku={personas.budi.nip}") == ["Peristiwa 0"]
    assert len(summaries("?pelaku=ani")) == 2
    assert summaries("?jenis_objek=planning.skp") == ["Lama"]
    start = (timezone.localdate() - dt.timedelta(days=41)).isoformat()
    end = (timezone.localdate() - dt.timedelta(days=39)).isoformat()
    assert summaries(f"?dari={start}&sampai={end}") == ["Lama"]
    bad = client.get(URL + f"?dari={end}&sampai={start}")
    assert bad.status_code == 400 and "Tanggal awal" in bad.content.decode()


def test_excel_download(personas, login):
    events(personas, 3)
    response = login(personas.user("hadi")).get(URL + "?format=xlsx&aksi=skp")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Waktu" and len(rows) == 4
    assert rows[1][4] == personas.ani.nip


def test_query_count_does_not_grow_with_rows(personas, login, django_assert_num_queries):
    client = login(personas.user("hadi"))
    events(personas, 2)
    client.get(URL)  # warm the session
    with django_assert_num_queries(9) as few:
        assert client.get(URL).status_code == 200
    events(personas, 60)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(URL)
    assert len(response.context["page"].object_list) == 50


def test_admin_edits_land_in_the_instansi_trail(personas, rf: RequestFactory):
    site = AuditedAdminSite()
    site.register(Unit, ModelAdmin)
    unit_admin = site.get_model_admin(Unit)
    root = personas.user("citra")
    request = rf.post("/admin/")
    request.user = root
    unit = personas.units["disdik"]
    unit_admin.log_addition(request, unit, [{"added": {}}])
    unit_admin.log_change(request, unit, [{"changed": {"fields": ["Nama"]}}])
    unit_admin.log_deletions(request, Unit.objects.filter(pk=unit.pk))
    trail = list(
        AuditEvent.objects.filter(action__startswith="admin.")
        .order_by("id")
        .values_list("action", "instansi_id", "object_id", "actor_id")
    )
    assert trail == [
        ("admin.tambah", personas.instansi.pk, str(unit.pk), root.pk),
        ("admin.ubah", personas.instansi.pk, str(unit.pk), root.pk),
        ("admin.hapus", personas.instansi.pk, str(unit.pk), root.pk),
    ]
    assert "Nama" in AuditEvent.objects.get(action="admin.ubah").summary


def test_the_audited_admin_site_sends_its_login_to_the_app_login(rf: RequestFactory):
    site = AuditedAdminSite()
    response = site.login(rf.get("/admin/login/", {"next": "/admin/people/user/"}))
    assert response.status_code == 302
    assert response["Location"] == "/masuk/?next=/admin/people/user/"


def test_a_signed_in_non_staff_user_is_refused_by_data_induk_not_bounced(personas, login):
    """/admin/login/ would send them to /masuk/, which sends a signed-in user straight back."""
    client = login(personas.user("citra"))
    assert client.get("/admin/login/?next=/admin/").status_code == 403
