"""Machine pages and the device API, included at /presensi/mesin/."""

from django.urls import path

from . import api
from . import views_punches as views

urlpatterns = [
    path("", views.device_list, name="punch-device-list"),
    path("ekspor/", views.device_list_export, name="punch-device-export"),
    path("baru/", views.device_create, name="punch-device-create"),
    path("<int:pk>/ubah/", views.device_edit, name="punch-device-edit"),
    path("<int:pk>/token/", views.device_token, name="punch-device-token"),
    path(
        "<int:pk>/nonaktifkan/",
        views.device_set_active,
        {"aktif": False},
        name="punch-device-deactivate",
    ),
    path(
        "<int:pk>/aktifkan/", views.device_set_active, {"aktif": True}, name="punch-device-activate"
    ),
    path("unggah/", views.punch_upload, name="punch-upload"),
    path("tak-dikenal/", views.unknown_list, name="punch-unknown-list"),
    path("tak-dikenal/ekspor/", views.unknown_list_export, name="punch-unknown-export"),
    path("pin/", views.pin_list, name="punch-pin-list"),
    path("pin/ekspor/", views.pin_list_export, name="punch-pin-export"),
    path("pin/petakan/", views.pin_map, name="punch-pin-map"),
    path("pin/<int:pk>/hapus/", views.pin_delete, name="punch-pin-delete"),
    path("api/", api.device_punches, name="punch-api"),
]
