from django.urls import path

from threecircles.content import views

app_name = "content"
urlpatterns = [
    path("", views.public_home, name="public_home"),
    path("crisis/", views.crisis, name="crisis"),
]
