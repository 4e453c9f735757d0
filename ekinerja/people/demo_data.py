"""Word lists and the organisation catalogue of the fictional Kabupaten Sukamaju (demo data only).

Pure data, no ORM: `demo.py` turns it into units, positions and people. Names of jabatan follow
the usual Pemda nomenclature; kelas jabatan values are typical, not taken from any one region.
"""

from __future__ import annotations

from dataclasses import dataclass

from ekinerja.org.choices import JenisJabatan, JenisUnit, Jenjang
from ekinerja.people.choices import Kategori

# --- people -------------------------------------------------------------------------------------

NAMA_DEPAN_LAKI = (
    "Agus", "Ahmad", "Asep", "Budi", "Cecep", "Dadang", "Dedi", "Deden", "Dodi", "Eko",
    "Endang", "Fajar", "Hadi", "Hendra", "Iwan", "Joko", "Kurnia", "Lukman", "Nandang", "Rahmat",
    "Rudi", "Sandi", "Taufik", "Ujang", "Wawan", "Yayan", "Yusuf", "Andi", "Arif", "Bambang",
    "Dani", "Dimas", "Doni", "Fikri", "Galih", "Gilang", "Hari", "Ilham", "Irfan", "Jajang",
    "Ade", "Cahya", "Engkus", "Firman", "Heri", "Ikhsan", "Nana", "Rizki", "Ridwan", "Rusdi",
    "Slamet", "Teguh", "Tono", "Wahyu", "Yogi", "Zainal", "Bayu", "Rendi", "Aditya", "Fauzan",
    "Gunawan", "Haris", "Iqbal", "Kusnadi", "Maman", "Nanang", "Oman", "Rian", "Sigit", "Tatang",
)  # fmt: skip
NAMA_DEPAN_PEREMPUAN = (
    "Sri", "Dewi", "Rina", "Yanti", "Ani", "Dian", "Fitri", "Lia", "Eka", "Tuti",
    "Neneng", "Euis", "Iis", "Imas", "Cucu", "Yeni", "Rini", "Nia", "Maya", "Ratna",
    "Lilis", "Elis", "Tati", "Heni", "Yuli", "Indah", "Putri", "Ayu", "Intan", "Rizka",
    "Nurul", "Aisyah", "Annisa", "Desi", "Fitria", "Mega", "Ika", "Novi", "Tina", "Winda",
    "Yulia", "Ria", "Susi", "Endah", "Ratih", "Kartika", "Sinta", "Anggi", "Dina", "Eva",
    "Gina", "Hana", "Ira", "Lina", "Mira", "Nining", "Rahma", "Santi", "Umi", "Vera",
    "Wulan", "Yuyun", "Zahra", "Ela", "Irma", "Leni", "Nani", "Pipit", "Rosita", "Tika",
)  # fmt: skip
NAMA_AWALAN_LAKI = ("Muhammad", "Mochamad", "Ahmad", "Abdul")
NAMA_AWALAN_PEREMPUAN = ("Siti", "Nur")
NAMA_BELAKANG_LAKI = (
    "Saputra", "Hidayat", "Setiawan", "Kurniawan", "Nugroho", "Santoso", "Wibowo", "Pratama",
    "Gunawan", "Suherman", "Permana", "Hermawan", "Ramdani", "Firmansyah", "Rahman", "Maulana",
    "Sopian", "Saepudin", "Sudrajat", "Supriadi", "Mulyana", "Ruhiyat", "Hidayatullah", "Kusnadi",
    "Sutisna", "Rohmat", "Suryana", "Purnama", "Nugraha", "Ardiansyah", "Wijaya", "Prasetyo",
    "Susanto", "Hakim", "Syahputra", "Fauzi", "Iskandar", "Mustofa", "Munandar", "Hamdani",
    "Sumarna", "Suhendar", "Kosasih", "Somantri", "Rukmana", "Hendrayana", "Taufiqurrahman",
)  # fmt: skip
NAMA_BELAKANG_PEREMPUAN = (
    "Lestari", "Wulandari", "Rahmawati", "Handayani", "Kusumawati", "Permatasari", "Puspitasari",
    "Nurhayati", "Susanti", "Anggraeni", "Marlina", "Fitriani", "Yuliani", "Maryani", "Rohmah",
    "Sari", "Utami", "Safitri", "Agustina", "Oktaviani", "Nurjanah", "Rosmiati", "Kurniasih",
    "Herawati", "Setiawati", "Mulyani", "Suryani", "Sulastri", "Pertiwi", "Rahayu", "Komalasari",
    "Nuraeni", "Hasanah", "Aprilia", "Febriani", "Novianti", "Andriani", "Purnamasari",
    "Ningsih", "Damayanti",
)  # fmt: skip

# The home town dominates, as it does in any regional civil service.
TEMPAT_LAHIR = (
    ("Sukamaju", 40), ("Bandung", 8), ("Garut", 6), ("Tasikmalaya", 6), ("Ciamis", 5),
    ("Sumedang", 4), ("Cianjur", 3), ("Sukabumi", 3), ("Bogor", 2), ("Cirebon", 2),
    ("Kuningan", 2), ("Majalengka", 2), ("Indramayu", 1), ("Subang", 1), ("Purwakarta", 1),
    ("Karawang", 1), ("Bekasi", 1), ("Jakarta", 3), ("Semarang", 1), ("Yogyakarta", 1),
    ("Surabaya", 1), ("Medan", 1), ("Padang", 1), ("Palembang", 1), ("Makassar", 1),
    ("Brebes", 1), ("Tegal", 1), ("Banjar", 1), ("Pangandaran", 1),
)  # fmt: skip


