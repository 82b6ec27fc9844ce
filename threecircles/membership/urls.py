from django.urls import include, path

from threecircles.membership import urls_member, urls_public, urls_staff

app_name = "membership"
urlpatterns = [
    path("membership/", include(urls_public)),
    path("members/", include(urls_member)),
    path("institute/staff/members/", include(urls_staff)),
]
