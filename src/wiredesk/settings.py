"""Django settings, built from one typed `wiredesk.config.Config` read at start-up."""

import os
from pathlib import Path

import dj_database_url

from wiredesk import config

# Wiredesk's own settings, parsed and checked once; code is handed this object (or reads it
# here, on the Django side) instead of reading the environment at call time.
WIREDESK = config.load(os.environ)

BASE_DIR = Path(__file__).resolve().parent
DEBUG = WIREDESK.debug
SECRET_KEY = WIREDESK.secret_key or "wiredesk-development-key-not-for-production"
ALLOWED_HOSTS = list(WIREDESK.allowed_hosts)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "wiredesk.sources",
    "wiredesk.articles",
    "wiredesk.editions",
    "wiredesk.ingest",
    "wiredesk.extract",
    "wiredesk.geo",
    "wiredesk.stories",
    "wiredesk.site",
    "wiredesk.newsletter",
    "wiredesk.demo",
    "wiredesk.console",
    "wiredesk.security",
]

MIDDLEWARE = [
    "wiredesk.site.middleware.SecurityHeadersMiddleware",  # first: static files get them too
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "wiredesk.security.login.LoginRateLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wiredesk.site.middleware.EditionMiddleware",
]

ROOT_URLCONF = "wiredesk.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]
WSGI_APPLICATION = "wiredesk.wsgi.application"

# Connections are kept (60 s; per thread on SQLite), by the site and by Celery workers
# (wiredesk.celery); a kept one is checked before its first use in each request or task, so
# one broken by a database restart is replaced, not handed on.
DATABASES = {
    "default": dj_database_url.parse(
        WIREDESK.database_url, conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets the site read while an ingest writes; the timeout rides out short locks.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = None  # one connection per thread, kept
    if DATABASES["default"]["NAME"] not in ("", ":memory:"):
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)

# Django 6.1's MAILERS, filled from the classic EMAIL_* environment variables.
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": WIREDESK.email_host,
            "port": WIREDESK.email_port,
            "username": WIREDESK.email_host_user,
            "password": WIREDESK.email_host_password,
            "use_tls": WIREDESK.email_use_tls,
            "timeout": 30,
        },
    },
}
DEFAULT_FROM_EMAIL = WIREDESK.default_from_email

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path("var") / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise expects it; `collectstatic` fills it
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "wiredesk.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": WIREDESK.log_format},
    },
    "loggers": {
        "wiredesk": {"handlers": ["console"], "level": WIREDESK.log_level, "propagate": False},
    },
}
