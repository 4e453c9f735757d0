"""Leave pages of attendance, included at /presensi/cuti/."""

from django.urls import path

from . import views_leave as views

urlpatterns = [
    path("", views.leave_home, name="leave-home"),
    path("ajukan/", views.leave_create, name="leave-create"),
    path("persetujuan/", views.leave_inbox, name="leave-inbox"),
    path("persetujuan/ekspor/", views.leave_inbox_export, name="leave-inbox-export"),
    path("<int:pk>/", views.leave_detail, name="leave-detail"),
    path("<int:pk>/lampiran/", views.leave_attachment, name="leave-attachment"),
    path("<int:pk>/batalkan/", views.leave_cancel, name="leave-cancel"),
    path("<int:pk>/setujui/", views.leave_approve, name="leave-approve"),
    path("<int:pk>/tolak/", views.leave_reject, name="leave-reject"),
]
