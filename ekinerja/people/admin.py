from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import Assignment, Employee, RoleGrant, User


@admin.register(User)
class AccountAdmin(UserAdmin):
    list_display = ["username", "first_name", "instansi", "is_active", "is_staff", "last_login"]
    list_filter = ["instansi", "is_active", "is_staff"]
    fieldsets = [*UserAdmin.fieldsets, ("Instansi", {"fields": ["instansi"]})]


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    autocomplete_fields = ["position"]
    fields = ["position", "jenis", "mulai", "selesai", "nomor_sk"]


@admin.register(Employee)
class EmployeeAdmin(admin.ModelAdmin):
    list_display = ["nip", "nama", "status", "golongan", "kategori", "kedudukan", "instansi"]
    list_filter = ["instansi", "status", "kategori", "kedudukan", "jenis_kelamin"]
    search_fields = ["nip", "nama"]
    inlines = [AssignmentInline]
    raw_id_fields = ["user"]


@admin.register(RoleGrant)
class RoleGrantAdmin(admin.ModelAdmin):
    list_display = ["user", "peran", "instansi", "unit"]
    list_filter = ["peran", "instansi"]
    autocomplete_fields = ["user", "unit"]
