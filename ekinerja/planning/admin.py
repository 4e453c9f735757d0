from django.contrib import admin

from .models import (
    IndikatorKinerjaOrganisasi,
    PerformancePeriod,
    PeriodOpening,
    PerjanjianKinerja,
    RegionalGoal,
    SasaranStrategis,
    Skp,
    SkpTemplate,
)


@admin.register(PerformancePeriod)
class PerformancePeriodAdmin(admin.ModelAdmin):
    list_display = ["tahun", "instansi", "mulai", "selesai", "siklus_evaluasi", "status"]
    list_filter = ["instansi", "status", "siklus_evaluasi"]


@admin.register(RegionalGoal)
class RegionalGoalAdmin(admin.ModelAdmin):
    list_display = ["kode", "jenis", "uraian", "tahun_mulai", "tahun_selesai"]
    list_filter = ["instansi", "jenis"]
    search_fields = ["kode", "uraian"]


class IndikatorInline(admin.TabularInline):
    model = IndikatorKinerjaOrganisasi
    extra = 0


@admin.register(SasaranStrategis)
class SasaranStrategisAdmin(admin.ModelAdmin):
    list_display = ["uraian", "perjanjian", "regional_goal"]
    list_select_related = ["perjanjian__unit", "regional_goal"]
    inlines = [IndikatorInline]


@admin.register(PerjanjianKinerja)
class PerjanjianKinerjaAdmin(admin.ModelAdmin):
    list_display = ["unit", "tahun"]
    list_filter = ["tahun", "instansi"]
    list_select_related = ["unit"]


@admin.register(Skp)
class SkpAdmin(admin.ModelAdmin):
    """Read-only: SKPs change only through the workflow, which audits every transition."""

    list_display = ["employee", "period", "version", "status", "jenis_form", "disetujui_at"]
    list_filter = ["status", "period", "jenis_form"]
    search_fields = ["employee__nama", "employee__nip"]
    list_select_related = ["employee", "period"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(SkpTemplate)
class SkpTemplateAdmin(admin.ModelAdmin):
    list_display = ["position", "updated_at"]
    autocomplete_fields = ["position"]


@admin.register(PeriodOpening)
class PeriodOpeningAdmin(admin.ModelAdmin):
    list_display = ["period", "unit", "sumber", "status", "selesai", "total", "created_at"]
    list_filter = ["status"]
