"""The attendance master data in the admin ("Data induk"): calendars, schedules, rosters,
rules and devices. Saving or deleting a schedule, roster, period, rule or holiday recomputes
the open months it touches (`services_daily.recompute_after_config_change`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from . import timing
from .choices import JenisKategori
from .models import (
    AttendanceBand,
    AttendancePolicy,
    DailyAttendance,
    Device,
    DevicePin,
    Holiday,
    LeaveOpeningBalance,
    LeaveRequest,
    Punch,
    ScheduleAssignment,
    ScheduleDay,
    SchedulePeriod,
    ShiftRoster,
    UnknownPunch,
    WorkSchedule,
    WorkWeek,
)
from .services_daily import recompute_after_config_change


class RecomputeOnChange(admin.ModelAdmin):
    """Recompute the daily records a configuration row affects once it is saved or deleted."""

    def affected(self, obj: Any) -> tuple[int | None, dt.date, dt.date | None]:
        return obj.instansi_id, dt.date.min, None

    def _recompute(self, obj: Any) -> None:
        instansi_id, since, until = self.affected(obj)
        if instansi_id is not None:
            recompute_after_config_change(instansi_id, since, until)

    def save_related(self, request: Any, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        # After the inlines, so a schedule's hours are complete when it is recomputed.
        self._recompute(form.instance)

    def delete_model(self, request: Any, obj: Any) -> None:
        affected = self.affected(obj)
        super().delete_model(request, obj)
        if affected[0] is not None:
            recompute_after_config_change(*affected)

    def delete_queryset(self, request: Any, queryset: Any) -> None:
        affected = [self.affected(obj) for obj in queryset]
        super().delete_queryset(request, queryset)
        for instansi_id, since, until in affected:
            if instansi_id is not None:
                recompute_after_config_change(instansi_id, since, until)


class ScheduleDayForm(forms.ModelForm):
    class Meta:
        model = ScheduleDay
        fields = [
            "hari", "kode", "jam_masuk", "jam_pulang", "lewat_tengah_malam",
            "istirahat_mulai", "istirahat_selesai",
        ]  # fmt: skip

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("jam_masuk"), data.get("jam_pulang")
        begin, finish = data.get("istirahat_mulai"), data.get("istirahat_selesai")
        if (begin is None) != (finish is None):
            raise ValidationError("Isi jam mulai dan selesai istirahat, atau kosongkan keduanya.")
        if data.get("hari") is None and not data.get("kode"):
            raise ValidationError("Isi hari (jadwal mingguan) atau kode shift.")
        if start and end:
            breaks = [(begin, finish)] if begin and finish else []
            try:
                timing.DaySchedule(
                    start, end, breaks, overnight=bool(data.get("lewat_tengah_malam"))
                )
            except timing.ScheduleError as error:
                raise ValidationError(str(error)) from error
        return data


class ScheduleDayInline(admin.TabularInline):
    model = ScheduleDay
    form = ScheduleDayForm
    extra = 0


@admin.register(WorkSchedule)
class WorkScheduleAdmin(RecomputeOnChange):
    list_display = ["nama", "jenis", "instansi"]
    list_filter = ["jenis", "instansi"]
    search_fields = ["nama"]
    inlines = [ScheduleDayInline]


@admin.register(ScheduleAssignment)
class ScheduleAssignmentAdmin(RecomputeOnChange):
    list_display = ["jadwal", "unit", "employee", "berlaku_mulai", "berlaku_sampai"]
    list_filter = ["instansi"]
    raw_id_fields = ["unit", "employee"]

    def affected(self, obj: Any) -> tuple[int | None, dt.date, dt.date | None]:
        return obj.instansi_id, obj.berlaku_mulai, obj.berlaku_sampai


@admin.register(SchedulePeriod)
class SchedulePeriodAdmin(RecomputeOnChange):
    list_display = ["nama", "mulai", "selesai", "jadwal", "instansi"]
    list_filter = ["instansi"]

    def affected(self, obj: Any) -> tuple[int | None, dt.date, dt.date | None]:
        return obj.instansi_id, obj.mulai, obj.selesai


@admin.register(ShiftRoster)
class ShiftRosterAdmin(RecomputeOnChange):
    list_display = ["employee", "tanggal", "shift"]
    list_filter = ["instansi"]
    raw_id_fields = ["employee", "shift"]
    date_hierarchy = "tanggal"

    def affected(self, obj: Any) -> tuple[int | None, dt.date, dt.date | None]:
        return obj.instansi_id, obj.tanggal, obj.tanggal


class BandFormSet(forms.BaseInlineFormSet):
    """Each kind's bands must cover every minute from 1 exactly once (timing.validate_bands)."""

    def clean(self) -> None:
        super().clean()
        by_kind: dict[str, list[timing.Band]] = {}
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE"):
                continue
            band = timing.Band(data["kode"], data["menit_dari"], data.get("menit_sampai"))
            by_kind.setdefault(data["jenis"], []).append(band)
        for kind, bands in by_kind.items():
            try:
                timing.validate_bands(sorted(bands, key=lambda b: b.min_minutes))
            except timing.BandTableError as error:
                raise ValidationError(f"{JenisKategori(kind).label}: {error}") from error


