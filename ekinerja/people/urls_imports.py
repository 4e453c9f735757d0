from django.urls import path

from . import views_imports as views

urlpatterns = [
    path("", views.import_start, name="import-start"),
    path("<int:pk>/", views.import_preview, name="import-preview"),
    path("<int:pk>/terapkan/", views.import_apply, name="import-apply"),
    path("<int:pk>/batalkan/", views.import_discard, name="import-discard"),
    path("templat/<slug:kind>/", views.import_template, name="import-template"),
    path("ekspor/pegawai/", views.export_employees, name="export-employees"),
    path("ekspor/unit/", views.export_units, name="export-units"),
    path("ekspor/jabatan/", views.export_positions, name="export-positions"),
]
