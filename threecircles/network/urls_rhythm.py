from django.urls import URLPattern, path

from threecircles.network import views_rhythm

urlpatterns: list[URLPattern] = [
    path("weekly-summary/", views_rhythm.weekly, name="rhythm_weekly"),
    path(
        "weekly-summary/<int:member_id>/e-mail/",
        views_rhythm.weekly_email,
        name="rhythm_weekly_email",
    ),
    path("accountability/", views_rhythm.settings, name="rhythm_settings"),
    path("accountability/calls/", views_rhythm.calls, name="rhythm_calls"),
    path("accountability/calls/new/", views_rhythm.add_call, name="rhythm_add_call"),
    path("accountability/calls/<int:call_id>/end/", views_rhythm.end_call, name="rhythm_end_call"),
    path(
        "accountability/calls/times/<int:occurrence_id>/",
        views_rhythm.mark_call,
        name="rhythm_mark_call",
    ),
]
