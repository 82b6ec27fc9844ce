from django.urls import include, path

from threecircles.network import views

app_name = "network"
urlpatterns = [
    path("supporting/", views.supporter_home, name="supporter_home"),
    path("supporting/<int:client_id>/", views.supporting, name="supporting"),
    path("my-supporters/", views.my_supporters, name="my_supporters"),
    path("my-supporters/<int:member_id>/", views.member, name="member"),
    path("my-supporters/<int:member_id>/sharing/", views.update_sharing, name="update_sharing"),
    path("my-supporters/<int:member_id>/pause/", views.pause, name="pause"),
    path("my-supporters/<int:member_id>/resume/", views.resume, name="resume"),
    path("my-supporters/<int:member_id>/as-they-see-it/", views.preview, name="preview"),
    path("my-supporters/<int:member_id>/revoke/", views.revoke, name="revoke"),
    # Each part of network keeps its own URLs (and its own access rows).
    path("", include("threecircles.network.urls_support")),
    path("", include("threecircles.network.urls_groups")),
    path("", include("threecircles.network.urls_rhythm")),
    path("", include("threecircles.network.urls_guidance")),
]
