"""The demo Pemda in memory: units, positions and people of the fictional Kabupaten Sukamaju.

Pure, no ORM. Everything is drawn from one `random.Random(seed)` and the `today` it is given, so a
seed always yields the same units, positions, names and NIPs. `demo.py` writes the plan.

`employees` counts the ASN (PNS, CPNS, PPPK); the Bupati, a pejabat negara, comes on top.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from decimal import Decimal

from ekinerja.org.choices import Eselon, JenisJabatan, JenisUnit, Jenjang

from . import demo_data as data
from .choices import JenisKelamin, Kategori, Kedudukan, StatusKepegawaian

# The demo pegawai is the only holder of this seat (Dinkes > Sekretariat > Subbag Umpeg).
DEMO_PEGAWAI_KODE = "09.01.01-02"
MIN_EMPLOYEES = 100

TOWN = (-7.3214, 108.0452)  # the ibu kota; the kabupaten spreads about 30 km around it
KEPALA_DAERAH_DILANTIK = dt.date(2025, 2, 20)  # the 2024 regional election's inauguration

# How the staff below the unit heads divide over the kinds of workplace, as in a typical
# kabupaten: half of its ASN are teachers, a sixth health workers.
POOL_SHARES = {"sekolah": 0.52, "puskesmas": 0.10, "rsud": 0.05, "wilayah": 0.06, "kantor": 0.27}
PPPK_SHARE = {Kategori.GURU: 0.33, Kategori.TENAGA_KESEHATAN: 0.32, Kategori.UMUM: 0.18}
CPNS_SHARE_OF_ENTRY_SEATS = 0.08

# Golongan PNS a holder of each kind of seat plausibly has (duplicates weight the choice).
GOLONGAN_PNS = {
    JenisJabatan.JPT_PRATAMA: ("IV/c", "IV/c", "IV/d"),
    JenisJabatan.ADMINISTRATOR: ("IV/a", "IV/b", "IV/b"),
    JenisJabatan.PENGAWAS: ("III/c", "III/d", "III/d", "IV/a"),
    Jenjang.AHLI_PERTAMA: ("III/a", "III/b"),
    Jenjang.AHLI_MUDA: ("III/c", "III/d"),
    Jenjang.AHLI_MADYA: ("IV/a", "IV/b", "IV/c"),
    Jenjang.AHLI_UTAMA: ("IV/d", "IV/e"),
    Jenjang.PEMULA: ("II/a",),
    Jenjang.TERAMPIL: ("II/b", "II/c", "II/d"),
    Jenjang.MAHIR: ("III/a", "III/b"),
    Jenjang.PENYELIA: ("III/c", "III/d"),
}
GOLONGAN_PELAKSANA = {
    5: ("II/a", "II/b", "II/c", "II/d", "III/a"),
    6: ("II/c", "II/d", "III/a", "III/b"),
    7: ("III/a", "III/b", "III/c", "III/d"),
}
GOLONGAN_PPPK_SEAT = {
    Jenjang.AHLI_PERTAMA: ("IX",),
    Jenjang.AHLI_MUDA: ("X", "XI"),
    Jenjang.AHLI_MADYA: ("XI", "XII", "XIII"),
    Jenjang.AHLI_UTAMA: ("XIV", "XV"),
    Jenjang.PEMULA: ("V",),
    Jenjang.TERAMPIL: ("VII",),
    Jenjang.MAHIR: ("VIII",),
    Jenjang.PENYELIA: ("IX",),
}
GOLONGAN_PPPK_PELAKSANA = {5: ("V",), 6: ("V", "VII"), 7: ("VII", "IX")}
# Entry golongan of a CPNS, by what the formasi asked for (SMA, D-III or S-1).
GOLONGAN_CPNS_PELAKSANA = {5: "II/a", 6: "II/c", 7: "III/a"}
GOLONGAN_CPNS_JF = {Jenjang.AHLI_PERTAMA: "III/a", Jenjang.PEMULA: "II/a", Jenjang.TERAMPIL: "II/c"}
# Years since TMT CPNS that fit each golongan (regular promotion every four years or so).
MASA_KERJA = {
    "II/a": (1, 5),
    "II/b": (4, 9),
    "II/c": (1, 8),
    "II/d": (6, 14),
    "III/a": (1, 6),
    "III/b": (4, 10),
    "III/c": (8, 16),
    "III/d": (12, 22),
    "IV/a": (15, 26),
    "IV/b": (18, 28),
    "IV/c": (22, 31),
    "IV/d": (25, 33),
    "IV/e": (28, 33),
}
MAGISTER_CHANCE: dict[str, float] = {
    JenisJabatan.JPT_PRATAMA: 0.85,
    JenisJabatan.ADMINISTRATOR: 0.6,
    JenisJabatan.PENGAWAS: 0.3,
    Jenjang.AHLI_MADYA: 0.5,
    Jenjang.AHLI_MUDA: 0.2,
}
OLDEST_AGE = 56  # everybody stays clear of the retirement age of 58
# PPPK appointment waves, most recent first: years before `today` and their weight.
PPPK_YEARS_AGO = ((0, 5), (1, 25), (2, 25), (3, 20), (4, 15), (5, 5), (6, 5))


class DemoError(ValueError):
    """The demo cannot be built as asked; the message is for the operator, in Indonesian."""


# --- the plan ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Office:
    """Where a unit's staff clock in: address, coordinates and the attendance radius."""

    alamat: str
    latitude: Decimal
    longitude: Decimal
    radius_m: int


