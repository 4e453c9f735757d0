from django.urls import path

from . import views

urlpatterns = [
    path("2fa/", views.second_factor, name="security-2fa"),
    path("2fa/verifikasi/", views.second_factor_verify, name="security-2fa-verify"),
    path("audit/", views.audit_trail, name="security-audit"),
]
