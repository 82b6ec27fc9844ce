"""Three Circles settings: one file, read from the environment.

Local development needs nothing set: a git-ignored `.local-secrets.env` is generated on first
start. In production (`THREECIRCLES_ENV=production`) the app refuses to start without real
secrets.
"""

import base64
import os
import secrets
import sys
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from threecircles.lib.crypto import parse_keys
from threecircles.lib.env import (
    env_bool,
    env_int,
    env_list,
    env_str,
    next_redis_database,
    read_env_file,
)

BASE_DIR = Path(__file__).resolve().parent.parent
ENV = env_str("THREECIRCLES_ENV", "development")
PRODUCTION = ENV == "production"
TESTING = "pytest" in sys.modules or env_bool("THREECIRCLES_TESTING")

# --- secrets -------------------------------------------------------------------------------
LOCAL_SECRETS_FILE = BASE_DIR / ".local-secrets.env"


def _local_secrets() -> dict[str, str]:
    """Development only: generate once, keep out of git, reuse on every start."""
    values = read_env_file(LOCAL_SECRETS_FILE)
    if "SECRET_KEY" not in values or "THREECIRCLES_KEYS" not in values:
        key = base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
        values = {
            "SECRET_KEY": secrets.token_urlsafe(50),
            "THREECIRCLES_KEYS": f"local1:{key}",
        }
        LOCAL_SECRETS_FILE.write_text(
            "# Generated for local development. Never use in production. Git ignores this file.\n"
            + "".join(f"{k}={v}\n" for k, v in values.items())
        )
        LOCAL_SECRETS_FILE.chmod(0o600)
    return values


if PRODUCTION:
    SECRET_KEY = env_str("SECRET_KEY")
    THREECIRCLES_KEYS = env_str("THREECIRCLES_KEYS")
    if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure"):
        raise ImproperlyConfigured("Set SECRET_KEY (50+ random characters) in production.")
    if not THREECIRCLES_KEYS:
        raise ImproperlyConfigured("Set THREECIRCLES_KEYS (key-encryption keys) in production.")
else:
    _local = _local_secrets()
    SECRET_KEY = env_str("SECRET_KEY") or _local["SECRET_KEY"]
    THREECIRCLES_KEYS = env_str("THREECIRCLES_KEYS") or _local["THREECIRCLES_KEYS"]
# Keys taken out of THREECIRCLES_KEYS: they open nothing, but the access log written under them
# can still be verified. Same format, any order.
THREECIRCLES_RETIRED_KEYS = env_str("THREECIRCLES_RETIRED_KEYS")
for _name, _raw in (
    ("THREECIRCLES_KEYS", THREECIRCLES_KEYS),
    ("THREECIRCLES_RETIRED_KEYS", THREECIRCLES_RETIRED_KEYS),
):
    if _raw or _name == "THREECIRCLES_KEYS":
        try:
            parse_keys(_raw)
        except ValueError as exc:
            # Refuse to start rather than fail at the first encrypted write.
            raise ImproperlyConfigured(f"{_name} is not valid: {exc}") from exc

DEBUG = env_bool("DEBUG", default=not PRODUCTION and not TESTING)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS in production.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

# --- apps ----------------------------------------------------------------------------------
INSTALLED_APPS = [
    "threecircles.accounts.admin_apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks_db",
    "threecircles.accounts",
    "threecircles.privacy",
    "threecircles.screening",
    "threecircles.recovery",
    "threecircles.care",
    "threecircles.network",
    "threecircles.content",
    "threecircles.events",
    "threecircles.membership",
    "threecircles.certification",
    "threecircles.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "threecircles.accounts.middleware.IdleTimeoutMiddleware",
    "threecircles.accounts.middleware.RequireMFAMiddleware",
    "threecircles.accounts.middleware.NoStoreMiddleware",
    "threecircles.privacy.middleware.RequestKeyCacheMiddleware",
]

ROOT_URLCONF = "threecircles.urls"
WSGI_APPLICATION = "threecircles.wsgi.application"
ASGI_APPLICATION = "threecircles.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "threecircles.accounts.context_processors.navigation",
            ],
        },
    },
]

