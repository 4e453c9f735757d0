from django.contrib import admin

from .models import Instansi, Position, Unit


@admin.register(Instansi)
class InstansiAdmin(admin.ModelAdmin):
    list_display = ["kode", "nama", "jenis", "zona_waktu"]
    search_fields = ["kode", "nama"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["kode", "nama", "jenis", "parent", "zona_waktu", "aktif"]
    list_filter = ["instansi", "jenis", "zona_waktu", "aktif"]
    search_fields = ["kode", "nama", "singkatan"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ["kode", "nama", "jenis_jabatan", "jenjang", "kelas_jabatan", "eselon", "unit"]
    list_filter = ["instansi", "jenis_jabatan", "kelas_jabatan", "eselon", "is_unit_head"]
    search_fields = ["kode", "nama", "unit__nama"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit", "reports_to"]
