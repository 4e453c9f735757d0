"""Opening a period in bulk: who gets a draft, what is copied, chunks, failures, the worker."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from ekinerja.core.models import AuditEvent
from ekinerja.people.choices import Kedudukan, StatusKepegawaian
from ekinerja.people.models import Assignment
from ekinerja.people.testing import make_employee
from ekinerja.planning import opening as opening_module
from ekinerja.planning.choices import (
    Aspek,
    JenisForm,
    JenisRhk,
    Perspektif,
    StatusPembukaan,
    StatusPeriode,
    StatusSkp,
    SumberDraf,
)
from ekinerja.planning.models import (
    Indikator,
    PerformancePeriod,
    PerilakuExpectation,
    PeriodOpening,
    PerjanjianKinerja,
    Rhk,
    SasaranStrategis,
    Skp,
    SkpTemplate,
)
from ekinerja.planning.opening import open_period, opening_day, template_rhk

pytestmark = pytest.mark.django_db

IN_SERVICE = {
    "sekda", "kadinkes", "eka", "budi", "ani", "intan", "kadisdik", "dodi", "citra", "fajar",
    "gita", "hadi",
}  # fmt: skip
DINKES = {"kadinkes", "eka", "budi", "ani", "intan"}
IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def make_period(instansi, tahun: int, **fields) -> PerformancePeriod:
    values = {
        "mulai": dt.date(tahun, 1, 1),
        "selesai": dt.date(tahun, 12, 31),
        "batas_input_skp": dt.date(tahun, 1, 31),
        "batas_persetujuan": dt.date(tahun, 2, 28),
        **fields,
    }
    return PerformancePeriod.objects.create(instansi=instansi, tahun=tahun, **values)


def make_skp(period, employee, position, *, status=StatusSkp.DISETUJUI, version=1, **fields):
    return Skp.objects.create(
        instansi=period.instansi,
        period=period,
        employee=employee,
        position=position,
        unit=position.unit,
        jenis_form=JenisForm.JPT if position.is_jpt else JenisForm.JA_JF,
        status=status,
        version=version,
        **fields,
    )


def add_rhk(skp, teks: str, *, urutan: int = 1, indikator=(), **fields) -> Rhk:
    rhk = Rhk.objects.create(skp=skp, jenis=JenisRhk.UTAMA, urutan=urutan, teks=teks, **fields)
    for index, (uraian, low, high, satuan) in enumerate(indikator, start=1):
        Indikator.objects.create(
            rhk=rhk,
            urutan=index,
            aspek=Aspek.KUANTITAS,
            uraian=uraian,
            target_min=low,
            target_max=high,
            satuan=satuan,
        )
    return rhk


def start(personas, period, *, sumber=SumberDraf.SKP_SEBELUMNYA, unit=None) -> PeriodOpening:
    return PeriodOpening.objects.create(
        instansi=personas.instansi,
        period=period,
        sumber=sumber,
        unit=unit,
        started_by=personas.user("citra"),
    )


def skp_of(personas, period, name: str) -> Skp:
    return Skp.objects.get(period=period, employee=getattr(personas, name))


def names_with_skp(personas, period) -> set[str]:
    ids = set(Skp.objects.filter(period=period).values_list("employee_id", flat=True))
    return {name for name in vars(personas) if getattr(getattr(personas, name), "pk", None) in ids}


def rhk_texts(skp: Skp) -> list[str]:
    return list(skp.rhk.order_by("urutan", "id").values_list("teks", flat=True))


@pytest.fixture
def period(personas) -> PerformancePeriod:
    return make_period(personas.instansi, 2027)


@pytest.fixture
def previous(personas):
    """2026: Budi (kasi) approved with 2 RHK; Ani's RHK intervenes Budi's first RHK."""
    p = personas.positions
    last_year = make_period(personas.instansi, 2026, status=StatusPeriode.DITUTUP)
    pk_2026 = PerjanjianKinerja.objects.create(
        instansi=personas.instansi, unit=personas.units["dinkes"], tahun=2026
    )
    pk_2027 = PerjanjianKinerja.objects.create(
        instansi=personas.instansi, unit=personas.units["dinkes"], tahun=2027
    )
    old_goal = SasaranStrategis.objects.create(perjanjian=pk_2026, uraian="Sasaran 2026")
    new_goal = SasaranStrategis.objects.create(perjanjian=pk_2027, uraian="Sasaran 2027")
    budi = make_skp(
        last_year,
        personas.budi,
        p["kasi"],
        dukungan_sumber_daya="Aplikasi surveilans",
        skema_pertanggungjawaban="Laporan bulanan",
        konsekuensi="Teguran",
    )
    budi_1 = add_rhk(
        budi,
        "Terlaksananya surveilans penyakit",
        urutan=1,
        sasaran_strategis=old_goal,
        perspektif=Perspektif.PROSES_BISNIS,
        indikator=[
            ("Persentase laporan tepat waktu", Decimal("90"), Decimal("95"), "persen"),
            ("Jumlah kajian", Decimal("4"), Decimal("4"), "dokumen"),
        ],
    )
    budi_2 = add_rhk(
        budi,
        "Tersusunnya profil kesehatan",
        urutan=2,
        sasaran_strategis=new_goal,
        indikator=[("Profil terbit", Decimal("1"), None, "dokumen")],
    )
    PerilakuExpectation.objects.create(skp=budi, nilai=3, ekspektasi_khusus="Membimbing staf")
    ani = make_skp(last_year, personas.ani, p["staf"])
    ani_1 = add_rhk(
        ani,
        "Tersedianya data surveilans",
        rhk_atasan=budi_1,
        indikator=[("Data mingguan", Decimal("52"), Decimal("52"), "laporan")],
    )
    return {"period": last_year, "budi": budi, "budi_1": budi_1, "budi_2": budi_2, "ani": ani,
            "ani_1": ani_1, "new_goal": new_goal}  # fmt: skip


# --- who gets a draft -------------------------------------------------------------------------


def test_whole_instansi_gets_one_draft_per_in_service_asn_with_a_seat(personas, period):
    staf = personas.positions["staf"]
    retired = make_employee(personas.instansi, "Pensiunan", position=staf)
    retired.kedudukan = Kedudukan.PENSIUN
    retired.save()
    studying = make_employee(personas.instansi, "Tugas Belajar", position=staf)
    studying.kedudukan = Kedudukan.TUGAS_BELAJAR
    studying.save()
    pppk = make_employee(personas.instansi, "Pegawai PPPK", position=staf, golongan="IX",
                         status=StatusKepegawaian.PPPK)  # fmt: skip
    make_employee(personas.instansi, "Tanpa Jabatan")
    gone = make_employee(personas.instansi, "Sudah Pindah Jabatan")
    Assignment.objects.create(
        employee=gone, position=staf, mulai=dt.date(2020, 1, 1), selesai=dt.date(2026, 6, 30)
    )

    opening = open_period(start(personas, period))

    skps = Skp.objects.filter(period=period)
    employees = set(skps.values_list("employee_id", flat=True))
    expected = {getattr(personas, name).pk for name in IN_SERVICE} | {studying.pk, pppk.pk}
    assert employees == expected  # not the Bupati, the retired, the unseated or the other region
    assert opening.status == StatusPembukaan.SELESAI
    assert (opening.total, opening.selesai, opening.dibuat, opening.dilewati) == (14, 14, 14, 0)
    assert opening.finished_at is not None
    assert {(s.status, s.version) for s in skps} == {(StatusSkp.DRAFT, 1)}
    for skp in skps:
        assert sorted(skp.perilaku.values_list("nilai", flat=True)) == [1, 2, 3, 4, 5, 6, 7]
        assert set(skp.perilaku.values_list("ekspektasi_khusus", flat=True)) == {""}
    assert PerilakuExpectation.objects.filter(skp__period=period).count() == 14 * 7
    kadinkes = skp_of(personas, period, "kadinkes")
    assert kadinkes.jenis_form == JenisForm.JPT
    assert kadinkes.position == personas.positions["kadinkes"]
    ani = skp_of(personas, period, "ani")
    assert (ani.jenis_form, ani.position, ani.unit) == (
        JenisForm.JA_JF, staf, personas.units["surveilans"],
    )  # fmt: skip
    assert ani.pendekatan == "kuantitatif"
    period.refresh_from_db()
    assert period.status == StatusPeriode.DIBUKA
    events = AuditEvent.objects.filter(action="open_period")
    assert events.count() == 1
    event = events.get()
    assert event.actor == personas.user("citra") and event.object_id == str(opening.pk)
    assert event.data["dibuat"] == 14 and event.data["total"] == 14 and event.data["dilewati"] == 0


def test_opening_twice_creates_nothing_new(personas, period):
    open_period(start(personas, period))
    before = list(Skp.objects.filter(period=period).values_list("pk", flat=True))
    again = open_period(start(personas, period, sumber=SumberDraf.TEMPLAT))
    assert (again.total, again.selesai, again.dibuat, again.dilewati) == (12, 12, 0, 12)
    assert list(Skp.objects.filter(period=period).values_list("pk", flat=True)) == before
    assert PerilakuExpectation.objects.filter(skp__period=period).count() == 12 * 7
    # Running the very same opening again is just as harmless.
    rerun = open_period(again)
    assert (rerun.dibuat, rerun.dilewati) == (0, 12)
    assert Skp.objects.filter(period=period).count() == 12


def test_an_employee_with_any_skp_in_the_period_is_skipped(personas, period):
    make_skp(period, personas.ani, personas.positions["staf"], status=StatusSkp.DIAJUKAN)
    opening = open_period(start(personas, period))
    assert (opening.dibuat, opening.dilewati) == (11, 1)
    assert Skp.objects.get(period=period, employee=personas.ani).status == StatusSkp.DIAJUKAN


def test_opd_opening_touches_only_its_subtree(personas, period):
    opening = open_period(start(personas, period, unit=personas.units["dinkes"]))
    assert names_with_skp(personas, period) == DINKES  # not Fajar, the admin OPD seated at Setda
    assert (opening.total, opening.dibuat) == (5, 5)


def test_opening_day_is_the_later_of_start_and_today_inside_the_period(personas):
    period = make_period(personas.instansi, 2027)
    assert opening_day(period, dt.date(2026, 11, 22)) == dt.date(2027, 1, 1)
    assert opening_day(period, dt.date(2027, 3, 5)) == dt.date(2027, 3, 5)
    assert opening_day(period, dt.date(2028, 2, 1)) == dt.date(2027, 12, 31)


# --- what a draft contains --------------------------------------------------------------------


@pytest.mark.parametrize("chunk_size", [500, 1])
def test_copy_from_previous_year_relinks_to_the_supervisors_copy(
    personas, period, previous, chunk_size
):
    opening = open_period(start(personas, period), chunk_size=chunk_size)

    budi = skp_of(personas, period, "budi")
    ani = skp_of(personas, period, "ani")
    assert rhk_texts(budi) == ["Terlaksananya surveilans penyakit", "Tersusunnya profil kesehatan"]
    new_budi_1, new_budi_2 = budi.rhk.order_by("urutan")
    assert new_budi_1.pk != previous["budi_1"].pk
    assert new_budi_1.perspektif == Perspektif.PROSES_BISNIS
    assert new_budi_1.sasaran_strategis is None  # the 2026 PK's sasaran is dropped
    assert new_budi_2.sasaran_strategis == previous["new_goal"]  # a 2027 sasaran is kept
    indicators = list(
        Indikator.objects.filter(rhk=new_budi_1).values_list(
            "urutan", "aspek", "uraian", "target_min", "target_max", "satuan"
        )
    )
    assert indicators == [
        (1, "kuantitas", "Persentase laporan tepat waktu", Decimal("90"), Decimal("95"), "persen"),
        (2, "kuantitas", "Jumlah kajian", Decimal("4"), Decimal("4"), "dokumen"),
    ]
    assert new_budi_2.indikator.get().target_max is None
    assert (budi.dukungan_sumber_daya, budi.skema_pertanggungjawaban, budi.konsekuensi) == (
        "Aplikasi surveilans", "Laporan bulanan", "Teguran",
    )  # fmt: skip
    assert budi.perilaku.get(nilai=3).ekspektasi_khusus == "Membimbing staf"
    assert budi.perilaku.count() == 7

    new_ani_1 = ani.rhk.get()
    assert new_ani_1.rhk_atasan == new_budi_1  # the copy, not last year's RHK
    assert new_ani_1.indikator.get().uraian == "Data mingguan"
    # Last year's rows are untouched.
    previous["ani_1"].refresh_from_db()
    assert previous["ani_1"].rhk_atasan == previous["budi_1"]
    assert Rhk.objects.filter(skp__period=previous["period"]).count() == 3
    event = AuditEvent.objects.get(action="open_period")
    assert event.data["rhk"] == 3 and event.data["indikator"] == 4
    assert event.data["rhk_tersambung"] == 1 and event.data["asal"]["sebelumnya"] == 2
    assert opening.dibuat == 12


@pytest.mark.parametrize("chunk_size", [500, 1])
def test_a_link_to_an_rhk_copied_later_is_set_in_the_second_pass(
    personas, period, previous, chunk_size
):
    # Intan sits at Ani's level and comes after her, so her copy does not exist yet for Ani.
    intan = make_skp(previous["period"], personas.intan, personas.positions["staf"])
    intan_1 = add_rhk(intan, "Tervalidasinya data")
    add_rhk(previous["ani"], "Terbantunya validasi", urutan=2, rhk_atasan=intan_1)

    open_period(start(personas, period), chunk_size=chunk_size)

    new_intan_1 = skp_of(personas, period, "intan").rhk.get()
    linked = skp_of(personas, period, "ani").rhk.get(teks="Terbantunya validasi")
    assert linked.rhk_atasan == new_intan_1
    event = AuditEvent.objects.get(action="open_period")
    assert event.data["rhk_tersambung"] == 2 and event.data["rhk_belum_tersambung"] == 0


def test_a_link_to_an_rhk_not_copied_in_this_opening_is_left_empty(personas, period, previous):
    eka = make_skp(previous["period"], personas.eka, personas.positions["kabid"])
    eka_1 = add_rhk(eka, "Terkendalinya penyakit")
    previous["budi_1"].rhk_atasan = eka_1
    previous["budi_1"].save()

    open_period(start(personas, period, unit=personas.units["surveilans"]))

    assert names_with_skp(personas, period) == {"budi", "ani", "intan"}
    new_budi_1 = skp_of(personas, period, "budi").rhk.get(urutan=1)
    assert new_budi_1.rhk_atasan is None  # Eka was not opened: Budi re-links it himself
    assert skp_of(personas, period, "ani").rhk.get().rhk_atasan == new_budi_1


def test_the_latest_replaced_version_is_used_when_none_is_approved(personas, period, previous):
    kabid = personas.positions["kabid"]
    old = make_skp(previous["period"], personas.eka, kabid, status=StatusSkp.DIGANTI)
    add_rhk(old, "Versi pertama")
    newer = make_skp(
        previous["period"], personas.eka, kabid, status=StatusSkp.DIGANTI, version=2, previous=old
    )
    add_rhk(newer, "Versi kedua")
    draft = make_skp(
        previous["period"], personas.eka, kabid, status=StatusSkp.DRAFT, version=3, previous=newer
    )
    add_rhk(draft, "Draf yang belum disetujui")
    # Budi has an approved v2 over a replaced v1: the approved one wins.
    replaced = previous["budi"]
    replaced.status = StatusSkp.DIGANTI
    replaced.save()
    approved = make_skp(previous["period"], personas.budi, personas.positions["kasi"], version=2)
    add_rhk(approved, "RHK versi disetujui")

    open_period(start(personas, period))

    assert rhk_texts(skp_of(personas, period, "eka")) == ["Versi kedua"]
    assert rhk_texts(skp_of(personas, period, "budi")) == ["RHK versi disetujui"]


def test_without_a_previous_skp_the_position_template_is_used(personas, period, previous):
    SkpTemplate.objects.create(
        instansi=personas.instansi,
        position=personas.positions["staf"],
        rhk=[
            {
                "jenis": "utama",
                "teks": "Terkelolanya data surveilans",
                "perspektif": "bukan-pilihan",
                "indikator": [
                    {
                        "aspek": "kuantitas",
                        "uraian": "Laporan",
                        "target_min": "12",
                        "target_max": 10,
                        "satuan": "laporan",
                    },
                    {"aspek": "aneh", "uraian": "Ketepatan", "target_min": "9,5"},
                    {"uraian": ""},
                ],
            },
            {"jenis": "tambahan", "teks": "Membantu kegiatan bidang"},
            {"teks": "   "},
        ],
    )
    opening = open_period(start(personas, period))

    intan = skp_of(personas, period, "intan")  # no 2026 SKP: the template of her position
    assert rhk_texts(intan) == ["Terkelolanya data surveilans", "Membantu kegiatan bidang"]
    first = intan.rhk.get(jenis=JenisRhk.UTAMA)
    assert first.perspektif == "" and first.rhk_atasan is None
    assert list(
        first.indikator.values_list("urutan", "aspek", "uraian", "target_min", "target_max")
    ) == [
        (1, "kuantitas", "Laporan", Decimal("10"), Decimal("12")),  # an inverted range, ordered
        (2, "", "Ketepatan", Decimal("9.5"), None),
    ]
    assert rhk_texts(skp_of(personas, period, "ani")) == ["Tersedianya data surveilans"]
    assert rhk_texts(skp_of(personas, period, "dodi")) == []  # neither an SKP nor a template
    data = AuditEvent.objects.get(action="open_period").data
    assert data["asal"] == {"sebelumnya": 2, "templat": 1, "kosong": 9}
    assert "1 dari templat jabatan" in opening.pesan


def test_templat_source_ignores_the_previous_skp(personas, period, previous):
    SkpTemplate.objects.create(
        instansi=personas.instansi,
        position=personas.positions["staf"],
        rhk=[{"jenis": "utama", "teks": "Dari templat", "indikator": []}],
    )
    open_period(start(personas, period, sumber=SumberDraf.TEMPLAT))
    assert rhk_texts(skp_of(personas, period, "ani")) == ["Dari templat"]
    assert rhk_texts(skp_of(personas, period, "budi")) == []
    assert skp_of(personas, period, "budi").dukungan_sumber_daya == ""


def test_kosong_source_gives_no_rhk(personas, period, previous):
    opening = open_period(start(personas, period, sumber=SumberDraf.KOSONG))
    assert opening.dibuat == 12
    assert not Rhk.objects.filter(skp__period=period).exists()
    assert PerilakuExpectation.objects.filter(skp__period=period).count() == 12 * 7


def test_template_json_is_cleaned():
    assert template_rhk("bukan daftar") == ()
    (cleaned,) = template_rhk([{"teks": "A", "indikator": [{"uraian": "x", "target_max": "1e99"}]}])
    assert cleaned.indikator[0][4] is None  # target_max, out of range


# --- chunks, failure, re-run ------------------------------------------------------------------


def test_a_failing_chunk_keeps_the_committed_ones_and_a_rerun_finishes(
    personas, period, monkeypatch
):
    calls = {"n": 0}
    write = opening_module._Opener._write_chunk

    def failing(self, seats):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("basis data terputus")
        return write(self, seats)

    monkeypatch.setattr(opening_module._Opener, "_write_chunk", failing)
    opening = start(personas, period)
    with pytest.raises(RuntimeError):
        open_period(opening, chunk_size=5)
    opening.refresh_from_db()
    assert opening.status == StatusPembukaan.GAGAL
    assert (opening.total, opening.selesai, opening.dibuat) == (12, 5, 5)
    assert "Gagal setelah 5 dari 12 pegawai" in opening.pesan
    assert "basis data terputus" in opening.pesan
    assert Skp.objects.filter(period=period).count() == 5
    assert PerilakuExpectation.objects.filter(skp__period=period).count() == 5 * 7
    assert not AuditEvent.objects.filter(action="open_period").exists()
    period.refresh_from_db()
    assert period.status == StatusPeriode.PERSIAPAN

    monkeypatch.setattr(opening_module._Opener, "_write_chunk", write)
    opening = open_period(opening, chunk_size=5)
    assert opening.status == StatusPembukaan.SELESAI
    assert (opening.total, opening.selesai, opening.dibuat, opening.dilewati) == (12, 12, 7, 5)
    assert Skp.objects.filter(period=period).count() == 12
    assert opening.pesan.startswith("7 SKP dibuat")


def test_progress_is_written_after_every_chunk(personas, period, monkeypatch):
    seen = []
    save = opening_module._Opener._save_progress

    def spy(self, processed, outcome):
        save(self, processed, outcome)
        row = PeriodOpening.objects.get(pk=self.opening.pk)
        seen.append((row.status, row.total, row.selesai, row.dibuat))

    monkeypatch.setattr(opening_module._Opener, "_save_progress", spy)
    opening = open_period(start(personas, period), chunk_size=5)
    assert seen == [("berjalan", 12, 5, 5), ("berjalan", 12, 10, 10), ("berjalan", 12, 12, 12)]
    assert opening.selesai == opening.total == 12


# --- through the pages and the worker ---------------------------------------------------------


def post_opening(client, period, **data):
    payload = {"cakupan": "instansi", "sumber": SumberDraf.SKP_SEBELUMNYA, **data}
    return client.post(reverse("period-open", args=[period.pk]), payload)


@pytest.mark.django_db(transaction=True)
def test_the_page_enqueues_and_the_db_worker_runs_the_opening(login, personas, period, previous):
    client = login(personas.user("citra"))
    response = post_opening(client, period)
    opening = PeriodOpening.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("period-opening", args=[opening.pk])
    assert opening.status == StatusPembukaan.MENUNGGU and opening.task_id
    assert opening.started_by == personas.user("citra")
    assert not Skp.objects.filter(period=period).exists()
    page = client.get(reverse("period-opening-progress", args=[opening.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in page and "Menunggu" in page

    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)

    opening.refresh_from_db()
    assert opening.status == StatusPembukaan.SELESAI
    assert (opening.total, opening.selesai, opening.dibuat) == (12, 12, 12)
    assert DBTaskResult.objects.get(id=opening.task_id).status == "SUCCESSFUL"
    new_budi_1 = skp_of(personas, period, "budi").rhk.get(urutan=1)
    assert skp_of(personas, period, "ani").rhk.get().rhk_atasan == new_budi_1
    page = client.get(reverse("period-opening-progress", args=[opening.pk])).content.decode()
    assert "hx-trigger" not in page  # polling stops once the opening is done
    assert 'id="count-dibuat">12<' in page and "width: 100%" in page


def test_with_the_immediate_backend_the_opening_is_done_on_redirect(
    login, personas, period, settings
):
    settings.TASKS = IMMEDIATE
    client = login(personas.user("citra"))
    response = post_opening(client, period, cakupan="opd", unit=personas.units["dinkes"].pk)
    opening = PeriodOpening.objects.get()
    assert response.status_code == 302
    assert opening.status == StatusPembukaan.SELESAI and opening.task_id
    assert opening.unit == personas.units["dinkes"]
    assert names_with_skp(personas, period) == DINKES
    page = client.get(response["Location"]).content.decode()
    assert "5 / 5 pegawai diproses" in page and "Dinas Kesehatan" in page


def test_a_failed_opening_can_be_run_again_from_its_page(
    login, personas, period, settings, monkeypatch
):
    settings.TASKS = IMMEDIATE
    client = login(personas.user("citra"))
    write = opening_module._Opener._write_chunk

    def broken(self, seats):
        raise RuntimeError("gangguan")

    monkeypatch.setattr(opening_module._Opener, "_write_chunk", broken)
    post_opening(client, period)
    opening = PeriodOpening.objects.get()
    assert opening.status == StatusPembukaan.GAGAL
    page = client.get(reverse("period-opening", args=[opening.pk])).content.decode()
    assert "Jalankan ulang" in page and "gangguan" in page
    # Another opening of the same period is not blocked by a failed one, but a rerun is refused
    # for openings that did not fail.
    monkeypatch.setattr(opening_module._Opener, "_write_chunk", write)
    rerun = client.post(reverse("period-opening-rerun", args=[opening.pk]))
    assert rerun.status_code == 302
    opening.refresh_from_db()
    assert opening.status == StatusPembukaan.SELESAI and opening.dibuat == 12
    again = client.post(reverse("period-opening-rerun", args=[opening.pk]))
    assert again.status_code == 409
    assert Skp.objects.filter(period=period).count() == 12


def test_progress_fragment_query_count_does_not_grow(login, personas, period):
    client = login(personas.user("citra"))
    small = open_period(start(personas, period, unit=personas.units["surveilans"]))
    large = open_period(start(personas, period))
    waiting = start(personas, period)
    counts = []
    for opening in (small, large, waiting):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("period-opening-progress", args=[opening.pk]))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] == counts[2]
    assert small.total == 3 and large.total == 12


def test_progress_pages_are_for_admin_bkpsdm_of_the_instansi(login, personas, period):
    opening = open_period(start(personas, period))
    for name in ("fajar", "ani", "gita"):
        client = login(personas.user(name))
        assert client.get(reverse("period-opening", args=[opening.pk])).status_code == 403
        assert client.get(reverse("period-opening-progress", args=[opening.pk])).status_code == 403
    client = login(personas.stranger.user)
    assert client.get(reverse("period-opening", args=[opening.pk])).status_code == 404
