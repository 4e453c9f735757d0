from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("lonceng/", views.bell, name="bell"),
    path("<int:pk>/baca/", views.mark_read, name="mark-read"),
    path("baca-semua/", views.mark_all_read, name="mark-all-read"),
    path("preferensi/", views.preference, name="preference"),
]
