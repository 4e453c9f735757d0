"""See dashboard/urls.py: /pantauan/saya/ (the employee's own month) and /pantauan/saya/tim/
(the supervisor's direct subordinates), each with the compact panel the home page loads."""

from django.urls import path

from . import views_personal as views

urlpatterns = [
    path("", views.saya, name="saya"),
    path("ringkas/", views.saya_ringkas, name="saya-ringkas"),
    path("tim/", views.tim, name="tim"),
    path("tim/ringkas/", views.tim_ringkas, name="tim-ringkas"),
]
