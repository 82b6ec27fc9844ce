from django.urls import URLPattern, path

from threecircles.care import views_plans as views

urlpatterns: list[URLPattern] = [
    path("clients/<int:client_id>/plan/", views.plan_detail, name="plan_detail"),
    path("clients/<int:client_id>/plan/edit/", views.plan_edit, name="plan_edit"),
    path("clients/<int:client_id>/plan/history/", views.plan_history, name="plan_history"),
    path(
        "clients/<int:client_id>/plan/acknowledge/",
        views.plan_acknowledge,
        name="plan_acknowledge",
    ),
    path("clients/<int:client_id>/plan.pdf", views.plan_pdf, name="plan_pdf"),
    path("plan-modalities/", views.plan_modalities, name="plan_modalities"),
]
