from django.urls import URLPattern, path

from threecircles.care import views_notes as views

urlpatterns: list[URLPattern] = [
    path("clients/<int:client_id>/notes/new/", views.note_new, name="note_new"),
    path("clients/<int:client_id>/notes/<uuid:note_id>/", views.note_detail, name="note_detail"),
    path("group-notes/slots/<int:slot_id>/", views.note_group_new, name="note_group_new"),
]
