"""The SKP workflow: the acceptance rules of issue 3, with personas.

Ani (staff) -> Budi (Kasi, her pejabat penilai) -> Eka (Kabid, atasan penilai).
"""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from ekinerja.core.models import AuditEvent
from ekinerja.people.choices import JenisPenugasan
from ekinerja.people.models import Assignment
from ekinerja.people.testing import make_employee
from ekinerja.planning import services
from ekinerja.planning.choices import StatusSkp
from ekinerja.planning.models import PerformancePeriod, PeriodTarget, Rhk, Skp

pytestmark = [pytest.mark.django_db]
DAY = dt.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def frozen_day():
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0), tick=False):
        yield


@pytest.fixture
def period(personas):
    return PerformancePeriod.objects.create(
        instansi=personas.instansi, tahun=2026, mulai=dt.date(2026, 1, 1),
        selesai=dt.date(2026, 12, 31), batas_input_skp=dt.date(2026, 1, 31),
        batas_persetujuan=dt.date(2026, 2, 28), status="dibuka",
    )  # fmt: skip


def approved_skp_with_rhk(personas, who, period, texts):
    """An approved SKP built directly (the levels above the people under test)."""
    employee = getattr(personas, who)
    skp = services.start_skp(actor=None, employee=employee, period=period)
    Skp.objects.filter(pk=skp.pk).update(status=StatusSkp.DISETUJUI)
    skp.refresh_from_db()
    rows = [
        Rhk.objects.create(skp=skp, jenis="utama", urutan=i, teks=t) for i, t in enumerate(texts, 1)
    ]
    return skp, rows


@pytest.fixture
def budi_rhk(personas, period):
    _skp, rows = approved_skp_with_rhk(
        personas, "budi", period, ["Data surveilans penyakit menular tersedia tepat waktu"]
    )
    return rows[0]


def ani_draft(personas, period, budi_rhk, *, target=12):
    ani = personas.user("ani")
    skp = services.start_skp(actor=ani, employee=personas.ani, period=period)
    rhk = services.save_rhk(
        actor=ani, skp=skp, jenis="utama", teks="Laporan surveilans mingguan tersusun",
        rhk_atasan=budi_rhk,
    )  # fmt: skip
    ind = services.save_indikator(
        actor=ani, rhk=rhk, aspek="kuantitas", uraian="Jumlah laporan surveilans",
        target_min=target, satuan="laporan",
    )  # fmt: skip
    return skp, rhk, ind


def test_a_ja_jf_rhk_that_intervenes_nothing_cannot_be_submitted(personas, period, budi_rhk):
    ani = personas.user("ani")
    skp, rhk, _ind = ani_draft(personas, period, budi_rhk)
    Rhk.objects.filter(pk=rhk.pk).update(rhk_atasan=None)
    with pytest.raises(ValidationError) as error:
        services.submit_skp(actor=ani, skp=skp)
    assert any("belum mengintervensi RHK milik Budi Santoso" in m for m in error.value.messages)
    skp.refresh_from_db()
    assert skp.status == StatusSkp.DRAFT


def test_an_rhk_of_someone_who_is_not_the_penilai_is_refused(personas, period, budi_rhk):
    _skp, eka_rows = approved_skp_with_rhk(personas, "eka", period, ["RHK Kabid"])
    ani = personas.user("ani")
    skp = services.start_skp(actor=ani, employee=personas.ani, period=period)
    with pytest.raises(ValidationError, match="RHK pejabat penilai Anda"):
        services.save_rhk(actor=ani, skp=skp, jenis="utama", teks="X", rhk_atasan=eka_rows[0])


