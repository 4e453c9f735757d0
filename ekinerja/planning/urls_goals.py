"""Organisational performance, mounted at /kinerja/organisasi/."""

from django.urls import path

from . import views_goals as views

urlpatterns = [
    path("", views.overview, name="goals-overview"),
    path("ekspor/", views.overview_export, name="goals-overview-export"),
    path("rpjmd/tambah/", views.regional_goal_create, name="goals-regional-create"),
    path("rpjmd/<int:pk>/ubah/", views.regional_goal_update, name="goals-regional-update"),
    path("rpjmd/<int:pk>/hapus/", views.regional_goal_delete, name="goals-regional-delete"),
    path("pk/<int:unit_id>/<int:tahun>/", views.perjanjian_kinerja, name="goals-pk"),
    path("pk/<int:unit_id>/<int:tahun>/sasaran/", views.sasaran_add, name="goals-sasaran-add"),
    path("sasaran/<int:pk>/ubah/", views.sasaran_update, name="goals-sasaran-update"),
    path("sasaran/<int:pk>/hapus/", views.sasaran_delete, name="goals-sasaran-delete"),
    path("sasaran/<int:pk>/indikator/", views.indikator_add, name="goals-indikator-add"),
    path("indikator/<int:pk>/ubah/", views.indikator_update, name="goals-indikator-update"),
    path("indikator/<int:pk>/hapus/", views.indikator_delete, name="goals-indikator-delete"),
]
