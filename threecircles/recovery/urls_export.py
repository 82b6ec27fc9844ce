"""Export and erasure of the client's own recovery data (included at /me/ by the root urls,
names in the "export" namespace)."""

from django.urls import URLPattern

app_name = "export"
urlpatterns: list[URLPattern] = []
