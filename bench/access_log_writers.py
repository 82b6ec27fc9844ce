"""Concurrent writers to the access log: events per second with N processes, each writing
access events for a different client. Not part of the test suite.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/threecircles_bench \
        .venv/bin/python bench/access_log_writers.py [--writers 8] [--seconds 10]

The database is emptied and migrated first, so point it at a scratch database. Prints one
line: writers, seconds, events written, events per second, and the same for one writer alone
(the ratio shows whether writers for different clients wait for each other).
"""

import argparse
import multiprocessing
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "threecircles.settings")


def _setup() -> None:
    import django

    django.setup()


def _writer(
    client_id: int,
    actor_id: int,
    seconds: float,
    start_at: float,
    out: "multiprocessing.Queue[int]",
) -> None:
    _setup()
    from django.db import connection

    from threecircles.accounts.models import User
    from threecircles.privacy.access import record_access

    actor = User.objects.get(pk=actor_id)
    connection.ensure_connection()
    while time.time() < start_at:
        time.sleep(0.001)
    written = 0
    deadline = start_at + seconds
    while time.time() < deadline:
        record_access(
            actor=actor, client_id=client_id, action="view", what="bench", reason="Care team"
        )
        written += 1
    out.put(written)


def _run(writers: int, seconds: float, client_ids: list[int], actor_id: int) -> int:
    queue: multiprocessing.Queue[int] = multiprocessing.Queue()
    start_at = time.time() + 2.0
    procs = [
        multiprocessing.Process(
            target=_writer, args=(client_ids[i], actor_id, seconds, start_at, queue)
        )
        for i in range(writers)
    ]
    for proc in procs:
        proc.start()
    total = sum(queue.get() for _ in procs)
    for proc in procs:
        proc.join()
    return total


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    if "DATABASE_URL" not in os.environ:
        sys.exit("Set DATABASE_URL to a scratch PostgreSQL database.")
    _setup()
    from django.core.management import call_command
    from django.db import connection

    from threecircles.accounts.models import Role, User

    call_command("flush", "--no-input", verbosity=0)
    call_command("migrate", verbosity=0)
    actor = User.objects.create_user("bench-actor@example.org", "x" * 12, role=Role.CLINICIAN)
    client_ids = [
        User.objects.create_user(f"bench-writer-{i}@example.org", "x" * 12).pk
        for i in range(args.writers)
    ]
    connection.close()

    alone = _run(1, args.seconds, client_ids, actor.pk)
    together = _run(args.writers, args.seconds, client_ids, actor.pk)
    vendor = connection.vendor
    print(
        f"access log, {vendor}: 1 writer {alone / args.seconds:8.0f} events/s; "
        f"{args.writers} writers (one client each) {together / args.seconds:8.0f} events/s "
        f"({together / max(alone, 1):.2f}x one writer)"
    )


if __name__ == "__main__":
    multiprocessing.set_start_method("spawn")
    main()
