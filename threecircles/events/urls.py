from django.urls import include, path

from threecircles.events import urls_public, urls_registration, urls_staff

app_name = "events"
urlpatterns = [
    path("events/", include(urls_public)),
    path("events/", include(urls_registration)),
    path("institute/staff/events/", include(urls_staff)),
]
