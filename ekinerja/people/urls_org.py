from django.urls import path

from . import views_org as views

urlpatterns = [
    path("", views.unit_tree_view, name="unit-tree"),
    path("unit/<int:pk>/", views.unit_detail, name="unit-detail"),
]
