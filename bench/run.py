"""Benchmarks for the privacy core and the busiest page. Not part of the test suite.

    .venv/bin/python bench/run.py            # on a fresh SQLite file under var/
    DATABASE_URL=postgres://... .venv/bin/python bench/run.py

Prints one line per measurement. Targets (on the 2-core CI machine): appending an access event
under 2 ms, verifying 10,000 events under 1 s, a 50-client caseload page under 100 ms.
"""

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(dir=ROOT / 'var')}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "threecircles.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from threecircles.accounts.models import Practice, PracticeMembership, Role, User  # noqa: E402
from threecircles.care.actions import add_note, open_episode  # noqa: E402
from threecircles.care.models import Note  # noqa: E402
from threecircles.privacy.access import record_access  # noqa: E402
from threecircles.privacy.log import verify_log  # noqa: E402


def timed(label: str, repeat: int, fn: Callable[[], object], unit: str = "ms") -> None:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p95 = samples[int(len(samples) * 0.95) - 1] if len(samples) >= 20 else samples[-1]
    print(f"{label:<48} median {statistics.median(samples):8.2f} {unit}   p95 {p95:8.2f} {unit}")


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    practice = Practice.objects.create(name="Bench practice", kind="outpatient")
    clinician = User.objects.create_user(
        "bench-clinician@example.org", "x" * 12, role=Role.CLINICIAN
    )
    PracticeMembership.objects.create(practice=practice, user=clinician, role=Role.CLINICIAN)
    clients = []
    for i in range(50):
        client = User.objects.create_user(
            f"bench-client-{i}@example.org", "x" * 12, display_name=f"Client {i:02d}"
        )
        open_episode(
            client=client,
            practice=practice,
            primary_clinician=clinician,
            level_of_care="outpatient",
        )
        clients.append(client)

    timed(
        "append one access event",
        200,
        lambda: record_access(
            actor=clinician,
            client_id=clients[0].pk,
            action="view",
            what="bench",
            reason="Care team",
        ),
    )
    timed(
        "add an encrypted note (key, seal, insert, log)",
        100,
        lambda: add_note(client=clients[1], author=clinician, text="Session note text " * 20),
    )
    note_ids = list(Note.objects.values_list("pk", flat=True)[:100])
    from threecircles.privacy.keys import keys_cached_for_request

    def read_with_request_cache() -> None:
        with keys_cached_for_request():
            [n.text for n in Note.objects.filter(pk__in=note_ids)]

    timed("read and decrypt 100 notes, one request", 10, read_with_request_cache)
    timed(
        "read and decrypt 100 notes, no request cache",
        10,
        lambda: [n.text for n in Note.objects.filter(pk__in=note_ids)],
    )

    for _ in range(10_000 - 300):
        record_access(
            actor=clinician,
            client_id=clients[2].pk,
            action="view",
            what="bench",
            reason="Care team",
        )
    timed("verify_access_log over ~10,000 events", 3, verify_log)

    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(clinician, generate_totp_secret())
    browser = Client()
    browser.force_login(clinician)
    passed_second_step(browser, clinician)
    page = browser.get("/care/caseload/")
    assert page.status_code == 200, "the caseload did not open: the measurement would lie"
    timed("caseload page with 50 clients", 30, lambda: browser.get("/care/caseload/"))
    timed(
        "client record page with 100 notes",
        30,
        lambda: browser.get(f"/care/clients/{clients[1].pk}/"),
    )
    bench_check_in(clients[3])
    bench_network(clients[4])


def passed_second_step(browser: Client, user: User) -> None:
    """As after a code was entered at sign-in (force_login skips the form)."""
    import time as clock

    session = browser.session
    session["account_authentication_methods"] = [{"method": "mfa", "at": clock.time()}]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()


def bench_check_in(client_user: User) -> None:
    """Save a check-in through the view, as a phone would: one day after another."""
    from datetime import timedelta

    from django.utils import timezone

    from threecircles.recovery.actions import write_plan

    plan = write_plan(
        client=client_user,
        author=client_user,
        items={
            "inner": [{"text": "Inner"}],
            "middle": [{"text": f"Sign {n}"} for n in range(5)],
            "outer": [{"text": f"Good {n}"} for n in range(5)],
        },
    )
    assert plan is not None
    middle = [item["id"] for item in plan.items["middle"][:2]]
    browser = Client()
    browser.force_login(client_user)
    days = iter(timezone.localdate() - timedelta(days=n) for n in range(60))

    def save() -> None:
        page = browser.post(
            "/recovery/check-in/",
            {"day": next(days).isoformat(), "inner_kept": "yes", "urge": "3",
             "middle": middle, "note": "A short line", "new_trigger_kind": "other"},
        )  # fmt: skip
        assert page.status_code == 302, page.status_code

    timed("save a check-in through the view", 50, save)


def bench_network(client_user: User) -> None:
    """A supporter's page with every scope shared, and "I need support now" asking five
    people (then "I'm OK now", so each tap is a new request), and one escalation pass."""
    from datetime import timedelta

    from django.utils import timezone

    from threecircles.network.actions import connect_supporter
    from threecircles.network.models import SupportRequest
    from threecircles.network.support import close_support_request, escalate_support_requests
    from threecircles.privacy.models import SUPPORTER_SCOPES

    supporters = []
    for n in range(5):
        person = User.objects.create_user(
            f"bench-supporter-{n}@example.org", "x" * 12, display_name=f"Supporter {n}",
            role=Role.SUPPORTER,
        )  # fmt: skip
        connect_supporter(
            client=client_user, supporter=person, name=f"Supporter {n}",
            relationship="sponsor", shares=[scope.value for scope in SUPPORTER_SCOPES],
        )  # fmt: skip
        supporters.append(person)
    reader = Client()
    reader.force_login(supporters[0])
    url = f"/support/supporting/{client_user.pk}/"
    assert reader.get(url).status_code == 200, "the supporter page did not open"
    timed("supporter page, all 8 scopes shared", 30, lambda: reader.get(url))

    asker = Client()
    asker.force_login(client_user)

    def ask() -> None:
        page = asker.post("/support/need-support/")
        assert page.status_code == 302, page.status_code
        close_support_request(request=SupportRequest.objects.for_client(client_user.pk).first())

    timed("I need support now: five people asked", 30, ask)
    # Open them again, each due to move on: a busy minute for the escalation job.
    later = timezone.now() + timedelta(hours=2)
    SupportRequest.objects.update(closed_at=None, next_round_at=later)
    moved: list[int] = []
    timed(
        f"escalation pass over {SupportRequest.objects.count()} due requests",
        1,
        lambda: moved.append(escalate_support_requests(later)),
    )
    assert moved == [SupportRequest.objects.count()], moved


if __name__ == "__main__":
    main()
