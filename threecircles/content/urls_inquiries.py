"""URLs of the public site's inquiries part (included by content/urls.py): the contact and
media forms, and the staff inbox."""

from django.urls import URLPattern, path

from threecircles.content import views_inquiries as views

urlpatterns: list[URLPattern] = [
    path("contact/", views.contact, name="contact"),
    path("contact/media/", views.media_inquiry, name="media_inquiry"),
    path("contact/thank-you/", views.inquiry_sent, name="inquiry_sent"),
    path("institute/staff/inquiries/", views.inquiry_inbox, name="inquiry_inbox"),
    path(
        "institute/staff/inquiries/<int:inquiry_id>/",
        views.inquiry_detail,
        name="inquiry_detail",
    ),
    path(
        "institute/staff/inquiries/<int:inquiry_id>/reply/",
        views.inquiry_reply,
        name="inquiry_reply",
    ),
    path(
        "institute/staff/inquiries/<int:inquiry_id>/assign/",
        views.inquiry_assign,
        name="inquiry_assign",
    ),
    path(
        "institute/staff/inquiries/<int:inquiry_id>/status/",
        views.inquiry_status,
        name="inquiry_status",
    ),
]
