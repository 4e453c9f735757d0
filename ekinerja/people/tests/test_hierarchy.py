import datetime as dt

from ekinerja.people import hierarchy
from ekinerja.people.choices import JenisPenugasan
from ekinerja.people.models import Assignment
from ekinerja.people.testing import make_employee

DAY = dt.date(2026, 11, 2)


def test_penilai_and_atasan_penilai_follow_the_position_tree(personas):
    penilai = hierarchy.pejabat_penilai(personas.ani, DAY)
    atasan = hierarchy.atasan_pejabat_penilai(personas.ani, DAY)
    assert penilai.employee == personas.budi and not penilai.acting and not penilai.escalated
    assert atasan.employee == personas.eka


def test_sekda_is_evaluated_by_the_kepala_daerah(personas):
    penilai = hierarchy.pejabat_penilai(personas.sekda, DAY)
    assert penilai.employee == personas.bupati
    assert hierarchy.atasan_pejabat_penilai(personas.sekda, DAY) is None


def test_plt_acts_as_penilai_of_the_vacant_positions_subordinates(personas):
    Assignment.objects.filter(employee=personas.budi).update(selesai=DAY - dt.timedelta(days=1))
    plt = make_employee(personas.instansi, "Plt Kasi", position=personas.positions["staf_setda"])
    Assignment.objects.create(
        employee=plt, position=personas.positions["kasi"], jenis=JenisPenugasan.PLT, mulai=DAY
    )
    penilai = hierarchy.pejabat_penilai(personas.ani, DAY)
    assert penilai.employee == plt and penilai.acting
    assert hierarchy.subordinate_ids(plt, DAY) == {personas.ani.pk, personas.intan.pk}
    # Plt's own penilai still comes from their definitive seat.
    assert hierarchy.pejabat_penilai(plt, DAY).employee == personas.sekda


def test_vacant_position_without_plt_escalates_one_level(personas):
    Assignment.objects.filter(employee=personas.budi).update(selesai=DAY - dt.timedelta(days=1))
    penilai = hierarchy.pejabat_penilai(personas.ani, DAY)
    assert penilai.employee == personas.eka and penilai.escalated
    assert personas.ani.pk in hierarchy.subordinate_ids(personas.eka, DAY)


def test_subordinates_are_the_inverse_of_penilai(personas):
    assert hierarchy.subordinate_ids(personas.budi, DAY) == {personas.ani.pk, personas.intan.pk}
    assert hierarchy.subordinate_ids(personas.eka, DAY) == {personas.budi.pk}
    assert hierarchy.subordinate_ids(personas.ani, DAY) == set()
    assert personas.sekda.pk in hierarchy.subordinate_ids(personas.bupati, DAY)


def test_assignment_in_the_future_does_not_count_yet(personas):
    assert hierarchy.pejabat_penilai(personas.ani, dt.date(2023, 12, 31)) is None


def test_subordinates_of_many_are_the_union_of_each_in_bounded_queries(
    personas, django_assert_max_num_queries
):
    chiefs = {personas.sekda.pk, personas.budi.pk, personas.kadisdik.pk}
    expected = set().union(
        *(
            hierarchy.subordinate_ids(getattr(personas, n), DAY)
            for n in ("sekda", "budi", "kadisdik")
        )
    )
    with django_assert_max_num_queries(2 + 2 * 4 + 2):
        found = hierarchy.subordinate_ids_of_many(chiefs, DAY)
    assert found == expected
    assert {personas.ani.pk, personas.dodi.pk, personas.kadinkes.pk} <= found
    assert hierarchy.subordinate_ids_of_many(set(), DAY) == set()


def test_penilai_map_agrees_with_pejabat_penilai_for_everyone(personas):
    Assignment.objects.filter(employee=personas.budi).update(selesai=DAY - dt.timedelta(days=1))
    found = hierarchy.penilai_map(personas.instansi.pk, DAY)
    for employee in personas.instansi.employee_set.all():
        penilai = hierarchy.pejabat_penilai(employee, DAY)
        assert found.get(employee.pk) == (penilai.employee.pk if penilai else None), employee
    assert found[personas.ani.pk] == personas.eka.pk  # the vacant Kasi escalates


def test_indirect_subordinates_follow_the_atasan_penilai_also_for_a_plt_elsewhere(personas):
    from ekinerja.org.choices import JenisJabatan as J
    from ekinerja.people.testing import make_position

    units, positions = personas.units, personas.positions
    # Budi (Kasi under Eka) is also Plt of a vacant Kasi post in Dinas Pendidikan, under the
    # Kadisdik, and Plt of a vacant post below his own seat.
    elsewhere = make_position(
        units["disdik"], "KASI-X", "Kepala Seksi X", J.PENGAWAS, 9, positions["kadisdik"]
    )
    below = make_position(units["p2p"], "SUB-KASI", "Koordinator", J.PENGAWAS, 8, positions["kasi"])
    for position in (elsewhere, below):
        Assignment.objects.create(
            employee=personas.budi, position=position, jenis=JenisPenugasan.PLT, mulai=DAY
        )
    far = make_employee(personas.instansi, "Staf Jauh", position=make_position(
        units["disdik"], "STAF-X", "Staf X", J.PELAKSANA, 5, elsewhere))  # fmt: skip
    near = make_employee(personas.instansi, "Staf Dekat", position=make_position(
        units["p2p"], "STAF-Y", "Staf Y", J.PELAKSANA, 5, below))  # fmt: skip

    assert hierarchy.atasan_pejabat_penilai(far, DAY).employee == personas.kadisdik
    assert hierarchy.atasan_pejabat_penilai(near, DAY).employee == personas.eka
    everyone = list(personas.instansi.employee_set.all())
    for chief in everyone:
        expected = set()
        for employee in everyone:
            atasan = hierarchy.atasan_pejabat_penilai(employee, DAY)
            if atasan is not None and atasan.employee.pk == chief.pk:
                expected.add(employee.pk)
        assert hierarchy.indirect_subordinate_ids(chief, DAY) == expected, chief
