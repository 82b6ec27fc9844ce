from django.urls import include, path

from threecircles.recovery import views, views_daily

app_name = "recovery"
urlpatterns = [
    path("", views.today, name="today"),
    path("check-in/", views.check_in, name="check_in"),
    path("check-ins/", views.check_ins, name="check_ins"),
    path("plan/", views.plan, name="plan"),
    path("plan/edit/", views.plan_edit, name="plan_edit"),
    path("plan/history/", views.plan_history, name="plan_history"),
    path("plan/sign/", views.plan_sign, name="plan_sign"),
    path("plan.pdf", views.plan_pdf, name="plan_pdf"),
    path("slips/", views.slips, name="slips"),
    path("slips/<uuid:slip_id>/", views.slip, name="slip"),
    path(
        "slips/<uuid:slip_id>/proposals/<str:proposal_id>/",
        views.slip_proposal,
        name="slip_proposal",
    ),
    path("settings/", views.recovery_settings, name="settings"),
    path("safety-plan/", views_daily.safety_plan, name="safety_plan"),
    path("safety-plan/edit/", views_daily.safety_plan_edit, name="safety_plan_edit"),
    path("journal/", views_daily.journal, name="journal"),
    path("journal/<uuid:entry_id>/", views_daily.journal_entry, name="journal_entry"),
    path("environment/", views_daily.environment, name="environment"),
    path(
        "environment/<str:kind>/<uuid:item_id>/",
        views_daily.environment_item,
        name="environment_item",
    ),
    # The care team's side.
    path("clients/<int:client_id>/", views.client_recovery, name="client_recovery"),
    path("clients/<int:client_id>/plan/edit/", views.plan_edit, name="client_plan_edit"),
    path("clients/<int:client_id>/plan/cosign/", views.plan_cosign, name="plan_cosign"),
    path("clients/<int:client_id>/journal/", views_daily.shared_journal, name="shared_journal"),
    # Features in their own modules.
    path("workbook/", include("threecircles.recovery.urls_workbook")),
    path("insights/", include("threecircles.recovery.urls_insights")),
    path("", include("threecircles.recovery.urls_offline")),
]