@dataclass(frozen=True)
class Pendidikan:
    """How a degree shows up around a name."""

    belakang: tuple[str, ...] = ()  # first degree, one is picked
    depan: str = ""  # professional title in front: dr., drg., drh., apt.
    magister: tuple[str, ...] = ()  # added for senior positions
    lama: str = ""  # pre-1990s title that replaced the first degree: Drs. or Ir.


PENDIDIKAN = {
    "sma": Pendidikan(),
    "d3": Pendidikan(("A.Md.",)),
    "s1_umum": Pendidikan(
        ("S.E.", "S.Sos.", "S.AP.", "S.IP.", "S.H.", "S.Kom."),
        "",
        ("M.Si.", "M.M.", "M.AP."),
        "Drs.",
    ),
    "pemerintahan": Pendidikan(
        ("S.IP.", "S.STP.", "S.Sos.", "S.AP."), "", ("M.Si.", "M.AP."), "Drs."
    ),
    "hukum": Pendidikan(("S.H.",), "", ("M.H.",)),
    "ekonomi": Pendidikan(("S.E.", "S.Ak."), "", ("M.M.", "M.Ak.", "M.Si."), "Drs."),
    "perencana": Pendidikan(
        ("S.E.", "S.T.", "S.P.", "S.Sos.", "S.Si."), "", ("M.Si.", "M.T.", "M.E.")
    ),
    "sdm": Pendidikan(("S.Psi.", "S.Sos.", "S.AP.", "S.E."), "", ("M.Si.", "M.M.", "M.Psi.")),
    "auditor": Pendidikan(("S.E.", "S.Ak.", "S.H.", "S.T."), "", ("M.Ak.", "M.Si.")),
    "teknik": Pendidikan(("S.T.",), "", ("M.T.",), "Ir."),
    "lingkungan": Pendidikan(("S.T.", "S.Si."), "", ("M.T.", "M.Si."), "Ir."),
    "it": Pendidikan(("S.Kom.", "S.T."), "", ("M.Kom.",)),
    "d3_it": Pendidikan(("A.Md.Kom.",)),
    "pertanian": Pendidikan(("S.P.",), "", ("M.P.", "M.Si."), "Ir."),
    "d3_pertanian": Pendidikan(("A.Md.P.",)),
    "veteriner": Pendidikan(("",), "drh.", ("M.Si.",)),
    "sosial": Pendidikan(("S.Sos.", "S.Tr.Sos."), "", ("M.Si.",)),
    "humas": Pendidikan(("S.I.Kom.", "S.Sos."), "", ("M.I.Kom.",)),
    "statistik": Pendidikan(("S.Si.", "S.Stat.", "S.Tr.Stat.")),
    "guru_sd": Pendidikan(("S.Pd.", "S.Pd.", "S.Pd.SD.", "S.Pd.I."), "", ("M.Pd.",), "Drs."),
    "guru_smp": Pendidikan(
        ("S.Pd.", "S.Pd.", "S.Si.", "S.Pd.I.", "S.Hum."), "", ("M.Pd.",), "Drs."
    ),
    "dokter": Pendidikan(("",), "dr.", ("M.Kes.", "MARS")),
    "dokter_gigi": Pendidikan(("",), "drg.", ("M.Kes.",)),
    "spesialis": Pendidikan(
        ("Sp.PD.", "Sp.A.", "Sp.OG.", "Sp.B.", "Sp.An.", "Sp.P.", "Sp.M.", "Sp.Rad.", "Sp.N."),
        "dr.",
    ),
    "kesmas": Pendidikan(("S.KM.",), "", ("M.Kes.", "M.KM.")),
    "ners": Pendidikan(("S.Kep., Ns.",), "", ("M.Kep.",)),
    "d3_perawat": Pendidikan(("A.Md.Kep.",)),
    "bidan": Pendidikan(("S.Tr.Keb.", "S.Keb., Bd.")),
    "d3_bidan": Pendidikan(("A.Md.Keb.",)),
    "apoteker": Pendidikan(("S.Farm.",), "apt.", ("M.Farm.",)),
    "d3_farmasi": Pendidikan(("A.Md.Farm.",)),
    "d3_lab": Pendidikan(("A.Md.AK.",)),
    "d3_gizi": Pendidikan(("A.Md.Gz.",)),
    "d3_sanitasi": Pendidikan(("A.Md.KL.",)),
    "d3_kesehatan": Pendidikan(("A.Md.Kes.",)),
    "d3_radiologi": Pendidikan(("A.Md.Rad.",)),
    "d3_fisioterapi": Pendidikan(("A.Md.Ftr.",)),
}

# --- jabatan templates --------------------------------------------------------------------------

KELAS_JENJANG = {
    Jenjang.AHLI_PERTAMA: 8,
    Jenjang.AHLI_MUDA: 9,
    Jenjang.AHLI_MADYA: 11,
    Jenjang.AHLI_UTAMA: 13,
    Jenjang.PEMULA: 5,
    Jenjang.TERAMPIL: 6,
    Jenjang.MAHIR: 7,
    Jenjang.PENYELIA: 8,
}
KEAHLIAN = frozenset(
    {Jenjang.AHLI_PERTAMA, Jenjang.AHLI_MUDA, Jenjang.AHLI_MADYA, Jenjang.AHLI_UTAMA}
)


