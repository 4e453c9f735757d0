from django.db import models


class JenisDokumen(models.TextChoices):
    SLIP_TPP = "slip_tpp", "Slip TPP"
    NOMINATIF_TPP = "nominatif_tpp", "Daftar nominatif TPP"
    SKP = "skp", "Sasaran Kinerja Pegawai"
    EVALUASI = "evaluasi", "Dokumen Evaluasi Kinerja Pegawai"
    LAPORAN_AKTIVITAS = "laporan_aktivitas", "Laporan kinerja harian"
    REKAP_PRESENSI = "rekap_presensi", "Rekap presensi"


class StatusBatch(models.TextChoices):
    MENUNGGU = "menunggu", "Menunggu giliran"
    BERJALAN = "berjalan", "Sedang dicetak"
    SELESAI = "selesai", "Selesai"
    GAGAL = "gagal", "Gagal"
