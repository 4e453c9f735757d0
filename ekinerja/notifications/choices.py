from django.db import models


class JenisNotifikasi(models.TextChoices):
    # Waiting for the user's decision (a reminder each day while anything waits).
    VALIDASI_AKTIVITAS = "validasi_aktivitas", "Aktivitas menunggu validasi"
    PERSETUJUAN_SKP = "persetujuan_skp", "SKP menunggu persetujuan"
    PERSETUJUAN_CUTI = "persetujuan_cuti", "Cuti menunggu keputusan"
    KEBERATAN = "keberatan", "Keberatan menunggu keputusan"
    # Decisions on the user's own items (once per decision).
    AKTIVITAS_DIKEMBALIKAN = "aktivitas_dikembalikan", "Aktivitas dikembalikan"
    AKTIVITAS_DITOLAK = "aktivitas_ditolak", "Aktivitas ditolak"
    SKP_DIKEMBALIKAN = "skp_dikembalikan", "SKP dikembalikan"
    CUTI_DITOLAK = "cuti_ditolak", "Cuti ditolak"
    EVALUASI_DITETAPKAN = "evaluasi_ditetapkan", "Evaluasi ditetapkan"
    KEBERATAN_DIPUTUS = "keberatan_diputus", "Keberatan diputus"
    # Deadlines (a reminder each day while the deadline is near).
    BATAS_SKP = "batas_skp", "Batas pengisian SKP"
    BATAS_AKTIVITAS = "batas_aktivitas", "Batas pengisian aktivitas"


# The order of the groups in the e-mail and on the page: what others wait for first.
URUTAN = [value for value, _ in JenisNotifikasi.choices]
