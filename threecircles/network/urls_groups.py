from django.urls import path

from threecircles.network import views_groups as views

urlpatterns = [
    path("groups/", views.group_list, name="group_list"),
    path("groups/new/", views.group_create, name="group_create"),
    path("groups/<int:group_id>/", views.group_detail, name="group_detail"),
    path("groups/<int:group_id>/ask/", views.group_ask, name="group_ask"),
    path("groups/<int:group_id>/sharing/", views.group_sharing, name="group_sharing"),
    path("groups/<int:group_id>/leave/", views.group_leave, name="group_leave"),
    path("groups/<int:group_id>/attendance/", views.group_attendance, name="group_attendance"),
    path("groups/<int:group_id>/end/", views.group_end, name="group_end"),
    path(
        "groups/invitations/<int:group_member_id>/accept/",
        views.group_accept,
        name="group_accept",
    ),
    path(
        "groups/invitations/<int:group_member_id>/decline/",
        views.group_decline,
        name="group_decline",
    ),
    path("groups/members/<int:group_member_id>/remove/", views.group_remove, name="group_remove"),
]
