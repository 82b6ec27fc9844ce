"""Recurring jobs without cron: the scheduler enqueues each once per slot, the worker runs it."""

from datetime import timedelta

from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from threecircles.accounts.tasks import send_notice_email
from threecircles.lib import schedule


def test_the_apps_register_their_recurring_jobs():
    names = {job.name for job in schedule.jobs()}
    assert {"access-log anchor", "send due measures", "prune finished jobs"} <= names


def test_each_slot_is_enqueued_once_however_many_schedulers_run(db):
    cache.clear()
    now = timezone.now()
    first = schedule.enqueue_due(now)
    assert set(first) == {job.name for job in schedule.jobs()}
    assert schedule.enqueue_due(now) == []  # a second scheduler, same moment
    later = schedule.enqueue_due(now + timedelta(days=1, minutes=1))
    assert set(later) == set(first)  # every job's next slot


def test_finished_jobs_and_their_addresses_are_pruned_after_a_day(db, run_tasks):
    send_notice_email.enqueue(to=["someone@example.org"], subject="Hello", body="Sign in.")
    run_tasks()
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 1
    DBTaskResult.objects.update(finished_at=timezone.now() - timedelta(days=2))

    from threecircles.privacy.tasks import prune_finished_tasks

    prune_finished_tasks.call()
    assert not DBTaskResult.objects.exists()


def test_the_scheduler_command_runs_once(db, capsys):
    cache.clear()
    call_command("scheduler", "--once")
    out = capsys.readouterr().out
    assert "Enqueued access-log anchor" in out
