from django.urls import include, path

# Each page family has its own module so that they can grow independently.
urlpatterns = [
    path("", include("ekinerja.attendance.urls_checkin")),
    path("cuti/", include("ekinerja.attendance.urls_leave")),
    path("mesin/", include("ekinerja.attendance.urls_punches")),
    path("rekap/", include("ekinerja.attendance.urls_recap")),
]
