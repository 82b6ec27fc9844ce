from django.urls import path

from threecircles.screening import views

app_name = "screening"
urlpatterns = [
    path("mine/", views.my_questionnaires, name="my_questionnaires"),
    path("answer/<uuid:administration_id>/", views.answer, name="answer"),
    path("result/<uuid:administration_id>/", views.result, name="result"),
    path("clients/<int:client_id>/", views.client_screening, name="client_screening"),
    path("clients/<int:client_id>/change/", views.reliable_change_view, name="reliable_change"),
    path("clients/<int:client_id>/intake/", views.start_intake, name="start_intake"),
    path("clients/<int:client_id>/in-session/", views.enter_in_session, name="enter_in_session"),
    path("clients/<int:client_id>/referrals/new/", views.new_referral, name="new_referral"),
    path("alerts/<uuid:alert_id>/", views.resolve_alert, name="resolve_alert"),
    path("intakes/<uuid:intake_id>/triage/", views.triage_review, name="triage_review"),
    path("reporting/<uuid:review_id>/", views.reporting_review, name="reporting_review"),
    path("providers/", views.providers, name="providers"),
    path("referrals/<uuid:referral_id>/", views.referral, name="referral"),
    path("referrals/<uuid:referral_id>/letter.pdf", views.referral_letter, name="referral_letter"),
    path("licensed-text/", views.licensed_text, name="licensed_text"),
]
