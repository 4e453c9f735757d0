from django.urls import path

from . import views_recap as views

urlpatterns = [
    path("", views.recap_home, name="recap-home"),
    path("pegawai/<int:pk>/", views.recap_employee, name="recap-employee"),
    path("pegawai/<int:pk>/xlsx/", views.recap_employee_xlsx, name="recap-employee-xlsx"),
    path("unit/", views.recap_unit, name="recap-unit"),
    path("unit/xlsx/", views.recap_unit_xlsx, name="recap-unit-xlsx"),
    path("unit/hitung-ulang/", views.recap_recompute, name="recap-recompute"),
]
