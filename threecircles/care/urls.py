from django.urls import path

from threecircles.care import views

app_name = "care"
urlpatterns = [
    path("caseload/", views.caseload, name="caseload"),
    path("clients/<int:client_id>/", views.client_record, name="client_record"),
    path("invite/", views.invite_client, name="invite_client"),
]
