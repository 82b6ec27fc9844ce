"""Production refuses to start without real secrets; the defaults are safe."""

import base64
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
SETUP = (
    "import django, os; "
    "os.environ['DJANGO_SETTINGS_MODULE'] = 'threecircles.settings'; "
    "django.setup()"
)

# Variables that would change what the settings read; each subprocess starts without them.
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
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_PRELOAD",
    "CSRF_TRUSTED_ORIGINS",
}


def _real_secrets() -> dict[str, str]:
    key = base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
    return {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "THREECIRCLES_KEYS": f"prod1:{key}",
    }


def _run(args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in _SETTINGS_VARS and not k.endswith("_FILE") and not k.startswith("PYTEST")
    }
    base["THREECIRCLES_ENV"] = "production"
    # Never touch the development database from these checks.
    base["DATABASE_URL"] = f"sqlite:///{tmp_path / 'production-check.sqlite3'}"
    base.update(env)
    return subprocess.run(
        args, cwd=ROOT, env=base, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.parametrize(
    ("keys", "problem"),
    [
        ("garbage", "entries look like id:base64key"),
        ("prod1:not*base64", "not valid base64"),
        ("prod1:" + base64.urlsafe_b64encode(b"short").decode(), "must be 32 bytes"),
        (
            "k:"
            + base64.urlsafe_b64encode(b"x" * 32).decode()
            + ",k:"
            + base64.urlsafe_b64encode(b"y" * 32).decode(),
            "repeated key id",
        ),
    ],
    ids=["garbage", "not-base64", "too-short", "repeated-id"],
)
def test_production_refuses_invalid_keys_at_start(tmp_path, keys, problem):
    env = {**_real_secrets(), "THREECIRCLES_KEYS": keys}
    result = _run([PYTHON, "-c", SETUP], tmp_path, ALLOWED_HOSTS="example.org", **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured: THREECIRCLES_KEYS is not valid" in result.stderr
    assert problem in result.stderr


def test_invalid_retired_keys_are_refused_too(tmp_path):
    env = {**_real_secrets(), "THREECIRCLES_RETIRED_KEYS": "garbage"}
    result = _run([PYTHON, "-c", SETUP], tmp_path, ALLOWED_HOSTS="example.org", **env)
    assert result.returncode != 0
    assert "THREECIRCLES_RETIRED_KEYS is not valid" in result.stderr


def test_production_refuses_to_start_without_secret_key(tmp_path):
    env = _real_secrets()
    del env["SECRET_KEY"]
    result = _run([PYTHON, "-c", SETUP], tmp_path, ALLOWED_HOSTS="example.org", **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured: Set SECRET_KEY" in result.stderr


@pytest.mark.parametrize(
    "weak", ["short-secret", "django-insecure-" + "x" * 60], ids=["too-short", "insecure-prefix"]
)
def test_production_refuses_a_weak_secret_key(tmp_path, weak):
    env = {**_real_secrets(), "SECRET_KEY": weak}
    result = _run([PYTHON, "-c", SETUP], tmp_path, ALLOWED_HOSTS="example.org", **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured: Set SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_encryption_keys(tmp_path):
    env = _real_secrets()
    del env["THREECIRCLES_KEYS"]
    result = _run([PYTHON, "-c", SETUP], tmp_path, ALLOWED_HOSTS="example.org", **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured: Set THREECIRCLES_KEYS" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts(tmp_path):
    result = _run([PYTHON, "-c", SETUP], tmp_path, **_real_secrets())
    assert result.returncode != 0
    assert "ImproperlyConfigured: Set ALLOWED_HOSTS" in result.stderr


def test_production_refuses_debug(tmp_path):
    result = _run(
        [PYTHON, "-c", SETUP], tmp_path, ALLOWED_HOSTS="example.org", DEBUG="1", **_real_secrets()
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured: DEBUG must be off in production." in result.stderr


def test_production_ignores_the_local_development_secrets(tmp_path):
    """The generated development file holds both secrets; production must not fall back to it."""
    local = ROOT / ".local-secrets.env"
    assert local.exists()  # written when these tests loaded the development settings
    before = local.read_text()
    result = _run([PYTHON, "-c", SETUP], tmp_path, ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "ImproperlyConfigured: Set SECRET_KEY" in result.stderr
    assert local.read_text() == before


def test_deploy_check_passes_cleanly_with_real_secrets(tmp_path):
    result = _run(
        [PYTHON, "manage.py", "check", "--deploy"],
        tmp_path,
        ALLOWED_HOSTS="example.org",
        **_real_secrets(),
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNINGS" not in output
    assert "security.W" not in output


def test_seed_demo_is_refused_in_production(tmp_path):
    result = _run(
        [PYTHON, "manage.py", "seed_demo"],
        tmp_path,
        ALLOWED_HOSTS="example.org",
        **_real_secrets(),
    )
    assert result.returncode != 0
    assert "Demo data is never loaded in production." in result.stderr
    assert "recovery-demo-2026" not in result.stdout + result.stderr


def test_demo_totp_is_refused_in_production(tmp_path):
    result = _run(
        [PYTHON, "manage.py", "demo_totp"],
        tmp_path,
        ALLOWED_HOSTS="example.org",
        **_real_secrets(),
    )
    assert result.returncode != 0
    assert "Demo codes do not exist in production." in result.stderr


def _sqlite_only() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite pragmas; PostgreSQL manages its own concurrency.")


@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode():
    _sqlite_only()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0].lower() == "wal"


@pytest.mark.django_db
def test_sqlite_waits_for_the_write_lock_instead_of_failing():
    _sqlite_only()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 5000
        cursor.execute("PRAGMA foreign_keys")
        assert cursor.fetchone()[0] == 1


def test_content_security_policy_forbids_inline_code(client):
    page = client.get("/")
    assert page.status_code == 200
    policy = page["Content-Security-Policy"]
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy
    assert "frame-ancestors 'none'" in policy
    assert "object-src 'none'" in policy
    script_src = next(d for d in policy.split("; ") if d.startswith("script-src "))
    # Only our own files, plus a per-response nonce when a page needs one.
    assert set(script_src.split()[1:]) <= {"'self'"} | {
        t for t in script_src.split() if t.startswith("'nonce-")
    }


@pytest.mark.django_db
def test_content_security_policy_on_the_sign_in_page(client):
    page = client.get("/accounts/login/")
    assert page.status_code == 200
    assert "'unsafe-inline'" not in page["Content-Security-Policy"]
