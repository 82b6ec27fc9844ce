"""URLs of the events' staff part (included by events/urls.py under institute/staff/events/)."""

from django.urls import path

from threecircles.events import views_staff as views

urlpatterns = [
    path("", views.event_list, name="staff_events"),
    path("new/", views.event_new, name="staff_event_new"),
    path("<int:event_id>/", views.event_edit, name="staff_event"),
    path("<int:event_id>/tracks/new/", views.track_form, name="staff_track_new"),
    path("<int:event_id>/tracks/<int:track_id>/", views.track_form, name="staff_track_edit"),
    path("<int:event_id>/sessions/new/", views.session_form, name="staff_session_new"),
    path(
        "<int:event_id>/sessions/<int:session_id>/",
        views.session_form,
        name="staff_session_edit",
    ),
    path(
        "<int:event_id>/sessions/<int:session_id>/attendance/",
        views.attendance,
        name="staff_attendance",
    ),
    path("<int:event_id>/types/new/", views.type_form, name="staff_type_new"),
    path("<int:event_id>/types/<int:type_id>/", views.type_form, name="staff_type_edit"),
    path("<int:event_id>/registrations/", views.registrations, name="staff_registrations"),
    path(
        "<int:event_id>/registrations/<int:registration_id>/paid/",
        views.mark_paid,
        name="staff_mark_paid",
    ),
    path(
        "<int:event_id>/registrations/<int:registration_id>/cancel/",
        views.cancel_registration,
        name="staff_cancel",
    ),
    path(
        "<int:event_id>/registrations/<int:registration_id>/certificate.pdf",
        views.certificate_pdf,
        name="staff_certificate",
    ),
    path(
        "<int:event_id>/registrations/<int:registration_id>/invoice.pdf",
        views.invoice_pdf,
        name="staff_invoice",
    ),
]
