"""Settings for PCP Portal.

Every value that differs between a developer's machine and production comes
from an environment variable; the defaults are safe for development only.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str = "False") -> bool:
    return os.getenv(name, default).strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: str) -> int:
    return int(os.getenv(name, default))


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", "True")
SECRET_KEY = os.getenv("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "development-only-key-not-for-production-use-0123456789abcdef"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "django_rq",
    "django_tasks_rq",
    "django_otp",
    "django_otp.plugins.otp_static",
    "django_otp.plugins.otp_totp",
    "two_factor",
    "axes",
    "csp",
    "pcp_portal",
    "accounts",
    "plans",
    "boards",
    "transparency",
    "minutes",
    "archive",
]

# The security headers come before (outside) the page cache, so a page served
# from the cache gets them as a freshly rendered one does.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "pcp_portal.cache.PublicPageCacheMiddleware",
    # Under the page cache, so that what it stores is already compressed.
    "pcp_portal.compression.PublicTextCompressionMiddleware",
    "pcp_portal.headers.CacheControlMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Under the user and messages: its page is the portal's, with the signed-in header.
    "pcp_portal.not_allowed.MethodNotAllowedPageMiddleware",
    "accounts.middleware.IdleTimeoutMiddleware",
    "accounts.middleware.TwoFactorRequiredMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout into the portal's own page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pcp_portal.urls"
WSGI_APPLICATION = "pcp_portal.wsgi.application"

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
                "pcp_portal.context_processors.portal",
                "accounts.context_processors.accounts",
            ],
            # Django's `date` filter, with each text remembered, and its `url` tag, with each URL reversed
            # once: see the modules.
            "builtins": ["pcp_portal.templatetags.dates", "pcp_portal.templatetags.links"],
        },
    },
]

_DATABASE_URL = os.getenv("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
DATABASES = {
    "default": dj_database_url.parse(
        _DATABASE_URL,
        # A PostgreSQL connection is kept for a minute and checked before reuse, rather than opened for each
        # request (a new server process, and its catalogue caches filled again, every time).
        conn_max_age=envint("DB_CONN_MAX_AGE", "60" if _DATABASE_URL.startswith("postgres") else "0"),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory, so the task workers the tests start can share it.
    DATABASES["default"]["TEST"] = {"NAME": os.getenv("TEST_DB_NAME", str(BASE_DIR / "test_db.sqlite3"))}
    # Two requests writing at once wait for each other instead of failing with
    # "database is locked": readers never block the writer (WAL), a writer waits
    # up to SQLITE_TIMEOUT_SECONDS for the lock, and every transaction takes the
    # write lock when it begins, so none dies upgrading a read lock to a write lock.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": envint("SQLITE_TIMEOUT_SECONDS", "20"),
        **DATABASES["default"].get("OPTIONS", {}),
    }
else:
    # A select of a form reads its choices with `QuerySet.iterator()`, which on PostgreSQL opens a server-side
    # cursor: DECLARE, FETCH and CLOSE, three round trips for a list of twenty people, seven times on the paper
    # editor. The portal never streams a large queryset, so its reads take one round trip each.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "after_sign_in"
LOGOUT_REDIRECT_URL = "home"

# Sign-in (README, "Signing in and accounts"). django-axes counts failed
# sign-ins, by account and, separately, by address: either reaching the limit
# locks that account or that address out for AXES_COOLOFF_MINUTES, on the
# portal's login and the admin's (which sends people to the portal's login).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", "30"))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
# Every failed attempt is kept (with address and browser) for the audit trail.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# Behind TRUSTED_PROXY_COUNT proxies, the client's address is the one the
# nearest of them appended to X-Forwarded-For (accounts/addresses.py).
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", "0")
AXES_CLIENT_IP_CALLABLE = "accounts.addresses.client_ip"

# Two-factor authentication (TOTP with backup codes) for every signed-in user
# and the admin. On in production; off in development so the demo logins work.
REQUIRE_TWO_FACTOR = envbool("REQUIRE_TWO_FACTOR", "False" if DEBUG else "True")
TWO_FACTOR_LOGIN_TIMEOUT = 600
OTP_TOTP_ISSUER = os.getenv("OTP_TOTP_ISSUER", "PCP Portal")

# A signed-in session that has been idle this long ends at the next request.
SESSION_IDLE_SECONDS = envint("SESSION_IDLE_SECONDS", str(30 * 60))
# How often a signed-in user's activity is written to their session (`accounts.middleware`): not on every request,
# which made every signed-in page a database write. A session may end up to this long before its idle limit.
SESSION_ACTIVITY_WRITE_SECONDS = envint("SESSION_ACTIVITY_WRITE_SECONDS", "60")
PASSWORD_RESET_TIMEOUT = envint("PASSWORD_RESET_TIMEOUT", str(60 * 60))

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.getenv("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.getenv("MEDIA_ROOT", BASE_DIR / "media"))


def s3_media_backend() -> dict:
    """The object-storage backend, from the environment (the storage tests build theirs with it too)."""
    if not os.getenv("S3_BUCKET"):
        raise RuntimeError("S3_BUCKET must be set when MEDIA_STORAGE is s3.")
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["S3_BUCKET"],
            "endpoint_url": os.getenv("S3_ENDPOINT_URL") or None,
            "region_name": os.getenv("S3_REGION") or None,
            "addressing_style": os.getenv("S3_ADDRESSING_STYLE") or None,
            "location": os.getenv("S3_PREFIX", ""),
            "signature_version": "s3v4",
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 300,
            "file_overwrite": False,
        },
    }


# Media (stored PDFs, appendices, packs, minutes, delivery reports) is never
# served by URL: every file goes through a view that checks who may see it and
# streams the bytes. MEDIA_STORAGE chooses where it lives: "local", the disk
# of one machine (MEDIA_ROOT); "s3", an S3-compatible bucket that every web
# machine and worker shares (S3_BUCKET, S3_ENDPOINT_URL, S3_REGION; the
# credentials from the usual AWS variables or the machine's role). Objects are
# private, a URL to one is only ever a signed one, and a stored file is never
# overwritten: a new rendering gets a new name, as it does on disk.
MEDIA_STORAGE = os.getenv("MEDIA_STORAGE", "local")
if MEDIA_STORAGE == "local":
    MEDIA_BACKEND = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif MEDIA_STORAGE == "s3":
    MEDIA_BACKEND = s3_media_backend()
else:
    raise RuntimeError(f"MEDIA_STORAGE must be local or s3, not {MEDIA_STORAGE!r}.")
STORAGES = {
    "default": MEDIA_BACKEND,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploads: appendices are PDFs of at most 20 MB, checked by the form.
APPENDIX_MAX_BYTES = envint("APPENDIX_MAX_BYTES", str(20 * 1024 * 1024))
# Bounds the work of checking an appendix and of merging it into a pack.
APPENDIX_MAX_PAGES = envint("APPENDIX_MAX_PAGES", "500")
# The office's house style for naming appendices: "letters" (Appendix A, B ...) or "numbers" (Appendix 1, 2 ...).
# Where the agenda puts items of exempt information: in their own place, the agenda heading the return
# to the public part, or all together after the public items.
AGENDA_EXEMPT_ITEMS = os.getenv("AGENDA_EXEMPT_ITEMS", "in_place").strip().lower()
if AGENDA_EXEMPT_ITEMS not in {"in_place", "last"}:
    raise ImproperlyConfigured('AGENDA_EXEMPT_ITEMS must be "in_place" or "last".')
APPENDIX_NAMING = os.getenv("APPENDIX_NAMING", "letters").strip().lower()
if APPENDIX_NAMING not in {"letters", "numbers"}:
    raise ImproperlyConfigured('APPENDIX_NAMING must be "letters" or "numbers".')
# Figures shown in papers: PNG, JPEG or SVG, checked by parsing (pcp_portal/images.py). The pixel limit
# bounds the memory that decoding one takes (four bytes a pixel), whatever the file's size.
FIGURE_MAX_BYTES = envint("FIGURE_MAX_BYTES", str(5 * 1024 * 1024))
FIGURE_MAX_PIXELS = envint("FIGURE_MAX_PIXELS", str(25_000_000))
# The archive import: the bounds of a zip of original files, uploaded or given to import_archive (a zip bomb
# stops at its directory, before it is unpacked); ARCHIVE_MAX_BYTES, below, bounds each file.
ARCHIVE_ZIP_MAX_FILES = envint("ARCHIVE_ZIP_MAX_FILES", "5000")
ARCHIVE_ZIP_MAX_BYTES = envint("ARCHIVE_ZIP_MAX_BYTES", str(2 * 1024 * 1024 * 1024))
# A file still waiting to be read this long after it was queued (its worker died, or none runs) can be
# queued again from its upload's page.
ARCHIVE_READ_TIMEOUT_SECONDS = envint("ARCHIVE_READ_TIMEOUT_SECONDS", "900")
# How many files one upload may choose (Django's own limit on files in a request).
DATA_UPLOAD_MAX_NUMBER_FILES = envint("DATA_UPLOAD_MAX_NUMBER_FILES", "200")
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Archive imports (archive/reading/extract.py): the largest file read, and the most pages of a PDF. A Word
# file is a zip: its parts may unpack to at most ARCHIVE_UNPACK_FACTOR times the file limit.
ARCHIVE_MAX_BYTES = envint("ARCHIVE_MAX_BYTES", str(20 * 1024 * 1024))
ARCHIVE_MAX_PAGES = envint("ARCHIVE_MAX_PAGES", "300")
ARCHIVE_UNPACK_FACTOR = envint("ARCHIVE_UNPACK_FACTOR", "5")

# Anonymous visitors' pages are cached and dropped whenever any data changes
# (pcp_portal/cache.py). The cache must be shared by every web process, so
# that one process's change reaches the others: files on one machine by
# default, Redis (CACHE_URL) across machines.
# Off by default in development, so template edits show at once.
PUBLIC_CACHE_SECONDS = envint("PUBLIC_CACHE_SECONDS", "0" if DEBUG else "300")
# The bulk CSV downloads of the whole archive are kept in the database and
# written again after each public change (pcp_portal/exports.py), and at the
# latest this many seconds after they were written.
STORED_EXPORT_SECONDS = envint("STORED_EXPORT_SECONDS", "3600")
# A Redis outage does not take the site down: the backend answers as an empty
# cache and logs the fault (pcp_portal/cache_backends.py).
CACHES = {
    "default": (
        {"BACKEND": "pcp_portal.cache_backends.ResilientRedisCache", "LOCATION": os.environ["CACHE_URL"]}
        if os.getenv("CACHE_URL")
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.getenv("CACHE_DIR", str(BASE_DIR / "cache")),
        }
    )
}

# Content-Security-Policy (django-csp): scripts, styles, fonts and images come
# from the portal itself; no inline script, style attribute or handler runs.
# Bootstrap's CSS draws a few icons as data: SVG images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Permissions-Policy (django-permissions-policy): the portal uses none of the
# browser's powerful features, so no page (or anything it frames) may.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}
# Sessions live in the database, never in the cache alone: a cache outage must not sign everyone out.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Background work (PDF packs, e-mail) goes through Django's tasks API.
# TASKS_BACKEND: "immediate" runs a task at once, in the web process
# (development, tests); "db" queues it in the database for `manage.py
# db_worker` (one server); "rq" queues it in Redis for `manage.py rqworker
# --job-class django_tasks_rq.Job` (several machines).
TASKS_BACKEND = os.getenv("TASKS_BACKEND", "immediate")
TASK_BACKENDS = {
    "immediate": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "db": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
    "rq": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]},
}
if TASKS_BACKEND not in TASK_BACKENDS:
    raise RuntimeError(f"TASKS_BACKEND must be one of {', '.join(TASK_BACKENDS)}, not {TASKS_BACKEND!r}.")
TASKS = {"default": TASK_BACKENDS[TASKS_BACKEND]}
REDIS_URL = os.getenv("REDIS_URL", "redis://127.0.0.1:6379/0")
# A pack build not finished this long after it was queued, or after it started,
# is failed (a worker died, or none is running) and can be tried again.
PACK_BUILD_TIMEOUT_SECONDS = envint("PACK_BUILD_TIMEOUT_SECONDS", "900")
RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": PACK_BUILD_TIMEOUT_SECONDS}}

# Django's renderer, with the common widgets written without the template engine (pcp_portal/form_renderer.py).
FORM_RENDERER = "pcp_portal.form_renderer.FormRenderer"
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = os.getenv("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.getenv("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", "25")
EMAIL_HOST_USER = os.getenv("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.getenv("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.getenv("DEFAULT_FROM_EMAIL", "PCP Portal <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The organisation the portal serves, named on every page and PDF.
ORGANISATION_NAME = os.getenv("ORGANISATION_NAME", "Office of the Police and Crime Commissioner for Northshire")
SITE_URL = os.getenv("SITE_URL", "http://127.0.0.1:8000")
# Where a paper's source documents may be inspected: the "Location" of its bibliography, until the author changes it.
OFFICE_ADDRESS = os.getenv("OFFICE_ADDRESS", "Northshire Police Headquarters, Castle Street, Northshire NS1 1AA")

# Production hardening: on whenever DEBUG is off, so `check --deploy` is clean.
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "True")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "31536000")
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "True")
    SECURE_CONTENT_TYPE_NOSNIFF = True
    X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "INFO")},
    "loggers": {
        "fontTools": {"level": "WARNING"},
        "weasyprint": {"level": "ERROR"},
        "django_tasks": {"level": "WARNING"},
    },
}
