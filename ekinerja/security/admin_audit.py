"""Every edit made through Django admin also lands in the instansi's audit trail.

Django admin logs edits to its own LogEntry table, which has no instansi and which auditors
cannot read. Rather than touching each app's ModelAdmin, the admin site itself (installed
through `AuditedAdminConfig`) gives every registered ModelAdmin the mixin below.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from ekinerja.core.services import record_audit_event


def _instansi_of(obj: models.Model, actor: Any) -> int | None:
    # Rows of other tables (global reference data) are shown to the editor's own instansi.
    if obj._meta.label_lower == "org.instansi":
        return obj.pk
    instansi_id = getattr(obj, "instansi_id", None)
    return instansi_id if instansi_id is not None else getattr(actor, "instansi_id", None)


def _describe(obj: models.Model) -> str:
    return f"{obj._meta.verbose_name} «{str(obj)[:80]}»"


class AuditedModelAdminMixin:
    def log_addition(self, request: Any, obj: models.Model, message: Any) -> Any:
        entry = super().log_addition(request, obj, message)  # type: ignore[misc]
        self._audit(request, obj, "admin.tambah", f"Admin menambah {_describe(obj)}", entry)
        return entry

    def log_change(self, request: Any, obj: models.Model, message: Any) -> Any:
        entry = super().log_change(request, obj, message)  # type: ignore[misc]
        self._audit(request, obj, "admin.ubah", f"Admin mengubah {_describe(obj)}", entry)
        return entry

    def log_deletions(self, request: Any, queryset: Any) -> Any:
        # Called before the rows go, so their primary keys and instansi are still there.
        objects = list(queryset)
        entries = super().log_deletions(request, objects)  # type: ignore[misc]
        for obj in objects:
            self._audit(request, obj, "admin.hapus", f"Admin menghapus {_describe(obj)}", None)
        return entries

    def _audit(
        self, request: Any, obj: models.Model, action: str, summary: str, entry: Any
    ) -> None:
        detail = entry.get_change_message() if hasattr(entry, "get_change_message") else ""
        record_audit_event(
            actor=request.user,
            action=action,
            obj=obj,
            instansi_id=_instansi_of(obj, request.user),
            summary=f"{summary}: {detail}" if detail else summary,
            data={"admin": True, "perubahan": detail},
        )


class AuditedAdminSite(admin.AdminSite):
    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        # Admin's own login form would skip the lockout and the second factor: use the app's.
        if getattr(getattr(request, "user", None), "is_authenticated", False):
            # Signed in but not staff: sending them to /masuk/ would send them straight back
            # here (a redirect loop); say plainly that Data induk is not theirs.
            raise PermissionDenied("Halaman Data induk hanya untuk staf admin.")
        target = request.GET.get(REDIRECT_FIELD_NAME) or reverse(
            "admin:index", current_app=self.name
        )
        return redirect_to_login(target, login_url=reverse("login"))

    def register(self, model_or_iterable: Any, admin_class: Any = None, **options: Any) -> None:
        base = admin_class or admin.ModelAdmin
        if not issubclass(base, AuditedModelAdminMixin):
            base = type(
                base.__name__, (AuditedModelAdminMixin, base), {"__module__": base.__module__}
            )
        super().register(model_or_iterable, base, **options)