@dataclass(frozen=True)
class Jabatan:
    """A staff position template: one Position row per unit, held by several people."""

    nama: str
    jenis: str
    kelas: int
    weight: float  # expected holders relative to the other templates of the same pool
    pendidikan: str
    jenjang: str = ""
    kategori: str = Kategori.UMUM
    female: float = 0.45


def jf(
    nama: str,
    jenjang: Jenjang,
    weight: float,
    pendidikan: str,
    kategori: str = Kategori.UMUM,
    female: float = 0.45,
) -> Jabatan:
    jenis = (
        JenisJabatan.FUNGSIONAL_KEAHLIAN
        if jenjang in KEAHLIAN
        else JenisJabatan.FUNGSIONAL_KETERAMPILAN
    )
    return Jabatan(
        f"{nama} {jenjang.label}", jenis, KELAS_JENJANG[jenjang], weight, pendidikan, jenjang,
        kategori, female,
    )  # fmt: skip


def pelaksana(
    nama: str, kelas: int, weight: float, pendidikan: str, female: float = 0.45
) -> Jabatan:
    return Jabatan(nama, JenisJabatan.PELAKSANA, kelas, weight, pendidikan, female=female)


J = Jenjang
NAKES = Kategori.TENAGA_KESEHATAN
GURU = Kategori.GURU

PENGADMINISTRASI = pelaksana("Pengadministrasi Perkantoran", 5, 4, "sma")
OPERATOR = pelaksana("Operator Layanan Operasional", 5, 2, "sma", female=0.3)
PENGOLAH_DATA = pelaksana("Pengolah Data dan Informasi", 6, 2, "d3")
PENGELOLA_LAYANAN = pelaksana("Pengelola Layanan Operasional", 6, 2, "d3")
PENATA_LAYANAN = pelaksana("Penata Layanan Operasional", 7, 2, "s1_umum")
PENELAAH = pelaksana("Penelaah Teknis Kebijakan", 7, 2, "s1_umum")
# The demo pegawai's seat: one holder, so the demo login is always the same person.
DEMO_PEGAWAI_JABATAN = pelaksana("Pengadministrasi Kepegawaian", 6, 0, "d3", female=0.6)

# Sekretariat staff are a third or so of an OPD office; the bidang hold the rest.
SEKRETARIAT_STAFF = (jf("Perencana", J.AHLI_PERTAMA, 0.6, "perencana"),)
SUBBAG_UMPEG_STAFF = (
    pelaksana("Pengadministrasi Perkantoran", 5, 1.2, "sma"),
    pelaksana("Pengelola Layanan Operasional", 6, 0.6, "d3"),
    jf("Arsiparis", J.TERAMPIL, 0.4, "d3"),
    jf("Analis Sumber Daya Manusia Aparatur", J.AHLI_PERTAMA, 0.4, "sdm"),
    jf("Pranata Komputer", J.AHLI_PERTAMA, 0.3, "it"),
    pelaksana("Operator Layanan Operasional", 5, 0.6, "sma", female=0.3),
)
SUBBAG_KEUANGAN_STAFF = (
    pelaksana("Pengolah Data dan Informasi", 6, 0.6, "d3"),
    pelaksana("Penata Layanan Operasional", 7, 0.6, "ekonomi"),
    jf("Analis Keuangan Pusat dan Daerah", J.AHLI_PERTAMA, 0.4, "ekonomi"),
)
# Small regions without a sekretariat keep their administrative staff under the head.
KANTOR_KECIL_STAFF = (
    pelaksana("Pengadministrasi Perkantoran", 5, 2, "sma"),
    pelaksana("Penata Layanan Operasional", 7, 1, "s1_umum"),
    pelaksana("Pengolah Data dan Informasi", 6, 1, "d3"),
)

