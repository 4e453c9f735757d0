"""See dashboard/urls.py."""

from django.urls import path

from . import views_region

urlpatterns = [
    path("", views_region.region, name="region"),
    path("unduh.xlsx", views_region.region_export, name="region-export"),
    path("opd/<int:unit_id>/", views_region.opd, name="opd"),
    path("unit/<int:unit_id>/", views_region.unit, name="unit"),
    path("pengecualian/", views_region.exceptions, name="exceptions"),
    path("pengecualian/unduh.xlsx", views_region.exceptions_export, name="exceptions-export"),
    path("penerapan/", views_region.rollout, name="rollout"),
    path("penerapan/<int:unit_id>/", views_region.rollout_set, name="rollout-set"),
    path("hitung/", views_region.refresh, name="refresh"),
    path("status/", views_region.refresh_status, name="refresh-status"),
]
