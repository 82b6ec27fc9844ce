from django.urls import path

from threecircles.network import views_support as views

urlpatterns = [
    path("need-support/", views.support_now, name="support_now"),
    path("need-support/settings/", views.support_settings, name="support_settings"),
    path("need-support/<int:support_request_id>/", views.support_request, name="support_request"),
    path("need-support/<int:support_request_id>/ok/", views.support_close, name="support_close"),
    path("asked/<int:support_notice_id>/", views.support_notice, name="support_notice"),
]
