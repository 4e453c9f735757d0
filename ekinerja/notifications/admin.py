from django.contrib import admin

from .models import DigestRun, Notification, NotificationDigest, NotificationPreference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "user", "kind", "title", "read_at")
    list_filter = ("kind",)
    search_fields = ("title", "user__username")
    raw_id_fields = ("user", "digest")
    list_select_related = ("user",)


@admin.register(NotificationDigest)
class NotificationDigestAdmin(admin.ModelAdmin):
    list_display = ("tanggal", "user", "alamat", "jumlah", "sent_at")
    raw_id_fields = ("user",)
    list_select_related = ("user",)


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "email_aktif", "updated_at")
    raw_id_fields = ("user",)
    list_select_related = ("user",)


@admin.register(DigestRun)
class DigestRunAdmin(admin.ModelAdmin):
    list_display = (
        "tanggal", "instansi", "started_at", "finished_at", "notifikasi_baru", "surel_terkirim",
    )  # fmt: skip
    list_select_related = ("instansi",)
