"""URLs of the membership's staff part (included by membership/urls.py under
institute/staff/members/)."""

from django.urls import path

from threecircles.membership import views_staff as views

urlpatterns = [
    path("", views.members, name="staff_members"),
    path("members.csv", views.members_csv, name="staff_members_csv"),
    path("<int:membership_id>/", views.member, name="staff_member"),
    path("<int:membership_id>/payment/", views.member_payment, name="staff_member_payment"),
    path("<int:membership_id>/end/", views.member_end, name="staff_member_end"),
    path("<int:membership_id>/type/", views.member_change_type, name="staff_member_type"),
    path("applications/", views.applications, name="staff_applications"),
    path("applications/<int:membership_id>/", views.application, name="staff_application"),
    path(
        "applications/<int:membership_id>/approve/",
        views.application_approve,
        name="staff_application_approve",
    ),
    path(
        "applications/<int:membership_id>/decline/",
        views.application_decline,
        name="staff_application_decline",
    ),
    path("types/", views.types, name="staff_types"),
    path("types/new/", views.type_new, name="staff_type_new"),
    path("types/<int:member_type_id>/", views.type_edit, name="staff_type_edit"),
    path("resources/", views.resources, name="staff_resources"),
    path("resources/new/", views.resource_new, name="staff_resource_new"),
    path("resources/<int:member_resource_id>/", views.resource_edit, name="staff_resource_edit"),
]