@dataclass
class UnitPlan:
    kode: str
    nama: str
    jenis: str
    parent: str | None
    urutan: int
    singkatan: str = ""
    office: Office | None = None  # sub-units (bidang, seksi) share their OPD's office


@dataclass
class SeatPlan:
    """A position and how many people hold it."""

    kode: str
    nama: str
    unit: str
    reports_to: str | None
    jenis: str
    kelas: int | None
    jenjang: str
    eselon: str
    head: bool
    pendidikan: str  # key of demo_data.PENDIDIKAN
    kategori: str
    female: float  # share of women among holders
    pool: str = ""  # staff seats share their pool's head count; other seats have one holder
    weight: float = 0.0
    minimum: int = 0
    holders: int = 1


@dataclass
class PersonPlan:
    seat: str
    nama: str
    gelar_depan: str
    gelar_belakang: str
    jenis_kelamin: str
    tempat_lahir: str
    tanggal_lahir: dt.date
    status: str
    golongan: str
    kategori: str
    nip: str | None
    mulai: dt.date
    nomor_sk: str = ""
    kedudukan: str = Kedudukan.AKTIF


@dataclass
class PltPlan:
    holder_seat: str  # the Plt keeps this definitif seat
    position: str
    mulai: dt.date
    nomor_sk: str


@dataclass
class DemoPlan:
    units: list[UnitPlan]
    seats: list[SeatPlan]
    bupati: PersonPlan
    people: list[PersonPlan]  # the ASN, seat by seat
    plt: PltPlan
    vacant: list[str]  # kode of the head positions left empty
    roles: dict[str, str]  # demo role -> kode of the seat whose first holder plays it


# --- structure ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rank:
    """What kind of seat a head position is: jenis, kelas jabatan, eselon."""

    jenis: str
    kelas: int | None
    eselon: str = ""
    jenjang: str = ""


RANK_KEPALA_DAERAH = Rank(JenisJabatan.KEPALA_DAERAH, None)
RANK_SEKDA = Rank(JenisJabatan.JPT_PRATAMA, 15, Eselon.II_A)
RANK_JPT = Rank(JenisJabatan.JPT_PRATAMA, 14, Eselon.II_B)  # kepala OPD, asisten
RANK_III_A = Rank(JenisJabatan.ADMINISTRATOR, 12, Eselon.III_A)  # kabag setda, sekretaris, camat
RANK_III_B = Rank(JenisJabatan.ADMINISTRATOR, 11, Eselon.III_B)  # kepala bidang, sekcam
RANK_IV_A = Rank(JenisJabatan.PENGAWAS, 9, Eselon.IV_A)  # subbagian, seksi, UPT, lurah
# A kepala sekolah is a guru with an additional task, so the seat stays fungsional.
RANK_KEPALA_SD = Rank(JenisJabatan.FUNGSIONAL_KEAHLIAN, 9, jenjang=Jenjang.AHLI_MUDA)
RANK_KEPALA_SMP = Rank(JenisJabatan.FUNGSIONAL_KEAHLIAN, 11, jenjang=Jenjang.AHLI_MADYA)


@dataclass(frozen=True)
class Site:
    nama: str
    latitude: float
    longitude: float


