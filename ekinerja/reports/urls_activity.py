from django.urls import path

from . import views_monthly as views

urlpatterns = [
    path(
        "laporan/<int:employee_id>/<int:tahun>/<int:bulan>.pdf",
        views.activity_report_document,
        name="activity-report-pdf",
    ),
]
