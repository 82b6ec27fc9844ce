"""The recovery-task workbook's pages (included by recovery/urls.py under workbook/)."""

from django.urls import URLPattern, path

from threecircles.recovery import views_workbook

urlpatterns: list[URLPattern] = [
    path("", views_workbook.workbook, name="workbook"),
    # The care team's side, before the client's task pages (whose first part is a pack code).
    path("clients/<int:client_id>/", views_workbook.workbook_client, name="workbook_client"),
    path(
        "clients/<int:client_id>/<slug:pack_code>/<slug:task_code>/",
        views_workbook.workbook_review,
        name="workbook_review",
    ),
    path("<slug:pack_code>/<slug:task_code>/", views_workbook.workbook_task, name="workbook_task"),
]
