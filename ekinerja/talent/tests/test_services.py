"""Writing competence records: add, change and delete, audited; refused values and refused
actors change nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ekinerja.core.models import AuditEvent
from ekinerja.talent import services
from ekinerja.talent.models import CompetencyAssessment, Education, Training

from .helpers import education

pytestmark = pytest.mark.django_db


def test_an_admin_adds_changes_and_deletes_an_education_record(personas):
    citra = personas.user("citra")
    record = services.record_education(
        actor=citra, employee=personas.ani, jenjang="s1", tahun_lulus=2012,
        jurusan=" Kesehatan Masyarakat ", nama_institusi="Universitas Hasanuddin",
    )  # fmt: skip
    assert (record.instansi, record.jurusan) == (personas.instansi, "Kesehatan Masyarakat")
    added = AuditEvent.objects.get(action="tambah_riwayat_pendidikan")
    assert added.data["sesudah"]["tahun_lulus"] == 2012 and added.data["sebelum"] is None

    services.record_education(
        actor=citra, employee=personas.ani, jenjang="s1", tahun_lulus=2013,
        jurusan="Kesehatan Masyarakat", record=record,
    )  # fmt: skip
    record.refresh_from_db()
    assert (record.tahun_lulus, record.nama_institusi) == (2013, "")
    changed = AuditEvent.objects.get(action="ubah_riwayat_pendidikan")
    assert (changed.data["sebelum"]["tahun_lulus"], changed.data["sesudah"]["tahun_lulus"]) == (
        2012, 2013,
    )  # fmt: skip

    services.delete_competence_record(actor=citra, record=record)
    assert not Education.objects.exists()
    assert (
        AuditEvent.objects.get(action="hapus_riwayat_pendidikan").data["sebelum"]["jenjang"] == "s1"
    )


def test_a_training_without_an_end_date_lasted_one_day(personas):
    record = services.record_training(
        actor=personas.user("fajar"), employee=personas.ani, nama="Bimtek SKP",
        tanggal_mulai=dt.date(2026, 2, 10), jam_pelajaran=8,
    )  # fmt: skip
    assert record.tanggal_selesai == dt.date(2026, 2, 10) and record.jenis == "teknis"
    assert AuditEvent.objects.filter(action="tambah_riwayat_diklat", actor=personas.user("fajar"))


def test_an_assessment_is_recorded(personas):
    record = services.record_assessment(
        actor=personas.user("citra"), employee=personas.dodi, tanggal=dt.date(2026, 9, 1),
        lembaga="Kantor Regional BKN", nilai=Decimal("82.5"), metode="cat",
    )  # fmt: skip
    record.refresh_from_db()
    assert (record.nilai, record.metode) == (Decimal("82.50"), "cat")


def _education(jenjang: str, tahun: int):
    def write(p, a):
        services.record_education(actor=a, employee=p.ani, jenjang=jenjang, tahun_lulus=tahun)

    return write


def _training(nama: str, mulai: dt.date, selesai: dt.date | None, jp: int):
    def write(p, a):
        services.record_training(
            actor=a, employee=p.ani, nama=nama, tanggal_mulai=mulai, tanggal_selesai=selesai,
            jam_pelajaran=jp,
        )  # fmt: skip

    return write


def _assessment(tanggal: dt.date, nilai: Decimal):
    def write(p, a):
        services.record_assessment(
            actor=a, employee=p.ani, tanggal=tanggal, lembaga="BKN", nilai=nilai
        )

    return write


MARCH = dt.date(2026, 3, 5)


@pytest.mark.parametrize(
    ("write", "messages"),
    [
        (_education("s1", 2027), {"tahun_lulus": ["Tahun lulus 2027 belum terjadi."]}),
        (_education("s4", 2010), {"jenjang": ["Jenjang pendidikan tidak dikenal."]}),
        (
            _training("Diklat", MARCH, dt.date(2026, 3, 1), 8),
            {"tanggal_selesai": ["Tanggal selesai tidak boleh sebelum tanggal mulai."]},
        ),
        (
            _training("Diklat", dt.date(2026, 11, 20), dt.date(2026, 11, 25), 8),
            {"tanggal_selesai": ["Diklat yang dicatat harus sudah selesai (tanggal selesai)."]},
        ),
        (
            _training(" ", MARCH, None, 0),
            {
                "nama": ["Nama diklat wajib diisi."],
                "jam_pelajaran": ["Jam pelajaran harus 1 sampai 2000 JP, bukan 0."],
            },
        ),
        (
            _assessment(dt.date(2026, 12, 1), Decimal(101)),
            {
                "tanggal": ["Tanggal penilaian belum terjadi."],
                "nilai": ["Nilai harus 0 sampai 100, bukan 101."],
            },
        ),
    ],
)
def test_refused_values_change_nothing(personas, write, messages):
    with pytest.raises(ValidationError) as refused:
        write(personas, personas.user("citra"))
    assert refused.value.message_dict == messages
    assert not (Education.objects.exists() or Training.objects.exists())
    assert not CompetencyAssessment.objects.exists() and not AuditEvent.objects.exists()


def test_a_second_record_with_the_same_key_is_refused_with_a_message(personas):
    education(personas.ani, "s1", 2012, "Hukum")
    with pytest.raises(ValidationError, match="sudah tercatat"):
        services.record_education(
            actor=personas.user("citra"), employee=personas.ani, jenjang="s1",
            tahun_lulus=2014, jurusan="Hukum",
        )  # fmt: skip
    assert Education.objects.get().tahun_lulus == 2012


@pytest.mark.parametrize(("name", "employee"), [("fajar", "dodi"), ("budi", "ani"), ("ani", "ani"),
                                                ("stranger", "ani"), ("gita", "ani")])  # fmt: skip
def test_who_may_not_write_is_refused(personas, name, employee):
    target = getattr(personas, employee)
    with pytest.raises(PermissionDenied):
        services.record_education(
            actor=personas.user(name), employee=target, jenjang="s1", tahun_lulus=2010
        )
    record = education(target, "sma", 2005)
    with pytest.raises(PermissionDenied):
        services.delete_competence_record(actor=personas.user(name), record=record)
    assert list(Education.objects.values_list("jenjang", flat=True)) == ["sma"]


def test_a_record_cannot_move_to_another_employee(personas):
    record = education(personas.ani, "s1", 2012)
    with pytest.raises(ValidationError, match="pegawai lain"):
        services.record_education(
            actor=personas.user("citra"), employee=personas.intan, jenjang="s1",
            tahun_lulus=2012, record=record,
        )  # fmt: skip
    record.refresh_from_db()
    assert record.employee == personas.ani