class _Builder:
    """Collects units and seats in creation order; position kode = unit kode + running number."""

    def __init__(self, employees: int, rng: random.Random) -> None:
        self.n = employees
        self.rng = rng
        self.units: list[UnitPlan] = []
        self.seats: list[SeatPlan] = []
        self.roles: dict[str, str] = {}
        self.marks: dict[str, SeatPlan] = {}
        self._seat_numbers: Counter[str] = Counter()
        self._child_numbers: Counter[str] = Counter()

    def _place(self, center: tuple[float, float], spread: float, radii: tuple[int, ...]) -> Office:
        lat = center[0] + self.rng.uniform(-spread, spread)
        lon = center[1] + self.rng.uniform(-spread, spread)
        return Office("", Decimal(f"{lat:.6f}"), Decimal(f"{lon:.6f}"), self.rng.choice(radii))

    def office_in_town(self) -> Office:
        office = self._place(TOWN, 0.012, (100, 150, 200))
        street = self.rng.choice(data.JALAN)
        return replace(office, alamat=f"{street} No. {self.rng.randint(1, 150)}, Sukamaju")

    def office_in(self, site: Site) -> Office:
        office = self._place((site.latitude, site.longitude), 0.02, (100, 150, 200, 250, 300))
        number = self.rng.randint(1, 200)
        return replace(office, alamat=f"Jl. Raya {site.nama} No. {number}, Sukamaju")

    def unit(
        self,
        kode: str,
        nama: str,
        jenis: str,
        parent: UnitPlan | None,
        urutan: int,
        office: Office | None = None,
        singkatan: str = "",
    ) -> UnitPlan:
        parent_kode = parent.kode if parent else None
        unit = UnitPlan(kode, nama, jenis, parent_kode, urutan, singkatan, office)
        self.units.append(unit)
        return unit

    def sub_unit(
        self, parent: UnitPlan, nama: str, jenis: str, office: Office | None = None
    ) -> UnitPlan:
        self._child_numbers[parent.kode] += 1
        number = self._child_numbers[parent.kode]
        return self.unit(f"{parent.kode}.{number:02d}", nama, jenis, parent, number, office)

    def seat(
        self,
        unit: UnitPlan,
        nama: str,
        rank: Rank,
        boss: SeatPlan | None,
        pendidikan: str,
        female: float = 0.25,
        kategori: str = Kategori.UMUM,
        head: bool = False,
    ) -> SeatPlan:
        """A seat with one holder: a unit head, or an Asisten or Sekcam beside the head."""
        seat = SeatPlan(
            self._seat_kode(unit), nama, unit.kode, boss.kode if boss else None, rank.jenis,
            rank.kelas, rank.jenjang, rank.eselon, head, pendidikan, kategori, female,
        )  # fmt: skip
        self.seats.append(seat)
        return seat

    def head(
        self,
        unit: UnitPlan,
        nama: str,
        rank: Rank,
        boss: SeatPlan | None,
        pendidikan: str,
        female: float = 0.25,
        kategori: str = Kategori.UMUM,
    ) -> SeatPlan:
        return self.seat(unit, nama, rank, boss, pendidikan, female, kategori, head=True)

    def staff(self, jabatan: data.Jabatan, boss: SeatPlan, pool: str, minimum: int = 0) -> SeatPlan:
        """A seat for several holders in the boss's unit; `_staff_seats` says how many."""
        seat = SeatPlan(
            f"{boss.unit}-{self._next_seat(boss.unit):02d}", jabatan.nama, boss.unit, boss.kode,
            jabatan.jenis, jabatan.kelas, jabatan.jenjang, "", False, jabatan.pendidikan,
            jabatan.kategori, jabatan.female, pool, jabatan.weight * self.rng.uniform(0.75, 1.25),
            minimum, holders=0,
        )  # fmt: skip
        self.seats.append(seat)
        return seat

    def _seat_kode(self, unit: UnitPlan) -> str:
        return f"{unit.kode}-{self._next_seat(unit.kode):02d}"

    def _next_seat(self, unit_kode: str) -> int:
        self._seat_numbers[unit_kode] += 1
        return self._seat_numbers[unit_kode]

    def deal(self, templates: tuple[data.Jabatan, ...], leaves: list[SeatPlan], pool: str) -> None:
        """Spread the templates round-robin over the leaf units (given by their heads)."""
        staffed: set[str] = set()
        for index, jabatan in enumerate(templates):
            boss = leaves[index % len(leaves)]
            self.staff(jabatan, boss, pool)
            staffed.add(boss.kode)
        for boss in leaves:
            if boss.kode not in staffed:
                self.staff(data.PENELAAH, boss, pool)

    def mark_role(self, role: str, unit_prefix: str, nama: str) -> None:
        """The first holder of the first such seat in the OPD will play the demo role."""
        seat = next(
            s
            for s in self.seats
            if not s.head and s.nama == nama and (s.unit + ".").startswith(unit_prefix + ".")
        )
        seat.minimum = max(seat.minimum, 1)
        self.roles[role] = seat.kode


def _kecamatan_sites(b: _Builder) -> list[Site]:
    count = min(len(data.KECAMATAN), max(2, round(b.n * 0.002)))
    sites = [Site(data.KECAMATAN[0], *TOWN)]
    for nama in data.KECAMATAN[1:count]:
        lat = TOWN[0] + b.rng.uniform(-0.22, 0.22)
        lon = TOWN[1] + b.rng.uniform(-0.25, 0.25)
        sites.append(Site(nama, lat, lon))
    return sites


def _build_pimpinan(b: _Builder) -> tuple[UnitPlan, SeatPlan]:
    root = b.unit("00", "Pimpinan Daerah", JenisUnit.PIMPINAN_DAERAH, None, 0, b.office_in_town())
    bupati = b.head(root, "Bupati Sukamaju", RANK_KEPALA_DAERAH, None, "pemerintahan")
    return root, bupati


def _build_setda(b: _Builder, root: UnitPlan, bupati: SeatPlan) -> SeatPlan:
    setda = b.unit(
        "01", data.SEKRETARIAT_DAERAH, JenisUnit.SEKRETARIAT, root, 1, b.office_in_town(), "Setda"
    )
    sekda = b.head(setda, data.SEKDA, RANK_SEKDA, bupati, "pemerintahan", female=0.15)
    b.roles["pimpinan"] = sekda.kode
    for index, (nama_asisten, bagian_names) in enumerate(data.ASISTEN):
        # Asisten lead groups of bagian but no unit of their own: they sit in the Setda.
        asisten = b.seat(setda, nama_asisten, RANK_JPT, sekda, "pemerintahan", female=0.2)
        if index == 0:
            b.marks["plt"] = asisten
        for nama in bagian_names:
            _build_bagian(b, setda, asisten, nama)
    return sekda


