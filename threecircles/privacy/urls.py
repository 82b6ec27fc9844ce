from django.urls import path

from threecircles.privacy import views

app_name = "privacy"
urlpatterns = [
    path("my-record/access/", views.my_access_log, name="my_access_log"),
    path("break-glass/", views.break_glass_list, name="break_glass_list"),
    path("break-glass/<int:grant_id>/close/", views.break_glass_close, name="break_glass_close"),
    path("second-factor-resets/", views.second_factor_resets, name="second_factor_resets"),
    path(
        "second-factor-resets/<int:reset_id>/approve/",
        views.approve_second_factor_reset,
        name="approve_second_factor_reset",
    ),
    path(
        "second-factor-resets/<int:reset_id>/cancel/",
        views.cancel_second_factor_reset,
        name="cancel_second_factor_reset",
    ),
    path(
        "second-factor-reset/<str:token>/",
        views.confirm_second_factor_reset,
        name="confirm_second_factor_reset",
    ),
]
