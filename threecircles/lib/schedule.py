"""Recurring jobs without cron: apps register them, `manage.py scheduler` enqueues them.

Time is cut into slots of `every` (shifted by `offset`); each slot's job is enqueued once,
claimed with an atomic `cache.add` on the shared cache, so any number of schedulers on any
number of machines never enqueue a slot twice. The task queue's workers then run it.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.cache import cache
from django.utils import timezone


@dataclass(frozen=True)
class Recurring:
    name: str
    every: timedelta
    task: Any  # a django.tasks Task taking no arguments
    offset: timedelta = timedelta(0)

    def slot(self, now: datetime) -> int:
        return int((now.timestamp() - self.offset.total_seconds()) // self.every.total_seconds())


_jobs: dict[str, Recurring] = {}


def register(job: Recurring) -> None:
    _jobs[job.name] = job


def jobs() -> list[Recurring]:
    return sorted(_jobs.values(), key=lambda job: job.name)


def enqueue_due(now: datetime | None = None) -> list[str]:
    """Enqueue each job whose current slot nobody has claimed yet; returns their names."""
    now = now or timezone.now()
    enqueued = []
    for job in jobs():
        key = f"schedule:{job.name.replace(' ', '-')}:{job.slot(now)}"
        if cache.add(key, now.isoformat(), timeout=int(job.every.total_seconds() * 2) + 60):
            job.task.enqueue()
            enqueued.append(job.name)
    return enqueued
