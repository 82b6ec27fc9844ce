from django.urls import path

from threecircles.network import views_guidance

urlpatterns = [
    path("guide/", views_guidance.guide, name="guide"),
    path("guide/<slug:relationship>/", views_guidance.guide_for, name="guide_for"),
]
