"""Export and erasure of the client's own recovery data (included at /me/ by the root urls,
names in the "export" namespace). No client id: each client reaches only their own."""

from django.urls import URLPattern, path

from threecircles.recovery import views_export

app_name = "export"
urlpatterns: list[URLPattern] = [
    path("export/", views_export.page, name="page"),
    path("export.json", views_export.export_json, name="json"),
    path("export.pdf", views_export.export_pdf, name="pdf"),
    path("export/<str:name>.csv", views_export.export_csv, name="csv"),
    path("export/erase/", views_export.erase, name="erase"),
    path("export/close-account/", views_export.close_account, name="close_account"),
]
