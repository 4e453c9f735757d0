from django.urls import path

from . import views_monthly as views

urlpatterns = [
    path(
        "rekap/<int:employee_id>/<int:tahun>/<int:bulan>.pdf",
        views.attendance_recap_document,
        name="attendance-recap-pdf",
    ),
]
