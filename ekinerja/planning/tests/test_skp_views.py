"""SKP pages with personas: Ani drafts and submits, Budi (her pejabat penilai) approves or
returns, Eka (atasan penilai) and Citra (admin BKPSDM) only read, Intan and Dodi are refused."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ekinerja.people.access import today
from ekinerja.people.testing import make_employee
from ekinerja.planning import services
from ekinerja.planning.choices import JenisForm, StatusSkp
from ekinerja.planning.models import (
    Indikator,
    PerformancePeriod,
    PerilakuExpectation,
    Rhk,
    Skp,
)

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


@dataclass
class Plan:
    period: PerformancePeriod
    eka_skp: Skp
    budi_skp: Skp
    budi_rhk: list[Rhk]


def _approved(employee, position, period, texts, atasan: Rhk | None = None) -> Skp:
    """An approved SKP written straight to the database (the upper levels of the tree)."""
    skp = Skp.objects.create(
        instansi=employee.instansi,
        period=period,
        employee=employee,
        position=position,
        unit=position.unit,
        jenis_form=JenisForm.JPT if position.is_jpt else JenisForm.JA_JF,
        status=StatusSkp.DISETUJUI,
    )
    for number, teks in enumerate(texts, start=1):
        Rhk.objects.create(skp=skp, jenis="utama", urutan=number, teks=teks, rhk_atasan=atasan)
    return skp


@pytest.fixture
def plan(personas) -> Plan:
    year = today().year
    period = PerformancePeriod.objects.create(
        instansi=personas.instansi,
        tahun=year,
        mulai=dt.date(year, 1, 1),
        selesai=dt.date(year, 12, 31),
        batas_input_skp=dt.date(year, 1, 31),
        batas_persetujuan=dt.date(year, 2, 28),
        siklus_evaluasi="bulanan",
        status="dibuka",
    )
    p = personas.positions
    eka = _approved(personas.eka, p["kabid"], period, ["Menurunnya angka penyakit menular"])
    budi = _approved(
        personas.budi,
        p["kasi"],
        period,
        ["Tersedianya data surveilans yang akurat", "Terlaksananya penyelidikan epidemiologi"],
        atasan=eka.rhk.get(),
    )
    return Plan(period, eka, budi, list(budi.rhk.order_by("urutan")))


def _draft(personas, plan, employee=None, rhk_count=1, indicators=1) -> Skp:
    """A draft through the services, each RHK intervening Budi's first RHK."""
    employee = employee or personas.ani
    actor = employee.user
    skp = services.start_skp(actor=actor, employee=employee, period=plan.period)
    for n in range(rhk_count):
        rhk = services.save_rhk(
            actor=actor, skp=skp, jenis="utama", teks=f"Laporan data {n + 1}",
            rhk_atasan=plan.budi_rhk[0],
        )  # fmt: skip
        for m in range(indicators):
            ind = services.save_indikator(
                actor=actor, rhk=rhk, aspek="kuantitas", uraian=f"Jumlah laporan {m + 1}",
                target_min="12", satuan="laporan",
            )  # fmt: skip
            services.set_period_targets(actor=actor, indikator=ind)
    return skp


def _submitted(personas, plan, employee=None) -> Skp:
    skp = _draft(personas, plan, employee)
    return services.submit_skp(actor=skp.employee.user, skp=skp)


def detail(skp: Skp) -> str:
    return reverse("skp-detail", args=[skp.pk])


# --- SKP saya --------------------------------------------------------------------------------


def test_home_without_a_period_says_so(login, personas):
    response = login(personas.user("ani")).get(reverse("skp-home"))
    assert response.status_code == 200
    assert "Belum ada periode SKP" in response.content.decode()


