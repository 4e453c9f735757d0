"""Planning data for the demo Kabupaten Sukamaju: the SKP period, RPJMD goals, a Perjanjian
Kinerja per OPD and cascaded SKPs for (nearly) everybody.

Called by `manage.py seed_demo` after the people app has written the region (the command looks
for an `extend_demo` in every app's `demo` module). Everything is drawn from
`random.Random(seed + 1)`, so one seed gives the same plans.

The cascade follows the position tree as `people.hierarchy` derives it: the Sekda and every OPD
head (JPT) take their RHK from their OPD's Perjanjian Kinerja; everybody else whose pejabat
penilai has an SKP gets RHK that intervene the penilai's RHK. For the demo story the demo pegawai
has no SKP yet, while their atasan has an approved one and other subordinates waiting in the inbox.

The plan is decided in memory first, then written level by level with bulk inserts (a penilai's
RHK must have ids before their subordinates' RHK can point at them).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from ekinerja.core.services import record_audit_event
from ekinerja.org.choices import JENIS_UNIT_OPD, JenisUnit
from ekinerja.org.models import Instansi, Position, Unit
from ekinerja.org.selectors import opd_id_of
from ekinerja.people import demo_data as data
from ekinerja.people.choices import Kedudukan, StatusKepegawaian
from ekinerja.people.demo import DemoResult
from ekinerja.people.demo_plan import DEMO_PEGAWAI_KODE
from ekinerja.people.hierarchy import MAX_TREE_DEPTH, RANK
from ekinerja.people.models import Assignment, Employee

from .choices import (
    ADDITIVE_ASPEK,
    PERIODS_PER_YEAR,
    Aspek,
    JenisForm,
    JenisRhk,
    JenisSasaranDaerah,
    Pendekatan,
    Perspektif,
    SiklusEvaluasi,
    StatusPeriode,
    StatusSkp,
)
from .models import (
    Indikator,
    IndikatorKinerjaOrganisasi,
    PerformancePeriod,
    PerilakuExpectation,
    PeriodTarget,
    PerjanjianKinerja,
    RegionalGoal,
    Rhk,
    SasaranStrategis,
    Skp,
)
from .services import identity
from .targets import carry_level, split_evenly

BATCH_SIZE = 1000
# Shares of draft, submitted and returned SKPs (the rest are approved): supervisors finish
# theirs early, since their staff intervene them; nobody is approved before their penilai, which
# adds drafts and submissions below the few supervisors who are late. About 10 % draft and 15 %
# submitted overall.
SHARES_SUPERVISOR = (0.03, 0.05, 0.0)
SHARES_STAFF = (0.08, 0.12, 0.03)
SHARE_TAMBAHAN = 0.25
# How many of the demo atasan's other subordinates wait in the inbox.
INBOX_WAITING = 2

# --- vocabulary --------------------------------------------------------------------------------

# RPJMD tujuan, each with its sasaran: (tema, uraian, indikator).
RPJMD = (
    (
        "Mewujudkan tata kelola pemerintahan yang bersih, akuntabel dan melayani",
        (
            ("tata_kelola", "Meningkatnya akuntabilitas kinerja dan keuangan pemerintah daerah",
             "Nilai SAKIP Pemerintah Kabupaten"),
            ("pelayanan", "Meningkatnya kualitas pelayanan publik", "Indeks Pelayanan Publik"),
            ("aparatur", "Meningkatnya profesionalitas aparatur sipil negara",
             "Indeks Profesionalitas ASN"),
        ),
    ),
    (
        "Meningkatkan kualitas sumber daya manusia yang sehat, cerdas dan sejahtera",
        (
            ("kesehatan", "Meningkatnya derajat kesehatan masyarakat", "Usia harapan hidup"),
            ("pendidikan", "Meningkatnya kualitas dan pemerataan pendidikan",
             "Rata-rata lama sekolah"),
            ("sosial", "Menurunnya angka kemiskinan", "Persentase penduduk miskin"),
        ),
    ),
    (
        "Meningkatkan perekonomian daerah yang inklusif dan berkelanjutan",
        (
            ("ekonomi", "Meningkatnya pertumbuhan ekonomi daerah", "Laju pertumbuhan ekonomi"),
            ("lingkungan", "Meningkatnya kualitas infrastruktur dan lingkungan hidup",
             "Indeks kualitas lingkungan hidup"),
        ),
    ),
)  # fmt: skip
MUST_HAVE_TEMA = "tata_kelola"

# What each OPD does (its urusan) and the RPJMD theme it serves, by unit name.
URUSAN = {
    data.SEKRETARIAT_DAERAH: ("koordinasi penyelenggaraan pemerintahan daerah", "tata_kelola"),
    "Sekretariat Dewan Perwakilan Rakyat Daerah": (
        "fasilitasi tugas dan fungsi DPRD",
        "tata_kelola",
    ),
    "Inspektorat Daerah": ("pengawasan internal pemerintah daerah", "tata_kelola"),
    "Badan Perencanaan Pembangunan Daerah": ("perencanaan pembangunan daerah", "tata_kelola"),
    "Badan Pengelolaan Keuangan dan Aset Daerah": (
        "pengelolaan keuangan dan aset daerah",
        "tata_kelola",
    ),
    "Badan Pendapatan Daerah": ("pengelolaan pendapatan asli daerah", "ekonomi"),
    "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia": ("manajemen ASN", "aparatur"),
    "Dinas Pendidikan": ("layanan pendidikan dasar", "pendidikan"),
    "Dinas Kesehatan": ("layanan kesehatan masyarakat", "kesehatan"),
    "Rumah Sakit Umum Daerah Sukamaju": ("layanan kesehatan rujukan", "kesehatan"),
    "Dinas Pekerjaan Umum dan Penataan Ruang": (
        "infrastruktur jalan, air dan penataan ruang",
        "lingkungan",
    ),
    "Dinas Sosial": ("perlindungan dan rehabilitasi sosial", "sosial"),
    "Dinas Kependudukan dan Pencatatan Sipil": ("layanan administrasi kependudukan", "pelayanan"),
    "Satuan Polisi Pamong Praja": ("ketenteraman dan ketertiban umum", "pelayanan"),
    "Dinas Perhubungan": ("layanan perhubungan darat", "ekonomi"),
    "Dinas Pertanian": ("produksi dan produktivitas pertanian", "ekonomi"),
    "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu": (
        "layanan perizinan dan penanaman modal",
        "ekonomi",
    ),
    "Dinas Komunikasi dan Informatika": ("layanan komunikasi dan informatika", "tata_kelola"),
    "Dinas Lingkungan Hidup": ("pengelolaan lingkungan hidup", "lingkungan"),
}

# Output vocabulary by position name: (keywords, ((verb, noun, satuan), ...)). First match wins.
HASIL: tuple[tuple[tuple[str, ...], tuple[tuple[str, str, str], ...]], ...] = (
    (("Kepala SD", "Kepala SMP"), (
        ("Tersusunnya", "dokumen rencana kerja sekolah", "dokumen"),
        ("Terlaksananya", "supervisi akademik guru", "orang"),
        ("Tersusunnya", "laporan pengelolaan dana BOS", "laporan"),
    )),
    (("Kepala Puskesmas",), (
        ("Terlaksananya", "kegiatan pelayanan kesehatan dasar", "kegiatan"),
        ("Tersusunnya", "laporan kinerja puskesmas", "laporan"),
        ("Terlaksananya", "pembinaan tenaga kesehatan", "orang"),
    )),
    (("Guru",), (
        ("Tersusunnya", "perangkat pembelajaran", "dokumen"),
        ("Terlaksananya", "kegiatan pembelajaran di kelas", "kegiatan"),
        ("Tersusunnya", "laporan penilaian hasil belajar", "laporan"),
        ("Terlaksananya", "bimbingan peserta didik", "orang"),
    )),
    (("Pengawas Sekolah", "Penilik"), (
        ("Terlaksananya", "supervisi satuan pendidikan", "kegiatan"),
        ("Tersusunnya", "laporan hasil pengawasan sekolah", "laporan"),
    )),
    (("Perawat", "Bidan"), (
        ("Terlayaninya", "pasien dengan asuhan sesuai standar", "orang"),
        ("Terlayaninya", "ibu dan anak dalam pelayanan kesehatan", "orang"),
        ("Tersusunnya", "dokumentasi asuhan pasien", "dokumen"),
    )),
    (("Dokter",), (
        ("Terlayaninya", "pasien dalam pelayanan medis", "orang"),
        ("Tersusunnya", "rekam medis pasien yang lengkap", "dokumen"),
    )),
    (("Apoteker",), (
        ("Terlayaninya", "pasien dalam pelayanan kefarmasian", "orang"),
        ("Tersusunnya", "laporan pengelolaan obat", "laporan"),
    )),
    (("Nutrisionis", "Sanitarian", "Epidemiolog", "Penyuluh Kesehatan", "Laboratorium",
      "Radiografer", "Fisioterapis", "Perekam Medis", "Administrator Kesehatan"), (
        ("Terlayaninya", "warga dalam layanan kesehatan masyarakat", "orang"),
        ("Tersusunnya", "laporan surveilans dan pemeriksaan", "laporan"),
        ("Terlaksananya", "kegiatan promosi kesehatan", "kegiatan"),
    )),
    (("Pertanian", "Organisme", "Benih", "Veteriner", "Ketahanan Pangan"), (
        ("Terlaksananya", "penyuluhan kepada kelompok tani", "kegiatan"),
        ("Terdampinginya", "petani binaan", "orang"),
        ("Tersusunnya", "laporan pemantauan lapangan", "laporan"),
    )),
    (("Auditor", "Pengawas Penyelenggaraan"), (
        ("Tersusunnya", "laporan hasil pengawasan", "laporan"),
        ("Terlaksananya", "reviu dokumen perencanaan dan keuangan", "dokumen"),
    )),
    (("Analis Keuangan",), (
        ("Tersusunnya", "analisis pengelolaan keuangan daerah", "dokumen"),
        ("Tersusunnya", "laporan keuangan perangkat daerah", "laporan"),
    )),
    (("Sumber Daya Manusia", "Kepegawaian"), (
        ("Terselesaikannya", "usulan layanan kepegawaian", "dokumen"),
        ("Termutakhirkannya", "data kepegawaian", "dokumen"),
        ("Terlayaninya", "pegawai dalam layanan administrasi", "orang"),
    )),
    (("Pranata Komputer", "Sandiman", "Statistisi", "Administrator Database"), (
        ("Terkelolanya", "sistem informasi dan basis data", "dokumen"),
        ("Terlaksananya", "dukungan teknis aplikasi", "kegiatan"),
    )),
    (("Perencana", "Analis Kebijakan", "Penelaah"), (
        ("Tersusunnya", "kajian dan rekomendasi kebijakan", "dokumen"),
        ("Tersusunnya", "dokumen perencanaan dan evaluasi", "dokumen"),
    )),
    (("Perancang Peraturan", "Analis Hukum"), (
        ("Tersusunnya", "rancangan produk hukum daerah", "dokumen"),
        ("Terlaksananya", "fasilitasi dan harmonisasi produk hukum", "kegiatan"),
    )),
    (("Polisi Pamong Praja", "Kebakaran"), (
        ("Terlaksananya", "patroli ketertiban umum", "kegiatan"),
        ("Terlaksananya", "penegakan peraturan daerah", "kegiatan"),
    )),
    (("Teknik", "Penata Ruang", "Jasa Konstruksi"), (
        ("Tersusunnya", "laporan pengawasan pekerjaan infrastruktur", "laporan"),
        ("Tersusunnya", "dokumen perencanaan teknis", "dokumen"),
    )),
    (("Pengendali Dampak", "Pengawas Lingkungan"), (
        ("Terlaksananya", "pengawasan pengelolaan lingkungan", "kegiatan"),
        ("Tersusunnya", "laporan pemantauan kualitas lingkungan", "laporan"),
    )),
    (("Penguji Kendaraan", "Inspektur Angkutan"), (
        ("Terlaksananya", "pengujian kendaraan bermotor", "kegiatan"),
        ("Tersusunnya", "laporan hasil uji berkala", "laporan"),
    )),
    (("Pekerja Sosial", "Penyuluh Sosial"), (
        ("Terdampinginya", "penerima bantuan sosial", "orang"),
        ("Tersusunnya", "laporan asesmen kesejahteraan sosial", "laporan"),
    )),
    (("Hubungan Masyarakat",), (
        ("Terpublikasikannya", "informasi kegiatan pemerintah daerah", "dokumen"),
    )),
    (("Arsiparis",), (("Terkelolanya", "arsip dinamis unit kerja", "dokumen"),)),
    (("Pengadaan",), (("Terselesaikannya", "paket pengadaan barang/jasa", "dokumen"),)),
    (("Perizinan",), (("Terselesaikannya", "permohonan perizinan", "dokumen"),)),
    (("Layanan Operasional",), (
        ("Terlaksananya", "layanan operasional kantor", "kegiatan"),
        ("Tersusunnya", "laporan layanan operasional", "laporan"),
    )),
    (("Pengadministrasi", "Pengolah Data"), (
        ("Terselesaikannya", "administrasi persuratan", "dokumen"),
        ("Tersedianya", "data dan informasi unit kerja", "dokumen"),
    )),
    (("Kepala", "Sekretaris", "Camat", "Lurah", "Inspektur", "Direktur"), (
        ("Terlaksananya", "koordinasi program unit kerja", "kegiatan"),
        ("Terlaksananya", "pembinaan dan pengendalian pegawai", "orang"),
        ("Tersusunnya", "laporan kinerja unit kerja", "laporan"),
    )),
)  # fmt: skip
HASIL_UMUM = (
    ("Tersusunnya", "laporan pelaksanaan tugas", "laporan"),
    ("Terlaksananya", "layanan kepada masyarakat", "kegiatan"),
    ("Terselesaikannya", "dokumen administrasi", "dokumen"),
)
KOORDINASI_JPT = (
    ("Meningkatnya efektivitas", "koordinasi perangkat daerah", "kegiatan"),
    ("Tersusunnya", "rekomendasi kebijakan pimpinan", "dokumen"),
    ("Terkendalinya", "pelaksanaan program lintas perangkat daerah", "laporan"),
)
TARGET_KUANTITAS = {"dokumen": (4, 24), "laporan": (4, 12), "kegiatan": (6, 48), "orang": (20, 400)}
TUGAS_TAMBAHAN = (
    "Terlaksananya tugas sebagai anggota tim penyusun laporan kinerja perangkat daerah",
    "Terlaksananya tugas sebagai panitia peringatan hari besar nasional",
    "Terlaksananya tugas sebagai pengelola konten laman unit kerja",
    "Terlaksananya tugas sebagai anggota tim reformasi birokrasi",
    "Terlaksananya tugas sebagai pendamping program magang",
)
EKSPEKTASI = (
    "Merespons permintaan layanan paling lambat satu hari kerja",
    "Menyampaikan laporan tepat waktu dan dapat dipertanggungjawabkan",
    "Mengikuti minimal satu pelatihan pengembangan kompetensi",
    "Membantu rekan kerja yang mengalami kesulitan",
    "Menjaga kerahasiaan data pribadi masyarakat",
    "Mengusulkan perbaikan cara kerja unit",
    "Berbagi data dan informasi dengan unit terkait",
)
DUKUNGAN = (
    "Anggaran DPA {opd} Tahun {tahun}, sarana kerja dan akses aplikasi E-Kinerja.",
    "Dukungan anggaran {opd}, data dari unit terkait, dan bimbingan dari pejabat penilai.",
    "Peralatan kerja, jaringan internet kantor, dan pelatihan teknis dari {opd}.",
)
SKEMA = (
    "Laporan bulanan kepada pejabat penilai dan evaluasi kinerja periodik.",
    "Dokumentasi hasil kerja pada aplikasi E-Kinerja, diperiksa pejabat penilai setiap bulan.",
    "Laporan capaian setiap akhir bulan dan dialog kinerja triwulanan dengan pejabat penilai.",
)
KONSEKUENSI = (
    "Capaian di bawah ekspektasi berpengaruh pada predikat kinerja dan besaran TPP.",
    "Predikat kinerja menjadi dasar pengembangan karier dan pemberian TPP.",
)
ALASAN_KEMBALI = (
    "Target kuantitas belum sesuai beban kerja; mohon disesuaikan.",
    "RHK kedua belum jelas hasilnya; mohon dirumuskan ulang.",
    "Indikator kualitas belum terukur; tambahkan standar yang dipakai.",
)
PERSPEKTIF_URUT = (
    Perspektif.PENERIMA_LAYANAN,
    Perspektif.PROSES_BISNIS,
    Perspektif.PENGUATAN_INTERNAL,
    Perspektif.ANGGARAN,
)


# --- the plan in memory ------------------------------------------------------------------------


@dataclass
class _Person:
    employee: Employee
    seat: Position
    depth: int = 0
    penilai: _Person | None = None
    via: Position | None = None  # the position through which the penilai leads this person
    led_opd_heads: list[Position] = field(default_factory=list)
    skp: _SkpPlan | None = None


@dataclass
class _IndikatorPlan:
    aspek: str
    uraian: str
    target: Decimal
    satuan: str
    obj: Indikator | None = None


@dataclass
class _RhkPlan:
    jenis: str
    urutan: int
    teks: str
    core: str  # what subordinates' RHK say they support
    parent: _RhkPlan | None
    sasaran: SasaranStrategis | None
    perspektif: str
    for_position_id: int | None  # subordinates led through this position intervene it
    indikator: list[_IndikatorPlan]
    obj: Rhk | None = None


@dataclass
class _SkpPlan:
    person: _Person
    status: str
    forced: bool
    rhk: list[_RhkPlan] = field(default_factory=list)
    lampiran: tuple[str, str, str] = ("", "", "")
    ekspektasi: dict[int, str] = field(default_factory=dict)
    obj: Skp | None = None


@dataclass
class _Region:
    instansi: Instansi
    units: dict[int, Unit]
    positions: dict[int, Position]
    people: dict[int, _Person]
    opd_of_unit: dict[int, Unit]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _load_region(instansi: Instansi, today: dt.date) -> _Region:
    """Seats, the persons in charge and every pejabat penilai, as `people.hierarchy` has them."""
    units = {u.pk: u for u in Unit.objects.filter(instansi=instansi)}
    positions = {p.pk: p for p in Position.objects.filter(instansi=instansi)}
    for position in positions.values():
        position.unit = units[position.unit_id]
    employees = {e.pk: e for e in Employee.objects.filter(instansi=instansi)}
    rows = sorted(
        Assignment.objects.active_on(today)
        .filter(position__instansi=instansi)
        .values_list("jenis", "mulai", "id", "employee_id", "position_id"),
        key=lambda row: (RANK[row[0]], row[1], row[2]),
    )
    seat_of: dict[int, int] = {}
    in_charge: dict[int, int] = {}
    for _jenis, _mulai, _id, employee_id, position_id in rows:
        seat_of.setdefault(employee_id, position_id)
        in_charge.setdefault(position_id, employee_id)
    people = {eid: _Person(employees[eid], positions[pid]) for eid, pid in sorted(seat_of.items())}
    for person in people.values():
        person.penilai, person.via = _penilai(person, positions, in_charge, people)
    opd_of_unit = _opd_of_units(units)
    for position in positions.values():
        unit = position.unit
        if position.is_unit_head and unit.jenis in JENIS_UNIT_OPD and position.pk in in_charge:
            people[in_charge[position.pk]].led_opd_heads.append(position)
    for person in people.values():
        person.depth = _depth(person)
    return _Region(instansi, units, positions, people, opd_of_unit)


def _penilai(
    person: _Person,
    positions: dict[int, Position],
    in_charge: dict[int, int],
    people: dict[int, _Person],
) -> tuple[_Person | None, Position | None]:
    position_id = person.seat.reports_to_id
    for _ in range(MAX_TREE_DEPTH):
        if position_id is None:
            break
        holder = in_charge.get(position_id)
        if holder is not None and holder != person.employee.pk:
            return people[holder], positions[position_id]
        position_id = positions[position_id].reports_to_id
    return None, None


def _depth(person: _Person) -> int:
    depth, above = 0, person.penilai
    while above is not None and depth < MAX_TREE_DEPTH:
        depth, above = depth + 1, above.penilai
    return depth


def _opd_of_units(units: dict[int, Unit]) -> dict[int, Unit]:
    parents = {u.pk: (u.parent_id, u.jenis) for u in units.values()}
    found = {unit_id: opd_id_of(unit_id, parents) for unit_id in units}
    return {unit_id: units[opd] for unit_id, opd in found.items() if opd is not None}


# --- RPJMD and Perjanjian Kinerja ----------------------------------------------------------------


def _create_regional_goals(
    instansi: Instansi, rng: random.Random, tahun: int
) -> dict[str, RegionalGoal]:
    """2 or 3 tujuan with 5 or 6 sasaran between them; returns the sasaran by theme."""
    tujuan_count = rng.choice((2, 3))
    chosen = RPJMD[:tujuan_count]
    candidates = [(t, s) for t, (_, sasaran) in enumerate(chosen) for s in range(len(sasaran))]
    must = [(t, s) for t, s in candidates if chosen[t][1][s][0] == MUST_HAVE_TEMA]
    # Every tujuan keeps one sasaran, then the rest are drawn up to 5 or 6.
    keep = set(must) | {(t, 0) for t in range(tujuan_count)}
    rest = [c for c in candidates if c not in keep]
    keep |= set(rng.sample(rest, max(0, min(len(rest), rng.choice((5, 6)) - len(keep)))))
    years = {"tahun_mulai": tahun - 1, "tahun_selesai": tahun + 3}
    by_tema: dict[str, RegionalGoal] = {}
    for t, (uraian, sasaran) in enumerate(chosen, start=1):
        tujuan = RegionalGoal.objects.create(
            instansi=instansi, jenis=JenisSasaranDaerah.TUJUAN, kode=f"T{t}", uraian=uraian,
            **years,
        )  # fmt: skip
        number = 0
        for s, (tema, teks, indikator) in enumerate(sasaran):
            if (t - 1, s) not in keep:
                continue
            number += 1
            by_tema[tema] = RegionalGoal.objects.create(
                instansi=instansi, parent=tujuan, jenis=JenisSasaranDaerah.SASARAN,
                kode=f"T{t}.S{number}", uraian=teks, indikator=indikator, **years,
            )  # fmt: skip
    return by_tema


def _urusan(opd: Unit) -> tuple[str, str]:
    if opd.nama in URUSAN:
        return URUSAN[opd.nama]
    if opd.jenis == JenisUnit.KECAMATAN:
        return f"pelayanan kewilayahan {opd.nama}", "pelayanan"
    return f"penyelenggaraan urusan {opd.nama}", "tata_kelola"


def _sasaran_texts(
    opd: Unit, rng: random.Random, goals: dict[str, RegionalGoal]
) -> list[tuple[str, str, list[tuple[str, Decimal, str]]]]:
    """(uraian, tema, [(indikator, target, satuan)]) for the 2 or 3 sasaran strategis of an OPD."""
    urusan, tema = _urusan(opd)
    short = opd.singkatan or opd.nama

    def number(low: int, high: int) -> Decimal:
        return Decimal(rng.randint(low, high))

    if opd.nama == data.SEKRETARIAT_DAERAH:
        # The Sekda coordinates every OPD: one sasaran per RPJMD sasaran drawn, so that the OPD
        # heads' RHK find an RHK of the Sekda that serves the same RPJMD sasaran.
        others = sorted(t for t in goals if t != MUST_HAVE_TEMA)
        drawn = [MUST_HAVE_TEMA, *rng.sample(others, min(len(others), rng.choice((1, 2))))]
        return [
            (
                f"Terkoordinasinya perangkat daerah dalam {_lower_first(goals[t].uraian)}",
                t,
                [("Persentase perangkat daerah dengan capaian kinerja baik", number(80, 95), "%")],
            )
            for t in drawn
        ]
    first = (
        f"Meningkatnya kualitas {urusan}",
        tema,
        [
            (f"Indeks kepuasan masyarakat terhadap {urusan}", number(78, 88), "indeks"),
            (f"Persentase capaian standar pelayanan {urusan}", number(85, 100), "%"),
        ],
    )
    second = (
        f"Meningkatnya akuntabilitas kinerja dan keuangan {short}",
        MUST_HAVE_TEMA,
        [
            (f"Nilai SAKIP {short}", number(70, 82), "nilai"),
            ("Persentase rekomendasi hasil pemeriksaan yang ditindaklanjuti", number(90, 100), "%"),
        ],
    )
    third = (
        f"Meningkatnya jangkauan {urusan} bagi masyarakat",
        "pelayanan",
        [(f"Persentase sasaran {urusan} yang terlayani", number(75, 95), "%")],
    )
    chosen = [first, second] + ([third] if rng.random() < 0.5 else [])
    return [(uraian, t, inds[: rng.randint(1, len(inds))]) for uraian, t, inds in chosen]


def _create_perjanjian(
    region: _Region, rng: random.Random, tahun: int, goals: dict[str, RegionalGoal]
) -> dict[int, list[tuple[SasaranStrategis, list[IndikatorKinerjaOrganisasi]]]]:
    """A Perjanjian Kinerja for every OPD; returns its sasaran with indicators by OPD unit id."""
    opds = sorted(
        (u for u in region.units.values() if u.jenis in JENIS_UNIT_OPD), key=lambda u: u.kode
    )
    fallback = goals[MUST_HAVE_TEMA]
    perjanjian = PerjanjianKinerja.objects.bulk_create(
        PerjanjianKinerja(instansi=region.instansi, unit=opd, tahun=tahun) for opd in opds
    )
    planned: list[tuple[int, SasaranStrategis, list[tuple[str, Decimal, str]]]] = []
    for opd, pk in zip(opds, perjanjian, strict=True):
        for urutan, (uraian, tema, indicators) in enumerate(
            _sasaran_texts(opd, rng, goals), start=1
        ):
            sasaran = SasaranStrategis(
                perjanjian=pk, regional_goal=goals.get(tema, fallback),
                kode=f"SS.{opd.kode}.{urutan}", uraian=uraian, urutan=urutan,
            )  # fmt: skip
            planned.append((opd.pk, sasaran, indicators))
    SasaranStrategis.objects.bulk_create([s for _, s, _ in planned])
    iko = [
        IndikatorKinerjaOrganisasi(sasaran=s, uraian=u, target=t, satuan=sat)
        for _, s, inds in planned
        for u, t, sat in inds
    ]
    IndikatorKinerjaOrganisasi.objects.bulk_create(iko)
    by_opd: dict[int, list[tuple[SasaranStrategis, list[IndikatorKinerjaOrganisasi]]]] = (
        defaultdict(list)
    )
    rows = iter(iko)
    for opd_id, sasaran, indicators in planned:
        by_opd[opd_id].append((sasaran, [next(rows) for _ in indicators]))
    return by_opd


# --- SKP plans -----------------------------------------------------------------------------------


def _is_jpt(person: _Person) -> bool:
    return person.seat.is_jpt


def _eligible(person: _Person, demo_pegawai_id: int | None) -> bool:
    employee = person.employee
    return (
        employee.pk != demo_pegawai_id
        and employee.status != StatusKepegawaian.PEJABAT_NEGARA
        and employee.kedudukan == Kedudukan.AKTIF
    )


def _vocabulary(position: Position) -> tuple[tuple[str, str, str], ...]:
    for keywords, entries in HASIL:
        if any(word in position.nama for word in keywords):
            return entries
    return HASIL_UMUM


def _indicators(noun: str, satuan: str, rng: random.Random) -> list[_IndikatorPlan]:
    low, high = TARGET_KUANTITAS[satuan]
    found = [
        _IndikatorPlan(Aspek.KUANTITAS, f"Jumlah {noun}", Decimal(rng.randint(low, high)), satuan)
    ]
    if rng.random() < 0.5:
        if rng.random() < 0.6:
            target = Decimal(rng.choice((80, 85, 90, 95, 100)))
            found.append(
                _IndikatorPlan(
                    Aspek.KUALITAS, f"Persentase {noun} yang sesuai standar", target, "%"
                )
            )
        else:
            target = Decimal(rng.choice((3, 6, 12)))
            found.append(_IndikatorPlan(Aspek.WAKTU, f"Waktu penyelesaian {noun}", target, "bulan"))
    return found


def _pk_rhk(
    person: _Person,
    rng: random.Random,
    sasaran_by_opd: dict[int, list[tuple[SasaranStrategis, list[IndikatorKinerjaOrganisasi]]]],
) -> list[_RhkPlan]:
    """A JPT's RHK from the sasaran strategis of each OPD they lead (their own, or as Plt)."""
    found: list[_RhkPlan] = []
    parents = _candidates(person)
    for head in person.led_opd_heads:
        for sasaran, iko in sasaran_by_opd.get(head.unit_id, []):
            parent = None
            if parents:
                same = [
                    r
                    for r in parents
                    if r.sasaran and r.sasaran.regional_goal_id == sasaran.regional_goal_id
                ]
                parent = same[0] if same else rng.choice(parents)
            indicators = [_IndikatorPlan(Aspek.KUALITAS, i.uraian, i.target, i.satuan) for i in iko]
            found.append(
                _RhkPlan(
                    JenisRhk.UTAMA, len(found) + 1, sasaran.uraian, _lower_first(sasaran.uraian),
                    parent, sasaran, PERSPEKTIF_URUT[len(found) % len(PERSPEKTIF_URUT)],
                    head.pk, indicators,
                )
            )  # fmt: skip
    return found