GURU_SD = (
    jf("Guru", J.AHLI_PERTAMA, 4, "guru_sd", GURU, 0.7),
    jf("Guru", J.AHLI_MUDA, 3, "guru_sd", GURU, 0.7),
    jf("Guru", J.AHLI_MADYA, 2.5, "guru_sd", GURU, 0.65),
    pelaksana("Pengadministrasi Perkantoran", 5, 0.6, "sma"),
)
GURU_SMP = (
    jf("Guru", J.AHLI_PERTAMA, 8, "guru_smp", GURU, 0.62),
    jf("Guru", J.AHLI_MUDA, 7, "guru_smp", GURU, 0.6),
    jf("Guru", J.AHLI_MADYA, 5, "guru_smp", GURU, 0.55),
    pelaksana("Pengadministrasi Perkantoran", 5, 1.5, "sma"),
    pelaksana("Pengelola Layanan Operasional", 6, 0.6, "d3"),
)
PUSKESMAS_STAFF = (
    jf("Dokter", J.AHLI_PERTAMA, 1.5, "dokter", NAKES, 0.6),
    jf("Dokter", J.AHLI_MUDA, 0.6, "dokter", NAKES, 0.6),
    jf("Dokter Gigi", J.AHLI_PERTAMA, 0.7, "dokter_gigi", NAKES, 0.7),
    jf("Perawat", J.TERAMPIL, 6, "d3_perawat", NAKES, 0.62),
    jf("Perawat", J.MAHIR, 2, "d3_perawat", NAKES, 0.62),
    jf("Perawat", J.AHLI_PERTAMA, 2.5, "ners", NAKES, 0.62),
    jf("Bidan", J.TERAMPIL, 6, "d3_bidan", NAKES, 1.0),
    jf("Bidan", J.MAHIR, 2, "d3_bidan", NAKES, 1.0),
    jf("Bidan", J.AHLI_PERTAMA, 1.5, "bidan", NAKES, 1.0),
    jf("Apoteker", J.AHLI_PERTAMA, 0.6, "apoteker", NAKES, 0.75),
    jf("Asisten Apoteker", J.TERAMPIL, 1.2, "d3_farmasi", NAKES, 0.75),
    jf("Pranata Laboratorium Kesehatan", J.TERAMPIL, 1.3, "d3_lab", NAKES, 0.65),
    jf("Nutrisionis", J.TERAMPIL, 1, "d3_gizi", NAKES, 0.85),
    jf("Sanitarian", J.TERAMPIL, 1, "d3_sanitasi", NAKES, 0.5),
    jf("Penyuluh Kesehatan Masyarakat", J.AHLI_PERTAMA, 0.8, "kesmas", NAKES, 0.65),
    jf("Perekam Medis", J.TERAMPIL, 0.8, "d3_kesehatan", NAKES, 0.6),
    pelaksana("Pengadministrasi Perkantoran", 5, 1.5, "sma"),
    pelaksana("Pengolah Data dan Informasi", 6, 0.8, "d3"),
)
RSUD_UMUM_STAFF = (
    PENGADMINISTRASI,
    PENATA_LAYANAN,
    jf("Analis Keuangan Pusat dan Daerah", J.AHLI_PERTAMA, 1.5, "ekonomi"),
    jf("Pranata Komputer", J.TERAMPIL, 1, "d3_it"),
)
RSUD_PELAYANAN_STAFF = (
    jf("Dokter", J.AHLI_MADYA, 3, "spesialis", NAKES, 0.45),
    jf("Dokter", J.AHLI_PERTAMA, 2.5, "dokter", NAKES, 0.6),
    jf("Dokter", J.AHLI_MUDA, 1.5, "dokter", NAKES, 0.6),
    jf("Perawat", J.TERAMPIL, 14, "d3_perawat", NAKES, 0.62),
    jf("Perawat", J.MAHIR, 5, "d3_perawat", NAKES, 0.62),
    jf("Perawat", J.AHLI_PERTAMA, 7, "ners", NAKES, 0.62),
    jf("Perawat", J.AHLI_MUDA, 2, "ners", NAKES, 0.62),
    jf("Bidan", J.TERAMPIL, 4, "d3_bidan", NAKES, 1.0),
    jf("Bidan", J.AHLI_PERTAMA, 1.5, "bidan", NAKES, 1.0),
)
RSUD_PENUNJANG_STAFF = (
    jf("Apoteker", J.AHLI_PERTAMA, 1.5, "apoteker", NAKES, 0.75),
    jf("Asisten Apoteker", J.TERAMPIL, 2.5, "d3_farmasi", NAKES, 0.75),
    jf("Pranata Laboratorium Kesehatan", J.TERAMPIL, 2.5, "d3_lab", NAKES, 0.65),
    jf("Radiografer", J.TERAMPIL, 1.5, "d3_radiologi", NAKES, 0.4),
    jf("Fisioterapis", J.TERAMPIL, 1, "d3_fisioterapi", NAKES, 0.55),
    jf("Nutrisionis", J.TERAMPIL, 1.5, "d3_gizi", NAKES, 0.85),
    jf("Perekam Medis", J.TERAMPIL, 2, "d3_kesehatan", NAKES, 0.6),
)
KECAMATAN_STAFF = (
    PENGADMINISTRASI,
    PENGELOLA_LAYANAN,
    PENATA_LAYANAN,
    pelaksana("Penelaah Teknis Kebijakan", 7, 1, "pemerintahan"),
    OPERATOR,
)
KELURAHAN_STAFF = (
    pelaksana("Pengadministrasi Perkantoran", 5, 2, "sma"),
    pelaksana("Pengolah Data dan Informasi", 6, 1.5, "d3"),
    pelaksana("Penata Layanan Operasional", 7, 1, "pemerintahan"),
)
UPT_BPP_STAFF = (
    jf("Penyuluh Pertanian", J.AHLI_PERTAMA, 2, "pertanian", female=0.35),
    jf("Penyuluh Pertanian", J.TERAMPIL, 2, "d3_pertanian", female=0.3),
    pelaksana("Pengadministrasi Perkantoran", 5, 1, "sma"),
)

# --- organisation -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Upt:
    nama: str
    staff: tuple[Jabatan, ...]
    min_employees: int  # the region size from which the UPT exists
    per_kecamatan: int = 0  # when set: one UPT for every this many kecamatan, named after one


@dataclass(frozen=True)
class Opd:
    """A Perangkat Daerah with its bidang; technical staff are dealt round-robin to the bidang."""

    kode: str
    key: str
    nama: str
    singkatan: str
    jenis: str
    kepala: str
    pendidikan: str  # of the heads
    bidang: tuple[str, ...]
    staff: tuple[Jabatan, ...]
    sub_jenis: str = JenisUnit.BIDANG
    sub_unit: str = "Bidang"  # prefix of the sub-unit names
    sub_kepala: str = "Kepala Bidang"  # prefix of their heads' names
    sekretariat: bool = True  # the Sekretariat DPRD has bagian instead
    seksi: tuple[tuple[str, ...], ...] = ()  # per bidang, where seksi still exist
    upt: tuple[Upt, ...] = ()


