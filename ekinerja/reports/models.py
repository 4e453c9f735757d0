"""Documents the system has printed, so that a print can be verified by its code."""

from django.conf import settings
from django.db import models

from ekinerja.org.models import InstansiOwned

from .choices import JenisDokumen, StatusBatch


class IssuedDocument(InstansiOwned):
    """One issued document: what it was, about whom, and the fingerprint of its content.

    Printing the same content again gives back the same row and code (`sumber` names the
    record printed, `sidik` its content); a changed content is a new document with a new code.
    `fakta` holds the few printed facts the public page repeats (a total, a predikat) so that a
    reader can compare them with the paper."""

    kode = models.CharField("kode verifikasi", max_length=10, unique=True)
    jenis = models.CharField("jenis dokumen", max_length=24, choices=JenisDokumen.choices)
    sumber = models.CharField("sumber", max_length=64)
    sidik = models.CharField("sidik isi (SHA-256)", max_length=64)
    judul = models.CharField("judul", max_length=255)
    pegawai_nama = models.CharField("nama pegawai", max_length=200, blank=True)
    pegawai_nip = models.CharField("NIP", max_length=18, blank=True)
    unit_nama = models.CharField("unit/OPD", max_length=255, blank=True)
    periode = models.CharField("periode", max_length=64, blank=True)
    status = models.CharField("status dokumen", max_length=16)
    fakta = models.JSONField("fakta tercetak", default=dict)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_at = models.DateTimeField("diterbitkan", auto_now_add=True)

    class Meta:
        verbose_name = "dokumen terbit"
        verbose_name_plural = "dokumen terbit"
        constraints = [
            models.UniqueConstraint(
                fields=["jenis", "sumber", "sidik"], name="dokumen_terbit_sekali_per_isi"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} {self.kode}"


class PrintBatch(InstansiOwned):
    """Many documents printed by the worker into one ZIP (all slips of a month, of one OPD).

    `sumber` lists what to print, fixed when it was asked for (the records the requester could
    read then); `berkas` is the ZIP once done. Only the requester downloads it."""

    jenis = models.CharField("jenis dokumen", max_length=24, choices=JenisDokumen.choices)
    judul = models.CharField("judul", max_length=255)
    sumber = models.JSONField("yang dicetak", default=list)
    status = models.CharField(
        "status", max_length=12, choices=StatusBatch.choices, default=StatusBatch.MENUNGGU
    )
    total = models.PositiveIntegerField("jumlah dokumen", default=0)
    selesai = models.PositiveIntegerField("sudah dicetak", default=0)
    berkas = models.FileField("berkas ZIP", upload_to="cetak-massal/%Y/%m/", blank=True)
    pesan = models.TextField("pesan", blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "cetak massal"
        verbose_name_plural = "cetak massal"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.judul
