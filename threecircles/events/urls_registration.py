"""URLs of the events' registration part (included by events/urls.py)."""

from django.urls import path

from threecircles.events import views_registration as views

urlpatterns = [
    path("mine/", views.my_events, name="my_events"),
    path("ticket/<str:ticket_code>/", views.ticket, name="ticket"),
    path("ticket/<str:ticket_code>/cancel/", views.cancel, name="cancel"),
    path("ticket/<str:ticket_code>/certificate.pdf", views.my_certificate, name="my_certificate"),
    path("<slug:slug>/register/", views.register, name="register"),
]
