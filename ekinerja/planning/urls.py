from django.urls import include, path

# Each page family has its own module so that they can grow independently.
urlpatterns = [
    path("", include("ekinerja.planning.urls_skp")),
    path("organisasi/", include("ekinerja.planning.urls_goals")),
    path("periode/", include("ekinerja.planning.urls_periods")),
    path("matriks/", include("ekinerja.planning.urls_matrix")),
]
