"""URLs of the certification's supervision part (included by certification/urls.py under
certification/supervision/)."""

from django.urls import path

from threecircles.certification import views_supervision as views

urlpatterns = [
    path("", views.supervision, name="supervision"),
    path(
        "candidacies/<int:candidacy_id>/propose/",
        views.propose_agreement,
        name="propose_agreement",
    ),
    path("agreements/<int:agreement_id>/answer/", views.answer_agreement, name="answer_agreement"),
    path("agreements/<int:agreement_id>/end/", views.end_agreement, name="end_agreement"),
    path("agreements/<int:agreement_id>/log/", views.log_session, name="log_session"),
    path("sessions/<int:session_id>/answer/", views.answer_session, name="answer_session"),
]
