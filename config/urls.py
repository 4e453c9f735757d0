from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "E-Kinerja: data induk"
admin.site.site_title = "E-Kinerja"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("ekinerja.people.urls")),
    path("organisasi/", include("ekinerja.people.urls_org")),
    path("impor/", include("ekinerja.people.urls_imports")),
    path("kinerja/", include("ekinerja.planning.urls")),
    path("kinerja/", include("ekinerja.reports.urls_skp")),
    path("aktivitas/", include("ekinerja.activity.urls")),
    path("aktivitas/", include("ekinerja.reports.urls_activity")),
    path("presensi/", include("ekinerja.attendance.urls")),
    path("presensi/", include("ekinerja.reports.urls_attendance")),
    path("evaluasi/", include("ekinerja.appraisal.urls")),
    path("evaluasi/", include("ekinerja.reports.urls_evaluation")),
    path("talenta/", include("ekinerja.talent.urls")),
    path("tpp/", include("ekinerja.allowance.urls")),
    path("tpp/", include("ekinerja.reports.urls_tpp")),
    path("v/", include("ekinerja.reports.urls_verify")),
    path("dokumen/", include("ekinerja.reports.urls_batch")),
    path("siasn/", include("ekinerja.reports.urls_siasn")),
    path("pantauan/", include("ekinerja.dashboard.urls")),
    path("notifikasi/", include("ekinerja.notifications.urls")),
    path("keamanan/", include("ekinerja.security.urls")),
    path("api/v1/", include("ekinerja.api.urls")),
]
