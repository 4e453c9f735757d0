from django.contrib import admin

from .models import Activity, ActivityPolicy, CatalogItem


@admin.register(ActivityPolicy)
class ActivityPolicyAdmin(admin.ModelAdmin):
    list_display = [
        "instansi",
        "berlaku_mulai",
        "mundur_hari",
        "tanggal_tutup",
        "batas_menit_harian",
    ]
    list_filter = ["instansi"]


@admin.register(CatalogItem)
class CatalogItemAdmin(admin.ModelAdmin):
    list_display = ["uraian", "position", "norma_waktu", "satuan_hasil", "aktif"]
    list_filter = ["aktif", "instansi"]
    search_fields = ["uraian", "position__nama"]
    autocomplete_fields = ["position"]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    """Read-only: activities change only through the entry and validation services."""

    list_display = ["tanggal", "mulai", "selesai", "employee", "status", "menit"]
    list_filter = ["status"]
    search_fields = ["employee__nama", "employee__nip", "uraian"]
    list_select_related = ["employee"]
    date_hierarchy = "tanggal"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
