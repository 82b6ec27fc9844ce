"""URLs of the public site's site part (included by content/urls.py): about, position
statements, resources, FAQ and testimonials."""

from django.urls import path

from threecircles.content import views_site

urlpatterns = [
    path("about/", views_site.about, name="about"),
    path("about/<slug:slug>/", views_site.about_page, name="about_page"),
    path("positions/", views_site.positions, name="positions"),
    path("positions/<slug:slug>/", views_site.position, name="position"),
    path(
        "positions/<slug:slug>/v<int:number>/",
        views_site.position_version,
        name="position_version",
    ),
    path("resources/", views_site.resources, name="resources"),
    path("resources/<slug:slug>/", views_site.resource_page, name="resource_page"),
    path("faq/", views_site.faq, name="faq"),
    path("testimonials/", views_site.testimonials, name="testimonials"),
    path("testimonials/share/", views_site.testimonial_share, name="testimonial_share"),
]
