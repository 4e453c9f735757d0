"""In-app notifications, the e-mail preference and the record of each day's digest.

Rows are written only by `services.send_daily_digest` (and the user's own read marks and
preference), never by signals: the daily job reads what needs attention set-wise instead.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from ekinerja.org.models import InstansiOwned

from .choices import JenisNotifikasi


class Notification(InstansiOwned):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField("jenis", max_length=32, choices=JenisNotifikasi.choices)
    title = models.CharField("judul", max_length=200)
    body = models.TextField("isi", blank=True)
    # A path inside the site ("/aktivitas/validasi/"); e-mails prefix EKINERJA_PUBLIC_URL.
    url = models.CharField("tautan", max_length=300, blank=True)
    # What the row is about and, for daily reminders, the day: running the job again finds the
    # same key and writes nothing.
    dedupe_key = models.CharField("kunci", max_length=120)
    created_at = models.DateTimeField("dibuat", default=timezone.now)
    read_at = models.DateTimeField("dibaca", null=True, blank=True)
    # The run that wrote the row: after an insert that skipped duplicates, the rows carrying
    # this run are exactly the new ones.
    run = models.ForeignKey(
        "DigestRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    digest = models.ForeignKey(
        "NotificationDigest",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
    )

    class Meta:
        verbose_name = "notifikasi"
        verbose_name_plural = "notifikasi"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "dedupe_key"], name="notifikasi_sekali"),
        ]
        indexes = [
            models.Index(fields=["instansi", "created_at"], name="notifikasi_instansi_waktu"),
            # The bell counts unread rows of one user on every page that loads it.
            models.Index(
                fields=["user"], condition=Q(read_at__isnull=True), name="notifikasi_belum_dibaca"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} {self.title}"


class NotificationPreference(models.Model):
    """A user's choice; without a row, e-mail is on. In-app notifications cannot be turned
    off: they are the record of what needed attention."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email_aktif = models.BooleanField("kirim ringkasan harian lewat surel", default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "preferensi notifikasi"
        verbose_name_plural = "preferensi notifikasi"

    def __str__(self) -> str:
        return f"{self.user_id}: surel {'aktif' if self.email_aktif else 'nonaktif'}"


class NotificationDigest(InstansiOwned):
    """The one e-mail a user received on a day. Its existence stops a second one that day."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_digests"
    )
    tanggal = models.DateField("tanggal")
    alamat = models.EmailField("alamat surel")
    jumlah = models.PositiveIntegerField("jumlah notifikasi", default=0)
    sent_at = models.DateTimeField("dikirim", default=timezone.now)

    class Meta:
        verbose_name = "ringkasan surel"
        verbose_name_plural = "ringkasan surel"
        ordering = ["-tanggal", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "tanggal"], name="ringkasan_sekali_sehari"),
        ]

    def __str__(self) -> str:
        return f"{self.tanggal} {self.alamat} ({self.jumlah})"


class DigestRun(InstansiOwned):
    """One run of the daily job for an instansi and day: where the next run's look-back for
    decisions (returns, rejections) starts, and what the run did."""

    tanggal = models.DateField("tanggal")
    started_at = models.DateTimeField("mulai")
    finished_at = models.DateTimeField("selesai", null=True, blank=True)
    notifikasi_baru = models.PositiveIntegerField("notifikasi baru", default=0)
    surel_terkirim = models.PositiveIntegerField("surel terkirim", default=0)

    class Meta:
        verbose_name = "proses notifikasi harian"
        verbose_name_plural = "proses notifikasi harian"
        ordering = ["-tanggal", "-started_at"]
        indexes = [models.Index(fields=["instansi", "started_at"], name="notifikasi_proses_waktu")]

    def __str__(self) -> str:
        return f"{self.instansi_id} {self.tanggal}"
