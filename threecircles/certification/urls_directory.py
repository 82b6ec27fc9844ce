"""URLs of the certification's directory part (included by certification/urls.py at
/directory/): the public directory, a therapist's profile, and the holder's own listing."""

from django.urls import path

from threecircles.certification import views_directory as views

urlpatterns = [
    path("", views.directory_list, name="directory"),
    path("listing/edit/", views.my_listing, name="my_listing"),
    path("<slug:slug>/", views.directory_profile, name="directory_profile"),
]
