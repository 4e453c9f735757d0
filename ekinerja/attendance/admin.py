from django.contrib import admin

from .models import DailyAttendance, LeaveRequest


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
