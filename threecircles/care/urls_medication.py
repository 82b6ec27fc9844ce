from django.urls import URLPattern, path

from threecircles.care import views_medication as views

urlpatterns: list[URLPattern] = [
    path("clients/<int:client_id>/medication/", views.medication_list, name="medication_list"),
    path("clients/<int:client_id>/medication/new/", views.medication_new, name="medication_new"),
    path(
        "clients/<int:client_id>/medication/<uuid:medication_id>/",
        views.medication_detail,
        name="medication_detail",
    ),
]
