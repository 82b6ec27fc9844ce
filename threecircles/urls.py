from django.contrib import admin
from django.urls import include, path

from threecircles import views
from threecircles.accounts import views as account_views

urlpatterns = [
    path("", views.public_home, name="public_home"),
    path("crisis/", views.crisis, name="crisis"),
    path("home/", views.home, name="home"),
    path("me/", views.client_home, name="client_home"),
    path("institute/staff/", views.staff_home, name="staff_home"),
    path("administration/", views.admin_home, name="admin_home"),
    path("invitation/<str:token>/", account_views.accept_invitation, name="accept_invitation"),
    path("care/", include("threecircles.care.urls")),
    path("privacy/", include("threecircles.privacy.urls")),
    path("screening/", include("threecircles.screening.urls")),
    path("support/", include("threecircles.network.urls")),
    path("accounts/", include("allauth.urls")),
    path("django-admin/", admin.site.urls),
]
