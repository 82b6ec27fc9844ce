"""URLs of the membership's member part (included by membership/urls.py)."""

from django.urls import URLPattern, path

from threecircles.membership import views_member as views

urlpatterns: list[URLPattern] = [
    path("", views.member_area, name="member_area"),
    path("profile/", views.profile, name="profile"),
    path("resources/<slug:slug>/", views.resource, name="resource"),
]
