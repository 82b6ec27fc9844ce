from django.urls import URLPattern, path

from threecircles.care import views_programs as views

P = "programs/<int:program_id>/"

urlpatterns: list[URLPattern] = [
    path("programs/", views.program_list, name="program_list"),
    path("programs/new/", views.program_new, name="program_new"),
    path(P, views.program_detail, name="program_detail"),
    path(P + "sessions/new/", views.program_slot_new, name="program_slot_new"),
    path(
        P + "sessions/<int:slot_id>/remove/",
        views.program_slot_remove,
        name="program_slot_remove",
    ),
    path(P + "enroll/", views.program_enroll, name="program_enroll"),
    path(
        P + "enrollments/<int:enrollment_id>/end/",
        views.program_enrollment_end,
        name="program_enrollment_end",
    ),
    path(P + "attendance/", views.program_attendance, name="program_attendance"),
    path("clients/<int:client_id>/week/", views.program_week, name="program_week"),
    path(
        "clients/<int:client_id>/sessions/<int:session_id>/attendance/",
        views.program_session_attendance,
        name="program_session_attendance",
    ),
]