def _build_bagian(b: _Builder, setda: UnitPlan, asisten: SeatPlan, nama: str) -> None:
    bagian = b.sub_unit(setda, f"Bagian {nama}", JenisUnit.BAGIAN)
    pendidikan = data.BAGIAN_PENDIDIKAN.get(nama, "pemerintahan")
    kabag = b.head(bagian, f"Kepala Bagian {nama}", RANK_III_A, asisten, pendidikan)
    if nama == data.BAGIAN_TANPA_KEPALA:
        b.marks["kosong"] = kabag
    leaves = [kabag]
    if b.n >= 3000 and nama in data.BAGIAN_SUBBAGIAN:
        leaves = [_subbagian(b, bagian, kabag, sub) for sub in data.BAGIAN_SUBBAGIAN[nama]]
    b.deal(data.BAGIAN_STAFF[nama], leaves, "kantor")


def _build_opd(
    b: _Builder, opd: data.Opd, root: UnitPlan, sekda: SeatPlan, sites: list[Site]
) -> tuple[UnitPlan, SeatPlan]:
    office = b.office_in_town()
    unit = b.unit(opd.kode, opd.nama, opd.jenis, root, int(opd.kode), office, opd.singkatan)
    kepala = b.head(unit, opd.kepala, RANK_JPT, sekda, opd.pendidikan)
    if opd.key == data.DINAS_SOSIAL:
        b.marks["plt_position"] = kepala
    _build_sekretariat(b, opd, unit, kepala)
    leaves = _build_bidang(b, opd, unit, kepala) or [kepala]
    b.deal(opd.staff, leaves, "kantor")
    for upt in opd.upt:
        if b.n >= upt.min_employees:
            _build_upt(b, upt, unit, kepala, sites)
    return unit, kepala


def _build_sekretariat(b: _Builder, opd: data.Opd, unit: UnitPlan, kepala: SeatPlan) -> None:
    # The demo pegawai and admin OPD work in the Dinkes sekretariat, so it exists at any size.
    demo_opd = opd.key == data.DINAS_KESEHATAN
    if not opd.sekretariat or (b.n < 1000 and not demo_opd):
        b.deal(data.KANTOR_KECIL_STAFF, [kepala], "kantor")
        return
    # BAGIAN, not SEKRETARIAT: that unit type marks a Perangkat Daerah of its own.
    sekretariat = b.sub_unit(unit, f"Sekretariat {opd.nama}", JenisUnit.BAGIAN)
    sekretaris = b.head(sekretariat, f"Sekretaris {opd.nama}", RANK_III_A, kepala, opd.pendidikan)
    b.deal(data.SEKRETARIAT_STAFF, [sekretaris], "kantor")
    umpeg = _subbagian(b, sekretariat, sekretaris, "Umum dan Kepegawaian")
    if demo_opd:
        seat = b.staff(data.DEMO_PEGAWAI_JABATAN, umpeg, "kantor", minimum=1)
        if seat.kode != DEMO_PEGAWAI_KODE:
            raise RuntimeError(f"Kode jabatan pegawai demo berubah menjadi {seat.kode}.")
        b.roles["pegawai"] = seat.kode
    b.deal(data.SUBBAG_UMPEG_STAFF, [umpeg], "kantor")
    if b.n >= 1000:
        keuangan = _subbagian(b, sekretariat, sekretaris, "Keuangan dan Aset")
        b.deal(data.SUBBAG_KEUANGAN_STAFF, [keuangan], "kantor")


def _subbagian(b: _Builder, parent: UnitPlan, boss: SeatPlan, nama: str) -> SeatPlan:
    unit = b.sub_unit(parent, f"Subbagian {nama}", JenisUnit.SUBBAGIAN)
    return b.head(unit, f"Kepala Subbagian {nama}", RANK_IV_A, boss, "s1_umum", female=0.4)


