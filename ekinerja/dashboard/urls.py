"""/pantauan/: the region's dashboard (urls_region), ABK (urls_abk), the personal and team
dashboards (urls_personal)."""

from django.urls import include, path

app_name = "dashboard"

urlpatterns = [
    path("", include("ekinerja.dashboard.urls_region")),
    path("abk/", include("ekinerja.dashboard.urls_abk")),
    path("kematangan/", include("ekinerja.dashboard.urls_maturity")),
    path("saya/", include("ekinerja.dashboard.urls_personal")),
]
