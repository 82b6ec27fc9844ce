from django.urls import include, path

from threecircles.care import views

app_name = "care"
urlpatterns = [
    path("caseload/", views.caseload, name="caseload"),
    path("clients/<int:client_id>/", views.client_record, name="client_record"),
    path("invite/", views.invite_client, name="invite_client"),
    # Each part of care keeps its own URLs (and its own access rows).
    path("", include("threecircles.care.urls_episodes")),
    path("", include("threecircles.care.urls_diagnoses")),
    path("", include("threecircles.care.urls_medication")),
    path("", include("threecircles.care.urls_plans")),
    path("", include("threecircles.care.urls_programs")),
    path("", include("threecircles.care.urls_calendar")),
    path("", include("threecircles.care.urls_notes")),
    path("", include("threecircles.care.urls_family")),
]
