"""URLs of the events' public part (included by events/urls.py)."""

from django.urls import path

from threecircles.events import feeds, views_public

urlpatterns = [
    path("", views_public.event_list, name="event_list"),
    # Before "<slug>/": "feed.ics" is not a slug, but keep fixed paths first all the same.
    path("feed.ics", feeds.ical_feed, name="ical_feed"),
    path("<slug:slug>/", views_public.event_detail, name="event_detail"),
]
