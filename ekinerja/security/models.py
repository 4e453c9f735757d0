"""Login attempts (for the lockout) and the TOTP second factor of admin accounts."""

from django.conf import settings
from django.db import models


class LoginAttempt(models.Model):
    """One failed password or second-factor code; a successful login clears its username's rows."""

    username = models.CharField("nama pengguna", max_length=150, db_index=True)
    ip = models.CharField("alamat IP", max_length=45, blank=True, db_index=True)
    tahap = models.CharField("tahap", max_length=16, default="sandi")  # sandi | kode
    created_at = models.DateTimeField("waktu", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "percobaan masuk gagal"
        verbose_name_plural = "percobaan masuk gagal"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.username} {self.ip}"


class TotpDevice(models.Model):
    """The authenticator app of one account; active once `confirmed_at` is set."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="totp_device"
    )
    secret = models.CharField("rahasia", max_length=64)
    confirmed_at = models.DateTimeField("dikonfirmasi", null=True, blank=True)
    # The time step of the last accepted code: the same code is never accepted twice.
    last_step = models.BigIntegerField(default=0)
    recovery_hashes = models.JSONField("kode pemulihan (hash)", default=list, blank=True)
    created_at = models.DateTimeField("dibuat", auto_now_add=True)

    class Meta:
        verbose_name = "perangkat TOTP"
        verbose_name_plural = "perangkat TOTP"

    def __str__(self) -> str:
        return f"TOTP {self.user_id}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None