def _candidates(person: _Person) -> list[_RhkPlan]:
    """The penilai's RHK utama this person may intervene: those for the position leading them."""
    if person.penilai is None or person.penilai.skp is None:
        return []
    utama = [r for r in person.penilai.skp.rhk if r.jenis == JenisRhk.UTAMA]
    via = person.via.pk if person.via else None
    tagged = [r for r in utama if r.for_position_id == via]
    return tagged or utama


def _derived_rhk(person: _Person, rng: random.Random) -> list[_RhkPlan]:
    """2 to 4 RHK utama, each intervening one RHK of the penilai, and sometimes a tambahan."""
    parents = _candidates(person)
    if not parents:
        return []
    jpt = _is_jpt(person)
    vocabulary = KOORDINASI_JPT if jpt else _vocabulary(person.seat)
    count = rng.randint(2, 4)
    own = rng.sample(vocabulary, min(count, len(vocabulary)))
    pool = [entry for entry in HASIL_UMUM if entry not in own]
    entries = own + rng.sample(pool, count - len(own))
    offset = rng.randrange(len(parents))
    found: list[_RhkPlan] = []
    for index, (verb, noun, satuan) in enumerate(entries):
        parent = parents[(offset + index) % len(parents)]
        hasil = f"{verb} {noun}"
        found.append(
            _RhkPlan(
                JenisRhk.UTAMA, index + 1,
                f"{hasil} sebagai {person.seat.nama} untuk mendukung {parent.core}",
                _lower_first(hasil), parent, parent.sasaran if jpt else None,
                PERSPEKTIF_URUT[index % len(PERSPEKTIF_URUT)] if jpt else "",
                person.seat.pk, _indicators(noun, satuan, rng),
            )
        )  # fmt: skip
    if not jpt and rng.random() < SHARE_TAMBAHAN:
        teks = rng.choice(TUGAS_TAMBAHAN)
        target = Decimal(rng.randint(2, 6))
        indicator = _IndikatorPlan(
            Aspek.KUANTITAS, "Jumlah kegiatan tugas tambahan", target, "kegiatan"
        )
        found.append(
            _RhkPlan(
                JenisRhk.TAMBAHAN, 1, teks, _lower_first(teks), None, None, "", person.seat.pk,
                [indicator],
            )
        )  # fmt: skip
    return found


