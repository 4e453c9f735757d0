"""See dashboard/urls.py: /pantauan/abk/."""

from django.urls import path

from . import views_abk

urlpatterns = [
    path("", views_abk.region, name="abk"),
    path("unduh/", views_abk.region_export, name="abk-export"),
    path("opd/<int:unit_id>/", views_abk.opd, name="abk-opd"),
    path("opd/<int:unit_id>/unduh/", views_abk.opd_export, name="abk-opd-export"),
    path("jabatan/<int:position_id>/", views_abk.position, name="abk-position"),
]
