from django.urls import path

from . import views_verify as views

urlpatterns = [
    path("", views.verify_form, name="document-verify-form"),
    path("<str:kode>/", views.verify, name="document-verify"),
]
