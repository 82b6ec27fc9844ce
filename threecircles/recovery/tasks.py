"""Background jobs for recovery."""

from django.tasks import task

from threecircles.recovery import reminders


@task()
def send_due_reminders() -> int:
    """Every five minutes, from the scheduler."""
    return reminders.send_due_reminders()
