from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("pegawai/", views.employee_list, name="employee-list"),
    path("pegawai/<int:pk>/", views.employee_detail, name="employee-detail"),
    path("pegawai/<int:pk>/kata-sandi/", views.employee_set_password, name="employee-set-password"),
]
