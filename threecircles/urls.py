from django.contrib import admin
from django.urls import include, path

from threecircles.accounts import views as account_views
from threecircles.privacy import views as privacy_views

urlpatterns = [
    path("", include("threecircles.content.urls")),
    path("", include("threecircles.events.urls")),
    path("", include("threecircles.membership.urls")),
    path("", include("threecircles.certification.urls")),
    path("home/", account_views.home, name="home"),
    path("notifications/", account_views.notifications, name="notifications"),
    path(
        "notifications/<int:notification_id>/open/",
        account_views.open_notification,
        name="open_notification",
    ),
    path("me/", privacy_views.client_home, name="client_home"),
    path("me/", include("threecircles.recovery.urls_export")),
    path("institute/staff/", account_views.staff_home, name="staff_home"),
    path("administration/", account_views.admin_home, name="admin_home"),
    path("invitation/link/", account_views.link_invitation, name="link_invitation"),
    path("invitation/<str:token>/", account_views.accept_invitation, name="accept_invitation"),
    path("care/", include("threecircles.care.urls")),
    path("privacy/", include("threecircles.privacy.urls")),
    path("screening/", include("threecircles.screening.urls")),
    path("recovery/", include("threecircles.recovery.urls")),
    path("support/", include("threecircles.network.urls")),
    path("accounts/", include("allauth.urls")),
    path("django-admin/", admin.site.urls),
]

handler429 = account_views.too_many_requests