SEKRETARIAT_DAERAH = "Sekretariat Daerah"
SEKDA = "Sekretaris Daerah"
# Asisten lead groups of bagian of the Sekretariat Daerah; each tuple is (asisten, bagian...).
ASISTEN = (
    ("Asisten Pemerintahan dan Kesejahteraan Rakyat",
     ("Pemerintahan", "Hukum", "Kesejahteraan Rakyat")),
    ("Asisten Perekonomian dan Pembangunan",
     ("Perekonomian dan Sumber Daya Alam", "Pengadaan Barang/Jasa")),
    ("Asisten Administrasi Umum", ("Organisasi", "Umum", "Protokol dan Komunikasi Pimpinan")),
)  # fmt: skip
BAGIAN_STAFF = {
    "Pemerintahan": (jf("Analis Kebijakan", J.AHLI_PERTAMA, 1.5, "pemerintahan"), PENELAAH),
    "Hukum": (
        jf("Perancang Peraturan Perundang-undangan", J.AHLI_PERTAMA, 1.5, "hukum"),
        jf("Perancang Peraturan Perundang-undangan", J.AHLI_MUDA, 1, "hukum"),
        jf("Analis Hukum", J.AHLI_PERTAMA, 1, "hukum"),
    ),
    "Kesejahteraan Rakyat": (PENELAAH, jf("Analis Kebijakan", J.AHLI_PERTAMA, 1, "sosial")),
    "Perekonomian dan Sumber Daya Alam": (
        PENELAAH,
        jf("Analis Kebijakan", J.AHLI_PERTAMA, 1, "ekonomi"),
    ),
    "Pengadaan Barang/Jasa": (
        jf("Pengelola Pengadaan Barang/Jasa", J.AHLI_PERTAMA, 2, "s1_umum"),
        jf("Pengelola Pengadaan Barang/Jasa", J.AHLI_MUDA, 1, "teknik"),
    ),
    "Organisasi": (jf("Analis Kebijakan", J.AHLI_MUDA, 1, "s1_umum"), PENATA_LAYANAN),
    "Umum": (
        pelaksana("Pengadministrasi Perkantoran", 5, 6, "sma"),
        pelaksana("Operator Layanan Operasional", 5, 5, "sma", female=0.2),
        PENGELOLA_LAYANAN,
        jf("Arsiparis", J.TERAMPIL, 1, "d3"),
    ),
    "Protokol dan Komunikasi Pimpinan": (
        jf("Pranata Hubungan Masyarakat", J.AHLI_PERTAMA, 1.5, "humas"),
        PENGELOLA_LAYANAN,
    ),
}
BAGIAN_PENDIDIKAN = {"Hukum": "hukum", "Perekonomian dan Sumber Daya Alam": "ekonomi"}
# The demo leaves this Kepala Bagian seat empty without a Plt: its staff escalate to the Asisten.
BAGIAN_TANPA_KEPALA = "Protokol dan Komunikasi Pimpinan"
# Bagian that kept their subbagian after the 2021 simplification (large regions only).
BAGIAN_SUBBAGIAN = {
    "Umum": ("Tata Usaha Pimpinan", "Rumah Tangga"),
    "Protokol dan Komunikasi Pimpinan": ("Protokol", "Komunikasi Pimpinan"),
}

