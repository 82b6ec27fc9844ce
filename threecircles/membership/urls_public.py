"""URLs of the membership's public part (included by membership/urls.py)."""

from django.urls import URLPattern, path

from threecircles.membership import views_public as views

urlpatterns: list[URLPattern] = [
    path("", views.join, name="join"),
    path("apply/", views.apply, name="apply"),
    path("apply/thank-you/", views.applied, name="applied"),
]
