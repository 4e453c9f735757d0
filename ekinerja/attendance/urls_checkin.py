"""Phone check-in pages, included at /presensi/."""

from django.urls import path

from . import views_checkin as views

urlpatterns = [
    path("", views.today_page, name="checkin-today"),
    path("rekam/", views.record, name="checkin-record"),
]
