"""URLs of the staff workspace (included by content/urls.py under "institute/staff/"; the
staff home itself, /institute/staff/, is accounts.views.staff_home)."""

from django.urls import path

from threecircles.content import views_staff as views

urlpatterns = [
    path("articles/", views.articles, name="staff_articles"),
    path("articles/new/", views.article_new, name="staff_article_new"),
    path("articles/<int:article_id>/", views.article_edit, name="staff_article_edit"),
    path(
        "articles/<int:article_id>/revisions/",
        views.article_revisions,
        name="staff_article_revisions",
    ),
    path(
        "articles/<int:article_id>/revisions/<int:revision>/restore/",
        views.article_restore,
        name="staff_article_restore",
    ),
    path("testimonials/", views.testimonials, name="staff_testimonials"),
    path(
        "testimonials/<int:testimonial_id>/decide/",
        views.testimonial_decide,
        name="staff_testimonial_decide",
    ),
    path("positions/", views.positions, name="staff_positions"),
    path("positions/new/", views.position_new, name="staff_position_new"),
    path("positions/<int:statement_id>/", views.position, name="staff_position"),
    path(
        "positions/<int:statement_id>/versions/new/",
        views.version_new,
        name="staff_version_new",
    ),
    path(
        "positions/<int:statement_id>/versions/<int:version>/",
        views.version_edit,
        name="staff_version_edit",
    ),
    path(
        "positions/<int:statement_id>/versions/<int:version>/publish/",
        views.version_publish,
        name="staff_version_publish",
    ),
    path("faq/", views.faq, name="staff_faq"),
    path("faq/new/", views.faq_new, name="staff_faq_new"),
    path("faq/<int:faq_id>/", views.faq_edit, name="staff_faq_edit"),
    path("pages/", views.pages, name="staff_pages"),
    path("pages/new/", views.page_new, name="staff_page_new"),
    path("pages/<int:page_id>/", views.page_edit, name="staff_page_edit"),
]
