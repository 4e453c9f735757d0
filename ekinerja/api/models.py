"""Personal API tokens for mobile clients and scripts. Only a SHA-256 of the secret is kept, so a
leaked database does not hand out working tokens; the owner sees the secret once, at creation."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    nama = models.CharField("nama token", max_length=80)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The first characters of the secret, so the owner can tell tokens apart in the list.
    awalan = models.CharField(max_length=8, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField("terakhir dipakai", null=True, blank=True)
    expires_at = models.DateTimeField("kedaluwarsa", null=True, blank=True)
    revoked_at = models.DateTimeField("dicabut", null=True, blank=True)

    class Meta:
        verbose_name = "token API"
        verbose_name_plural = "token API"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.nama} ({self.awalan}…)"

    def is_usable(self, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > now
