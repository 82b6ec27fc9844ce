from django.urls import path

from threecircles.privacy import views

app_name = "privacy"
urlpatterns = [
    path("my-record/access/", views.my_access_log, name="my_access_log"),
    path("break-glass/", views.break_glass_list, name="break_glass_list"),
    path("break-glass/<int:grant_id>/close/", views.break_glass_close, name="break_glass_close"),
]
