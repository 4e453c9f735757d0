"""The matriks peran hasil, included at /kinerja/matriks/."""

from django.urls import path

from . import views_matrix as views

urlpatterns = [
    path("", views.role_result_matrix, name="skp-matrix"),
]
