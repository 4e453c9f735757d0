from django.contrib import admin

from .models import DailyAttendance, Holiday, LeaveRequest, WorkWeek


@admin.register(LeaveRequest)
class LeaveRequestAdmin(admin.ModelAdmin):
    list_display = ["employee", "jenis", "mulai", "selesai", "sehari_penuh", "status"]
    list_filter = ["jenis", "status"]
    raw_id_fields = ["employee"]


@admin.register(DailyAttendance)
class DailyAttendanceAdmin(admin.ModelAdmin):
    list_display = ["employee", "tanggal", "status", "jam_datang", "jam_pulang"]
    list_filter = ["status"]
    raw_id_fields = ["employee"]
    date_hierarchy = "tanggal"


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ["tanggal", "nama", "jenis", "instansi"]
    list_filter = ["jenis", "instansi"]
    search_fields = ["nama"]
    date_hierarchy = "tanggal"


@admin.register(WorkWeek)
class WorkWeekAdmin(admin.ModelAdmin):
    list_display = ["unit", "berlaku_mulai", "hari_kerja", "instansi"]
    list_filter = ["hari_kerja", "instansi"]
    raw_id_fields = ["unit"]
