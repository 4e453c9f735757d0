"""Organisational performance: RPJMD goals, Perjanjian Kinerja, sasaran strategis, indicators.

Personas: Citra (admin BKPSDM) edits everything; Fajar (admin OPD Dinkes) edits the Dinkes PK
only; Ani (a plain employee) reads; another instansi's units are not found."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ekinerja.core.models import AuditEvent
from ekinerja.org.models import Unit
from ekinerja.people.access import today
from ekinerja.planning import selectors_goals as selectors
from ekinerja.planning import services_goals as services
from ekinerja.planning.choices import JenisForm, JenisRhk, JenisSasaranDaerah
from ekinerja.planning.forms_goals import IndikatorForm
from ekinerja.planning.models import (
    IndikatorKinerjaOrganisasi,
    PerformancePeriod,
    PerjanjianKinerja,
    RegionalGoal,
    Rhk,
    SasaranStrategis,
    Skp,
)
from ekinerja.planning.targets import angka

pytestmark = pytest.mark.django_db

TAHUN = 2026
HTMX = {"HTTP_HX_REQUEST": "true"}


def tujuan(personas, kode="T1", mulai=2025, selesai=2029, instansi=None):
    return services.create_regional_goal(
        actor=personas.user("citra"),
        instansi_id=(instansi or personas.instansi).pk,
        jenis=JenisSasaranDaerah.TUJUAN,
        kode=kode,
        uraian=f"Tujuan {kode}: meningkatnya derajat kesehatan masyarakat",
        tahun_mulai=mulai,
        tahun_selesai=selesai,
    )


def sasaran_rpjmd(personas, parent, kode="S1.1", mulai=2025, selesai=2029):
    return services.create_regional_goal(
        actor=personas.user("citra"),
        instansi_id=parent.instansi_id,
        jenis=JenisSasaranDaerah.SASARAN,
        kode=kode,
        uraian=f"Sasaran {kode}: menurunnya angka kesakitan",
        indikator="Angka kesakitan per 1.000 penduduk",
        tahun_mulai=mulai,
        tahun_selesai=selesai,
        parent=parent,
    )


def sasaran_pk(personas, unit_key="dinkes", uraian="Meningkatnya cakupan imunisasi", goal=None):
    return services.add_sasaran_strategis(
        actor=personas.user("citra"),
        unit=personas.units[unit_key],
        tahun=TAHUN,
        uraian=uraian,
        regional_goal=goal,
    )


def indikator(personas, sasaran, uraian="Cakupan imunisasi dasar lengkap", target="95"):
    return services.add_indikator(
        actor=personas.user("citra"),
        sasaran=sasaran,
        uraian=uraian,
        target=Decimal(target),
        satuan="%",
    )


def pk_url(personas, unit_key="dinkes", tahun=TAHUN):
    return reverse("goals-pk", args=[personas.units[unit_key].pk, tahun])


def other_unit(personas):
    return Unit.objects.get(instansi=personas.other_instansi)


def state():
    """Everything a refused request must leave untouched."""
    return (
        RegionalGoal.objects.count(),
        PerjanjianKinerja.objects.count(),
        list(SasaranStrategis.objects.values_list("id", "uraian", "regional_goal_id")),
        list(IndikatorKinerjaOrganisasi.objects.values_list("id", "uraian", "target", "satuan")),
        AuditEvent.objects.count(),
    )


def rhk_on(personas, sasaran):
    period = PerformancePeriod.objects.create(
        instansi=personas.instansi,
        tahun=TAHUN,
        mulai=dt.date(TAHUN, 1, 1),
        selesai=dt.date(TAHUN, 12, 31),
        batas_input_skp=dt.date(TAHUN, 1, 31),
        batas_persetujuan=dt.date(TAHUN, 2, 15),
    )
    skp = Skp.objects.create(
        instansi=personas.instansi,
        period=period,
        employee=personas.kadinkes,
        position=personas.positions["kadinkes"],
        unit=personas.units["dinkes"],
        jenis_form=JenisForm.JPT,
    )
    return Rhk.objects.create(
        skp=skp, jenis=JenisRhk.UTAMA, teks=sasaran.uraian, sasaran_strategis=sasaran
    )


# --- Services ----------------------------------------------------------------------------


def test_create_tujuan_and_sasaran_with_audit(personas):
    t = tujuan(personas)
    s = sasaran_rpjmd(personas, t)
    assert s.parent == t and s.instansi == personas.instansi
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert actions == {"create_regional_goal"}
    assert AuditEvent.objects.count() == 2


@pytest.mark.parametrize(
    ("jenis", "parent_kind", "message"),
    [
        ("sasaran", None, "wajib memiliki tujuan induk"),
        ("sasaran", "sasaran", "harus berupa tujuan RPJMD"),
        ("sasaran", "other", "instansi yang sama"),
        ("tujuan", "tujuan", "tidak memiliki induk"),
    ],
)
def test_goal_parent_rules(personas, jenis, parent_kind, message):
    t = tujuan(personas)
    parents = {
        None: None,
        "tujuan": t,
        "sasaran": sasaran_rpjmd(personas, t),
        "other": tujuan(personas, "TX", instansi=personas.other_instansi),
    }
    before = state()
    with pytest.raises(ValidationError, match=message):
        services.create_regional_goal(
            actor=personas.user("citra"),
            instansi_id=personas.instansi.pk,
            jenis=jenis,
            kode="BARU",
            uraian="Uraian",
            tahun_mulai=2025,
            tahun_selesai=2029,
            parent=parents[parent_kind],
        )
    assert state() == before


def test_duplicate_kode_is_a_message_not_an_integrity_error(personas):
    tujuan(personas, "T1")
    with pytest.raises(ValidationError, match="Kode T1 sudah dipakai"):
        tujuan(personas, "T1")
    # Another region may use the same code.
    assert tujuan(personas, "T1", instansi=personas.other_instansi).kode == "T1"


@pytest.mark.parametrize(
    ("mulai", "selesai", "message"),
    [
        (2029, 2025, "tidak boleh sebelum"),
        (2020, 2035, "paling lama 10 tahun"),
        (1999, 2003, "antara 2000 dan 2100"),
    ],
)
def test_goal_years_must_be_sane(personas, mulai, selesai, message):
    with pytest.raises(ValidationError, match=message):
        tujuan(personas, mulai=mulai, selesai=selesai)


def test_sasaran_years_stay_within_tujuan_and_tujuan_keeps_covering_them(personas):
    t = tujuan(personas, mulai=2025, selesai=2029)
    with pytest.raises(ValidationError, match="rentang tujuan induknya"):
        sasaran_rpjmd(personas, t, mulai=2024, selesai=2029)
    s = sasaran_rpjmd(personas, t, mulai=2026, selesai=2029)
    with pytest.raises(ValidationError, match=f"mencakup sasaran {s.kode}"):
        services.update_regional_goal(
            actor=personas.user("citra"),
            goal=t,
            kode=t.kode,
            uraian=t.uraian,
            tahun_mulai=2027,
            tahun_selesai=2029,
        )


def test_pk_only_for_opd_level_units_and_only_once_per_year(personas):
    citra = personas.user("citra")
    with pytest.raises(ValidationError, match="hanya untuk unit setingkat OPD"):
        services.get_or_create_perjanjian_kinerja(
            actor=citra, unit=personas.units["surveilans"], tahun=TAHUN
        )
    first = services.get_or_create_perjanjian_kinerja(
        actor=citra, unit=personas.units["dinkes"], tahun=TAHUN
    )
    again = services.get_or_create_perjanjian_kinerja(
        actor=citra, unit=personas.units["dinkes"], tahun=TAHUN
    )
    assert first == again and first.instansi == personas.instansi
    assert AuditEvent.objects.filter(action="create_perjanjian_kinerja").count() == 1


def test_sasaran_strategis_supports_only_an_rpjmd_sasaran_in_force(personas):
    t = tujuan(personas)
    later = tujuan(personas, "T9", mulai=2030, selesai=2034)
    s_later = sasaran_rpjmd(personas, later, "S9.1", mulai=2030, selesai=2034)
    other = sasaran_rpjmd(personas, tujuan(personas, "TX", instansi=personas.other_instansi), "SX")
    cases = [
        (t, "bukan tujuan RPJMD"),
        (s_later, "tidak mencakup tahun PK 2026"),
        (other, "instansi yang sama"),
    ]
    for goal, message in cases:
        before = state()
        with pytest.raises(ValidationError, match=message):
            sasaran_pk(personas, goal=goal)
        assert state() == before  # the PK created on the way is rolled back too


def test_indicator_rules(personas):
    s = sasaran_pk(personas)
    for target, satuan, message in [
        ("-1", "%", "tidak boleh negatif"),
        ("1.234", "%", "dua angka di belakang koma"),
        ("10", " ", "Satuan wajib diisi"),
    ]:
        with pytest.raises(ValidationError, match=message):
            services.add_indikator(
                actor=None, sasaran=s, uraian="Cakupan", target=Decimal(target), satuan=satuan
            )
    assert not s.indikator.exists()
    ind = indikator(personas, s, target="0")
    assert ind.target == 0


@pytest.mark.parametrize(
    ("typed", "value"),
    [("12,5", "12.5"), ("12.5", "12.5"), ("1250000", "1250000"), ("0", "0"), ("1.000", None),
     ("1.250.000,5", None), ("12,345", None), ("sembilan", None)],
)  # fmt: skip
def test_targets_are_read_with_a_decimal_comma_and_no_thousands_separators(typed, value):
    form = IndikatorForm({"uraian": "Cakupan", "target": typed, "satuan": "%"})
    assert form.is_valid() == (value is not None)
    if value is None:
        assert "Target" in form.errors["target"][0]
    else:
        assert form.cleaned_data["target"] == Decimal(value)
        # What the edit form shows is read back as the same number.
        again = IndikatorForm(
            {"uraian": "x", "target": angka(Decimal(value), grouped=False), "satuan": "%"}
        )
        assert again.is_valid() and again.cleaned_data["target"] == Decimal(value)
    assert angka(Decimal("1250000.50")) == "1.250.000,5"


def test_deleting_a_sasaran_used_by_an_rhk_is_refused(personas):
    s = sasaran_pk(personas)
    indikator(personas, s)
    rhk_on(personas, s)
    with pytest.raises(ValidationError, match="sumber RHK"):
        services.delete_sasaran_strategis(actor=personas.user("citra"), sasaran=s)
    assert SasaranStrategis.objects.filter(pk=s.pk).exists() and s.indikator.count() == 1


def test_deleting_a_goal_still_in_use_is_refused(personas):
    t = tujuan(personas)
    s = sasaran_rpjmd(personas, t)
    sasaran_pk(personas, goal=s)
    with pytest.raises(ValidationError, match="masih memiliki sasaran"):
        services.delete_regional_goal(actor=None, goal=t)
    with pytest.raises(ValidationError, match="masih didukung"):
        services.delete_regional_goal(actor=None, goal=s)


# --- sasaran_options_for_unit (for the SKP editor) ---------------------------------------


def test_sasaran_options_walk_up_to_the_opd_pk(personas):
    first = sasaran_pk(personas, uraian="Sasaran A")
    second = sasaran_pk(personas, uraian="Sasaran B")
    sasaran_pk(personas, "disdik", uraian="Sasaran pendidikan")
    services.add_sasaran_strategis(
        actor=None, unit=personas.units["dinkes"], tahun=TAHUN + 1, uraian="Tahun depan"
    )
    with CaptureQueriesContext(connection) as ctx:
        options = selectors.sasaran_options_for_unit(personas.units["surveilans"], TAHUN)
        labels = [(s.perjanjian.unit.nama, s.uraian) for s in options]
    assert [s.pk for s in options] == [first.pk, second.pk]
    assert labels[0] == ("Dinas Kesehatan", "Sasaran A")
    assert len(ctx.captured_queries) <= 2
    assert selectors.sasaran_options_for_unit(personas.units["dinkes"], TAHUN) == options


def test_sasaran_options_are_empty_when_the_opd_has_no_pk(personas):
    sasaran_pk(personas)  # Dinkes has one; Disdik has none
    assert selectors.sasaran_options_for_unit(personas.units["disdik"], TAHUN) == []
    assert selectors.sasaran_options_for_unit(personas.units["surveilans"], TAHUN - 1) == []


# --- Pages: reading ----------------------------------------------------------------------


def test_anonymous_is_sent_to_login(client, personas):
    for url in (reverse("goals-overview"), pk_url(personas)):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_overview_shows_the_cascade_to_every_user_of_the_instansi(login, personas):
    t = tujuan(personas)
    s = sasaran_rpjmd(personas, t)
    sasaran_pk(personas, uraian="Meningkatnya cakupan imunisasi", goal=s)
    client = login(personas.user("ani"))
    response = client.get(reverse("goals-overview"), {"tahun": TAHUN})
    html = response.content.decode()
    assert response.status_code == 200
    assert t.uraian in html and s.uraian in html
    assert "Meningkatnya cakupan imunisasi" in html and "Dinas Kesehatan" in html
    assert reverse("goals-regional-create") not in html  # no edit controls for Ani
    rows = {row.unit.nama: row for row in response.context["opd_rows"]}
    assert rows["Dinas Kesehatan"].jumlah_sasaran == 1
    assert rows["Dinas Pendidikan"].perjanjian is None
    assert "Bidang P2P" not in rows  # only OPD-level units are listed


def test_overview_defaults_to_this_year_and_refuses_a_bad_year(login, personas):
    client = login(personas.user("citra"))
    response = client.get(reverse("goals-overview"))
    assert response.context["tahun"] == today().year
    assert reverse("goals-regional-create") in response.content.decode()
    bad = client.get(reverse("goals-overview"), {"tahun": "abc"})
    assert bad.status_code == 400 and "Tahun harus berupa angka" in bad.content.decode()
    partial = client.get(
        reverse("goals-overview"), {"tahun": TAHUN}, HTTP_HX_TARGET="goals-body", **HTMX
    )
    assert partial.status_code == 200 and b"<html" not in partial.content


def test_goals_of_other_years_are_not_in_the_tree(login, personas):
    tujuan(personas, "T-LAMA", mulai=2019, selesai=2023)
    tujuan(personas, "T-KINI", mulai=2025, selesai=2029)
    response = login(personas.user("ani")).get(reverse("goals-overview"), {"tahun": TAHUN})
    kodes = [b.obj.goal.kode for b in response.context["tujuan_blocks"]]
    assert kodes == ["T-KINI"]


@pytest.mark.parametrize("who", ["ani", "dodi", "fajar", "citra"])
def test_pk_page_is_readable_by_the_instansi(login, personas, who):
    s = sasaran_pk(personas)
    indikator(personas, s, target="12.5")
    response = login(personas.user(who)).get(pk_url(personas))
    html = response.content.decode()
    assert response.status_code == 200
    assert s.uraian in html and "Cakupan imunisasi dasar lengkap" in html and ">12,5<" in html
    assert response.context["can_edit"] == (who in {"fajar", "citra"})
    assert (reverse("goals-sasaran-add", args=[s.perjanjian.unit_id, TAHUN]) in html) == (
        who in {"fajar", "citra"}
    )


def test_unit_of_another_instansi_is_not_found(login, personas):
    unit = other_unit(personas)
    client = login(personas.user("citra"))
    assert client.get(reverse("goals-pk", args=[unit.pk, TAHUN])).status_code == 404
    add = reverse("goals-sasaran-add", args=[unit.pk, TAHUN])
    assert client.post(add, {"uraian": "X"}).status_code == 404
    s = sasaran_pk(personas)
    stranger = login(personas.user("stranger"))
    assert stranger.get(pk_url(personas)).status_code == 404
    assert stranger.post(reverse("goals-sasaran-delete", args=[s.pk])).status_code == 404
    assert SasaranStrategis.objects.filter(pk=s.pk).exists()
    theirs = tujuan(personas, "TX", instansi=personas.other_instansi)
    delete = reverse("goals-regional-delete", args=[theirs.pk])
    assert login(personas.user("citra")).post(delete).status_code == 404
    assert RegionalGoal.objects.filter(pk=theirs.pk).exists()


def test_pk_page_of_a_seksi_points_to_its_opd(login, personas):
    client = login(personas.user("citra"))
    response = client.get(pk_url(personas, "surveilans"))
    assert response.status_code == 200 and response.context["can_edit"] is False
    assert response.context["opd"] == personas.units["dinkes"]
    add = reverse("goals-sasaran-add", args=[personas.units["surveilans"].pk, TAHUN])
    refused = client.post(add, {"uraian": "Sasaran seksi"}, **HTMX)
    assert refused.status_code == 400 and "unit setingkat OPD" in refused.content.decode()
    assert not PerjanjianKinerja.objects.exists()


def test_pk_page_rejects_an_absurd_year(login, personas):
    client = login(personas.user("ani"))
    assert client.get(pk_url(personas, tahun=1900)).status_code == 404


# --- Pages: writing ----------------------------------------------------------------------


def test_citra_creates_rpjmd_tujuan_and_sasaran(login, personas):
    client = login(personas.user("citra"))
    url = reverse("goals-regional-create") + f"?tahun={TAHUN}"
    data = {"jenis": "tujuan", "kode": "T1", "uraian": "Meningkatnya kualitas SDM"}
    response = client.post(url, {**data, "tahun_mulai": 2025, "tahun_selesai": 2029}, **HTMX)
    assert response.status_code == 200
    t = RegionalGoal.objects.get(kode="T1")
    assert "Meningkatnya kualitas SDM" in response.content.decode()
    response = client.post(
        url,
        {
            "jenis": "sasaran",
            "parent": t.pk,
            "kode": "S1.1",
            "uraian": "Meningkatnya derajat kesehatan",
            "indikator": "Usia harapan hidup",
            "tahun_mulai": 2025,
            "tahun_selesai": 2029,
        },
    )
    assert response.status_code == 302
    s = RegionalGoal.objects.get(kode="S1.1")
    assert s.parent == t and s.jenis == JenisSasaranDaerah.SASARAN
    assert AuditEvent.objects.filter(action="create_regional_goal", actor=personas.user("citra"))
    update = reverse("goals-regional-update", args=[s.pk]) + f"?tahun={TAHUN}"
    changed = {"kode": "S1.1", "uraian": "Diubah", "tahun_mulai": 2025, "tahun_selesai": 2029}
    response = client.post(update, {**changed, "parent": t.pk}, **HTMX)
    assert response.status_code == 200
    s.refresh_from_db()
    assert s.uraian == "Diubah"
    delete = reverse("goals-regional-delete", args=[s.pk])
    assert client.post(delete, **HTMX).status_code == 200
    assert not RegionalGoal.objects.filter(pk=s.pk).exists()


def test_duplicate_goal_kode_through_the_page_is_a_400(login, personas):
    tujuan(personas, "T1")
    before = state()
    response = login(personas.user("citra")).post(
        reverse("goals-regional-create"),
        {"jenis": "tujuan", "kode": "T1", "uraian": "Lagi", "tahun_mulai": 2025},
        **HTMX,
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Tahun akhir wajib diisi." in html
    response = login(personas.user("citra")).post(
        reverse("goals-regional-create") + f"?tahun={TAHUN}",
        {"jenis": "tujuan", "kode": "T1", "uraian": "Lagi", "tahun_mulai": 2025,
         "tahun_selesai": 2029},
        **HTMX,
    )  # fmt: skip
    assert response.status_code == 400 and "Kode T1 sudah dipakai" in response.content.decode()
    assert state() == before


@pytest.mark.parametrize("who", ["fajar", "ani", "dodi"])
def test_only_admin_bkpsdm_edits_rpjmd(login, personas, who):
    t = tujuan(personas)
    client = login(personas.user(who))
    before = state()
    data = {"jenis": "tujuan", "kode": "T2", "uraian": "X", "tahun_mulai": 2025,
            "tahun_selesai": 2029}  # fmt: skip
    assert client.post(reverse("goals-regional-create"), data).status_code == 403
    update = reverse("goals-regional-update", args=[t.pk])
    assert client.post(update, {**data, "kode": "T1"}).status_code == 403
    assert client.post(reverse("goals-regional-delete", args=[t.pk])).status_code == 403
    assert state() == before


def test_citra_edits_any_pk(login, personas):
    t = tujuan(personas)
    s = sasaran_rpjmd(personas, t)
    client = login(personas.user("citra"))
    add = reverse("goals-sasaran-add", args=[personas.units["disdik"].pk, TAHUN])
    response = client.post(add, {"kode": "SS1", "uraian": "Meningkatnya mutu pendidikan",
                                 "regional_goal": s.pk}, **HTMX)  # fmt: skip
    assert response.status_code == 200
    created = SasaranStrategis.objects.get(uraian="Meningkatnya mutu pendidikan")
    assert created.perjanjian.unit == personas.units["disdik"] and created.regional_goal == s
    assert "Meningkatnya mutu pendidikan" in response.content.decode()
    ind_add = reverse("goals-indikator-add", args=[created.pk])
    response = client.post(ind_add, {"uraian": "Angka partisipasi", "target": "97,5",
                                     "satuan": "%"})  # fmt: skip
    assert response.status_code == 302 and response["Location"] == pk_url(personas, "disdik")
    assert created.indikator.get().target == Decimal("97.5")


def test_fajar_edits_the_dinkes_pk_but_not_the_disdik_pk(login, personas):
    client = login(personas.user("fajar"))
    add = reverse("goals-sasaran-add", args=[personas.units["dinkes"].pk, TAHUN])
    response = client.post(add, {"uraian": "Menurunnya stunting"}, **HTMX)
    assert response.status_code == 200
    s = SasaranStrategis.objects.get(uraian="Menurunnya stunting")
    response = client.post(
        reverse("goals-indikator-add", args=[s.pk]),
        {"uraian": "Prevalensi stunting", "target": "14", "satuan": "%"},
        **HTMX,
    )
    assert response.status_code == 200
    ind = s.indikator.get()
    response = client.post(
        reverse("goals-indikator-update", args=[ind.pk]),
        {"uraian": "Prevalensi stunting balita", "target": "12,25", "satuan": "%"},
        **HTMX,
    )
    assert response.status_code == 200
    ind.refresh_from_db()
    assert (ind.uraian, ind.target) == ("Prevalensi stunting balita", Decimal("12.25"))
    assert client.post(reverse("goals-indikator-delete", args=[ind.pk]), **HTMX).status_code == 200
    assert not s.indikator.exists()
    update = reverse("goals-sasaran-update", args=[s.pk])
    assert client.post(update, {"uraian": "Turunnya stunting"}, **HTMX).status_code == 200
    assert client.post(reverse("goals-sasaran-delete", args=[s.pk]), **HTMX).status_code == 200
    assert not SasaranStrategis.objects.filter(pk=s.pk).exists()

    disdik = sasaran_pk(personas, "disdik", uraian="Sasaran Disdik")
    ind = indikator(personas, disdik)
    before = state()
    disdik_add = reverse("goals-sasaran-add", args=[personas.units["disdik"].pk, TAHUN])
    assert client.post(disdik_add, {"uraian": "Bukan urusan Fajar"}).status_code == 403
    assert client.get(pk_url(personas, "disdik")).context["can_edit"] is False
    for name, pk, data in [
        ("goals-sasaran-update", disdik.pk, {"uraian": "X"}),
        ("goals-sasaran-delete", disdik.pk, {}),
        ("goals-indikator-add", disdik.pk, {"uraian": "X", "target": "1", "satuan": "%"}),
        ("goals-indikator-update", ind.pk, {"uraian": "X", "target": "1", "satuan": "%"}),
        ("goals-indikator-delete", ind.pk, {}),
    ]:
        assert client.post(reverse(name, args=[pk]), data, **HTMX).status_code == 403, name
    assert state() == before


def test_ani_reads_but_every_post_is_refused(login, personas):
    t = tujuan(personas)
    s = sasaran_pk(personas)
    ind = indikator(personas, s)
    client = login(personas.user("ani"))
    assert client.get(reverse("goals-overview")).status_code == 200
    assert client.get(pk_url(personas)).status_code == 200
    before = state()
    indikator_data = {"uraian": "X", "target": "1", "satuan": "%"}
    posts = [
        (reverse("goals-regional-create"), {"jenis": "tujuan", "kode": "T2", "uraian": "X"}),
        (reverse("goals-regional-update", args=[t.pk]), {"kode": "T1", "uraian": "X"}),
        (reverse("goals-regional-delete", args=[t.pk]), {}),
        (reverse("goals-sasaran-add", args=[personas.units["dinkes"].pk, TAHUN]), {"uraian": "X"}),
        (reverse("goals-sasaran-update", args=[s.pk]), {"uraian": "X"}),
        (reverse("goals-sasaran-delete", args=[s.pk]), {}),
        (reverse("goals-indikator-add", args=[s.pk]), indikator_data),
        (reverse("goals-indikator-update", args=[ind.pk]), indikator_data),
        (reverse("goals-indikator-delete", args=[ind.pk]), {}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
        assert client.post(url, data, **HTMX).status_code == 403, url
    assert state() == before


def test_get_on_a_write_url_is_not_allowed(login, personas):
    s = sasaran_pk(personas)
    client = login(personas.user("citra"))
    assert client.get(reverse("goals-sasaran-delete", args=[s.pk])).status_code == 405


# --- Bad input: 400, an Indonesian message, nothing changed -------------------------------


def test_negative_target_is_a_400(login, personas):
    s = sasaran_pk(personas)
    ind = indikator(personas, s)
    client = login(personas.user("fajar"))
    before = state()
    for url in (
        reverse("goals-indikator-add", args=[s.pk]),
        reverse("goals-indikator-update", args=[ind.pk]),
    ):
        response = client.post(url, {"uraian": "Cakupan", "target": "-5", "satuan": "%"}, **HTMX)
        assert response.status_code == 400
        assert "Target tidak boleh negatif." in response.content.decode()
    response = client.post(
        reverse("goals-indikator-add", args=[s.pk]),
        {"uraian": "Cakupan", "target": "sembilan", "satuan": "%"},
    )
    assert response.status_code == 400 and "Target harus berupa angka" in response.content.decode()
    assert state() == before


def test_sasaran_pointing_to_a_tujuan_is_a_400(login, personas):
    t = tujuan(personas)
    s = sasaran_pk(personas)
    client = login(personas.user("citra"))
    before = state()
    response = client.post(
        reverse("goals-sasaran-update", args=[s.pk]),
        {"uraian": s.uraian, "regional_goal": t.pk},
        **HTMX,
    )
    assert response.status_code == 400
    assert "hanya dapat mendukung sasaran RPJMD, bukan tujuan" in response.content.decode()
    add = reverse("goals-sasaran-add", args=[personas.units["disdik"].pk, TAHUN])
    response = client.post(add, {"uraian": "Baru", "regional_goal": t.pk})
    assert response.status_code == 400 and "bukan tujuan" in response.content.decode()
    assert state() == before  # and no empty PK was left for Disdik


def test_missing_uraian_is_a_400(login, personas):
    s = sasaran_pk(personas)
    client = login(personas.user("citra"))
    before = state()
    cases = [
        (reverse("goals-sasaran-add", args=[personas.units["disdik"].pk, TAHUN]), {"uraian": ""},
         "Uraian sasaran strategis wajib diisi."),
        (reverse("goals-sasaran-update", args=[s.pk]), {"uraian": "  "},
         "Uraian sasaran strategis wajib diisi."),
        (reverse("goals-indikator-add", args=[s.pk]), {"target": "1", "satuan": "%"},
         "Uraian indikator wajib diisi."),
        (reverse("goals-regional-create"),
         {"jenis": "tujuan", "kode": "T1", "tahun_mulai": 2025, "tahun_selesai": 2029},
         "Uraian wajib diisi."),
    ]  # fmt: skip
    for url, data, message in cases:
        response = client.post(url, data, **HTMX)
        assert response.status_code == 400, url
        assert message in response.content.decode(), url
    full_page = client.post(cases[0][0], cases[0][1])
    assert full_page.status_code == 400 and b"<html" in full_page.content
    assert state() == before


def test_deleting_a_sasaran_referenced_by_an_rhk_is_refused_on_the_page(login, personas):
    s = sasaran_pk(personas)
    rhk_on(personas, s)
    before = state()
    response = login(personas.user("fajar")).post(
        reverse("goals-sasaran-delete", args=[s.pk]), **HTMX
    )
    assert response.status_code == 400 and "sumber RHK" in response.content.decode()
    assert state() == before


# --- Query counts --------------------------------------------------------------------------


def _fill(personas, n_sasaran, per_sasaran=3):
    t = tujuan(personas, f"T{n_sasaran}")
    goal = sasaran_rpjmd(personas, t, f"S{n_sasaran}")
    for unit_key in ("dinkes", "disdik"):
        for i in range(n_sasaran):
            s = sasaran_pk(personas, unit_key, uraian=f"Sasaran {unit_key} {i}", goal=goal)
            for j in range(per_sasaran):
                indikator(personas, s, uraian=f"Indikator {i}.{j}")


def _queries(client, url, **params):
    client.get(url, params)  # warm the session and the caches
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("who", ["citra", "ani"])
def test_overview_and_pk_query_counts_do_not_grow(login, personas, who):
    client = login(personas.user(who))
    _fill(personas, 3)
    small = (
        _queries(client, reverse("goals-overview"), tahun=TAHUN),
        _queries(client, pk_url(personas)),
    )
    _fill(personas, 12)
    big = (
        _queries(client, reverse("goals-overview"), tahun=TAHUN),
        _queries(client, pk_url(personas)),
    )
    assert big == small
    assert max(big) <= 20
    assert SasaranStrategis.objects.filter(perjanjian__unit=personas.units["dinkes"]).count() == 15


# --- the PK status as Excel -------------------------------------------------------------------

GOALS_EXPORT = reverse("goals-overview-export")


def _sheet(response) -> list[tuple]:
    import io

    from openpyxl import load_workbook

    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    return list(load_workbook(io.BytesIO(body)).active.iter_rows(values_only=True))


@pytest.mark.parametrize("who", ["ani", "fajar", "citra"])
def test_the_pk_status_export_has_the_opds_of_the_page(login, personas, who):
    sasaran_pk(personas, goal=sasaran_rpjmd(personas, tujuan(personas)))
    Unit.objects.filter(pk=personas.units["disdik"].pk).update(nama="=1+1")
    client = login(personas.user(who))
    page = client.get(reverse("goals-overview"), {"tahun": TAHUN})
    assert f"{GOALS_EXPORT}?tahun={TAHUN}" in page.content.decode()
    rows = _sheet(client.get(GOALS_EXPORT, {"tahun": TAHUN}))
    assert rows[0] == ("OPD", "Status PK", "Sasaran", "Indikator", "Belum terkait RPJMD")
    assert len(rows) == 1 + len(page.context["opd_rows"])  # the same OPDs, no more
    by_name = {r[0]: r for r in rows[1:]}
    assert by_name["Dinas Kesehatan"][1:] == ("Terisi", 1, 0, 0)
    assert by_name["'=1+1"][1] == "Belum ada PK"  # the name as text, no formula


def test_the_pk_status_export_of_another_year_and_a_bad_year(login, personas):
    sasaran_pk(personas)
    client = login(personas.user("ani"))
    rows = _sheet(client.get(GOALS_EXPORT, {"tahun": TAHUN + 1}))
    assert all(r[1] == "Belum ada PK" for r in rows[1:])
    assert client.get(GOALS_EXPORT, {"tahun": "abc"}).status_code == 400


def test_the_pk_status_export_does_not_grow_in_queries(login, personas):
    client = login(personas.user("ani"))
    with CaptureQueriesContext(connection) as few:
        _sheet(client.get(GOALS_EXPORT, {"tahun": TAHUN}))
    sasaran_pk(personas)
    sasaran_pk(personas, unit_key="disdik", uraian="Meningkatnya mutu pendidikan")
    with CaptureQueriesContext(connection) as many:
        _sheet(client.get(GOALS_EXPORT, {"tahun": TAHUN}))
    assert len(many) == len(few) == QUERIES_PK_STATUS_EXPORT


QUERIES_PK_STATUS_EXPORT = 9
