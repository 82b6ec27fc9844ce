"""`make run`, minus creating the virtualenv: the same commands, on a fresh SQLite file, serve
the home page, and the printed demo sign-ins work against the real server.

The Makefile is read so that this test follows it: if `make run` stops migrating, seeding or
serving, the test says so.
"""

import html
import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyotp
import pytest

from threecircles.demo.cast import DEMO_PASSWORD, DEMO_TOTP_SECRET

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
# Variables that would change what the settings read; the commands start without them, as on
# a fresh machine.
_SETTINGS_VARS = {
    "SECRET_KEY",
    "THREECIRCLES_KEYS",
    "THREECIRCLES_ENV",
    "THREECIRCLES_TESTING",
    "DEBUG",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "REDIS_URL",
    "DJANGO_SETTINGS_MODULE",
    "EMAIL_BACKEND",
}


def make_run_recipe() -> list[str]:
    """The `manage.py` commands of the Makefile's `run` target, in order."""
    makefile = (ROOT / "Makefile").read_text()
    found = re.search(r"^run:.*?\n((?:\t.*\n)+)", makefile, flags=re.M)
    assert found, "the Makefile has no run target"
    return re.findall(r"manage\.py (\w+)", found.group(1))


def _env(tmp_path: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in _SETTINGS_VARS and not k.startswith("PYTEST")
    }
    # Never touch the development database, nor its anchors.
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'make-run.sqlite3'}"
    env["ACCESS_LOG_ANCHOR_DIR"] = str(tmp_path / "anchors")
    return env


def _manage(tmp_path: Path, *args: str) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """(base URL, what seed_demo printed) after migrate and seed_demo, serving with runserver,
    with the task worker and the scheduler running beside it."""
    assert make_run_recipe() == ["migrate", "seed_demo", "db_worker", "scheduler", "runserver"]
    _manage(tmp_path, "migrate", "--no-input")
    printed = _manage(tmp_path, "seed_demo")
    again = _manage(tmp_path, "seed_demo")
    assert "Demo data ready (0 new accounts)." in again  # idempotent, as `make run` promises

    port = _free_port()
    helpers = [
        subprocess.Popen(
            [PYTHON, "manage.py", *command],
            cwd=ROOT,
            env=_env(tmp_path),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for command in (["db_worker", "--interval", "0.5"], ["scheduler", "--interval", "1"])
    ]
    process = subprocess.Popen(
        [PYTHON, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=_env(tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/", timeout=5).close()  # noqa: S310 (local server)
                break
            except (urllib.error.URLError, ConnectionError):
                assert process.poll() is None, process.stderr.read() if process.stderr else ""
                assert time.monotonic() < deadline, "runserver did not answer within 60 s"
                time.sleep(0.3)
        yield base, printed
    finally:
        running: list[subprocess.Popen[Any]] = [process, *helpers]
        for child in running:
            child.terminate()
            child.wait(timeout=30)


class Visitor:
    """A browser without JavaScript: cookies, forms with their CSRF token, redirects."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path: str) -> tuple[str, int, str]:
        with self.opener.open(self.base + path, timeout=30) as response:
            final = urllib.parse.urlsplit(response.geturl()).path
            return final, response.status, html.unescape(response.read().decode())

    def submit(self, path: str, fields: dict[str, str]) -> tuple[str, int, str]:
        _, _, page = self.get(path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, f"no CSRF token on {path}"
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token.group(1), **fields})
        request = urllib.request.Request(  # noqa: S310 (the local server, over http)
            self.base + path, data=data.encode(), method="POST"
        )
        request.add_header("Referer", self.base + path)
        with self.opener.open(request, timeout=30) as response:
            final = urllib.parse.urlsplit(response.geturl()).path
            return final, response.status, html.unescape(response.read().decode())


def test_make_run_serves_the_home_page_and_the_printed_demo_sign_ins_work(server):
    base, printed = server
    assert DEMO_PASSWORD in printed
    assert DEMO_TOTP_SECRET in printed

    visitor = Visitor(base)
    path, status, page = visitor.get("/")
    assert (path, status) == ("/", 200)
    assert "Recovery from compulsive sexual behavior" in page
    assert visitor.get("/crisis/")[1] == 200
    css = re.search(r'<link[^>]+href="([^"]+\.css)"', page)
    assert css, "the home page links no stylesheet"
    assert visitor.get(css.group(1))[1] == 200  # static files are served too

    # A client, with the password printed by seed_demo.
    alice = Visitor(base)
    path, status, page = alice.submit(
        "/accounts/login/", {"login": "alice@demo.threecircles.test", "password": DEMO_PASSWORD}
    )
    assert (path, status) == ("/me/", 200)
    assert "Welcome, Alice Morgan" in page

    # A clinician, with the password and a code from the printed authenticator secret.
    bob = Visitor(base)
    path, _, _ = bob.submit(
        "/accounts/login/", {"login": "bob@demo.threecircles.test", "password": DEMO_PASSWORD}
    )
    assert path == "/accounts/2fa/authenticate/"
    path, status, page = bob.submit(
        "/accounts/2fa/authenticate/", {"code": pyotp.TOTP(DEMO_TOTP_SECRET).now()}
    )
    assert (path, status) == ("/care/caseload/", 200)
    assert "Your caseload" in page
    assert "Alice Morgan" in page


def test_make_run_writes_signed_access_log_anchors_with_no_cron(server, tmp_path):
    """The scheduler next to the worker writes the access log's anchor outside the database,
    and the log then verifies against it."""
    anchors = tmp_path / "anchors"
    deadline = time.monotonic() + 60
    while not list(anchors.glob("anchor-*.json")):
        assert time.monotonic() < deadline, "no anchor was written within 60 s"
        time.sleep(0.5)
    checked = _manage(tmp_path, "verify_access_log")
    assert "Access log intact" in checked
    assert "anchor: anchor-" in checked
