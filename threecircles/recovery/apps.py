from django.apps import AppConfig


class RecoveryConfig(AppConfig):
    """The client's own recovery, day to day: the healthy sex plan, check-ins, slips, triggers
    and environment, the recovery-task workbook, journal, safety plan, insights, export."""

    name = "threecircles.recovery"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from threecircles.recovery import places

        places.register()