def test_submit_splits_targets_evenly_and_records_the_transition(personas, period, budi_rhk):
    skp, _rhk, ind = ani_draft(personas, period, budi_rhk, target=14)
    services.submit_skp(actor=personas.user("ani"), skp=skp)
    skp.refresh_from_db()
    assert skp.status == StatusSkp.DIAJUKAN
    parts = list(PeriodTarget.objects.filter(indikator=ind).values_list("target", flat=True))
    assert len(parts) == 12 and sum(parts) == 14
    event = AuditEvent.objects.get(action="submit_skp")
    assert event.actor == personas.user("ani") and event.data["from"] == "draft"
    assert event.data["to"] == "diajukan"


def test_only_the_pejabat_penilai_approves(personas, period, budi_rhk):
    skp, _rhk, _ind = ani_draft(personas, period, budi_rhk)
    services.submit_skp(actor=personas.user("ani"), skp=skp)
    for outsider in ("ani", "eka", "citra", "intan"):
        with pytest.raises(PermissionDenied):
            services.approve_skp(actor=personas.user(outsider), skp=skp)
    services.approve_skp(actor=personas.user("budi"), skp=skp)
    skp.refresh_from_db()
    assert skp.status == StatusSkp.DISETUJUI and skp.penilai == personas.budi
    assert skp.identitas["penilai"]["nama"] == "Budi Santoso"
    assert skp.identitas["pegawai"]["jabatan"] == "Pengelola Data Surveilans"


def test_the_plt_of_the_vacant_position_approves(personas, period, budi_rhk):
    skp, _rhk, _ind = ani_draft(personas, period, budi_rhk)
    services.submit_skp(actor=personas.user("ani"), skp=skp)
    Assignment.objects.filter(employee=personas.budi).update(selesai=DAY - dt.timedelta(days=1))
    plt = make_employee(personas.instansi, "Rina Plt", position=personas.positions["staf_setda"])
    Assignment.objects.create(
        employee=plt, position=personas.positions["kasi"], jenis=JenisPenugasan.PLT, mulai=DAY
    )
    with pytest.raises(PermissionDenied):
        services.approve_skp(actor=personas.user("budi"), skp=skp)
    services.approve_skp(actor=plt.user, skp=skp)
    skp.refresh_from_db()
    assert skp.status == StatusSkp.DISETUJUI and skp.penilai == plt


def test_the_employee_cannot_edit_a_submitted_skp(personas, period, budi_rhk):
    ani = personas.user("ani")
    skp, rhk, ind = ani_draft(personas, period, budi_rhk)
    services.submit_skp(actor=ani, skp=skp)
    skp.refresh_from_db()
    with pytest.raises(ValidationError, match="tidak dapat diubah"):
        services.save_rhk(actor=ani, skp=skp, rhk=rhk, jenis="utama", teks="Diubah diam-diam")
    with pytest.raises(ValidationError, match="tidak dapat diubah"):
        services.save_indikator(actor=ani, rhk=rhk, indikator=ind, aspek="kuantitas",
                                uraian="x", target_min=1, satuan="x")  # fmt: skip
    assert Rhk.objects.get(pk=rhk.pk).teks == "Laporan surveilans mingguan tersusun"


def test_a_colleague_cannot_edit_my_draft(personas, period, budi_rhk):
    skp, rhk, _ind = ani_draft(personas, period, budi_rhk)
    with pytest.raises(PermissionDenied):
        services.save_rhk(actor=personas.user("intan"), skp=skp, rhk=rhk, jenis="utama", teks="X")


def test_return_needs_a_reason_and_reopens_editing(personas, period, budi_rhk):
    ani, budi = personas.user("ani"), personas.user("budi")
    skp, rhk, _ind = ani_draft(personas, period, budi_rhk)
    services.submit_skp(actor=ani, skp=skp)
    with pytest.raises(ValidationError, match="Alasan pengembalian wajib"):
        services.return_skp(actor=budi, skp=skp, reason="  ")
    services.return_skp(actor=budi, skp=skp, reason="Target terlalu rendah")
    skp.refresh_from_db()
    assert (
        skp.status == StatusSkp.DIKEMBALIKAN and skp.alasan_pengembalian == "Target terlalu rendah"
    )
    services.save_rhk(
        actor=ani,
        skp=skp,
        rhk=rhk,
        jenis="utama",
        teks="Laporan lebih lengkap",
        rhk_atasan=budi_rhk,
    )
    event = AuditEvent.objects.get(action="return_skp")
    assert event.data["reason"] == "Target terlalu rendah" and event.actor == budi


