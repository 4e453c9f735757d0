"""Kept apart from apps.py: two AppConfig classes in one module would make neither the default."""

from django.contrib.admin.apps import AdminConfig


class AuditedAdminConfig(AdminConfig):
    """`django.contrib.admin` with a site whose every edit also lands in the audit trail.

    Listed in INSTALLED_APPS in place of "django.contrib.admin"."""

    default_site = "ekinerja.security.admin_audit.AuditedAdminSite"
