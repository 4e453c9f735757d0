"""Competence records for the demo Kabupaten Sukamaju: every ASN's education (the highest level
fitting their golongan, and the levels below it that lead there), a few trainings over this
year and the last, and competency assessment results for some, more often for senior ranks.

Called by `manage.py seed_demo` after the apps before it (the command looks for `extend_demo`
in every app's `demo` module). The choices are drawn from `random.Random(seed + 7)`, so a seed
gives the same records; the rows are written with a few multi-row inserts, so the
10,000-employee demo takes well under a second more.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from ekinerja.core.bulk import insert_rows
from ekinerja.core.services import record_audit_event
from ekinerja.people.choices import StatusKepegawaian
from ekinerja.people.demo import DemoResult
from ekinerja.people.models import Employee

from .choices import JenisDiklat, MetodeAsesmen
from .models import CompetencyAssessment, Education, Training
from .rules import Jenjang

# Highest jenjang by golongan ruang (PNS: the letter-less group; PPPK: the roman number), with
# weights. Entry rank follows education (SMA enters II/a, D-III II/c, S-1 III/a, S-2 III/b).
HIGHEST: dict[str, list[tuple[Jenjang, int]]] = {
    "I": [(Jenjang.SD, 3), (Jenjang.SMP, 7)],
    "II": [(Jenjang.SMA, 7), (Jenjang.D3, 3)],
    "III": [(Jenjang.S1, 7), (Jenjang.D4, 1), (Jenjang.D3, 1), (Jenjang.S2, 1)],
    "IV": [(Jenjang.S1, 4), (Jenjang.S2, 5), (Jenjang.S3, 1)],
    "PPPK_RENDAH": [(Jenjang.SMA, 8), (Jenjang.D3, 2)],
    "PPPK_MENENGAH": [(Jenjang.D3, 6), (Jenjang.D4, 4)],
    "PPPK_TINGGI": [(Jenjang.S1, 8), (Jenjang.S2, 2)],
}
AGE_AT = {
    Jenjang.SD: (12, 13), Jenjang.SMP: (15, 16), Jenjang.SMA: (18, 19), Jenjang.D1: (19, 20),
    Jenjang.D2: (20, 21), Jenjang.D3: (21, 22), Jenjang.D4: (22, 23), Jenjang.S1: (22, 24),
    Jenjang.S2: (26, 36), Jenjang.S3: (34, 45),
}  # fmt: skip
# The level a higher degree builds on: an S-2 holder also has an S-1, and so on.
BELOW = {Jenjang.S3: Jenjang.S2, Jenjang.S2: Jenjang.S1, Jenjang.S1: Jenjang.SMA}
JURUSAN: dict[str, list[str]] = {
    "sma": ["IPA", "IPS", "Akuntansi", "Administrasi Perkantoran", "Teknik Komputer dan Jaringan"],
    "diploma": [
        "Keperawatan", "Kebidanan", "Akuntansi", "Manajemen Informatika", "Administrasi Negara",
        "Teknik Sipil", "Analis Kesehatan",
    ],
    "sarjana": [
        "Ilmu Administrasi Negara", "Ilmu Hukum", "Akuntansi", "Manajemen", "Ilmu Pemerintahan",
        "Kesehatan Masyarakat", "Pendidikan Guru Sekolah Dasar", "Teknik Sipil", "Agroteknologi",
        "Teknik Informatika", "Ekonomi Pembangunan", "Pendidikan Matematika",
    ],
    "pascasarjana": [
        "Administrasi Publik", "Manajemen", "Ilmu Hukum", "Kesehatan Masyarakat",
        "Perencanaan Wilayah dan Kota", "Ilmu Pemerintahan", "Manajemen Pendidikan",
    ],
}  # fmt: skip
INSTITUSI: dict[str, list[str]] = {
    "sekolah": ["SD Negeri 1 Sukamaju", "SD Negeri 4 Sukamaju", "SD Inpres Karangsari"],
    "menengah": ["SMP Negeri 1 Sukamaju", "SMP Negeri 2 Sukamaju", "MTs Negeri Sukamaju"],
    "atas": ["SMA Negeri 1 Sukamaju", "SMA Negeri 2 Sukamaju", "SMK Negeri 1 Sukamaju"],
    "tinggi": [
        "Universitas Negeri Sukamaju", "Politeknik Kesehatan Sukamaju", "Universitas Terbuka",
        "Sekolah Tinggi Ilmu Administrasi Sukamaju", "Universitas Gadjah Mada",
        "Universitas Hasanuddin", "Institut Pemerintahan Dalam Negeri",
    ],
}  # fmt: skip
TRAININGS: list[tuple[str, str, tuple[int, ...]]] = [
    ("Bimbingan Teknis Penyusunan SKP", JenisDiklat.TEKNIS, (8, 12, 16)),
    ("Pelatihan Pengadaan Barang/Jasa Pemerintah", JenisDiklat.TEKNIS, (24, 32, 40)),
    ("Pelatihan Pengelolaan Keuangan Daerah", JenisDiklat.TEKNIS, (20, 24, 30)),
    ("Pelatihan Pelayanan Publik Prima", JenisDiklat.TEKNIS, (12, 16, 20)),
    ("Bimbingan Teknis Tata Naskah Dinas", JenisDiklat.TEKNIS, (8, 12)),
    ("Pelatihan Analisis Jabatan dan Beban Kerja", JenisDiklat.TEKNIS, (16, 24)),
    ("Pelatihan Penjenjangan Jabatan Fungsional", JenisDiklat.FUNGSIONAL, (40, 60, 80)),
    ("Webinar Transformasi Digital Pemerintahan", JenisDiklat.SEMINAR, (2, 3, 4)),
    ("Seminar Reformasi Birokrasi Daerah", JenisDiklat.SEMINAR, (4, 6)),
    ("Pelatihan Kepemimpinan Pengawas", JenisDiklat.KEPEMIMPINAN, (180, 240)),
    ("Pelatihan Kepemimpinan Administrator", JenisDiklat.KEPEMIMPINAN, (240, 300)),
]  # fmt: skip
PENYELENGGARA = ["BKPSDM Kabupaten Sukamaju", "BPSDM Provinsi", "LAN RI", "LKPP", "Kemendagri"]
LEMBAGA = ["UPT Penilaian Kompetensi BKPSDM Sukamaju", "Kantor Regional BKN", "BPSDM Provinsi"]
ASSESSED = {"IV": 0.6, "III": 0.3}  # the share of each rank with an assessment result


def _rank(golongan: str, status: str) -> str:
    group = golongan.split("/")[0] if golongan else ""
    if status == StatusKepegawaian.PPPK:
        number = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8,
                  "IX": 9, "X": 10, "XI": 11}.get(group, 9)  # fmt: skip
        if number <= 5:
            return "PPPK_RENDAH"
        return "PPPK_MENENGAH" if number <= 8 else "PPPK_TINGGI"
    return group if group in HIGHEST else "II"


def _jurusan(rng: random.Random, jenjang: Jenjang) -> str:
    if jenjang in (Jenjang.SD, Jenjang.SMP):
        return ""
    if jenjang == Jenjang.SMA:
        return rng.choice(JURUSAN["sma"])
    if jenjang in (Jenjang.D1, Jenjang.D2, Jenjang.D3):
        return rng.choice(JURUSAN["diploma"])
    return rng.choice(JURUSAN["pascasarjana" if jenjang in (Jenjang.S2, Jenjang.S3) else "sarjana"])


def _institusi(rng: random.Random, jenjang: Jenjang) -> str:
    bank = {Jenjang.SD: "sekolah", Jenjang.SMP: "menengah", Jenjang.SMA: "atas"}
    return rng.choice(INSTITUSI[bank.get(jenjang, "tinggi")])


def _educations(
    rng: random.Random, birth_year: int, rank: str, last_year: int
) -> list[tuple[Jenjang, int]]:
    kinds, weights = zip(*HIGHEST[rank], strict=True)
    top = rng.choices(kinds, weights)[0]
    levels = [top]
    while levels[-1] in BELOW and (levels[-1] != Jenjang.S1 or rng.random() < 0.6):
        levels.append(BELOW[levels[-1]])
    return [(level, min(last_year, birth_year + rng.randint(*AGE_AT[level]))) for level in levels]


def _recommendation(nilai: Decimal) -> str:
    if nilai >= 80:
        return "Memenuhi syarat; siap dikembangkan ke jenjang jabatan berikutnya."
    if nilai >= 68:
        return "Masih memenuhi syarat dengan pengembangan pada beberapa kompetensi."
    return "Kurang memenuhi syarat; perlu pengembangan kompetensi manajerial."


def _rows(
    employees: list[tuple[Any, ...]], instansi_id: int, today: dt.date, rng: random.Random
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    ops = connection.ops
    now = ops.adapt_datetimefield_value(timezone.now())
    window = (today - dt.date(today.year - 1, 1, 1)).days  # this year and the last
    educations, trainings, assessments = [], [], []
    for pk, tanggal_lahir, golongan, status in employees:
        birth_year = tanggal_lahir.year if tanggal_lahir else 1985
        rank = _rank(golongan, status)
        for jenjang, tahun in _educations(rng, birth_year, rank, today.year - 1):
            educations.append((
                instansi_id, pk, str(jenjang), _jurusan(rng, jenjang), _institusi(rng, jenjang),
                tahun, now, now,
            ))  # fmt: skip
        for nama, jenis, hours in rng.sample(TRAININGS, rng.choice((0, 1, 1, 2, 2, 3, 4))):
            jp = rng.choice(hours)
            mulai = today - dt.timedelta(days=rng.randint(jp // 8 + 2, max(jp // 8 + 3, window)))
            selesai = min(
                today - dt.timedelta(days=1), mulai + dt.timedelta(days=max(0, jp // 8 - 1))
            )
            trainings.append((
                instansi_id, pk, nama, str(jenis), rng.choice(PENYELENGGARA),
                ops.adapt_datefield_value(mulai), ops.adapt_datefield_value(selesai), jp, now, now,
            ))  # fmt: skip
        if rng.random() < ASSESSED.get(rank, 0.1):
            nilai = Decimal(min(98.0, max(45.0, rng.gauss(75, 9)))).quantize(Decimal("0.01"))
            tanggal = today - dt.timedelta(days=rng.randint(30, 3 * 365))
            metode = MetodeAsesmen.ASSESSMENT_CENTER if rank == "IV" else MetodeAsesmen.CAT
            assessments.append((
                instansi_id, pk, ops.adapt_datefield_value(tanggal), rng.choice(LEMBAGA),
                str(metode), nilai, _recommendation(nilai), now, now,
            ))  # fmt: skip
    return educations, trainings, assessments


EDUCATION_COLUMNS = (
    "instansi_id", "employee_id", "jenjang", "jurusan", "nama_institusi", "tahun_lulus",
    "created_at", "updated_at",
)  # fmt: skip
TRAINING_COLUMNS = (
    "instansi_id", "employee_id", "nama", "jenis", "penyelenggara", "tanggal_mulai",
    "tanggal_selesai", "jam_pelajaran", "created_at", "updated_at",
)  # fmt: skip
ASSESSMENT_COLUMNS = (
    "instansi_id", "employee_id", "tanggal", "lembaga", "metode", "nilai", "rekomendasi",
    "created_at", "updated_at",
)  # fmt: skip


@transaction.atomic
def extend_demo(result: DemoResult, *, seed: int, today: dt.date) -> str:
    """Add education, training and assessment records to every ASN of a fresh demo region."""
    rng = random.Random(seed + 7)
    instansi_id = result.instansi.pk
    employees = list(
        Employee.objects.filter(instansi_id=instansi_id)
        .exclude(status=StatusKepegawaian.PEJABAT_NEGARA)
        .order_by("pk")
        .values_list("pk", "tanggal_lahir", "golongan", "status")
    )
    educations, trainings, assessments = _rows(employees, instansi_id, today, rng)
    insert_rows(Education, EDUCATION_COLUMNS, educations)
    insert_rows(Training, TRAINING_COLUMNS, trainings)
    insert_rows(CompetencyAssessment, ASSESSMENT_COLUMNS, assessments)
    counts = {
        "pendidikan": len(educations),
        "diklat": len(trainings),
        "penilaian_kompetensi": len(assessments),
    }
    record_audit_event(
        actor=None, action="seed_demo_talent", obj=result.instansi, instansi_id=instansi_id,
        summary=f"Data demo kompetensi: {sum(counts.values())} catatan, seed {seed}",
        data={"seed": seed, **counts},
    )  # fmt: skip
    return (
        f"Kompetensi : {len(educations)} pendidikan, {len(trainings)} diklat, "
        f"{len(assessments)} penilaian kompetensi"
    )
