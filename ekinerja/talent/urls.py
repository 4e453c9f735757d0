from django.urls import path, register_converter

from . import views


class JenisRiwayat:
    """The kind of competence record in a URL: pendidikan, diklat or asesmen."""

    regex = "pendidikan|diklat|asesmen"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(JenisRiwayat, "riwayat")

urlpatterns = [
    path("", views.talent_map_view, name="talent-map"),
    path("ekspor/", views.talent_map_export, name="talent-map-export"),
    path("pegawai/<int:pk>/", views.employee_competence, name="talent-employee"),
    path("pegawai/<int:pk>/<riwayat:jenis>/tambah/", views.record_add, name="talent-record-add"),
    path("<riwayat:jenis>/<int:pk>/ubah/", views.record_edit, name="talent-record-edit"),
    path("<riwayat:jenis>/<int:pk>/hapus/", views.record_delete, name="talent-record-delete"),
    path("impor/", views.import_start, name="talent-import"),
    path("impor/<int:pk>/", views.import_preview, name="talent-import-preview"),
    path("impor/<int:pk>/terapkan/", views.import_apply, name="talent-import-apply"),
    path("impor/<int:pk>/batalkan/", views.import_discard, name="talent-import-discard"),
    path("impor/templat/<str:kind>/", views.import_template, name="talent-import-template"),
]