class AttendanceBandInline(admin.TabularInline):
    model = AttendanceBand
    formset = BandFormSet
    extra = 0


@admin.register(AttendancePolicy)
class AttendancePolicyAdmin(RecomputeOnChange):
    list_display = ["instansi", "berlaku_mulai", "toleransi_terlambat", "toleransi_pulang_cepat"]
    list_filter = ["instansi"]
    inlines = [AttendanceBandInline]

    def affected(self, obj: Any) -> tuple[int | None, dt.date, dt.date | None]:
        return obj.instansi_id, obj.berlaku_mulai, None


@admin.register(Holiday)
class HolidayAdmin(RecomputeOnChange):
    list_display = ["tanggal", "nama", "jenis", "instansi"]
    list_filter = ["jenis", "instansi"]
    search_fields = ["nama"]
    date_hierarchy = "tanggal"

    def affected(self, obj: Any) -> tuple[int | None, dt.date, dt.date | None]:
        # A national holiday (no instansi) is recomputed by each region's next run.
        return obj.instansi_id, obj.tanggal, obj.tanggal


@admin.register(LeaveOpeningBalance)
class LeaveOpeningBalanceAdmin(admin.ModelAdmin):
    list_display = ["employee", "tahun", "sisa_tahun_lalu", "sisa_dua_tahun_lalu"]
    list_filter = ["instansi", "tahun"]
    raw_id_fields = ["employee"]


@admin.register(LeaveRequest)
class LeaveRequestAdmin(admin.ModelAdmin):
    list_display = ["employee", "jenis", "mulai", "selesai", "sehari_penuh", "status"]
    list_filter = ["jenis", "status"]
    raw_id_fields = ["employee", "diputus_oleh", "diajukan_oleh"]


@admin.register(DailyAttendance)
class DailyAttendanceAdmin(admin.ModelAdmin):
    list_display = ["employee", "tanggal", "status", "jam_datang", "jam_pulang", "kode_tl"]
    list_filter = ["status"]
    raw_id_fields = ["employee"]
    date_hierarchy = "tanggal"


@admin.register(WorkWeek)
class WorkWeekAdmin(admin.ModelAdmin):
    list_display = ["unit", "berlaku_mulai", "hari_kerja", "instansi"]
    list_filter = ["hari_kerja", "instansi"]
    raw_id_fields = ["unit"]


@admin.register(Device)
class DeviceAdmin(admin.ModelAdmin):
    list_display = ["nama", "serial", "unit", "zona_waktu", "aktif", "instansi"]
    list_filter = ["zona_waktu", "instansi"]
    search_fields = ["nama", "serial"]
    raw_id_fields = ["unit"]
    exclude = ["token_hash"]  # tokens are issued on the device page, never typed here
    # The issuer sets what the token may store; changing it here would widen a token.
    readonly_fields = ["token_diterbitkan_oleh"]


@admin.register(DevicePin)
class DevicePinAdmin(admin.ModelAdmin):
    list_display = ["pin", "employee", "device", "instansi"]
    list_filter = ["instansi"]
    search_fields = ["pin", "employee__nama", "employee__nip"]
    raw_id_fields = ["employee", "device"]


@admin.register(Punch)
class PunchAdmin(admin.ModelAdmin):
    list_display = ["employee", "waktu", "sumber", "device", "di_luar_lokasi"]
    list_filter = ["sumber", "di_luar_lokasi", "instansi"]
    raw_id_fields = ["employee", "device"]
    date_hierarchy = "waktu"


@admin.register(UnknownPunch)
class UnknownPunchAdmin(admin.ModelAdmin):
    list_display = ["key", "waktu", "device", "batch", "line"]
    list_filter = ["instansi"]
    search_fields = ["key", "batch"]
    raw_id_fields = ["device"]
    date_hierarchy = "waktu"
