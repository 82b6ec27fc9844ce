from django.urls import URLPattern, path

from threecircles.care import views_diagnoses as views

urlpatterns: list[URLPattern] = [
    path("clients/<int:client_id>/diagnoses/new/", views.diagnosis_new, name="diagnosis_new"),
    path(
        "clients/<int:client_id>/diagnoses/from-checklist/<uuid:administration_id>/",
        views.diagnosis_from_checklist,
        name="diagnosis_from_checklist",
    ),
    path(
        "clients/<int:client_id>/diagnoses/<uuid:diagnosis_id>/resolve/",
        views.diagnosis_resolve,
        name="diagnosis_resolve",
    ),
]