def test_anonymous_is_sent_to_login(client, personas, plan):
    response = client.get(reverse("skp-home"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_home_offers_to_start_then_shows_the_live_skp(login, personas, plan):
    client = login(personas.user("ani"))
    page = client.get(reverse("skp-home")).content.decode()
    assert "Mulai SKP" in page and f"Tahun {plan.period.tahun}" in page
    response = client.post(reverse("skp-start"))
    skp = Skp.objects.get(employee=personas.ani)
    assert response.status_code == 302 and response["Location"] == detail(skp)
    page = client.get(reverse("skp-home")).content.decode()
    assert "Mulai SKP" not in page
    assert "SKP harus memiliki minimal satu RHK utama." in page  # submission problems
    # Starting twice returns the same draft.
    client.post(reverse("skp-start"))
    assert Skp.objects.filter(employee=personas.ani).count() == 1


# --- the whole journey -----------------------------------------------------------------------


def test_ani_drafts_submits_and_budi_approves(login, personas, plan):
    ani = login(personas.user("ani"))
    ani.post(reverse("skp-start"))
    skp = Skp.objects.get(employee=personas.ani)

    form = ani.get(reverse("skp-hasil-kerja", args=[skp.pk]) + "?buka=rhk-baru-utama", **HX)
    assert form.status_code == 200
    assert "Budi Santoso: Tersedianya data surveilans yang akurat" in form.content.decode()

    response = ani.post(
        reverse("skp-rhk-add", args=[skp.pk]),
        {
            "jenis": "utama",
            "teks": "Laporan surveilans mingguan",
            "rhk_atasan": plan.budi_rhk[0].pk,
        },
        **HX,
    )
    assert response.status_code == 200
    assert 'id="hasil-kerja"' in response.content.decode()
    assert 'hx-swap-oob="true"' in response.content.decode()  # the problems panel follows
    rhk = skp.rhk.get()
    assert rhk.rhk_atasan == plan.budi_rhk[0]

    response = ani.post(
        reverse("skp-indikator-add", args=[skp.pk, rhk.pk]),
        {"aspek": "kuantitas", "uraian": "Jumlah laporan", "target_min": "12", "satuan": "laporan"},
        **HX,
    )
    assert response.status_code == 200
    ind = rhk.indikator.get()
    assert ind.target_max == Decimal("12.00")

    response = ani.post(reverse("skp-targets", args=[skp.pk, ind.pk]), {"aksi": "rata"}, **HX)
    assert response.status_code == 200
    assert list(ind.targets.values_list("target", flat=True)) == [Decimal(1)] * 12

    response = ani.post(reverse("skp-submit", args=[skp.pk]))
    assert response.status_code == 302
    skp.refresh_from_db()
    assert skp.status == StatusSkp.DIAJUKAN

    budi = login(personas.user("budi"))
    page = budi.get(detail(skp))
    assert page.status_code == 200 and page.context["can_review"]
    assert "Setujui" in page.content.decode()
    response = budi.post(reverse("skp-approve", args=[skp.pk]))
    assert response.status_code == 302
    skp.refresh_from_db()
    assert skp.status == StatusSkp.DISETUJUI
    assert skp.identitas["penilai"]["nama"] == personas.budi.nama_lengkap

    page = login(personas.user("ani")).get(detail(skp)).content.decode()
    assert "Buat versi baru" in page and "Budi Santoso" in page


def test_submit_with_problems_lists_them(login, personas, plan):
    client = login(personas.user("ani"))
    client.post(reverse("skp-start"))
    skp = Skp.objects.get(employee=personas.ani)
    response = client.post(reverse("skp-submit", args=[skp.pk]))
    assert response.status_code == 400
    assert "SKP harus memiliki minimal satu RHK utama." in response.content.decode()
    skp.refresh_from_db()
    assert skp.status == StatusSkp.DRAFT


# --- editing rules ---------------------------------------------------------------------------


def test_owner_cannot_edit_after_submission(login, personas, plan):
    skp = _submitted(personas, plan)
    client = login(personas.user("ani"))
    page = client.get(detail(skp))
    assert page.status_code == 200 and not page.context["editable"]
    assert "Tambah RHK" not in page.content.decode()
    rhk = skp.rhk.get()
    before = Rhk.objects.count()
    response = client.post(
        reverse("skp-rhk-add", args=[skp.pk]), {"jenis": "utama", "teks": "Baru"}, **HX
    )
    assert response.status_code == 400
    assert "tidak dapat diubah" in response.content.decode()
    response = client.post(reverse("skp-rhk-delete", args=[skp.pk, rhk.pk]), **HX)
    assert response.status_code == 400
    assert Rhk.objects.count() == before


def test_others_cannot_edit(login, personas, plan):
    skp = _draft(personas, plan)
    rhk = skp.rhk.get()
    data = {"jenis": "utama", "teks": "Disusupkan"}
    for who in ("budi", "eka", "citra"):
        response = login(personas.user(who)).post(reverse("skp-rhk-add", args=[skp.pk]), data)
        assert response.status_code == 403, who
        response = login(personas.user(who)).post(reverse("skp-rhk-delete", args=[skp.pk, rhk.pk]))
        assert response.status_code == 403, who
    response = login(personas.user("intan")).post(reverse("skp-rhk-add", args=[skp.pk]), data)
    assert response.status_code == 404
    assert list(skp.rhk.values_list("teks", flat=True)) == ["Laporan data 1"]


def test_bad_rhk_input_is_refused_in_place(login, personas, plan):
    skp = _draft(personas, plan, rhk_count=0)
    client = login(personas.user("ani"))
    url = reverse("skp-rhk-add", args=[skp.pk])
    response = client.post(url, {"jenis": "utama", "teks": ""}, **HX)
    assert response.status_code == 400 and "Bagian ini wajib diisi." in response.content.decode()
    # An RHK of someone other than the pejabat penilai (Eka's) is not on offer.
    eka_rhk = plan.eka_skp.rhk.get()
    response = client.post(url, {"jenis": "utama", "teks": "X", "rhk_atasan": eka_rhk.pk}, **HX)
    assert response.status_code == 400
    assert "Pilih RHK pimpinan dari daftar yang tersedia." in response.content.decode()
    assert not skp.rhk.exists()


def test_edit_and_delete_rhk_and_indicator(login, personas, plan):
    skp = _draft(personas, plan)
    rhk = skp.rhk.get()
    ind = rhk.indikator.get()
    client = login(personas.user("ani"))
    response = client.post(
        reverse("skp-rhk-edit", args=[skp.pk, rhk.pk]),
        {"jenis": "tambahan", "teks": "Diubah", "rhk_atasan": plan.budi_rhk[1].pk},
        **HX,
    )
    assert response.status_code == 200
    rhk.refresh_from_db()
    assert (rhk.jenis, rhk.teks, rhk.rhk_atasan_id) == ("tambahan", "Diubah", plan.budi_rhk[1].pk)
    response = client.post(
        reverse("skp-indikator-edit", args=[skp.pk, ind.pk]),
        {"aspek": "kualitas", "uraian": "Akurasi", "target_min": "80", "target_max": "90,5",
         "satuan": "persen"},
        **HX,
    )  # fmt: skip
    assert response.status_code == 200
    ind.refresh_from_db()
    assert (ind.target_min, ind.target_max) == (Decimal("80"), Decimal("90.5"))
    assert "80–90,5 persen" in response.content.decode()
    response = client.post(
        reverse("skp-indikator-edit", args=[skp.pk, ind.pk]),
        {"aspek": "kuantitas", "uraian": "X", "target_min": "1e9999", "satuan": "x"},
        **HX,
    )
    assert response.status_code == 400 and "harus berupa angka" in response.content.decode()
    assert (
        client.post(reverse("skp-indikator-delete", args=[skp.pk, ind.pk]), **HX).status_code == 200
    )
    assert not Indikator.objects.filter(pk=ind.pk).exists()
    assert client.post(reverse("skp-rhk-delete", args=[skp.pk, rhk.pk]), **HX).status_code == 200
    assert not skp.rhk.exists()


def test_without_htmx_edits_redirect_back(login, personas, plan):
    skp = _draft(personas, plan, rhk_count=0)
    client = login(personas.user("ani"))
    response = client.post(
        reverse("skp-rhk-add", args=[skp.pk]),
        {"jenis": "utama", "teks": "Tanpa htmx", "rhk_atasan": plan.budi_rhk[0].pk},
    )
    assert response.status_code == 302 and response["Location"].endswith("#hasil-kerja")
    assert skp.rhk.get().teks == "Tanpa htmx"
    # The same page opens a form from ?buka= without htmx.
    page = client.get(detail(skp) + f"?buka=ind-baru-{skp.rhk.get().pk}").content.decode()
    assert 'data-testid="form-indikator"' in page


def test_invalid_split_is_refused_with_400(login, personas, plan):
    skp = _draft(personas, plan)
    ind = Indikator.objects.get(rhk__skp=skp)
    before = list(ind.targets.values_list("target", flat=True))
    client = login(personas.user("ani"))
    url = reverse("skp-targets", args=[skp.pk, ind.pk])
    response = client.post(url, {"aksi": "simpan", "target": ["2"] * 12}, **HX)
    assert response.status_code == 400
    assert "harus sama dengan target tahunan" in response.content.decode()
    assert 'data-testid="form-target"' in response.content.decode()  # kept open with the input
    assert list(ind.targets.values_list("target", flat=True)) == before
    response = client.post(url, {"aksi": "simpan", "target": ["1"] * 11}, **HX)
    assert (
        response.status_code == 400 and "Harus ada 12 target periodik" in response.content.decode()
    )
    parts = ["3", "3", "3", "3"] + ["0"] * 8
    assert client.post(url, {"aksi": "simpan", "target": parts}, **HX).status_code == 200
    assert ind.targets.get(periode_ke=1).target == Decimal(3)


def test_lampiran_and_perilaku(login, personas, plan):
    skp = _draft(personas, plan)
    ani = login(personas.user("ani"))
    response = ani.post(
        reverse("skp-lampiran", args=[skp.pk]),
        {"dukungan_sumber_daya": "Laptop", "skema_pertanggungjawaban": "Laporan bulanan",
         "konsekuensi": "Teguran"},
        **HX,
    )  # fmt: skip
    assert response.status_code == 200 and "Laptop" in response.content.decode()
    skp.refresh_from_db()
    assert skp.dukungan_sumber_daya == "Laptop"
    data = {f"nilai_{n}": "" for n in range(1, 8)} | {"nilai_1": "Ramah kepada pelapor"}
    assert ani.post(reverse("skp-perilaku", args=[skp.pk]), data, **HX).status_code == 200
    assert PerilakuExpectation.objects.get(skp=skp, nilai=1).ekspektasi_khusus == (
        "Ramah kepada pelapor"
    )
    services.submit_skp(actor=personas.user("ani"), skp=skp)
    # After submission only the pejabat penilai sets the expectations.
    data["nilai_2"] = "Jujur"
    assert ani.post(reverse("skp-perilaku", args=[skp.pk]), data, **HX).status_code == 400
    eka = login(personas.user("eka"))
    assert eka.post(reverse("skp-perilaku", args=[skp.pk]), data).status_code == 403
    budi = login(personas.user("budi"))
    assert budi.post(reverse("skp-perilaku", args=[skp.pk]), data, **HX).status_code == 200
    assert PerilakuExpectation.objects.get(skp=skp, nilai=2).ekspektasi_khusus == "Jujur"


def test_pendekatan_kualitatif_changes_the_columns(login, personas, plan):
    skp = _draft(personas, plan)
    client = login(personas.user("ani"))
    response = client.post(reverse("skp-pendekatan", args=[skp.pk]), {"pendekatan": "kualitatif"})
    assert response.status_code == 302
    page = client.get(detail(skp)).content.decode()
    assert "Ukuran keberhasilan / IKI &amp; target" in page
    response = client.post(reverse("skp-pendekatan", args=[skp.pk]), {"pendekatan": "lain"})
    assert response.status_code == 400


# --- who sees what ---------------------------------------------------------------------------


def test_read_access_by_persona(login, personas, plan):
    skp = _submitted(personas, plan)
    for who in ("ani", "budi", "eka", "citra", "fajar", "gita", "hadi"):
        assert login(personas.user(who)).get(detail(skp)).status_code == 200, who
    for who in ("intan", "dodi", "stranger"):
        assert login(personas.user(who)).get(detail(skp)).status_code == 404, who


def test_atasan_penilai_and_admin_read_but_cannot_approve(login, personas, plan):
    skp = _submitted(personas, plan)
    for who in ("eka", "citra"):
        client = login(personas.user(who))
        page = client.get(detail(skp))
        assert not page.context["editable"] and not page.context["can_review"]
        assert "Setujui" not in page.content.decode()
        assert client.post(reverse("skp-approve", args=[skp.pk])).status_code == 403
        assert client.post(reverse("skp-return", args=[skp.pk]), {"alasan": "x"}).status_code == 403
    skp.refresh_from_db()
    assert skp.status == StatusSkp.DIAJUKAN


def test_skp_of_another_instansi_is_404(login, personas, plan):
    other = PerformancePeriod.objects.create(
        instansi=personas.other_instansi, tahun=plan.period.tahun, mulai=plan.period.mulai,
        selesai=plan.period.selesai, batas_input_skp=plan.period.batas_input_skp,
        batas_persetujuan=plan.period.batas_persetujuan,
    )  # fmt: skip
    foreign = services.start_skp(actor=None, employee=personas.stranger, period=other)
    client = login(personas.user("citra"))
    assert client.get(detail(foreign)).status_code == 404
    assert client.post(reverse("skp-approve", args=[foreign.pk])).status_code == 404


def test_returned_skp_shows_the_reason(login, personas, plan):
    skp = _submitted(personas, plan)
    budi = login(personas.user("budi"))
    response = budi.post(reverse("skp-return", args=[skp.pk]), {"alasan": "  "})
    assert response.status_code == 400
    assert "Alasan pengembalian wajib diisi." in response.content.decode()
    response = budi.post(reverse("skp-return", args=[skp.pk]), {"alasan": "Target terlalu rendah"})
    assert response.status_code == 302
    ani = login(personas.user("ani"))
    page = ani.get(detail(skp))
    assert page.context["editable"]
    assert "Target terlalu rendah" in page.content.decode()
    assert "Target terlalu rendah" in ani.get(reverse("skp-home")).content.decode()
    history = page.context["history"]
    assert history[0]["to"] == "Dikembalikan" and history[0]["reason"] == "Target terlalu rendah"
    assert history[0]["who"] == personas.budi.nama


def test_new_version_of_an_approved_skp(login, personas, plan):
    budi = login(personas.user("budi"))
    response = budi.post(reverse("skp-revise", args=[plan.budi_skp.pk]), {"alasan": "Mutasi"})
    new = Skp.objects.get(employee=personas.budi, version=2)
    assert response.status_code == 302 and response["Location"] == detail(new)
    assert new.status == StatusSkp.DRAFT and new.rhk.count() == 2
    page = budi.get(detail(plan.budi_skp))
    assert page.context["open_version"] == new and not page.context["can_revise"]
    assert budi.post(reverse("skp-revise", args=[plan.budi_skp.pk])).status_code == 400
    ani = login(personas.user("ani"))
    assert ani.post(reverse("skp-revise", args=[new.pk])).status_code == 404


def test_jpt_form_has_perspektif_and_sasaran_columns(login, personas, plan):
    kadinkes = personas.kadinkes
    skp = services.start_skp(actor=kadinkes.user, employee=kadinkes, period=plan.period)
    client = login(kadinkes.user)
    page = client.get(detail(skp) + "?buka=rhk-baru-utama").content.decode()
    assert "Perspektif" in page and "Sasaran strategis / RHK pimpinan" in page
    response = client.post(
        reverse("skp-rhk-add", args=[skp.pk]),
        {"jenis": "utama", "teks": "Meningkatnya derajat kesehatan", "perspektif": "proses_bisnis"},
        **HX,
    )
    assert response.status_code == 200
    assert "Perspektif Proses Bisnis" in response.content.decode()


# --- inbox and pushing RHK down --------------------------------------------------------------


def test_inbox_lists_submitted_first_with_counts(login, personas, plan):
    _draft(personas, plan, employee=personas.intan)
    _submitted(personas, plan)
    response = login(personas.user("budi")).get(reverse("skp-inbox"))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [row.employee for row in rows] == [personas.ani, personas.intan]
    counts = {label: n for label, n, _ in response.context["counts"]}
    assert counts["Diajukan"] == 1 and counts["Draf"] == 1 and counts["Belum membuat SKP"] == 0


def test_inbox_of_someone_without_subordinates(login, personas, plan):
    response = login(personas.user("ani")).get(reverse("skp-inbox"))
    assert response.status_code == 200 and response.context["rows"] == []
    assert "tidak ada pegawai yang Anda nilai" in response.content.decode()


def test_push_rhk_to_ani_and_intan(login, personas, plan):
    _draft(personas, plan, rhk_count=0)  # Ani has a draft; Intan has none yet
    budi = login(personas.user("budi"))
    rhk = plan.budi_rhk[1]
    data = {"rhk": rhk.pk, "pegawai": [personas.ani.pk, personas.intan.pk]}
    response = budi.post(reverse("skp-push"), data)
    assert response.status_code == 200
    added = {e.pk for e in response.context["push_result"].added}
    assert added == {personas.ani.pk, personas.intan.pk}
    for person in (personas.ani, personas.intan):
        assert Rhk.objects.filter(skp__employee=person, rhk_atasan=rhk).count() == 1
    again = budi.post(reverse("skp-push"), data)
    assert len(again.context["push_result"].skipped) == 2
    assert "Sudah memiliki RHK" in again.content.decode()


def test_push_refuses_bad_input(login, personas, plan):
    budi = login(personas.user("budi"))
    eka_rhk = plan.eka_skp.rhk.get()
    response = budi.post(reverse("skp-push"), {"rhk": eka_rhk.pk, "pegawai": [personas.ani.pk]})
    assert response.status_code == 400
    assert "Pilih RHK dari SKP Anda sendiri." in response.content.decode()
    outsider = {"rhk": plan.budi_rhk[0].pk, "pegawai": [personas.dodi.pk]}
    response = budi.post(reverse("skp-push"), outsider)
    assert response.status_code == 400
    response = budi.post(reverse("skp-push"), {"rhk": plan.budi_rhk[0].pk})
    assert (
        response.status_code == 400 and "Pilih minimal satu bawahan." in response.content.decode()
    )
    assert not Rhk.objects.filter(skp__employee__in=[personas.ani, personas.intan]).exists()


# --- query counts ----------------------------------------------------------------------------


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _grow(personas, plan, skp: Skp, rhk_count: int) -> None:
    actor = personas.user("ani")
    for n in range(rhk_count):
        rhk = services.save_rhk(
            actor=actor, skp=skp, jenis="tambahan" if n % 2 else "utama", teks=f"Tambahan {n}",
            rhk_atasan=plan.budi_rhk[n % 2],
        )  # fmt: skip
        for m in range(3):
            ind = services.save_indikator(
                actor=actor, rhk=rhk, aspek="kuantitas", uraian=f"IKI {m}", target_min="24",
                satuan="dokumen",
            )  # fmt: skip
            services.set_period_targets(actor=actor, indikator=ind)


def test_skp_page_queries_do_not_grow_with_rhk(login, personas, plan):
    skp = _draft(personas, plan, rhk_count=2, indicators=2)
    opened = detail(skp) + f"?buka=target-{Indikator.objects.filter(rhk__skp=skp).first().pk}"
    owner = _count(login(personas.user("ani")), detail(skp))
    owner_open = _count(login(personas.user("ani")), opened)
    reader = _count(login(personas.user("eka")), detail(skp))
    _grow(personas, plan, skp, 6)
    assert _count(login(personas.user("ani")), detail(skp)) == owner
    assert _count(login(personas.user("ani")), opened) == owner_open
    assert _count(login(personas.user("eka")), detail(skp)) == reader
    assert owner <= 40 and reader <= 40


def test_inbox_queries_do_not_grow_with_subordinates(login, personas, plan):
    _submitted(personas, plan)
    budi = login(personas.user("budi"))
    few = _count(budi, reverse("skp-inbox"))
    for n in range(4):
        extra = make_employee(
            personas.instansi, f"Staf Tambahan {n}", position=personas.positions["staf"]
        )
        if n % 2:
            _draft(personas, plan, employee=extra)
    budi = login(personas.user("budi"))
    response = budi.get(reverse("skp-inbox"))
    assert len(response.context["rows"]) == 6
    assert _count(budi, reverse("skp-inbox")) == few
    assert few <= 30


# --- inbox Excel export ----------------------------------------------------------------------


def _sheet(response) -> list[tuple]:
    import io

    from openpyxl import load_workbook

    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    return list(load_workbook(io.BytesIO(body)).active.iter_rows(values_only=True))


def test_inbox_export_has_the_rows_of_the_page(login, personas, plan):
    _draft(personas, plan, employee=personas.intan)
    _submitted(personas, plan)
    budi = login(personas.user("budi"))
    rows = _sheet(budi.get(reverse("skp-inbox-export")))
    assert rows[0] == ("NIP", "Pegawai", "Status SKP", "Versi", "Diajukan")
    assert [r[1] for r in rows[1:]] == [personas.ani.nama_lengkap, personas.intan.nama_lengkap]
    assert rows[1][2] == "Diajukan" and rows[1][4] and rows[2][2] == "Draf" and not rows[2][4]
    assert reverse("skp-inbox-export") in budi.get(reverse("skp-inbox")).content.decode()


@pytest.mark.parametrize("name", ["ani", "intan"])
def test_inbox_export_of_someone_without_subordinates_is_empty(login, personas, plan, name):
    _submitted(personas, plan)
    rows = _sheet(login(personas.user(name)).get(reverse("skp-inbox-export")))
    assert len(rows) == 1  # the header only, as the page lists nobody


def test_inbox_export_writes_formulas_as_text_in_fixed_queries(login, personas, plan):
    _submitted(personas, plan)
    budi = login(personas.user("budi"))
    url = reverse("skp-inbox-export")
    with CaptureQueriesContext(connection) as few:
        _sheet(budi.get(url))
    for n in range(4):
        extra = make_employee(
            personas.instansi, f'=HYPERLINK("x") {n}', position=personas.positions["staf"]
        )
        if n % 2:
            _draft(personas, plan, employee=extra)
    with CaptureQueriesContext(connection) as many:
        rows = _sheet(budi.get(url))
    assert len(rows) == 7 and len(many) == len(few) <= 20
    names = [r[1] for r in rows[1:] if "HYPERLINK" in r[1]]
    assert len(names) == 4 and all(name.startswith("'=") for name in names)
