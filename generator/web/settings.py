"""Settings from the environment that `disclosure serve` sets: DISCLOSURE_DATA (a folder), DISCLOSURE_DATABASE (a URL)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import unquote, urlparse

DATA = Path(os.environ.get("DISCLOSURE_DATA", "web-data")).resolve()


def _secret() -> str:
    """Kept in the data folder so sessions survive a restart; a throwaway one when no folder was named (tests)."""
    if os.environ.get("DISCLOSURE_SECRET"):
        return os.environ["DISCLOSURE_SECRET"]
    if "DISCLOSURE_DATA" not in os.environ:
        return secrets.token_urlsafe(50)
    DATA.mkdir(parents=True, exist_ok=True)
    path = DATA / "secret.key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def database(url: str | None) -> dict:
    """sqlite:///path or postgresql://user:password@host:port/name; none → SQLite under the data folder."""
    if not url:
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": DATA / "db.sqlite3",
                "OPTIONS": {"timeout": 30, "transaction_mode": "IMMEDIATE",
                            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}}
    parts = urlparse(url)
    if parts.scheme == "sqlite":  # sqlite:////absolute/path or sqlite:///relative/path
        return {**database(None), "NAME": url.split(":///", 1)[1] if ":///" in url else parts.path}
    if parts.scheme in ("postgres", "postgresql"):
        return {"ENGINE": "django.db.backends.postgresql", "NAME": parts.path.lstrip("/"),
                "USER": unquote(parts.username or ""), "PASSWORD": unquote(parts.password or ""),
                "HOST": parts.hostname or "", "PORT": str(parts.port or "")}
    raise ValueError(f"不支持的数据库地址：{parts.scheme}://（应为 sqlite:/// 或 postgresql://）")


SECRET_KEY = _secret()
DEBUG = os.environ.get("DISCLOSURE_DEBUG") == "1"
ALLOWED_HOSTS = os.environ.get("DISCLOSURE_HOSTS", "localhost,127.0.0.1,[::1],testserver").split(",")
DATABASES = {"default": database(os.environ.get("DISCLOSURE_DATABASE"))}

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "generator.web.apps.WebConfig",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "generator.web.urls"
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "DIRS": [],
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
    ]},
}]
WSGI_APPLICATION = "generator.web.wsgi.application"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
STATIC_URL = "/static/"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
CSRF_COOKIE_HTTPONLY = True
if os.environ.get("DISCLOSURE_HTTPS") == "1":  # behind a reverse proxy that terminates HTTPS
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    CSRF_TRUSTED_ORIGINS = [f"https://{h}" for h in ALLOWED_HOSTS if h not in ("*", "testserver")]
X_FRAME_OPTIONS = "SAMEORIGIN"  # the report preview is framed by our own page only
SECURE_CONTENT_TYPE_NOSNIFF = True

# Upload limits (bytes, entries, ratio): a request larger than this is refused before it is read.
MAX_UPLOAD = int(os.environ.get("DISCLOSURE_MAX_UPLOAD", 10 * 1024 * 1024))
MAX_ZIP_ENTRIES = 500
MAX_EXPANDED = 100 * 1024 * 1024
MAX_RATIO = 100
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD + 64 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD + 64 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = 2

# Login rate limit: this many failures per user name (or 4× per address) within the window lock it out.
LOGIN_FAILURES = 5
LOGIN_WINDOW = 15 * 60

BUILD_TARGETS = ("docx", "pdf")
BUILD_WORKERS = int(os.environ.get("DISCLOSURE_WORKERS", 0)) or None  # None: one per core
