"""URLs of the certification's candidate part (included by certification/urls.py under
certification/)."""

from django.urls import path

from threecircles.certification import views_candidate as views

urlpatterns = [
    path("", views.home, name="home"),
    path("start/<slug:slug>/", views.start, name="start"),
    path("candidacies/<int:candidacy_id>/", views.candidacy, name="candidacy"),
    path(
        "candidacies/<int:candidacy_id>/apply/",
        views.apply_for_review,
        name="apply_for_review",
    ),
    path("candidacies/<int:candidacy_id>/withdraw/", views.withdraw, name="withdraw"),
    path(
        "candidacies/<int:candidacy_id>/requirements/<int:requirement_id>/",
        views.evidence,
        name="evidence",
    ),
    path(
        "candidacies/<int:candidacy_id>/quiz/<int:requirement_id>/",
        views.quiz,
        name="quiz",
    ),
    path("documents/<int:document_id>/", views.document, name="document"),
]
