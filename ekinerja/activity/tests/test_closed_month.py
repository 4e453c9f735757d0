"""Activities of a month a finalised TPP run has closed (core.ClosedMonth) refuse entry,
edits, deletion and validation with the Indonesian message, until the month is reopened.
Ani enters, Intan is her colleague, Budi validates both; today is 10 March 2026."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from ekinerja.activity import services
from ekinerja.activity.choices import StatusAktivitas
from ekinerja.activity.imports_activities import ACTIVITY_FIELDS, preview_activity_import
from ekinerja.activity.models import Activity, ActivityPolicy
from ekinerja.activity.rules import normalise_uraian
from ekinerja.activity.services import ActivityInput
from ekinerja.core.closing import closed_message
from ekinerja.core.models import ClosedMonth
from ekinerja.core.tabular import Column, xlsx_bytes

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
NOW = dt.datetime(2026, 3, 10, 17, 0, tzinfo=WIB)
T = dt.time
MARCH = closed_message(2026, 3)
FEBRUARY = closed_message(2026, 2)
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def close(employee, tahun=2026, bulan=3) -> ClosedMonth:
    return ClosedMonth.objects.create(
        instansi_id=employee.instansi_id, employee_id=employee.pk, tahun=tahun, bulan=bulan,
        run_id=1,
    )  # fmt: skip


def reopen() -> None:
    ClosedMonth.objects.all().delete()


def entry(tanggal=dt.date(2026, 3, 9), start=(8, 0), end=(9, 0), **extra) -> ActivityInput:
    values = {
        "tanggal": tanggal, "mulai": T(*start), "selesai": T(*end),
        "uraian": "Menyusun rekap data surveilans", "jumlah_output": "1", "satuan": "laporan",
    }  # fmt: skip
    values.update(extra)
    return ActivityInput(**values)


def pending(employee, tanggal=dt.date(2026, 3, 9), start=(8, 0)) -> Activity:
    """A pending activity written directly, as if entered before the month was closed."""
    uraian = f"Menyusun rekap data {start[0]:02d}"
    return Activity.objects.create(
        instansi_id=employee.instansi_id, employee=employee, tanggal=tanggal, mulai=T(*start),
        selesai=T(start[0] + 1, 0), menit=60, uraian=uraian, uraian_norm=normalise_uraian(uraian),
        jumlah_output=1, satuan="laporan",
    )  # fmt: skip


def refused(message: str):
    return pytest.raises(ValidationError, match=re.escape(message))


def snapshot(*activities) -> list[tuple]:
    return [
        Activity.objects.filter(pk=a.pk).values_list("tanggal", "mulai", "status").first()
        for a in activities
    ]


# --- the services ----------------------------------------------------------------------------


def test_entry_in_a_closed_month_is_refused_with_its_code(personas):
    close(personas.ani)
    with refused(MARCH) as caught:
        services.record_activity(actor=personas.user("ani"), data=entry())
    assert caught.value.error_list[0].code == "bulan_final"
    assert not Activity.objects.exists()


def test_another_employee_or_another_month_is_unaffected(personas):
    close(personas.intan)
    close(personas.ani, bulan=2)
    services.record_activity(actor=personas.user("ani"), data=entry())
    assert Activity.objects.filter(employee=personas.ani).count() == 1


def test_reopening_the_month_lets_the_entry_through(personas):
    close(personas.ani)
    with refused(MARCH):
        services.record_activity(actor=personas.user("ani"), data=entry())
    reopen()
    services.record_activity(actor=personas.user("ani"), data=entry())
    assert Activity.objects.count() == 1


def test_edits_and_deletion_are_refused_and_change_nothing(personas):
    activity = services.record_activity(actor=personas.user("ani"), data=entry())
    close(personas.ani)
    before = snapshot(activity)
    with refused(MARCH):
        services.update_activity(
            actor=personas.user("ani"), activity=activity, data=entry(start=(13, 0), end=(14, 0))
        )
    with refused(MARCH):
        services.delete_activity(actor=personas.user("ani"), activity=activity)
    assert snapshot(activity) == before
    reopen()
    services.update_activity(
        actor=personas.user("ani"), activity=activity, data=entry(start=(13, 0), end=(14, 0))
    )
    services.delete_activity(actor=personas.user("ani"), activity=activity)
    assert not Activity.objects.exists()


def test_moving_an_activity_into_a_closed_month_is_refused(personas):
    ActivityPolicy.objects.create(
        instansi=personas.instansi, berlaku_mulai=dt.date(2026, 1, 1), bulan_sama=False
    )
    with time_machine.travel(dt.datetime(2026, 3, 3, 17, 0, tzinfo=WIB), tick=False):
        activity = services.record_activity(
            actor=personas.user("ani"), data=entry(tanggal=dt.date(2026, 3, 2))
        )
        close(personas.ani, bulan=2)
        with refused(FEBRUARY):
            services.update_activity(
                actor=personas.user("ani"), activity=activity,
                data=entry(tanggal=dt.date(2026, 2, 27)),
            )  # fmt: skip
    assert snapshot(activity) == [(dt.date(2026, 3, 2), T(8, 0), StatusAktivitas.DIAJUKAN)]


@pytest.mark.parametrize(
    ("verdict", "alasan"), [("setujui", ""), ("tolak", "Tidak sesuai"), ("kembalikan", "Lengkapi")]
)
def test_validation_is_refused_whole_when_one_activity_is_in_a_closed_month(
    personas, verdict, alasan
):
    ani, intan = pending(personas.ani), pending(personas.intan, start=(10, 0))
    close(personas.ani)
    budi = personas.user("budi")
    for chosen in ([ani], [ani, intan]):
        with refused(MARCH):
            services.validate_activities(
                actor=budi, activities=chosen, verdict=verdict, alasan=alasan
            )
    assert snapshot(ani, intan)[0][2] == snapshot(ani, intan)[1][2] == StatusAktivitas.DIAJUKAN
    assert services.validate_activities(
        actor=budi, activities=[intan], verdict=verdict, alasan=alasan
    ) == 1  # fmt: skip
    reopen()
    assert services.validate_activities(
        actor=budi, activities=[ani], verdict=verdict, alasan=alasan
    ) == 1  # fmt: skip


def test_validation_checks_each_employee_against_their_own_months(personas):
    # Ani's February is closed, Intan's is not: Ani's March and Intan's February both pass.
    ActivityPolicy.objects.create(
        instansi=personas.instansi, berlaku_mulai=dt.date(2026, 1, 1), tanggal_tutup=28
    )
    close(personas.ani, bulan=2)
    close(personas.intan, bulan=3)
    ani = pending(personas.ani)
    intan = pending(personas.intan, tanggal=dt.date(2026, 2, 27))
    count = services.validate_activities(
        actor=personas.user("budi"), activities=[ani, intan], verdict="setujui"
    )
    assert count == 2


# --- what the user sees ------------------------------------------------------------------------


def test_the_entry_form_answers_400_with_the_message(personas, login):
    close(personas.ani)
    data = {
        "tanggal": "2026-03-09", "mulai": "08:00", "selesai": "09:00", "indikator": "",
        "catalog_item": "", "uraian": "Menyusun rekap", "jumlah_output": "1",
        "satuan": "laporan", "bukti_tautan": "", "halaman": "2026-03-09",
    }  # fmt: skip
    response = login(personas.user("ani")).post(reverse("activity-create"), data, **HTMX)
    assert response.status_code == 400 and MARCH in response.content.decode()
    assert not Activity.objects.exists()


def test_the_day_page_says_so_and_offers_no_edit(personas, login):
    activity = pending(personas.ani)
    close(personas.ani)
    client = login(personas.user("ani"))
    page = client.get(reverse("activity-day"), {"tanggal": "2026-03-09"}).content.decode()
    assert MARCH in page and reverse("activity-edit", args=[activity.pk]) not in page
    assert f'action="{reverse("activity-create")}"' not in page  # no form to fill in vain
    edit = client.get(reverse("activity-edit", args=[activity.pk]))
    assert edit.status_code == 400 and MARCH in edit.content.decode()


def test_deleting_answers_400_with_the_message(personas, login):
    activity = pending(personas.ani)
    close(personas.ani)
    response = login(personas.user("ani")).post(
        reverse("activity-delete", args=[activity.pk]), **HTMX
    )
    assert response.status_code == 400 and MARCH in response.content.decode()
    assert Activity.objects.filter(pk=activity.pk).exists()


def test_the_validation_queue_answers_400_with_the_message(personas, login):
    ani, intan = pending(personas.ani), pending(personas.intan, start=(10, 0))
    close(personas.ani)
    response = login(personas.user("budi")).post(
        "/aktivitas/validasi/putuskan/",
        {"dilihat": timezone.now().isoformat(), "keputusan": "setujui", "id": [ani.pk, intan.pk]},
    )
    assert response.status_code == 400 and MARCH in response.content.decode()
    assert {a.status for a in Activity.objects.all()} == {StatusAktivitas.DIAJUKAN}


def test_the_excel_import_reports_rows_of_a_closed_month(personas):
    close(personas.ani, bulan=3)
    headers = [spec.name for spec in ACTIVITY_FIELDS]
    row = {
        "tanggal": dt.date(2026, 3, 9), "jam_mulai": "08:00", "jam_selesai": "09:00",
        "uraian": "Menyusun rekap", "jumlah_output": 1, "satuan": "laporan",
    }  # fmt: skip
    content = xlsx_bytes([Column(h) for h in headers], [[row.get(h, "") for h in headers]])
    batch = preview_activity_import(
        actor=personas.user("ani"), filename="aktivitas.xlsx", content=content
    )
    assert [(e["row"], e["message"]) for e in batch.errors] == [(2, MARCH)]
    assert batch.valid_rows == [] and not Activity.objects.exists()
