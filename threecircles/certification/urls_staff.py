"""URLs of the certification's staff part (included by certification/urls.py under
institute/staff/certification/). No names or addresses in these paths: searches are POSTs."""

from django.urls import path

from threecircles.certification import views_staff as views

urlpatterns = [
    path("", views.staff_queues, name="staff_queues"),
    path("candidacies/<int:candidacy_id>/", views.staff_candidacy, name="staff_candidacy"),
    path("candidacies/<int:candidacy_id>/move/", views.staff_move, name="staff_move"),
    path(
        "candidacies/<int:candidacy_id>/quizzes/<int:requirement_id>/",
        views.staff_quiz,
        name="staff_quiz",
    ),
    path(
        "evidence/<int:evidence_id>/decide/",
        views.staff_evidence_decide,
        name="staff_evidence_decide",
    ),
    path("evidence/<int:evidence_id>/fee-paid/", views.staff_fee_paid, name="staff_fee_paid"),
    path("certifications/", views.staff_certifications, name="staff_certifications"),
    path(
        "certifications/<int:certification_id>/",
        views.staff_certification,
        name="staff_certification",
    ),
    path(
        "certifications/<int:certification_id>/suspend/",
        views.staff_suspend,
        name="staff_suspend",
    ),
    path("certifications/<int:certification_id>/revoke/", views.staff_revoke, name="staff_revoke"),
    path(
        "certifications/<int:certification_id>/reinstate/",
        views.staff_reinstate,
        name="staff_reinstate",
    ),
    path(
        "certifications/<int:certification_id>/renewal/",
        views.staff_renewal_decide,
        name="staff_renewal_decide",
    ),
    path("ce/", views.staff_ce, name="staff_ce"),
    path("ce/<int:credit_id>/decide/", views.staff_ce_decide, name="staff_ce_decide"),
    path("disputes/", views.staff_disputes, name="staff_disputes"),
    path(
        "disputes/<int:supervision_session_id>/resolve/",
        views.staff_dispute_resolve,
        name="staff_dispute_resolve",
    ),
    path("supervisors/", views.staff_supervisors, name="staff_supervisors"),
    path(
        "supervisors/<int:approved_supervisor_id>/deactivate/",
        views.staff_supervisor_deactivate,
        name="staff_supervisor_deactivate",
    ),
    path("credentials/", views.staff_credentials, name="staff_credentials"),
    path(
        "credentials/<int:credential_id>/",
        views.staff_credential_edit,
        name="staff_credential_edit",
    ),
    path(
        "credentials/modules/<int:requirement_id>/offerings/",
        views.staff_module_offerings,
        name="staff_module_offerings",
    ),
]