def _draw_status(rng: random.Random, *, penilai_approved: bool, supervises: bool) -> str:
    draw = rng.random()
    if not penilai_approved:
        return StatusSkp.DRAFT if draw < 0.4 else StatusSkp.DIAJUKAN
    draft, diajukan, dikembalikan = SHARES_SUPERVISOR if supervises else SHARES_STAFF
    if draw < draft:
        return StatusSkp.DRAFT
    if draw < draft + diajukan:
        return StatusSkp.DIAJUKAN
    if draw < draft + diajukan + dikembalikan:
        return StatusSkp.DIKEMBALIKAN
    return StatusSkp.DISETUJUI


def _demo_roles(region: _Region) -> tuple[int | None, set[int], set[int]]:
    """The demo pegawai (who starts without an SKP), the chain above them whose SKPs must be
    approved, and the atasan's other subordinates whose SKPs wait in the inbox."""
    pegawai = next((p for p in region.people.values() if p.seat.kode == DEMO_PEGAWAI_KODE), None)
    if pegawai is None or pegawai.penilai is None:
        return None, set(), set()
    approved: set[int] = set()
    above: _Person | None = pegawai.penilai
    while above is not None:
        approved.add(above.employee.pk)
        above = above.penilai
    atasan = pegawai.penilai
    others = sorted(
        (
            p
            for p in region.people.values()
            if p.penilai is atasan and p is not pegawai and p.employee.kedudukan == Kedudukan.AKTIF
        ),
        key=lambda p: (p.seat.kode, p.employee.nip or ""),
    )
    return pegawai.employee.pk, approved, {p.employee.pk for p in others[:INBOX_WAITING]}


