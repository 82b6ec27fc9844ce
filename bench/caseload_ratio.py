"""The caseload page under load, as a ratio to the bare-Django reference in the same run.

    .venv/bin/python bench/caseload_ratio.py [CLIENTS]      # default 50; needs wrk

Seeds a fresh SQLite file under var/ with the demo data, then gives Bob (Harbor Counseling)
more clients until he has CLIENTS on his care teams, each with two weeks of check-ins and two
PHQ-9 scores; some slipped, some stopped checking in, some got worse. Serves the project with
gunicorn the way `../shared/perf-ref/README.md` asks (DEBUG off, 5 sync workers), signs Bob in
(past the second step), checks the page really is his ranked caseload, and runs
`../shared/perf-ref/ratio.sh` against the `fortunes` page. Prints one line per figure; the
last is the ratio. Not part of the test suite: the figures depend on the machine.
"""

import os
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
(ROOT / "var").mkdir(exist_ok=True)
DB = Path(tempfile.mkdtemp(dir=ROOT / "var")) / "caseload.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "threecircles.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from threecircles.accounts.models import Practice, User  # noqa: E402
from threecircles.care.actions import open_episode  # noqa: E402
from threecircles.privacy.access import visible_clients  # noqa: E402
from threecircles.recovery.actions import save_check_in  # noqa: E402
from threecircles.screening.actions import complete_administration, send_instrument  # noqa: E402
from threecircles.screening.models import Administration  # noqa: E402

PORT = 8400
OURS = ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")  # the reference must not run on our settings
LOW, HIGH = [0, 1, 1, 0, 1, 0, 1, 0, 0], [2, 3, 2, 2, 2, 2, 2, 1, 0]  # PHQ-9 answers


def seed(clients: int) -> User:
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("seed_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    call_command("collectstatic", verbosity=0, interactive=False)
    bob = User.objects.get(email="bob@demo.threecircles.test")
    harbor = Practice.objects.get(name__startswith="Harbor")
    today = timezone.localdate()
    have = visible_clients(bob).count()
    for i in range(max(0, clients - have)):
        client = User.objects.create_user(
            f"caseload-{i}@bench.threecircles.test", "x" * 16, display_name=f"Person {i:02d}"
        )
        open_episode(
            client=client, practice=harbor, primary_clinician=bob, level_of_care="outpatient"
        )
        stopped = 4 if i % 7 == 0 else 0  # every seventh stopped checking in four days ago
        for days_ago in range(14, stopped - 1, -1):
            slipped = i % 5 == 0 and days_ago == 2
            answers = {"inner_kept": not slipped, "urge": (i + days_ago) % 8, "mood": 3}
            day = today - timedelta(days=days_ago)
            save_check_in(client=client, day=day, answers=answers, note="")
        worse = i % 6 == 0
        first, latest = (LOW, HIGH) if worse else (HIGH, LOW)
        for weeks_ago, answers in ((4, first), (0, latest)):
            given = send_instrument(client=client, instrument="phq9", sent_by=bob)
            complete_administration(administration=given, answers=list(answers), actor=client)
            when = timezone.now() - timedelta(weeks=weeks_ago, hours=1)
            Administration.objects.filter(pk=given.pk).update(sent_at=when, completed_at=when)
    return bob


def cookie_for(bob: User) -> str:
    """Bob's session, past the second step, and the form cookie a browser holds after its
    first page."""
    browser = Client()
    browser.force_login(bob)
    session = browser.session
    session["account_authentication_methods"] = [{"method": "mfa", "at": time.time()}]
    session["account_authentication_methods_user"] = str(bob.pk)
    session.save()
    page = browser.get("/care/caseload/")
    body = page.content.decode()
    assert page.status_code == 200 and "need you today" in body, "not the ranked caseload"
    return f"sessionid={session.session_key}; csrftoken={browser.cookies['csrftoken'].value}"


def main() -> None:
    clients = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    started = time.perf_counter()
    bob = seed(clients)
    took = time.perf_counter() - started
    print(f"seeded {visible_clients(bob).count()} clients for Bob in {took:.0f} s")
    cookie = cookie_for(bob)
    env = {**os.environ, "DEBUG": "0", "ALLOWED_HOSTS": "127.0.0.1"}
    server = subprocess.Popen(  # noqa: S603 (our own commands, no outside input)
        [str(ROOT / ".venv/bin/gunicorn"), "threecircles.wsgi", "-w", "5", "-k", "sync",
         "-b", f"127.0.0.1:{PORT}"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        url = f"http://127.0.0.1:{PORT}/care/caseload/"
        curl = ["/usr/bin/curl", "-sf", "-o", "/dev/null", "-H", f"Cookie: {cookie}", url]
        for _ in range(60):
            if subprocess.run(curl, check=False).returncode == 0:  # noqa: S603
                break
            time.sleep(0.5)
        result = subprocess.run(  # noqa: S603
            [str(ROOT.parent / "shared/perf-ref/ratio.sh"), url, cookie, "fortunes"],
            cwd=ROOT, capture_output=True, text=True, check=False,
            env={k: v for k, v in os.environ.items() if k not in OURS},
        )  # fmt: skip
        print(f"caseload page, {clients} clients, 32 connections:")
        print(result.stdout.strip())
        if result.returncode:
            print(result.stderr.strip(), file=sys.stderr)
            sys.exit(result.returncode)
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
