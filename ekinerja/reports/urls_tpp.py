from django.urls import path

from . import views_batch
from . import views_tpp as views

urlpatterns = [
    path("perhitungan/<int:pk>/nominatif.xlsx", views.run_xlsx, name="tpp-run-xlsx"),
    path("perhitungan/<int:pk>/nominatif.pdf", views.run_pdf, name="tpp-run-pdf"),
    path("perhitungan/<int:pk>/rekap-opd.xlsx", views.run_summary_xlsx, name="tpp-run-summary"),
    path("perhitungan/<int:pk>/baris.csv", views.run_csv, name="tpp-run-csv"),
    path("baris/<int:pk>/slip.pdf", views.line_slip, name="tpp-line-slip"),
    path("perhitungan/<int:pk>/slip-massal/", views_batch.run_slips, name="tpp-run-slips"),
]