def test_a_new_version_keeps_the_old_one_readable_and_in_force(personas, period, budi_rhk):
    ani, budi = personas.user("ani"), personas.user("budi")
    v1, _rhk, _ind = ani_draft(personas, period, budi_rhk)
    services.submit_skp(actor=ani, skp=v1)
    services.approve_skp(actor=budi, skp=v1)
    v1.refresh_from_db()
    v2 = services.revise_skp(actor=ani, skp=v1, reason="Pindah tugas pertengahan tahun")
    assert v2.version == 2 and v2.previous == v1 and v2.status == StatusSkp.DRAFT
    assert [r.teks for r in v2.rhk.all()] == [r.teks for r in v1.rhk.all()]
    v1.refresh_from_db()
    assert v1.status == StatusSkp.DISETUJUI  # still in force while v2 is drafted
    with pytest.raises(ValidationError, match="Masih ada versi"):
        services.revise_skp(actor=ani, skp=v1)
    services.submit_skp(actor=ani, skp=v2)
    services.approve_skp(actor=budi, skp=v2)
    v1.refresh_from_db()
    assert v1.status == StatusSkp.DIGANTI and v1.rhk.count() == 1  # readable, not deleted
    assert Skp.objects.get(pk=v2.pk).status == StatusSkp.DISETUJUI


def test_a_new_version_of_the_supervisor_carries_the_subordinate_links(personas, period, budi_rhk):
    budi = personas.user("budi")
    _eka_skp, eka_rows = approved_skp_with_rhk(personas, "eka", period, ["RHK Kabid"])
    Rhk.objects.filter(pk=budi_rhk.pk).update(rhk_atasan=eka_rows[0])
    _skp, ani_rhk, _ind = ani_draft(personas, period, budi_rhk)
    budi_v1 = budi_rhk.skp
    budi_v2 = services.revise_skp(actor=budi, skp=budi_v1)
    services.save_indikator(
        actor=budi, rhk=budi_v2.rhk.get(), aspek="kuantitas", uraian="Data",
        target_min=4, satuan="dokumen",
    )  # fmt: skip
    services.submit_skp(actor=budi, skp=budi_v2)
    services.approve_skp(actor=personas.user("eka"), skp=budi_v2)
    ani_rhk.refresh_from_db()
    assert ani_rhk.rhk_atasan.skp_id == budi_v2.pk


def test_targets_that_do_not_add_up_are_refused(personas, period, budi_rhk):
    ani = personas.user("ani")
    _skp, _rhk, ind = ani_draft(personas, period, budi_rhk, target=12)
    with pytest.raises(ValidationError, match=r"\(11\) harus sama dengan target tahunan \(12\)"):
        services.set_period_targets(actor=ani, indikator=ind, parts=[1] * 11 + [0])
    assert not PeriodTarget.objects.filter(indikator=ind).exists()
    services.set_period_targets(actor=ani, indikator=ind, parts=[3, 3, 3, 3] + [0] * 8)
    assert sum(PeriodTarget.objects.filter(indikator=ind).values_list("target", flat=True)) == 12


def test_level_aspects_carry_the_annual_target_into_each_period(personas, period, budi_rhk):
    ani = personas.user("ani")
    _skp, rhk, _ind = ani_draft(personas, period, budi_rhk)
    ind = services.save_indikator(actor=ani, rhk=rhk, aspek="kualitas", uraian="Akurasi data",
                                  target_min=90, target_max=95, satuan="persen")  # fmt: skip
    services.set_period_targets(actor=ani, indikator=ind)
    assert set(PeriodTarget.objects.filter(indikator=ind).values_list("target", flat=True)) == {
        Decimal("95.00")
    }


