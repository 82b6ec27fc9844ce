from django.urls import include, path

from threecircles.certification import (
    urls_candidate,
    urls_directory,
    urls_holder,
    urls_staff,
    urls_supervision,
    urls_verify,
)

app_name = "certification"
urlpatterns = [
    path("certification/supervision/", include(urls_supervision)),
    path("certification/my/", include(urls_holder)),
    path("certification/", include(urls_candidate)),
    # Public: /verify/<code>/, the institute's published key and revocation list.
    path("", include(urls_verify)),
    path("directory/", include(urls_directory)),
    path("institute/staff/certification/", include(urls_staff)),
]
