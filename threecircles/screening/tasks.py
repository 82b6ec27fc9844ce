"""Background jobs for screening."""

from django.tasks import task

from threecircles.screening.actions import send_due_measures


@task()
def send_due_measures_task() -> int:
    """Send every scheduled questionnaire that is due (daily, from the scheduler)."""
    return send_due_measures()
