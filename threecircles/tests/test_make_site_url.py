"""`make run HOST=… PORT=…`: links in e-mails (built from SITE_URL) point at the address and
port the person chose, unless they set SITE_URL themselves. The Makefile's own recipe is read
(`make -n`) and its SITE_URL line run in a shell, as `make run` would."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def _site_url_line() -> str:
    recipe = subprocess.run(
        ["make", "-n", "run", "HOST=127.0.0.9", "PORT=8765"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    [line] = [line for line in recipe.splitlines() if "SITE_URL=" in line]
    return line.rstrip("\\ ")


def _site_url_seen(environment: dict[str, str]) -> str:
    script = f'{_site_url_line()} printf %s "$SITE_URL"'
    return subprocess.run(
        ["sh", "-c", script], env=environment, capture_output=True, text=True, check=True
    ).stdout


def test_the_chosen_host_and_port_become_the_site_url():
    environment = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    assert _site_url_seen(environment) == "http://127.0.0.9:8765"


def test_a_site_url_already_set_is_kept():
    environment = {**os.environ, "SITE_URL": "https://circles.example.org"}
    assert _site_url_seen(environment) == "https://circles.example.org"


def test_the_site_url_is_exported_before_the_worker_scheduler_and_server_start():
    recipe = subprocess.run(
        ["make", "-n", "run"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    commands = [line for line in recipe.splitlines() if "SITE_URL=" in line or "manage.py" in line]
    first_use = next(i for i, line in enumerate(commands) if "db_worker" in line)
    assert "export SITE_URL=" in commands[first_use - 1]
    assert [c for c in commands[first_use:] if "runserver" in c or "scheduler" in c]