def _build_bidang(b: _Builder, opd: data.Opd, unit: UnitPlan, kepala: SeatPlan) -> list[SeatPlan]:
    """The bidang the region's size allows; returns the heads of the units staff work in."""
    count = min(len(opd.bidang), b.n // 1200)
    leaves: list[SeatPlan] = []
    for index, nama in enumerate(opd.bidang[:count]):
        bidang = b.sub_unit(unit, f"{opd.sub_unit} {nama}", opd.sub_jenis)
        kabid = b.head(bidang, f"{opd.sub_kepala} {nama}", RANK_III_B, kepala, opd.pendidikan)
        seksi = opd.seksi[index] if opd.seksi and b.n >= 3000 else ()
        for nama_seksi in seksi:
            seksi_unit = b.sub_unit(bidang, f"Seksi {nama_seksi}", JenisUnit.SEKSI)
            nama_kepala = f"Kepala Seksi {nama_seksi}"
            leaves.append(b.head(seksi_unit, nama_kepala, RANK_IV_A, kabid, opd.pendidikan))
        if not seksi:
            leaves.append(kabid)
    return leaves


def _build_upt(
    b: _Builder, upt: data.Upt, opd: UnitPlan, kepala: SeatPlan, sites: list[Site]
) -> None:
    if upt.per_kecamatan:
        count = max(1, len(sites) // upt.per_kecamatan)
        placed = [(f"{upt.nama} {site.nama}", site) for site in sites[:count]]
    else:
        placed = [(upt.nama, sites[0])]
    for index, (nama, site) in enumerate(placed, start=1):
        kode = f"{opd.kode}.UPT{index:02d}"
        unit = b.unit(kode, nama, JenisUnit.UPT, opd, 100 + index, b.office_in(site))
        head = b.head(unit, f"Kepala {nama}", RANK_IV_A, kepala, upt.staff[0].pendidikan)
        b.deal(upt.staff, [head], "kantor")


def _build_sekolah(b: _Builder, disdik: UnitPlan, kadisdik: SeatPlan, sites: list[Site]) -> None:
    jenjang = (
        ("SD", max(2, round(b.n * 0.035)), RANK_KEPALA_SD, "guru_sd", data.GURU_SD),
        ("SMP", max(1, round(b.n * 0.006)), RANK_KEPALA_SMP, "guru_smp", data.GURU_SMP),
    )
    urutan = 200
    for singkatan, count, rank, pendidikan, staff in jenjang:
        per_site: Counter[str] = Counter()
        for index in range(count):
            site = sites[index % len(sites)]
            per_site[site.nama] += 1
            nama = f"{singkatan} Negeri {per_site[site.nama]} {site.nama}"
            urutan += 1
            kode = f"{disdik.kode}.{singkatan}{index + 1:03d}"
            unit = b.unit(kode, nama, JenisUnit.SEKOLAH, disdik, urutan, b.office_in(site))
            kepala = b.head(unit, f"Kepala {nama}", rank, kadisdik, pendidikan, 0.5, Kategori.GURU)
            b.deal(staff, [kepala], "sekolah")


def _build_puskesmas(b: _Builder, dinkes: UnitPlan, kadinkes: SeatPlan, sites: list[Site]) -> None:
    count = max(1, round(b.n * 0.0025))
    for index in range(count):
        site = sites[index % len(sites)]
        rounds = index // len(sites)
        nama = f"Puskesmas {site.nama}" + (f" {rounds + 1}" if rounds else "")
        kode = f"{dinkes.kode}.PKM{index + 1:03d}"
        unit = b.unit(kode, nama, JenisUnit.PUSKESMAS, dinkes, 300 + index, b.office_in(site))
        pendidikan = b.rng.choice(("dokter", "kesmas"))
        kepala = b.head(
            unit, f"Kepala {nama}", RANK_IV_A, kadinkes, pendidikan, 0.5, Kategori.TENAGA_KESEHATAN
        )
        b.deal(data.PUSKESMAS_STAFF, [kepala], "puskesmas")


def _build_rsud(b: _Builder, root: UnitPlan, sekda: SeatPlan) -> None:
    office = b.office_in_town()
    rsud = b.unit(data.RSUD_KODE, data.RSUD_NAMA, JenisUnit.RSUD, root, 10, office, "RSUD")
    direktur = b.head(rsud, f"Direktur {data.RSUD_NAMA}", RANK_JPT, sekda, "dokter", 0.3)
    for nama, jenis, staff in data.RSUD_SUB:
        if b.n < 1000:
            b.deal(staff, [direktur], "rsud")
            continue
        sub = b.sub_unit(rsud, nama, jenis)
        pendidikan = "dokter" if jenis == JenisUnit.BIDANG else "ekonomi"
        kepala = b.head(sub, f"Kepala {nama}", RANK_III_B, direktur, pendidikan)
        b.deal(staff, [kepala], "rsud")


def _build_kecamatan(
    b: _Builder, root: UnitPlan, sekda: SeatPlan, sites: list[Site], kelurahan_names: list[str]
) -> None:
    for index, site in enumerate(sites):
        office = b.office_in(site)
        unit = b.unit(
            f"{20 + index:02d}", f"Kecamatan {site.nama}", JenisUnit.KECAMATAN, root, 20 + index,
            office,
        )  # fmt: skip
        camat = b.head(unit, f"Camat {site.nama}", RANK_III_A, sekda, "pemerintahan", 0.2)
        b.deal(data.KECAMATAN_STAFF, _kecamatan_leaves(b, unit, camat), "wilayah")
        for _ in range(b.rng.choice((1, 1, 2, 2, 3))):
            _build_kelurahan(b, unit, camat, site, kelurahan_names)


def _build_kelurahan(
    b: _Builder, kecamatan: UnitPlan, camat: SeatPlan, site: Site, names: list[str]
) -> None:
    nama = names.pop(0) if names else f"{site.nama} {b.rng.randint(1, 99)}"
    office = b.office_in(Site(nama, site.latitude, site.longitude))
    kelurahan = b.sub_unit(kecamatan, f"Kelurahan {nama}", JenisUnit.KELURAHAN, office)
    lurah = b.head(kelurahan, f"Lurah {nama}", RANK_IV_A, camat, "pemerintahan", 0.3)
    b.deal(data.KELURAHAN_STAFF, [lurah], "wilayah")


def _kecamatan_leaves(b: _Builder, unit: UnitPlan, camat: SeatPlan) -> list[SeatPlan]:
    if b.n < 1000:
        return [camat]
    # The Sekretaris Kecamatan sits in the kecamatan itself, like the Asisten in the Setda.
    sekcam = b.seat(unit, "Sekretaris Kecamatan", RANK_III_B, camat, "pemerintahan", 0.3)
    if b.n < 3000:
        return [sekcam]
    leaves = []
    for nama in data.KECAMATAN_SEKSI:
        seksi = b.sub_unit(unit, f"Seksi {nama}", JenisUnit.SEKSI)
        leaves.append(b.head(seksi, f"Kepala Seksi {nama}", RANK_IV_A, camat, "pemerintahan"))
    leaves.append(_subbagian(b, unit, sekcam, "Umum dan Kepegawaian"))
    return leaves


def _build_structure(b: _Builder) -> None:
    sites = _kecamatan_sites(b)
    kelurahan_names = list(data.KELURAHAN)
    b.rng.shuffle(kelurahan_names)
    root, bupati = _build_pimpinan(b)
    sekda = _build_setda(b, root, bupati)
    for opd in data.OPD:
        unit, kepala = _build_opd(b, opd, root, sekda, sites)
        if opd.key == data.DINAS_PENDIDIKAN:
            _build_sekolah(b, unit, kepala, sites)
        elif opd.key == data.DINAS_KESEHATAN:
            _build_puskesmas(b, unit, kepala, sites)
    _build_rsud(b, root, sekda)
    _build_kecamatan(b, root, sekda, sites, kelurahan_names)
    b.mark_role("admin_opd", data.OPD_KODE[data.DINAS_KESEHATAN], "Pranata Komputer Ahli Pertama")
    b.mark_role(
        "admin_bkpsdm",
        data.OPD_KODE[data.BKPSDM],
        "Analis Sumber Daya Manusia Aparatur Ahli Pertama",
    )
    b.mark_role("auditor", data.OPD_KODE[data.INSPEKTORAT], "Auditor Ahli Muda")


# --- head counts -------------------------------------------------------------------------------


def _apportion(total: int, weights: list[float]) -> list[int]:
    """Split `total` in proportion to `weights` (largest remainder; ties go to the earlier)."""
    if not weights:
        return []
    weight_sum = sum(weights)
    if weight_sum <= 0:
        weights, weight_sum = [1.0] * len(weights), float(len(weights))
    exact = [total * w / weight_sum for w in weights]
    shares = [math.floor(x) for x in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: (shares[i] - exact[i], i))
    for i in by_remainder[: total - sum(shares)]:
        shares[i] += 1
    return shares


def _staff_seats(b: _Builder, vacant: list[SeatPlan]) -> None:
    """Give every staff seat its number of holders so that the ASN add up to `employees`."""
    for seat in vacant:
        seat.holders = 0
    fixed = sum(s.holders for s in b.seats if not s.pool and s.jenis != JenisJabatan.KEPALA_DAERAH)
    pools: dict[str, list[SeatPlan]] = defaultdict(list)
    for seat in b.seats:
        if seat.pool:
            pools[seat.pool].append(seat)
    budget = b.n - fixed - sum(s.minimum for s in b.seats if s.pool)
    if budget < 0:
        raise DemoError(f"Jumlah pegawai terlalu kecil; paling sedikit {b.n - budget}.")
    names = [name for name in POOL_SHARES if pools[name]]
    for name, share in zip(names, _apportion(budget, [POOL_SHARES[n] for n in names]), strict=True):
        seats = pools[name]
        for seat, extra in zip(seats, _apportion(share, [s.weight for s in seats]), strict=True):
            seat.holders = seat.minimum + extra
    # Empty staff seats would only clutter the demo; vacant heads stay, they are the point.
    b.seats = [s for s in b.seats if s.holders or not s.pool]


# --- people ------------------------------------------------------------------------------------


def _months_before(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


def _months_between(earlier: dt.date, later: dt.date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def _birth_date(rng: random.Random, appointed: dt.date, age: int) -> dt.date:
    return dt.date(appointed.year - age, appointed.month, 1) - dt.timedelta(
        days=rng.randint(0, 364)
    )


class _People:
    """Draws persons for seats; owns the NIP register so sequence numbers never repeat."""

    def __init__(self, rng: random.Random, today: dt.date) -> None:
        self.rng = rng
        self.today = today
        self.this_month = today.replace(day=1)
        self.nips: set[str] = set()
        self.towns = [town for town, _ in data.TEMPAT_LAHIR]
        self.town_weights = [weight for _, weight in data.TEMPAT_LAHIR]

    def for_seat(self, seat: SeatPlan, first_is_pns: bool) -> list[PersonPlan]:
        return [self.person(seat, force_pns=first_is_pns and i == 0) for i in range(seat.holders)]

    def person(self, seat: SeatPlan, *, force_pns: bool) -> PersonPlan:
        rng = self.rng
        gender = JenisKelamin.PEREMPUAN if rng.random() < seat.female else JenisKelamin.LAKI_LAKI
        status = StatusKepegawaian.PNS if force_pns or not seat.pool else self._status(seat)
        if status == StatusKepegawaian.PPPK:
            golongan, appointed, birth = self._pppk_dates(seat)
        else:
            golongan, appointed, birth = self._pns_dates(seat, status)
        nama = self._nama(gender)
        depan, belakang = self._gelar(seat, birth, gender)
        mulai = self._tmt_jabatan(seat, status, appointed)
        return PersonPlan(
            seat=seat.kode,
            nama=nama,
            gelar_depan=depan,
            gelar_belakang=belakang,
            jenis_kelamin=gender,
            tempat_lahir=rng.choices(self.towns, self.town_weights)[0],
            tanggal_lahir=birth,
            status=status,
            golongan=golongan,
            kategori=seat.kategori,
            nip=self._nip(birth, appointed, gender, status),
            mulai=mulai,
            nomor_sk=self._nomor_sk(mulai) if not seat.pool else "",
        )

    def _status(self, seat: SeatPlan) -> str:
        draw = self.rng.random()
        pppk = PPPK_SHARE[Kategori(seat.kategori)]
        if draw < pppk:
            return StatusKepegawaian.PPPK
        if _entry_level(seat) and draw < pppk + CPNS_SHARE_OF_ENTRY_SEATS:
            return StatusKepegawaian.CPNS
        return StatusKepegawaian.PNS

    def _pns_dates(self, seat: SeatPlan, status: str) -> tuple[str, dt.date, dt.date]:
        rng = self.rng
        if status == StatusKepegawaian.CPNS:
            golongan = _golongan_cpns(seat)
            months_ago = rng.randint(0, 11)
        else:
            golongan = rng.choice(_golongan_pns(seat))
            low, high = MASA_KERJA[golongan]
            # A PNS served at least a year as CPNS.
            months_ago = rng.randint(max(13, low * 12), high * 12 + 11)
        tmt_cpns = _months_before(self.this_month, months_ago)
        age = rng.randint(22, min(35, OLDEST_AGE - months_ago // 12 - 1))
        return golongan, tmt_cpns, _birth_date(rng, tmt_cpns, age)

    def _pppk_dates(self, seat: SeatPlan) -> tuple[str, dt.date, dt.date]:
        rng = self.rng
        golongan = rng.choice(_golongan_pppk(seat))
        years_ago = rng.choices([y for y, _ in PPPK_YEARS_AGO], [w for _, w in PPPK_YEARS_AGO])[0]
        year = self.today.year - years_ago
        month = rng.randint(1, self.today.month if years_ago == 0 else 12)
        appointed = dt.date(year, month, 1)
        # Many PPPK were long-serving honorer teachers and nurses, hence the older intake.
        oldest = 48 if seat.kategori != Kategori.UMUM else 40
        age = rng.randint(23, min(oldest, OLDEST_AGE - years_ago - 1))
        return golongan, appointed, _birth_date(rng, appointed, age)

    def _tmt_jabatan(self, seat: SeatPlan, status: str, appointed: dt.date) -> dt.date:
        if status != StatusKepegawaian.PNS:
            return appointed
        served = _months_between(appointed, self.this_month)
        if seat.pool:
            return _months_before(self.this_month, self.rng.randint(0, min(served, 96)))
        return _months_before(self.this_month, self.rng.randint(min(2, served), min(served, 60)))

    def _nip(self, birth: dt.date, appointed: dt.date, gender: str, status: str) -> str:
        digit = "1" if gender == JenisKelamin.LAKI_LAKI else "2"
        if status == StatusKepegawaian.PPPK:
            # NI PPPK: the year only, then 2 (PPPK) and 1 (first contract).
            prefix = f"{birth:%Y%m%d}{appointed.year}21{digit}"
        else:
            prefix = f"{birth:%Y%m%d}{appointed:%Y%m}{digit}"
        while True:
            nip = f"{prefix}{self.rng.randint(1, 999):03d}"
            if nip not in self.nips:
                self.nips.add(nip)
                return nip

    def _nomor_sk(self, mulai: dt.date) -> str:
        return f"821.2/{self.rng.randint(100, 999)}/BKPSDM/{mulai.year}"

    def _nama(self, gender: str) -> str:
        rng = self.rng
        female = gender == JenisKelamin.PEREMPUAN
        first = rng.choice(data.NAMA_DEPAN_PEREMPUAN if female else data.NAMA_DEPAN_LAKI)
        parts = [first]
        if rng.random() < 0.12:
            prefix = rng.choice(data.NAMA_AWALAN_PEREMPUAN if female else data.NAMA_AWALAN_LAKI)
            if prefix != first:
                parts.insert(0, prefix)
        if rng.random() < 0.85:
            parts.append(
                rng.choice(data.NAMA_BELAKANG_PEREMPUAN if female else data.NAMA_BELAKANG_LAKI)
            )
        return " ".join(parts)

    def _gelar(self, seat: SeatPlan, birth: dt.date, gender: str) -> tuple[str, str]:
        rng = self.rng
        pendidikan = data.PENDIDIKAN[seat.pendidikan]
        depan = [pendidikan.depan] if pendidikan.depan else []
        belakang: list[str] = []
        if pendidikan.lama and birth.year < 1970 and rng.random() < 0.5:
            female_drs = pendidikan.lama == "Drs." and gender == JenisKelamin.PEREMPUAN
            depan.insert(0, "Dra." if female_drs else pendidikan.lama)
        elif pendidikan.belakang:
            first_degree = rng.choice(pendidikan.belakang)
            if first_degree:
                belakang.append(first_degree)
        if pendidikan.magister and rng.random() < _seniority(seat):
            belakang.append(rng.choice(pendidikan.magister))
        haji_chance = 0.25 if not seat.pool else 0.06
        if self.today.year - birth.year >= 40 and rng.random() < haji_chance:
            depan.append("Hj." if gender == JenisKelamin.PEREMPUAN else "H.")
        return " ".join(depan), ", ".join(belakang)

    def bupati(self, seat: SeatPlan) -> PersonPlan:
        rng = self.rng
        birth = dt.date(
            self.today.year - rng.randint(45, 58), rng.randint(1, 12), rng.randint(1, 28)
        )
        return PersonPlan(
            seat=seat.kode,
            nama=self._nama(JenisKelamin.LAKI_LAKI),
            gelar_depan="H.",
            gelar_belakang=f"{rng.choice(('S.E.', 'S.Sos.', 'S.H.'))}, M.Si.",
            jenis_kelamin=JenisKelamin.LAKI_LAKI,
            tempat_lahir="Sukamaju",
            tanggal_lahir=birth,
            status=StatusKepegawaian.PEJABAT_NEGARA,
            golongan="",
            kategori=Kategori.UMUM,
            nip=None,
            mulai=min(KEPALA_DAERAH_DILANTIK, self.today),
        )


def _entry_level(seat: SeatPlan) -> bool:
    return seat.jenis == JenisJabatan.PELAKSANA or seat.jenjang in GOLONGAN_CPNS_JF


def _golongan_cpns(seat: SeatPlan) -> str:
    if seat.jenis == JenisJabatan.PELAKSANA:
        return GOLONGAN_CPNS_PELAKSANA[seat.kelas or 5]
    return GOLONGAN_CPNS_JF[Jenjang(seat.jenjang)]


def _golongan_pns(seat: SeatPlan) -> tuple[str, ...]:
    if seat.jenis == JenisJabatan.PELAKSANA:
        return GOLONGAN_PELAKSANA[seat.kelas or 5]
    return GOLONGAN_PNS[Jenjang(seat.jenjang) if seat.jenjang else JenisJabatan(seat.jenis)]


def _golongan_pppk(seat: SeatPlan) -> tuple[str, ...]:
    if seat.jenis == JenisJabatan.PELAKSANA:
        return GOLONGAN_PPPK_PELAKSANA[seat.kelas or 5]
    return GOLONGAN_PPPK_SEAT[Jenjang(seat.jenjang)]


def _seniority(seat: SeatPlan) -> float:
    """The chance that the holder of a seat has a master's degree."""
    return MAGISTER_CHANCE.get(seat.jenis) or MAGISTER_CHANCE.get(seat.jenjang) or 0.04


def _set_kedudukan(
    rng: random.Random, people: list[PersonPlan], seats: dict[str, SeatPlan]
) -> None:
    """A few staff PNS are away: on study leave (tugas belajar) or on unpaid leave (CLTN)."""
    candidates = [p for p in people if p.status == StatusKepegawaian.PNS and seats[p.seat].pool]
    tugas_belajar = max(1, round(len(people) * 0.004))
    cltn = 1 if len(people) < 3000 else 2
    chosen = rng.sample(candidates, tugas_belajar + cltn)
    for person in chosen[:tugas_belajar]:
        person.kedudukan = Kedudukan.TUGAS_BELAJAR
    for person in chosen[tugas_belajar:]:
        person.kedudukan = Kedudukan.CLTN


def build_plan(*, employees: int, seed: int, today: dt.date) -> DemoPlan:
    """Everything the demo will contain, decided in memory. Pure: no database access."""
    if employees < MIN_EMPLOYEES:
        raise DemoError(f"Jumlah pegawai paling sedikit {MIN_EMPLOYEES}.")
    rng = random.Random(seed)
    b = _Builder(employees, rng)
    _build_structure(b)
    vacant = [b.marks["plt_position"], b.marks["kosong"]]
    _staff_seats(b, vacant)
    people_maker = _People(rng, today)
    role_seats = set(b.roles.values())
    people: list[PersonPlan] = []
    bupati: PersonPlan | None = None
    for seat in b.seats:
        if seat.jenis == JenisJabatan.KEPALA_DAERAH:
            bupati = people_maker.bupati(seat)
            continue
        people.extend(people_maker.for_seat(seat, first_is_pns=seat.kode in role_seats))
    assert bupati is not None
    seats = {seat.kode: seat for seat in b.seats}
    _set_kedudukan(rng, [p for p in people if p.seat not in role_seats], seats)
    plt_mulai = _months_before(today.replace(day=1), rng.randint(1, 4))
    plt = PltPlan(
        holder_seat=b.marks["plt"].kode,
        position=b.marks["plt_position"].kode,
        mulai=plt_mulai,
        nomor_sk=f"800.1.3.3/{rng.randint(100, 999)}/BKPSDM/{plt_mulai.year}",
    )
    return DemoPlan(
        units=b.units,
        seats=b.seats,
        bupati=bupati,
        people=people,
        plt=plt,
        vacant=[seat.kode for seat in vacant],
        roles=dict(b.roles),
    )
