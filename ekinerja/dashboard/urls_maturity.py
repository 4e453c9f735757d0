"""See dashboard/urls.py: /pantauan/kematangan/."""

from django.urls import path

from . import views_maturity

urlpatterns = [
    path("", views_maturity.overview, name="kematangan"),
    path("unduh.xlsx", views_maturity.overview_export, name="kematangan-export"),
    path("opd/<int:unit_id>/", views_maturity.opd_detail, name="kematangan-opd"),
]
