from django.urls import include, path

# Each page family has its own module so that they can grow independently.
urlpatterns = [
    path("", include("ekinerja.activity.urls_entry")),
    path("validasi/", include("ekinerja.activity.urls_validation")),
    path("laporan/", include("ekinerja.activity.urls_reports")),
]
