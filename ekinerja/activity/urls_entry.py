"""The employee's own activity pages, included at /aktivitas/."""

from django.urls import path

from . import views_entry as views

urlpatterns = [
    path("", views.day_view, name="activity-day"),
    path("baru/", views.activity_create, name="activity-create"),
    path("<int:pk>/ubah/", views.activity_edit, name="activity-edit"),
    path("<int:pk>/hapus/", views.activity_delete, name="activity-delete"),
    path("<int:pk>/bukti/", views.activity_evidence, name="activity-evidence"),
    path("bulan/", views.month_view, name="activity-month"),
    path("favorit/baru/", views.favorite_create, name="activity-favorite-create"),
    path("favorit/<int:pk>/hapus/", views.favorite_delete, name="activity-favorite-delete"),
]