P2UPD = "Pengawas Penyelenggaraan Urusan Pemerintahan di Daerah"
OPD = (
    Opd("02", "setwan", "Sekretariat Dewan Perwakilan Rakyat Daerah", "Setwan",
        JenisUnit.SEKRETARIAT, "Sekretaris DPRD", "pemerintahan",
        ("Umum dan Keuangan", "Persidangan dan Perundang-undangan",
         "Fasilitasi Penganggaran dan Pengawasan"),
        (pelaksana("Pengadministrasi Perkantoran", 5, 4, "sma"), PENELAAH,
         jf("Perancang Peraturan Perundang-undangan", J.AHLI_PERTAMA, 1, "hukum"),
         jf("Analis Kebijakan", J.AHLI_PERTAMA, 1, "pemerintahan")),
        sub_jenis=JenisUnit.BAGIAN, sub_unit="Bagian", sub_kepala="Kepala Bagian",
        sekretariat=False),
    Opd("03", "inspektorat", "Inspektorat Daerah", "Inspektorat", JenisUnit.INSPEKTORAT,
        "Inspektur", "auditor", ("Wilayah I", "Wilayah II", "Wilayah III", "Wilayah IV"),
        (jf("Auditor", J.AHLI_PERTAMA, 3, "auditor"), jf("Auditor", J.AHLI_MUDA, 2, "auditor"),
         jf("Auditor", J.AHLI_MADYA, 1, "auditor"),
         jf(P2UPD, J.AHLI_PERTAMA, 2, "pemerintahan"), jf(P2UPD, J.AHLI_MUDA, 1, "pemerintahan")),
        sub_unit="Inspektur Pembantu", sub_kepala="Inspektur Pembantu"),
    Opd("04", "bappeda", "Badan Perencanaan Pembangunan Daerah", "Bappeda", JenisUnit.BADAN,
        "Kepala Badan Perencanaan Pembangunan Daerah", "perencana",
        ("Perencanaan, Pengendalian dan Evaluasi Pembangunan",
         "Pemerintahan dan Pembangunan Manusia", "Perekonomian dan Sumber Daya Alam",
         "Infrastruktur dan Kewilayahan"),
        (jf("Perencana", J.AHLI_PERTAMA, 3, "perencana"),
         jf("Perencana", J.AHLI_MUDA, 2, "perencana"),
         PENELAAH, jf("Statistisi", J.AHLI_PERTAMA, 0.6, "statistik"))),
    Opd("05", "bpkad", "Badan Pengelolaan Keuangan dan Aset Daerah", "BPKAD", JenisUnit.BADAN,
        "Kepala Badan Pengelolaan Keuangan dan Aset Daerah", "ekonomi",
        ("Anggaran", "Perbendaharaan", "Akuntansi", "Aset"),
        (jf("Analis Keuangan Pusat dan Daerah", J.AHLI_PERTAMA, 4, "ekonomi"),
         jf("Analis Keuangan Pusat dan Daerah", J.AHLI_MUDA, 2, "ekonomi"),
         pelaksana("Pengolah Data dan Informasi", 6, 3, "d3"),
         pelaksana("Penata Layanan Operasional", 7, 3, "ekonomi"))),
    Opd("06", "bapenda", "Badan Pendapatan Daerah", "Bapenda", JenisUnit.BADAN,
        "Kepala Badan Pendapatan Daerah", "ekonomi",
        ("Pendataan dan Penetapan", "Penagihan dan Keberatan", "Pengembangan dan Pengendalian"),
        (pelaksana("Penata Layanan Operasional", 7, 3, "ekonomi"),
         pelaksana("Pengolah Data dan Informasi", 6, 3, "d3"),
         pelaksana("Operator Layanan Operasional", 5, 2, "sma"),
         jf("Analis Keuangan Pusat dan Daerah", J.AHLI_PERTAMA, 1.5, "ekonomi"))),
    Opd("07", "bkpsdm", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "BKPSDM",
        JenisUnit.BADAN, "Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "sdm",
        ("Pengadaan, Pemberhentian dan Informasi", "Mutasi dan Promosi",
         "Pengembangan Kompetensi Aparatur", "Penilaian Kinerja Aparatur dan Penghargaan"),
        (jf("Analis Sumber Daya Manusia Aparatur", J.AHLI_PERTAMA, 4, "sdm"),
         jf("Analis Sumber Daya Manusia Aparatur", J.AHLI_MUDA, 2, "sdm"),
         jf("Pranata Komputer", J.AHLI_PERTAMA, 1, "it"),
         pelaksana("Pengolah Data dan Informasi", 6, 2, "d3"))),
    Opd("08", "disdik", "Dinas Pendidikan", "Disdik", JenisUnit.DINAS, "Kepala Dinas Pendidikan",
        "guru_smp",
        ("Pembinaan Sekolah Dasar", "Pembinaan Sekolah Menengah Pertama",
         "Pendidikan Anak Usia Dini dan Nonformal", "Guru dan Tenaga Kependidikan"),
        (jf("Pengawas Sekolah", J.AHLI_MADYA, 3, "guru_smp"),
         jf("Penilik", J.AHLI_PERTAMA, 1, "guru_sd"),
         PENELAAH, pelaksana("Pengolah Data dan Informasi", 6, 2, "d3"))),
    Opd("09", "dinkes", "Dinas Kesehatan", "Dinkes", JenisUnit.DINAS, "Kepala Dinas Kesehatan",
        "kesmas",
        ("Kesehatan Masyarakat", "Pencegahan dan Pengendalian Penyakit",
         "Pelayanan dan Sumber Daya Kesehatan"),
        (jf("Penyuluh Kesehatan Masyarakat", J.AHLI_PERTAMA, 1.5, "kesmas", NAKES, 0.65),
         jf("Epidemiolog Kesehatan", J.AHLI_PERTAMA, 1.2, "kesmas", NAKES),
         jf("Administrator Kesehatan", J.AHLI_PERTAMA, 1.5, "kesmas", NAKES),
         jf("Nutrisionis", J.AHLI_PERTAMA, 1, "kesmas", NAKES, 0.85),
         jf("Sanitarian", J.AHLI_PERTAMA, 1, "kesmas", NAKES),
         jf("Apoteker", J.AHLI_PERTAMA, 0.8, "apoteker", NAKES, 0.75)),
        upt=(Upt("UPT Laboratorium Kesehatan Daerah",
                 (jf("Pranata Laboratorium Kesehatan", J.TERAMPIL, 3, "d3_lab", NAKES, 0.65),
                  jf("Pranata Laboratorium Kesehatan", J.AHLI_PERTAMA, 1, "kesmas", NAKES, 0.65)),
                 5000),)),
    Opd("11", "pupr", "Dinas Pekerjaan Umum dan Penataan Ruang", "DPUPR", JenisUnit.DINAS,
        "Kepala Dinas Pekerjaan Umum dan Penataan Ruang", "teknik",
        ("Bina Marga", "Sumber Daya Air", "Cipta Karya", "Penataan Ruang", "Bina Konstruksi"),
        (jf("Teknik Jalan dan Jembatan", J.AHLI_PERTAMA, 3, "teknik", female=0.2),
         jf("Teknik Pengairan", J.AHLI_PERTAMA, 2, "teknik", female=0.2),
         jf("Teknik Tata Bangunan dan Perumahan", J.AHLI_PERTAMA, 2, "teknik", female=0.25),
         jf("Penata Ruang", J.AHLI_PERTAMA, 1.5, "teknik", female=0.35),
         jf("Pembina Jasa Konstruksi", J.AHLI_PERTAMA, 1, "teknik", female=0.3),
         jf("Teknik Jalan dan Jembatan", J.AHLI_MUDA, 1, "teknik", female=0.2),
         pelaksana("Pengelola Layanan Operasional", 6, 3, "d3", female=0.2))),
    Opd("12", "dinsos", "Dinas Sosial", "Dinsos", JenisUnit.DINAS, "Kepala Dinas Sosial", "sosial",
        ("Rehabilitasi Sosial", "Perlindungan dan Jaminan Sosial",
         "Pemberdayaan Sosial dan Penanganan Fakir Miskin"),
        (jf("Pekerja Sosial", J.AHLI_PERTAMA, 2, "sosial", female=0.6),
         jf("Penyuluh Sosial", J.AHLI_PERTAMA, 1.5, "sosial", female=0.55),
         PENELAAH, pelaksana("Pengolah Data dan Informasi", 6, 1.5, "d3"))),
    Opd("13", "disdukcapil", "Dinas Kependudukan dan Pencatatan Sipil", "Disdukcapil",
        JenisUnit.DINAS, "Kepala Dinas Kependudukan dan Pencatatan Sipil", "pemerintahan",
        ("Pelayanan Pendaftaran Penduduk", "Pelayanan Pencatatan Sipil",
         "Pengelolaan Informasi Administrasi Kependudukan",
         "Pemanfaatan Data dan Inovasi Pelayanan"),
        (jf("Administrator Database Kependudukan", J.AHLI_PERTAMA, 2, "it"),
         pelaksana("Pengolah Data dan Informasi", 6, 3, "d3"),
         pelaksana("Operator Layanan Operasional", 5, 3, "sma"),
         pelaksana("Penata Layanan Operasional", 7, 2, "pemerintahan"))),
    Opd("14", "satpolpp", "Satuan Polisi Pamong Praja", "Satpol PP", JenisUnit.SATUAN,
        "Kepala Satuan Polisi Pamong Praja", "pemerintahan",
        ("Penegakan Peraturan Daerah", "Ketertiban Umum dan Ketenteraman Masyarakat",
         "Perlindungan Masyarakat", "Pemadam Kebakaran dan Penyelamatan"),
        (jf("Polisi Pamong Praja", J.TERAMPIL, 8, "sma", female=0.15),
         jf("Polisi Pamong Praja", J.MAHIR, 3, "sma", female=0.15),
         jf("Polisi Pamong Praja", J.AHLI_PERTAMA, 1.5, "pemerintahan", female=0.2),
         jf("Analis Kebakaran", J.TERAMPIL, 3, "sma", female=0.05),
         pelaksana("Operator Layanan Operasional", 5, 3, "sma", female=0.1)),
        seksi=(("Penyidikan dan Penindakan", "Pembinaan dan Penyuluhan"),
               ("Operasi dan Pengendalian", "Ketenteraman Masyarakat"),
               ("Satuan Perlindungan Masyarakat", "Bina Potensi Masyarakat"),
               ("Operasi Pemadaman", "Pencegahan Kebakaran"))),
    Opd("15", "dishub", "Dinas Perhubungan", "Dishub", JenisUnit.DINAS, "Kepala Dinas Perhubungan",
        "teknik",
        ("Lalu Lintas dan Angkutan", "Sarana dan Prasarana Perhubungan",
         "Pengendalian dan Operasional"),
        (pelaksana("Operator Layanan Operasional", 5, 4, "sma", female=0.1),
         pelaksana("Pengelola Layanan Operasional", 6, 2, "d3", female=0.25),
         jf("Asisten Inspektur Angkutan Darat", J.TERAMPIL, 1, "d3", female=0.15), PENELAAH),
        upt=(Upt("UPT Pengujian Kendaraan Bermotor",
                 (jf("Penguji Kendaraan Bermotor", J.TERAMPIL, 3, "d3", female=0.1),
                  jf("Penguji Kendaraan Bermotor", J.MAHIR, 1, "d3", female=0.1)),
                 3000),)),
    Opd("16", "distan", "Dinas Pertanian", "Distan", JenisUnit.DINAS, "Kepala Dinas Pertanian",
        "pertanian",
        ("Tanaman Pangan", "Hortikultura dan Perkebunan", "Peternakan dan Kesehatan Hewan",
         "Prasarana dan Penyuluhan Pertanian"),
        (jf("Pengendali Organisme Pengganggu Tumbuhan", J.TERAMPIL, 1.5, "d3_pertanian",
            female=0.3),
         jf("Pengawas Benih Tanaman", J.AHLI_PERTAMA, 1, "pertanian", female=0.35),
         jf("Medik Veteriner", J.AHLI_PERTAMA, 1, "veteriner", female=0.5),
         jf("Paramedik Veteriner", J.TERAMPIL, 1.5, "d3_pertanian", female=0.3),
         jf("Analis Ketahanan Pangan", J.AHLI_PERTAMA, 1, "pertanian", female=0.45), PENELAAH),
        upt=(Upt("UPT Balai Penyuluhan Pertanian", UPT_BPP_STAFF, 2000, per_kecamatan=3),)),
    Opd("17", "dpmptsp", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "DPMPTSP",
        JenisUnit.DINAS, "Kepala Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        "s1_umum",
        ("Penanaman Modal", "Pelayanan Perizinan dan Nonperizinan",
         "Pengaduan, Kebijakan dan Pelaporan"),
        (pelaksana("Penata Layanan Operasional", 7, 3, "s1_umum"),
         pelaksana("Operator Layanan Operasional", 5, 2, "sma"),
         jf("Analis Kebijakan", J.AHLI_PERTAMA, 1, "s1_umum"),
         jf("Penata Perizinan", J.AHLI_PERTAMA, 1.5, "s1_umum"))),
    Opd("18", "diskominfo", "Dinas Komunikasi dan Informatika", "Diskominfo", JenisUnit.DINAS,
        "Kepala Dinas Komunikasi dan Informatika", "it",
        ("Informasi dan Komunikasi Publik", "Aplikasi Informatika", "Persandian dan Statistik"),
        (jf("Pranata Hubungan Masyarakat", J.AHLI_PERTAMA, 2, "humas"),
         jf("Pranata Komputer", J.AHLI_PERTAMA, 2, "it"),
         jf("Pranata Komputer", J.TERAMPIL, 1.5, "d3_it", female=0.3),
         jf("Sandiman", J.AHLI_PERTAMA, 0.8, "it", female=0.3),
         jf("Statistisi", J.AHLI_PERTAMA, 1, "statistik"))),
    Opd("19", "dlh", "Dinas Lingkungan Hidup", "DLH", JenisUnit.DINAS,
        "Kepala Dinas Lingkungan Hidup", "lingkungan",
        ("Tata Lingkungan", "Pengelolaan Sampah dan Limbah Bahan Berbahaya dan Beracun",
         "Pengendalian Pencemaran dan Kerusakan Lingkungan"),
        (jf("Pengendali Dampak Lingkungan", J.AHLI_PERTAMA, 2, "lingkungan"),
         jf("Pengendali Dampak Lingkungan", J.AHLI_MUDA, 1, "lingkungan"),
         jf("Pengawas Lingkungan Hidup", J.AHLI_PERTAMA, 1, "lingkungan"),
         pelaksana("Operator Layanan Operasional", 5, 4, "sma", female=0.15)),
        upt=(Upt("UPT Pengelolaan Sampah",
                 (pelaksana("Operator Layanan Operasional", 5, 4, "sma", female=0.1),
                  PENGELOLA_LAYANAN),
                 3000),)),
)  # fmt: skip

