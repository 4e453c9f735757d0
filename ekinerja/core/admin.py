from django.contrib import admin

from .models import AuditEvent, ImportBatch


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit trail is written by services, never edited."""

    list_display = ["created_at", "action", "object_type", "object_id", "actor", "summary"]
    list_filter = ["action", "object_type"]
    search_fields = ["summary", "object_id"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ImportBatch)
class ImportBatchAdmin(AuditEventAdmin):
    list_display = ["created_at", "kind", "filename", "status", "total_rows", "uploaded_by"]
    list_filter = ["kind", "status"]
    search_fields = ["filename"]
