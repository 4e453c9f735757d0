"""Enumerations of the organisation: national vocabularies, safe as code (domain.md 6.4)."""

from django.db import models


class JenisInstansi(models.TextChoices):
    KABUPATEN = "kabupaten", "Pemerintah Kabupaten"
    KOTA = "kota", "Pemerintah Kota"
    PROVINSI = "provinsi", "Pemerintah Provinsi"


class ZonaWaktu(models.TextChoices):
    WIB = "Asia/Jakarta", "WIB"
    WITA = "Asia/Makassar", "WITA"
    WIT = "Asia/Jayapura", "WIT"


class JenisUnit(models.TextChoices):
    PIMPINAN_DAERAH = "pimpinan_daerah", "Pimpinan Daerah"
    SEKRETARIAT = "sekretariat", "Sekretariat"
    INSPEKTORAT = "inspektorat", "Inspektorat"
    BADAN = "badan", "Badan"
    DINAS = "dinas", "Dinas"
    SATUAN = "satuan", "Satuan"
    BAGIAN = "bagian", "Bagian"
    BIDANG = "bidang", "Bidang"
    SUBBAGIAN = "subbagian", "Subbagian"
    SUBBIDANG = "subbidang", "Subbidang"
    SEKSI = "seksi", "Seksi"
    UPT = "upt", "UPT"
    PUSKESMAS = "puskesmas", "Puskesmas"
    SEKOLAH = "sekolah", "Sekolah"
    RSUD = "rsud", "RSUD"
    KECAMATAN = "kecamatan", "Kecamatan"
    KELURAHAN = "kelurahan", "Kelurahan"


# Unit types that stand directly under the region as a Perangkat Daerah (an OPD).
JENIS_UNIT_OPD = frozenset(
    {
        JenisUnit.SEKRETARIAT,
        JenisUnit.INSPEKTORAT,
        JenisUnit.BADAN,
        JenisUnit.DINAS,
        JenisUnit.SATUAN,
        JenisUnit.RSUD,
        JenisUnit.KECAMATAN,
    }
)


class JenisJabatan(models.TextChoices):
    # The Kepala Daerah is a political office, not an ASN position, yet evaluates the Sekda.
    KEPALA_DAERAH = "kepala_daerah", "Kepala Daerah (pejabat negara)"
    JPT_UTAMA = "jpt_utama", "JPT Utama"
    JPT_MADYA = "jpt_madya", "JPT Madya"
    JPT_PRATAMA = "jpt_pratama", "JPT Pratama"
    ADMINISTRATOR = "administrator", "Administrator"
    PENGAWAS = "pengawas", "Pengawas"
    PELAKSANA = "pelaksana", "Pelaksana"
    FUNGSIONAL_KEAHLIAN = "fungsional_keahlian", "Fungsional Keahlian"
    FUNGSIONAL_KETERAMPILAN = "fungsional_keterampilan", "Fungsional Keterampilan"


JENIS_JPT = frozenset({JenisJabatan.JPT_UTAMA, JenisJabatan.JPT_MADYA, JenisJabatan.JPT_PRATAMA})


class Jenjang(models.TextChoices):
    AHLI_PERTAMA = "ahli_pertama", "Ahli Pertama"
    AHLI_MUDA = "ahli_muda", "Ahli Muda"
    AHLI_MADYA = "ahli_madya", "Ahli Madya"
    AHLI_UTAMA = "ahli_utama", "Ahli Utama"
    PEMULA = "pemula", "Pemula"
    TERAMPIL = "terampil", "Terampil"
    MAHIR = "mahir", "Mahir"
    PENYELIA = "penyelia", "Penyelia"


JENJANG_PER_JENIS = {
    JenisJabatan.FUNGSIONAL_KEAHLIAN: frozenset(
        {Jenjang.AHLI_PERTAMA, Jenjang.AHLI_MUDA, Jenjang.AHLI_MADYA, Jenjang.AHLI_UTAMA}
    ),
    JenisJabatan.FUNGSIONAL_KETERAMPILAN: frozenset(
        {Jenjang.PEMULA, Jenjang.TERAMPIL, Jenjang.MAHIR, Jenjang.PENYELIA}
    ),
}


class Eselon(models.TextChoices):
    I_A = "I.a", "I.a"
    I_B = "I.b", "I.b"
    II_A = "II.a", "II.a"
    II_B = "II.b", "II.b"
    III_A = "III.a", "III.a"
    III_B = "III.b", "III.b"
    IV_A = "IV.a", "IV.a"
    IV_B = "IV.b", "IV.b"
    V_A = "V.a", "V.a"
    NON_ESELON = "", "Non-eselon"