def _plan_skps(
    region: _Region,
    rng: random.Random,
    sasaran_by_opd: dict[int, list[tuple[SasaranStrategis, list[IndikatorKinerjaOrganisasi]]]],
    tahun: int,
) -> list[list[_SkpPlan]]:
    """SKP plans grouped by depth: every penilai's plan sits in an earlier group."""
    pegawai_id, must_approve, waiting = _demo_roles(region)
    order = sorted(
        region.people.values(), key=lambda p: (p.depth, p.seat.kode, p.employee.nip or "")
    )
    supervisors = {p.penilai.employee.pk for p in order if p.penilai is not None}
    levels: dict[int, list[_SkpPlan]] = defaultdict(list)
    for person in order:
        if not _eligible(person, pegawai_id):
            continue
        rhk = _rhk_for(person, rng, sasaran_by_opd)
        if not rhk:
            continue  # nobody above has an SKP to intervene
        key = person.employee.pk
        status: str
        if _is_jpt(person) or key in must_approve:
            status, forced = StatusSkp.DISETUJUI, True
        elif key in waiting:
            status, forced = StatusSkp.DIAJUKAN, True
        else:
            penilai_skp = person.penilai.skp if person.penilai else None
            approved = penilai_skp is None or penilai_skp.status == StatusSkp.DISETUJUI
            supervises = key in supervisors
            status = _draw_status(rng, penilai_approved=approved, supervises=supervises)
            forced = False
        opd = region.opd_of_unit.get(person.seat.unit_id)
        plan = _SkpPlan(person, status, forced, rhk)
        plan.lampiran = (
            rng.choice(DUKUNGAN).format(opd=(opd or person.seat.unit).nama, tahun=tahun),
            rng.choice(SKEMA),
            rng.choice(KONSEKUENSI),
        )
        plan.ekspektasi = {
            nilai: EKSPEKTASI[nilai - 1] for nilai in range(1, 8) if rng.random() < 0.15
        }
        person.skp = plan
        levels[person.depth].append(plan)
    grouped = [levels[d] for d in sorted(levels)]
    _ensure_every_status(grouped, rng)
    return grouped


