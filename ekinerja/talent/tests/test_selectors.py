"""The talent map: who lands in which box, where the predikat comes from, which records count
for the year, the region's policy, and a fixed number of queries whatever the unit's size."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from ekinerja.people.access import roles_for
from ekinerja.people.testing import make_employee
from ekinerja.talent import access, selectors
from ekinerja.talent.models import TalentPolicy
from ekinerja.talent.rules import Level

from .helpers import assessment, education, evaluate, period, skp_of, training

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluated(personas):
    """2026: Ani annual Sangat Baik (and a Kurang quarter), Intan two quarters (the latest
    Butuh Perbaikan) and a draft annual, Budi only a draft, Eka only a 2025 evaluation."""
    p2026, p2025 = period(personas, 2026), period(personas, 2025)
    ani, intan = skp_of(personas.ani, p2026), skp_of(personas.intan, p2026)
    evaluate(ani, "kurang", periode_ke=1)
    evaluate(ani, "sangat_baik")
    evaluate(intan, "baik", periode_ke=1)
    evaluate(intan, "butuh_perbaikan", periode_ke=3, status="diterima")
    evaluate(intan, "", status="draf")
    evaluate(skp_of(personas.budi, p2026), "", periode_ke=2, status="draf")
    evaluate(skp_of(personas.eka, p2025), "baik")
    # Ani: S-2 (90 x 30%), 24 JP of 20 (100 x 20%), assessed 88 (x 50%) = 91: tinggi.
    education(personas.ani, "s1", 2012, "Kesehatan Masyarakat")
    education(personas.ani, "s2", 2026, "Epidemiologi")
    training(personas.ani, "Pelatihan Surveilans", dt.date(2026, 3, 10), 16)
    training(personas.ani, "Bimtek SKP", dt.date(2026, 8, 5), 8)
    training(personas.ani, "Pelatihan Lama", dt.date(2025, 12, 31), 40)
    assessment(personas.ani, dt.date(2025, 10, 1), "70")
    assessment(personas.ani, dt.date(2026, 3, 1), "88")
    return personas


def test_each_employee_lands_in_the_box_of_their_kinerja_and_potensi(evaluated):
    personas = evaluated
    talent = selectors.talent_map(personas.user("citra"), personas.units["p2p"], 2026)

    by_name = {entry.nama: entry for entry in talent.entries}
    assert set(by_name) == {"Eka Saputra", "Budi Santoso", "Ani Lestari", "Intan Permata"}
    ani = by_name["Ani Lestari"]
    assert (ani.potensi.skor, ani.potensi.level) == (Decimal("91.00"), Level.TINGGI)
    assert (ani.kotak.nomor, ani.predikat, ani.sumber) == (9, "sangat_baik", "tahunan")
    intan = by_name["Intan Permata"]
    assert (intan.potensi.skor, intan.potensi.level) == (Decimal("0.00"), Level.RENDAH)
    assert (intan.kotak.nomor, intan.predikat, intan.sumber) == (1, "butuh_perbaikan", "periode 3")
    assert [e.nama for e in talent.boxes[9].entries] == ["Ani Lestari"]
    assert [e.nama for e in talent.boxes[1].entries] == ["Intan Permata"]
    # A draft is no evaluation, nor is another year's: listed, not dropped.
    assert [e.nama for e in talent.belum_dinilai] == ["Budi Santoso", "Eka Saputra"]
    assert all(e.kotak is None for e in talent.belum_dinilai)
    assert (talent.total, talent.dinilai) == (4, 2)
    assert sum(box.count for box in talent.boxes.values()) == 2
    assert [[box.kotak.nomor for box in row] for row in talent.grid] == [
        [6, 8, 9], [3, 5, 7], [1, 2, 4],
    ]  # fmt: skip


def test_the_map_covers_the_unit_and_the_units_below_it_only(evaluated):
    personas = evaluated
    citra = personas.user("citra")
    seksi = selectors.talent_map(citra, personas.units["surveilans"], 2026)
    assert {e.nama for e in seksi.entries} == {"Budi Santoso", "Ani Lestari", "Intan Permata"}
    disdik = selectors.talent_map(citra, personas.units["disdik"], 2026)
    assert {e.nama for e in disdik.entries} == {"Kadisdik Uji", "Dodi Pratama"}
    top = selectors.talent_map(citra, personas.units["pimpinan"], 2026)
    assert "Bupati Uji" not in {e.nama for e in top.entries}  # not an ASN
    assert len(top.entries) == 12


def test_records_count_for_the_year_they_belong_to(evaluated):
    personas = evaluated
    talent = selectors.talent_map(personas.user("citra"), personas.units["surveilans"], 2025)
    ani = next(e for e in talent.entries if e.nama == "Ani Lestari")
    # 2025: S-1 (75 x 30%), 40 JP (100 x 20%), the assessment of October 2025 (70 x 50%).
    assert (ani.potensi.skor_pendidikan, ani.potensi.skor_diklat, ani.potensi.skor_asesmen) == (
        Decimal("75.00"), Decimal("100.00"), Decimal("70.00"),
    )  # fmt: skip
    assert ani.potensi.skor == Decimal("77.50") and ani.potensi.level == Level.MENENGAH
    assert ani.kotak is None  # Ani has no evaluation of 2025


def test_the_policy_in_force_at_the_years_end_applies(evaluated):
    personas = evaluated
    TalentPolicy.objects.create(
        instansi=personas.instansi, berlaku_mulai=dt.date(2026, 7, 1), bobot_pendidikan=0,
        bobot_diklat=0, bobot_asesmen=100, batas_menengah=Decimal(50),
        batas_tinggi=Decimal(90), target_jp=40,
    )  # fmt: skip
    TalentPolicy.objects.create(instansi=personas.instansi, berlaku_mulai=dt.date(2027, 1, 1))
    talent = selectors.talent_map(personas.user("citra"), personas.units["surveilans"], 2026)
    ani = next(e for e in talent.entries if e.nama == "Ani Lestari")
    assert (ani.potensi.skor, ani.potensi.level, ani.kotak.nomor) == (
        Decimal("88.00"), Level.MENENGAH, 7,
    )  # fmt: skip
    assert talent.policy.target_jp == 40
    # A region without a row gets the defaults.
    assert selectors.policy_for_year(personas.other_instansi.pk, 2026).as_rules().target_jp == 20


def test_a_user_outside_the_unit_is_refused(evaluated):
    personas = evaluated
    with pytest.raises(PermissionDenied):
        selectors.talent_map(personas.user("fajar"), personas.units["disdik"], 2026)
    with pytest.raises(PermissionDenied):
        selectors.talent_map(personas.user("budi"), personas.units["p2p"], 2026)
    assert selectors.talent_map(personas.user("budi"), personas.units["surveilans"], 2026).total


@pytest.mark.parametrize("extra", [2, 20])
def test_the_map_reads_in_a_fixed_number_of_queries(personas, django_assert_num_queries, extra):
    p2026 = period(personas)
    for n in range(extra):
        employee = make_employee(
            personas.instansi, f"Pegawai {n:02d}", position=personas.positions["staf"],
            with_login=False,
        )  # fmt: skip
        evaluate(skp_of(employee, p2026), ["baik", "sangat_baik", "kurang"][n % 3])
        education(employee, "s1", 2010)
        training(employee, "Diklat", dt.date(2026, 5, 1), 10 + n)
        assessment(employee, dt.date(2026, 2, 1), str(60 + n))
    user = personas.user("fajar")
    roles_for(user), access.talent_unit_scope(user)  # the request's roles, read once anyway
    with django_assert_num_queries(7):
        talent = selectors.talent_map(user, personas.units["surveilans"], 2026)
    assert talent.total == extra + 3 and talent.dinilai == extra


def test_an_employees_own_records_and_potensi(evaluated):
    personas = evaluated
    records = selectors.competence_records(personas.ani, 2026)
    assert [r.jenjang for r in records.educations] == ["s2", "s1"]
    assert records.trainings[0].nama == "Bimtek SKP"
    assert [str(r.nilai) for r in records.assessments] == ["88.00", "70.00"]
    assert records.jp_tahun_ini == 24 and records.potensi.skor == Decimal("91.00")


def test_a_policy_breaking_the_rules_is_refused(personas):
    from django.core.exceptions import ValidationError
    from django.db import IntegrityError, transaction

    policy = TalentPolicy(
        instansi=personas.instansi, berlaku_mulai=dt.date(2026, 1, 1), bobot_asesmen=40,
        batas_tinggi=Decimal(50), skor_pendidikan={"s9": 10},
    )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        policy.full_clean()
    assert set(refused.value.message_dict) == {"bobot_asesmen", "batas_tinggi", "skor_pendidikan"}
    with pytest.raises(IntegrityError), transaction.atomic():
        policy.save()  # the database keeps the weights at 100 and the thresholds in order
    policy.skor_pendidikan = ["s1"]
    with pytest.raises(ValidationError, match="skor per jenjang"):
        policy.clean()
    assert not TalentPolicy.objects.exists()