OPD_KODE = {opd.key: opd.kode for opd in OPD}
DINAS_PENDIDIKAN = "disdik"
DINAS_KESEHATAN = "dinkes"
DINAS_SOSIAL = "dinsos"
BKPSDM = "bkpsdm"
INSPEKTORAT = "inspektorat"

RSUD_KODE = "10"
RSUD_NAMA = "Rumah Sakit Umum Daerah Sukamaju"
RSUD_SUB = (
    ("Bagian Umum dan Keuangan", JenisUnit.BAGIAN, RSUD_UMUM_STAFF),
    ("Bidang Pelayanan Medik dan Keperawatan", JenisUnit.BIDANG, RSUD_PELAYANAN_STAFF),
    ("Bidang Penunjang Medik dan Nonmedik", JenisUnit.BIDANG, RSUD_PENUNJANG_STAFF),
)

KECAMATAN = (
    "Sukamaju Kota", "Cibeureum", "Sindangsari", "Karangtengah", "Cikalong", "Pasirjambu",
    "Sukaresmi", "Cipanas", "Margahayu", "Wanasari", "Sukasari", "Cijambe", "Mekarmukti",
    "Tanjungsari", "Pamulihan", "Cisarua", "Bojongsari", "Cilengkrang", "Sukawening",
    "Banjarwangi", "Karangsari", "Cibiuk", "Leuwisari", "Sirnagalih", "Rancabali", "Tegalwaru",
    "Jatinunggal", "Cigugur", "Sumberjaya", "Pagerageung",
)  # fmt: skip
KECAMATAN_SEKSI = (
    "Pemerintahan",
    "Ketenteraman dan Ketertiban Umum",
    "Pemberdayaan Masyarakat dan Desa",
    "Kesejahteraan Sosial",
)
KELURAHAN = (
    "Sukajadi", "Sukaraja", "Kebonjati", "Margamulya", "Mekarsari", "Sindangrasa", "Karanganyar",
    "Sukamulya", "Cimuncang", "Jayaraga", "Sirnasari", "Tanjungjaya", "Kotakulon", "Kotawetan",
    "Regol", "Pakuwon", "Ciwalen", "Margawati", "Sukagalih", "Cibunar", "Sukadana",
    "Haurpanggung", "Paminggir", "Sukanegla", "Lebakjaya", "Kersamenak", "Muarasanding",
    "Situgede", "Babakan", "Sukaluyu", "Cipeujeuh", "Sindangkasih", "Kadipaten", "Pasirwangi",
    "Cigadog", "Sukamenak", "Mekarwangi", "Tarogong", "Jayawaras", "Sukagalih Hilir",
    "Pataruman", "Ciherang", "Sukamanah", "Cintaraja", "Gunungsari", "Karangpawitan",
    "Lengkongjaya", "Nagrak", "Panyingkiran", "Rancabango", "Sirnajaya", "Sukakarya",
    "Tanjungkamuning", "Wanaraja", "Cimaragas", "Kertajaya", "Margaluyu", "Pamoyanan",
    "Sindanglaya", "Sukahurip",
)  # fmt: skip
JALAN = (
    "Jl. Jenderal Sudirman", "Jl. Ahmad Yani", "Jl. Pahlawan", "Jl. Merdeka", "Jl. Siliwangi",
    "Jl. Veteran", "Jl. Diponegoro", "Jl. Pramuka", "Jl. K.H. Ahmad Dahlan",
    "Jl. Otto Iskandardinata", "Jl. R.E. Martadinata", "Jl. Pemuda", "Jl. Proklamasi",
    "Jl. Kapten Tendean", "Jl. Dewi Sartika", "Jl. Cut Nyak Dien",
)  # fmt: skip
