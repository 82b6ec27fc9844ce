from django.urls import URLPattern, path

from threecircles.care import views_family as views

urlpatterns: list[URLPattern] = [
    path("clients/<int:client_id>/family/", views.family_list, name="family_list"),
    path(
        "clients/<int:client_id>/family/new/",
        views.family_participant_new,
        name="family_participant_new",
    ),
    path(
        "clients/<int:client_id>/family/<int:participant_id>/release/",
        views.family_release_new,
        name="family_release_new",
    ),
    path(
        "clients/<int:client_id>/family/<int:participant_id>/session/",
        views.family_session_add,
        name="family_session_add",
    ),
    path(
        "clients/<int:client_id>/family/releases/<int:release_id>/",
        views.family_release,
        name="family_release",
    ),
    path(
        "clients/<int:client_id>/family/releases/<int:release_id>/revoke/",
        views.family_release_revoke,
        name="family_release_revoke",
    ),
    path("family/", views.family_mine, name="family_mine"),
    path("family/<int:participant_id>/", views.family_shared, name="family_shared"),
    path("family/<int:participant_id>/accept/", views.family_accept, name="family_accept"),
    path("family/<int:participant_id>/decline/", views.family_decline, name="family_decline"),
]
