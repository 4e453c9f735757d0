from django.contrib import admin

from .models import (
    DailyAttendance,
    Device,
    DevicePin,
    Holiday,
    LeaveRequest,
    Punch,
    UnknownPunch,
    WorkWeek,
)


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


@admin.register(Device)
class DeviceAdmin(admin.ModelAdmin):
    list_display = ["nama", "serial", "unit", "zona_waktu", "instansi"]
    list_filter = ["zona_waktu", "instansi"]
    search_fields = ["nama", "serial"]
    raw_id_fields = ["unit"]


@admin.register(DevicePin)
class DevicePinAdmin(admin.ModelAdmin):
    list_display = ["pin", "employee", "device", "instansi"]
    list_filter = ["instansi"]
    search_fields = ["pin", "employee__nama", "employee__nip"]
    raw_id_fields = ["employee", "device"]


@admin.register(Punch)
class PunchAdmin(admin.ModelAdmin):
    list_display = ["employee", "waktu", "sumber", "device", "state"]
    list_filter = ["sumber", "instansi"]
    raw_id_fields = ["employee", "device"]
    date_hierarchy = "waktu"


@admin.register(UnknownPunch)
class UnknownPunchAdmin(admin.ModelAdmin):
    list_display = ["key", "waktu", "device", "batch", "line"]
    list_filter = ["instansi"]
    search_fields = ["key", "batch"]
    raw_id_fields = ["device"]
    date_hierarchy = "waktu"
