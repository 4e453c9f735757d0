from django.urls import include, path

# Each page family has its own module so that they can grow independently.
urlpatterns = [
    path("", include("ekinerja.appraisal.urls_evaluation")),
    path("masukan/", include("ekinerja.appraisal.urls_input")),
]
