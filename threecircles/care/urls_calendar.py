from django.urls import path

from threecircles.care import views_calendar

urlpatterns = [
    path("calendar/", views_calendar.calendar_week, name="calendar_week"),
    path("calendar/address/", views_calendar.calendar_address_new, name="calendar_address_new"),
    path(
        "calendar/address/stop/",
        views_calendar.calendar_address_stop,
        name="calendar_address_stop",
    ),
    path("calendar/feed/<str:token>.ics", views_calendar.calendar_feed, name="calendar_feed"),
]
