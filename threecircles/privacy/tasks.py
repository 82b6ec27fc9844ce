"""Background jobs for privacy."""

from io import StringIO

from django.core.management import call_command
from django.tasks import task

from threecircles.privacy.log import write_anchor


@task()
def write_access_log_anchor() -> str:
    """Sign every chain's newest place into a file outside the database (on a schedule).
    Fails, and logs at CRITICAL, if rows the previous anchor saw are gone."""
    return str(write_anchor())


@task()
def prune_finished_tasks() -> str:
    """Finished jobs keep their arguments (addresses, subjects): delete them after a day, failed
    ones after two weeks (daily, from the scheduler)."""
    out = StringIO()
    call_command("prune_db_task_results", min_age_days=1, failed_min_age_days=14, stdout=out)
    return out.getvalue().strip()