# --- database ------------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'threecircles.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    (BASE_DIR / "var").mkdir(exist_ok=True)
    # Kept open between requests like PostgreSQL's: opening a SQLite file reads its whole
    # schema again, which cost more than a whole cached page.
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at
        # BEGIN so two writers queue instead of failing halfway with "database is locked".
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;"
            " PRAGMA foreign_keys=ON;"
        ),
    }
    # Tests run on a real file, so encryption tests can read the bytes on disk; one file per
    # test process, so parallel runs never share a database.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / f"test-{os.getpid()}.sqlite3")}
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"]["TEST"] = {"NAME": f"test_threecircles_{os.getpid()}"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- cache (rate limits must hold across processes, so never local memory) -----------------
# Kept page parts (lib/pagecache.py) live apart from the rate limits: their many rows must
# never push a limit's counter out, and erasing a client clears them all at once.
REDIS_URL = env_str("REDIS_URL")
_XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")  # "gw0", "gw1"… in parallel tests
if TESTING and REDIS_URL and _XDIST_WORKER[2:].isdigit():
    # Each test process its own pair of Redis databases: one process clearing its cache (as
    # the rate-limit tests do) must not clear another's.
    for _ in range(2 * int(_XDIST_WORKER[2:])):
        REDIS_URL = next_redis_database(REDIS_URL)
CACHES: dict[str, dict[str, Any]]
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "threecircles"),
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            # Its own Redis database (the next number), since clearing it clears the database.
            "LOCATION": env_str("PAGE_CACHE_REDIS_URL", next_redis_database(REDIS_URL)),
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "threecircles"),
        },
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "threecircles_cache",
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "threecircles_pages",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
    }

# --- auth ----------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "content:public_home"

ACCOUNT_ADAPTER = "threecircles.accounts.adapters.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "threecircles.accounts.forms.SignupForm"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Three Circles] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
# Failed sign-ins per 15 minutes: per address and account together (so a clinic's shared
# address is never locked out by one person), and per account from all addresses. Password
# sign-ins are counted by accounts.throttle (429 with Retry-After); allauth's own limit below
# counts wrong second-step codes per account.
LOGIN_FAILURES_ALLOWED = env_int("LOGIN_FAILURES_ALLOWED", 5)
# Behind a reverse proxy, how many proxies append to X-Forwarded-For; without it every sign-in
# seems to come from the proxy's address.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
LOGIN_FAILURES_PER_ACCOUNT = env_int("LOGIN_FAILURES_PER_ACCOUNT", 20)
ACCOUNT_RATE_LIMITS = {
    "login_failed": f"{LOGIN_FAILURES_PER_ACCOUNT}/15m/key",
    "signup": "20/h/ip",
    "reset_password": "20/m/ip,5/m/key",
}

MFA_ADAPTER = "threecircles.accounts.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "Three Circles"
MFA_TOTP_TOLERANCE = 1
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = not PRODUCTION
# Roles that must have a second factor before they see anything else.
MFA_REQUIRED_ROLES = ["clinician", "supervisor", "staff", "admin"]
# Clinical roles are signed out after this many idle minutes.
IDLE_TIMEOUT_MINUTES = env_int("IDLE_TIMEOUT_MINUTES", 15)
IDLE_TIMEOUT_ROLES = ["clinician", "supervisor", "admin"]

# Flash messages can name people; keep them server-side, not in a signed cookie, and the
# sessions themselves sealed in the database.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
SESSION_ENGINE = "threecircles.accounts.sessions"
SESSION_COOKIE_AGE = 60 * 60 * 12
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# --- security headers ----------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

# --- tasks and e-mail ----------------------------------------------------------------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
_EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
_smtp_options = {
    "host": env_str("EMAIL_HOST", "localhost"),
    "port": env_int("EMAIL_PORT", 25),
    "username": env_str("EMAIL_HOST_USER"),
    "password": env_str("EMAIL_HOST_PASSWORD"),
    "use_tls": env_bool("EMAIL_USE_TLS"),
    "timeout": 20,
}
MAILERS = {
    "default": {
        "BACKEND": _EMAIL_BACKEND,
        "OPTIONS": _smtp_options if _EMAIL_BACKEND.endswith("smtp.EmailBackend") else {},
    }
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Three Circles <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
INVITATION_DAYS = env_int("INVITATION_DAYS", 7)
BREAK_GLASS_MAX_MINUTES = env_int("BREAK_GLASS_MAX_MINUTES", 60)
SECOND_FACTOR_RESET_HOURS = env_int("SECOND_FACTOR_RESET_HOURS", 24)

# --- the access log's anchors, written outside the database on a schedule ------------------
ACCESS_LOG_ANCHOR_DIR = env_str("ACCESS_LOG_ANCHOR_DIR", str(BASE_DIR / "var" / "log-anchors"))
ACCESS_LOG_ANCHOR_MINUTES = env_int("ACCESS_LOG_ANCHOR_MINUTES", 60)
ACCESS_LOG_ANCHOR_KEEP_DAYS = env_int("ACCESS_LOG_ANCHOR_KEEP_DAYS", 30)

# --- static, i18n --------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

DEFAULT_EXCEPTION_REPORTER_FILTER = "threecircles.lib.errors.NoPostDataFilter"

# --- logging: never sensitive data; the access log lives in the database ---------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Request logs carry URLs only; no view puts clinical content in a URL.
        "django.db.backends": {"level": "WARNING"},
    },
}