def test_changing_the_annual_target_resets_the_split(personas, period, budi_rhk):
    ani = personas.user("ani")
    _skp, rhk, ind = ani_draft(personas, period, budi_rhk)
    services.set_period_targets(actor=ani, indikator=ind)
    services.save_indikator(actor=ani, rhk=rhk, indikator=ind, aspek="kuantitas",
                            uraian=ind.uraian, target_min=24, satuan="laporan")  # fmt: skip
    assert not PeriodTarget.objects.filter(indikator=ind).exists()


def test_push_rhk_adds_a_draft_rhk_to_each_subordinate(personas, period, budi_rhk):
    budi = personas.user("budi")
    result = services.push_rhk(actor=budi, rhk=budi_rhk, employees=[personas.ani, personas.intan])
    assert {e.pk for e in result.added} == {personas.ani.pk, personas.intan.pk}
    for person in (personas.ani, personas.intan):
        skp = Skp.objects.get(employee=person, period=period)
        assert skp.rhk.get().rhk_atasan == budi_rhk and skp.status == StatusSkp.DRAFT
    again = services.push_rhk(actor=budi, rhk=budi_rhk, employees=[personas.ani])
    assert again.added == [] and "Sudah memiliki" in again.skipped[0][1]
    with pytest.raises(PermissionDenied):
        services.push_rhk(actor=budi, rhk=budi_rhk, employees=[personas.dodi])


def test_jpt_rhk_needs_perspektif_and_an_organisational_source(personas, period):
    approved_skp_with_rhk(personas, "sekda", period, ["RHK Sekda"])
    kadinkes = personas.user("kadinkes")
    skp = services.start_skp(actor=kadinkes, employee=personas.kadinkes, period=period)
    assert skp.jenis_form == "jpt"
    rhk = services.save_rhk(
        actor=kadinkes, skp=skp, jenis="utama", teks="Derajat kesehatan meningkat"
    )
    services.save_indikator(actor=kadinkes, rhk=rhk, aspek="kuantitas", uraian="Cakupan imunisasi",
                            target_min=95, satuan="persen")  # fmt: skip
    problems = services.submission_problems(skp)
    assert any("perspektif" in p for p in problems)
    assert any("sasaran strategis" in p for p in problems)


@pytest.mark.parametrize("bad", ["1e30", "-5", "abc", "9999999999999"])
def test_bad_numbers_are_refused_with_a_message(personas, period, budi_rhk, bad):
    _skp, rhk, ind = ani_draft(personas, period, budi_rhk)
    with pytest.raises(ValidationError):
        services.save_indikator(
            actor=personas.user("ani"), rhk=rhk, indikator=ind, aspek="kuantitas",
            uraian="x", target_min=bad, satuan="x",
        )  # fmt: skip


def test_nothing_starts_in_a_closed_period(personas, period):
    PerformancePeriod.objects.filter(pk=period.pk).update(status="ditutup")
    period.refresh_from_db()
    with pytest.raises(ValidationError, match="sudah ditutup"):
        services.start_skp(actor=personas.user("ani"), employee=personas.ani, period=period)


def test_the_penilai_cannot_change_expectations_of_an_approved_skp(personas, period, budi_rhk):
    skp, _rhk, _ind = ani_draft(personas, period, budi_rhk)
    services.save_perilaku(actor=personas.user("budi"), skp=skp, nilai=1, ekspektasi_khusus="Ramah")
    services.submit_skp(actor=personas.user("ani"), skp=skp)
    services.approve_skp(actor=personas.user("budi"), skp=skp)
    skp.refresh_from_db()
    with pytest.raises((PermissionDenied, ValidationError)):
        services.save_perilaku(actor=personas.user("budi"), skp=skp, nilai=1, ekspektasi_khusus="X")
    assert skp.perilaku.get(nilai=1).ekspektasi_khusus == "Ramah"
