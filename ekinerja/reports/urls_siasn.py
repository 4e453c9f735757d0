from django.urls import path

from . import views_siasn as views

urlpatterns = [
    path("", views.siasn_page, name="siasn"),
    path("kinerja.xlsx", views.siasn_download, name="siasn-download"),
]
