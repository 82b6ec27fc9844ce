"""The insights pages (included by recovery/urls.py under insights/): the client's own, and
one per client for their care team."""

from django.urls import path

from threecircles.recovery import views_insights

urlpatterns = [
    path("", views_insights.my_insights, name="insights"),
    path("clients/<int:client_id>/", views_insights.client_insights, name="client_insights"),
]
