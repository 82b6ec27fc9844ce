from django.urls import path

from threecircles.care import views_episodes as views

EPISODE = "clients/<int:client_id>/episodes/<int:episode_id>/"

urlpatterns = [
    path("clients/<int:client_id>/admit/", views.episode_admit, name="episode_admit"),
    path(EPISODE, views.episode_detail, name="episode_detail"),
    path(f"{EPISODE}transfer/", views.episode_transfer, name="episode_transfer"),
    path(f"{EPISODE}discharge/", views.episode_discharge, name="episode_discharge"),
    path(f"{EPISODE}team/", views.episode_add_member, name="episode_add_member"),
    path(
        f"{EPISODE}team/<int:place_id>/end/",
        views.episode_end_member,
        name="episode_end_member",
    ),
    path("my-care/history/", views.episode_history, name="episode_history"),
]
