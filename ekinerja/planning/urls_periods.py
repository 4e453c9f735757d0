"""Performance periods, included at /kinerja/periode/."""

from django.urls import path

from . import views_periods as views

urlpatterns = [
    path("", views.period_list, name="period-list"),
    path("ekspor/", views.period_list_export, name="period-list-export"),
    path("tambah/", views.period_create, name="period-create"),
    path("<int:pk>/ubah/", views.period_edit, name="period-edit"),
    path("<int:pk>/buka/", views.period_open, name="period-open"),
    path("pembukaan/<int:pk>/", views.opening_detail, name="period-opening"),
    path("pembukaan/<int:pk>/progres/", views.opening_progress, name="period-opening-progress"),
    path("pembukaan/<int:pk>/ulang/", views.opening_rerun, name="period-opening-rerun"),
]
