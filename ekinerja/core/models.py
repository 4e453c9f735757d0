"""Rows every app shares: the audit trail and the staged import.

core sits at the top of the import order, so it refers to the instansi by id only (no foreign key
into org), and to the user through AUTH_USER_MODEL.
"""

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """Who did what to which row, when: one row per state change that a person caused."""

    instansi_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField("aksi", max_length=64)
    object_type = models.CharField("jenis objek", max_length=64)
    object_id = models.CharField("id objek", max_length=64, blank=True)
    summary = models.CharField("ringkasan", max_length=255, blank=True)
    data = models.JSONField("rincian", default=dict, blank=True)
    created_at = models.DateTimeField("waktu", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "jejak audit"
        verbose_name_plural = "jejak audit"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"


class ImportBatch(models.Model):
    """An uploaded file, parsed and checked, waiting for the admin's confirmation.

    Nothing from the file reaches the domain tables until `apply` runs on a batch in PREVIEW.
    """

    class Status(models.TextChoices):
        PREVIEW = "preview", "Pratinjau"
        APPLIED = "applied", "Diterapkan"
        DISCARDED = "discarded", "Dibatalkan"

    instansi_id = models.BigIntegerField(db_index=True)
    kind = models.CharField("jenis impor", max_length=32)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    filename = models.CharField("nama berkas", max_length=255)
    file_sha256 = models.CharField(max_length=64)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PREVIEW)
    total_rows = models.PositiveIntegerField(default=0)
    valid_rows = models.JSONField(default=list, blank=True)
    errors = models.JSONField(default=list, blank=True)
    result = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "batch impor"
        verbose_name_plural = "batch impor"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.filename} ({self.get_status_display()})"

    @property
    def error_row_count(self) -> int:
        return len({error["row"] for error in self.errors})


class ClosedMonth(models.Model):
    """A month of one employee that a finalised TPP run paid: its activities, attendance and
    evaluations refuse changes until an admin reopens the run (`core.closing`).

    One row per employee, so a run for one OPD closes exactly the people it paid, and the apps
    upstream of the allowance app check a lock without knowing about TPP."""

    instansi_id = models.BigIntegerField(db_index=True)
    employee_id = models.BigIntegerField()
    tahun = models.PositiveSmallIntegerField()
    bulan = models.PositiveSmallIntegerField()
    run_id = models.BigIntegerField(db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "bulan terkunci"
        verbose_name_plural = "bulan terkunci"
        constraints = [
            models.UniqueConstraint(
                fields=["employee_id", "tahun", "bulan"], name="closed_month_once_per_employee"
            )
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.tahun}-{self.bulan:02d}"
