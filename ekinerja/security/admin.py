"""Operators unlock an account by deleting its failures, and reset a lost phone by deleting the
device; neither can be edited, and a device's secret is never shown."""

from django.contrib import admin

from .models import LoginAttempt, TotpDevice


@admin.register(LoginAttempt)
class LoginAttemptAdmin(admin.ModelAdmin):
    list_display = ("created_at", "username", "ip", "tahap")
    search_fields = ("username", "ip")
    list_filter = ("tahap",)
    readonly_fields = ("username", "ip", "tahap", "created_at")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(TotpDevice)
class TotpDeviceAdmin(admin.ModelAdmin):
    list_display = ("user", "confirmed_at", "created_at")
    search_fields = ("user__username", "user__first_name")
    fields = ("user", "confirmed_at", "created_at")
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
