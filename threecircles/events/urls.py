from django.urls import include, path

from threecircles.events import urls_public, urls_registration, urls_staff

app_name = "events"
urlpatterns = [
    # Registration first: its fixed paths ("mine/", "ticket/...") before the public
    # "<slug>/" pages.
    path("events/", include(urls_registration)),
    path("events/", include(urls_public)),
    path("institute/staff/events/", include(urls_staff)),
]
