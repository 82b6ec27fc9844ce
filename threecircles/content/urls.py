from django.urls import include, path

from threecircles.content import urls_articles, urls_inquiries, urls_site, urls_staff, views

app_name = "content"
urlpatterns = [
    path("", views.public_home, name="public_home"),
    path("crisis/", views.crisis, name="crisis"),
    # Each part of the public site and the staff workspace brings its own URLs.
    path("", include(urls_site)),
    path("", include(urls_articles)),
    path("", include(urls_inquiries)),
    path("institute/staff/", include(urls_staff)),
]
