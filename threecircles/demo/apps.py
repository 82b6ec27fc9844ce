from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data for trying Three Circles locally. Sits on top of every app; refused in
    production."""

    name = "threecircles.demo"
    default_auto_field = "django.db.models.BigAutoField"
