"""URLs of the certification's holder part (included by certification/urls.py under
certification/my/): the holder's certifications and renewal, and the continuing-education
ledger with its transcript."""

from django.urls import path

from threecircles.certification import views_holder as views

urlpatterns = [
    path("", views.my_certifications, name="my_certifications"),
    path("<int:certification_id>/renew/", views.renew, name="renew"),
    path("ce/", views.ce_ledger, name="ce_ledger"),
    path("ce/add/", views.ce_add, name="ce_add"),
    path("ce/transcript.pdf", views.transcript, name="transcript"),
]
