"""URLs of the certification's verify part (included by certification/urls.py at the site's
root): the public page of a verification code, what Open Badges verifiers fetch, and the
holder's certificate and badge."""

from django.urls import path

from threecircles.certification import views_verify as views

urlpatterns = [
    path("verify/", views.verify_form, name="verify_form"),
    path("verify/<str:code>/", views.verify, name="verify"),
    path("certification/issuer/", views.issuer, name="issuer"),
    path("certification/issuer/jwks.json", views.jwks, name="jwks"),
    path("certification/issuer/status/revocation/", views.status_list, name="status_list"),
    path(
        "certification/certificates/<int:certification_id>/certificate.pdf",
        views.certificate_pdf,
        name="certificate_pdf",
    ),
    path(
        "certification/certificates/<int:certification_id>/badge.jwt",
        views.badge,
        name="badge",
    ),
]