def _rhk_for(
    person: _Person,
    rng: random.Random,
    sasaran_by_opd: dict[int, list[tuple[SasaranStrategis, list[IndikatorKinerjaOrganisasi]]]],
) -> list[_RhkPlan]:
    """A JPT leading an OPD takes the RHK of its Perjanjian Kinerja; everybody else (and a JPT
    who leads an OPD only as Plt, for their own seat) intervenes the penilai's RHK."""
    leads_opd = _is_jpt(person) and bool(person.led_opd_heads)
    own = (
        _derived_rhk(person, rng) if not (leads_opd and person.seat in person.led_opd_heads) else []
    )
    from_pk = _pk_rhk(person, rng, sasaran_by_opd) if leads_opd else []
    rhk = own + from_pk
    for jenis in (JenisRhk.UTAMA, JenisRhk.TAMBAHAN):
        for urutan, r in enumerate((r for r in rhk if r.jenis == jenis), start=1):
            r.urutan = urutan
    return rhk


def _ensure_every_status(levels: list[list[_SkpPlan]], rng: random.Random) -> None:
    """Small regions may draw no returned (or no draft) SKP; turn approved leaves into them."""
    plans = [plan for level in levels for plan in level]
    counts = Counter(plan.status for plan in plans)
    supervising = {
        id(plan.person.penilai.skp)
        for plan in plans
        if plan.person.penilai and plan.person.penilai.skp
    }
    leaves = [
        p for p in plans
        if not p.forced and p.status == StatusSkp.DISETUJUI and id(p) not in supervising
    ]  # fmt: skip
    for status in (StatusSkp.DIKEMBALIKAN, StatusSkp.DRAFT, StatusSkp.DIAJUKAN):
        if counts[status] == 0 and leaves:
            chosen = leaves.pop(rng.randrange(len(leaves)))
            chosen.status = status
            counts[status] += 1


# --- writing -------------------------------------------------------------------------------------


def _moment(rng: random.Random, first: dt.date, last: dt.date, today: dt.date) -> dt.datetime:
    """A working-hours moment between two days, never after today."""
    last = min(last, today)
    first = min(first, last)
    day = first + dt.timedelta(days=rng.randint(0, (last - first).days))
    naive = dt.datetime.combine(day, dt.time(rng.randint(7, 15), rng.randint(0, 59)))
    return timezone.make_aware(naive)


def _insert_rows(
    model: type[models.Model], names: tuple[str, ...], rows: Sequence[tuple[Any, ...]]
) -> None:
    """Plain tuples into the two big tables whose ids nobody needs back.

    bulk_create would build half a million model instances here, which costs several times more
    than the inserts. PostgreSQL takes the rows with COPY; other databases with multi-row
    INSERTs. Values are ids, small integers, text and Decimals, which both drivers take as they
    are.
    """
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in names)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        max_params = connection.features.max_query_params or 65535
        per_statement = max(1, min(BATCH_SIZE, max_params // len(names)))
        placeholder = "(" + ", ".join(["%s"] * len(names)) + ")"
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            values = ", ".join([placeholder] * len(chunk))
            params = [value for row in chunk for value in row]
            cursor.execute(f"INSERT INTO {table} ({columns}) VALUES {values}", params)


def _write_level(
    plans: list[_SkpPlan], period: PerformancePeriod, rng: random.Random, today: dt.date
) -> tuple[int, int]:
    tahun = period.tahun
    periods = PERIODS_PER_YEAR[period.siklus_evaluasi]
    skps: list[Skp] = []
    for plan in plans:
        person = plan.person
        seat = person.seat
        skp = Skp(
            instansi_id=person.employee.instansi_id, period=period, employee=person.employee,
            version=1, status=plan.status, position=seat, unit=seat.unit,
            jenis_form=JenisForm.JPT if seat.is_jpt else JenisForm.JA_JF,
            pendekatan=Pendekatan.KUANTITATIF, dukungan_sumber_daya=plan.lampiran[0],
            skema_pertanggungjawaban=plan.lampiran[1], konsekuensi=plan.lampiran[2],
        )  # fmt: skip
        if plan.status != StatusSkp.DRAFT:
            skp.diajukan_at = _moment(rng, dt.date(tahun, 1, 5), dt.date(tahun, 1, 31), today)
        if plan.status == StatusSkp.DIKEMBALIKAN:
            skp.alasan_pengembalian = rng.choice(ALASAN_KEMBALI)
        if plan.status == StatusSkp.DISETUJUI:
            submitted = skp.diajukan_at.date() if skp.diajukan_at else dt.date(tahun, 1, 5)
            later = submitted + dt.timedelta(days=rng.randint(1, 20))
            skp.disetujui_at = _moment(rng, later, dt.date(tahun, 2, 28), today)
            penilai = person.penilai
            skp.penilai = penilai.employee if penilai else None
            skp.identitas = {
                "pegawai": identity(person.employee, seat),
                "penilai": identity(penilai.employee, person.via) if penilai else {},
            }
        plan.obj = skp
        skps.append(skp)
    Skp.objects.bulk_create(skps, batch_size=BATCH_SIZE)

    rhk_rows: list[Rhk] = []
    for plan in plans:
        for r in plan.rhk:
            r.obj = Rhk(
                skp=plan.obj, jenis=r.jenis, urutan=r.urutan, teks=r.teks,
                rhk_atasan=r.parent.obj if r.parent else None, sasaran_strategis=r.sasaran,
                perspektif=r.perspektif,
            )  # fmt: skip
            rhk_rows.append(r.obj)
    Rhk.objects.bulk_create(rhk_rows, batch_size=BATCH_SIZE)

    indicators: list[Indikator] = []
    for plan in plans:
        for r in plan.rhk:
            for urutan, ind in enumerate(r.indikator, start=1):
                ind.obj = Indikator(
                    rhk=r.obj, urutan=urutan, aspek=ind.aspek, uraian=ind.uraian,
                    target_min=ind.target, target_max=ind.target, satuan=ind.satuan,
                )  # fmt: skip
                indicators.append(ind.obj)
    Indikator.objects.bulk_create(indicators, batch_size=BATCH_SIZE)

    targets: list[tuple[int, int, Decimal]] = []
    for plan in plans:
        # As submit_skp does: level aspects carry their target once the SKP has been submitted.
        was_submitted = plan.status != StatusSkp.DRAFT
        for r in plan.rhk:
            for ind in r.indikator:
                if ind.aspek in ADDITIVE_ASPEK:
                    values = split_evenly(ind.target, periods)
                elif was_submitted:
                    values = carry_level(ind.target, periods)
                else:
                    continue
                assert ind.obj is not None
                targets += [(ind.obj.pk, i, v) for i, v in enumerate(values, start=1)]
    _insert_rows(PeriodTarget, ("indikator", "periode_ke", "target"), targets)
    expectations = [
        (plan.obj.pk, nilai, plan.ekspektasi.get(nilai, ""))
        for plan in plans
        if plan.obj is not None
        for nilai in range(1, 8)
    ]
    _insert_rows(PerilakuExpectation, ("skp", "nilai", "ekspektasi_khusus"), expectations)
    return len(rhk_rows), len(indicators)


@transaction.atomic
def extend_demo(result: DemoResult, *, seed: int, today: dt.date) -> str:
    """Add the planning data to a freshly seeded demo region; returns a one-line summary."""
    rng = random.Random(seed + 1)
    instansi = result.instansi
    tahun = today.year
    period = PerformancePeriod.objects.create(
        instansi=instansi, tahun=tahun, mulai=dt.date(tahun, 1, 1), selesai=dt.date(tahun, 12, 31),
        batas_input_skp=dt.date(tahun, 1, 31), batas_persetujuan=dt.date(tahun, 2, 28),
        siklus_evaluasi=SiklusEvaluasi.BULANAN, status=StatusPeriode.DIBUKA,
    )  # fmt: skip
    goals = _create_regional_goals(instansi, rng, tahun)
    region = _load_region(instansi, today)
    sasaran_by_opd = _create_perjanjian(region, rng, tahun, goals)
    levels = _plan_skps(region, rng, sasaran_by_opd, tahun)
    rhk_count = indicator_count = 0
    for level in levels:
        rhk_added, indicators_added = _write_level(level, period, rng, today)
        rhk_count += rhk_added
        indicator_count += indicators_added
    statuses = Counter(plan.status for level in levels for plan in level)
    skp_count = sum(statuses.values())
    record_audit_event(
        actor=None,
        action="seed_demo_planning",
        obj=period,
        instansi_id=instansi.pk,
        summary=f"Data demo SKP {tahun}: {skp_count} SKP, {rhk_count} RHK, seed {seed}",
        data={
            "seed": seed,
            "tahun": tahun,
            "skp": skp_count,
            "rhk": rhk_count,
            "indikator": indicator_count,
            "status": dict(sorted(statuses.items())),
            "perjanjian_kinerja": len(sasaran_by_opd),
        },
    )
    detail = ", ".join(f"{StatusSkp(s).label} {n}" for s, n in sorted(statuses.items()))
    return f"SKP {tahun}   : {skp_count} SKP, {rhk_count} RHK ({detail})"
