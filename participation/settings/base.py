"""Base settings: secure by default. The environment is read here and nowhere else.

Every variable is read with django-environ's ``env`` below (see .env.example for the list and
meanings); dev.py, test.py and production.py only use the values this module exposes.
"""

from email.utils import parseaddr
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

import environ
from django.utils.translation import gettext_lazy as _

from core.sentry import sentry_init

BASE_DIR = Path(__file__).resolve().parent.parent.parent

# django-environ: booleans accept true/false, 1/0, yes/no, on/off; lists are comma-separated.
# A variable set to an empty string counts as not set where the default is None (SECRET_KEY,
# DATABASE_URL, REDIS_URL, EMAIL_URL, MEDIA_ROOT, VAR_DIR: .env.example leaves them empty).
# No .env file is read here: the process manager (or docker compose's env_file) sets the variables.
env = environ.Env()

# Writable runtime folder for the embedded default: SQLite file, Celery's filesystem broker,
# the e-mail file sink and the beat schedule.
VAR_DIR = Path(env.str("VAR_DIR", default=None) or BASE_DIR / "var")

SECRET_KEY = env.str("SECRET_KEY", default=None)
# None when DEBUG is not set: dev.py then switches it on, every other module leaves it off.
DEBUG_FROM_ENV: bool | None = env.bool("DEBUG", default=None)
DEBUG = bool(DEBUG_FROM_ENV)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", cast=str.strip, default=["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", cast=str.strip, default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL

DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]
THIRD_PARTY_APPS = [
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.locales",
    "wagtail",
    "modelcluster",
    "taggit",
    "allauth",
    "allauth.account",
    "django_filters",
    "csp",
]
LOCAL_APPS = [
    "core",
    "participation",
    "community",
    "casestudies",
    "guidance",
    "events",
    "events.reminders",
    "events.unconferences",
    "impact",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    # First: every request gets its reference (X-Request-ID; logs, 500 page, Sentry).
    "core.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Each content version is read once per request, then remembered (core/cache_version.py).
    "core.cache_version.CacheVersionMiddleware",
    # Django's, but a request still carrying the cookie from before a log-in does not delete the
    # new one (core/sessions.py).
    "core.sessions.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # The request's Wagtail Site from the cache, per frame version (core/content_cache.py).
    "core.content_cache.ContentCacheMiddleware",
    # Signed-in people without admin rights: the site's 403 page, not a log-in redirect loop.
    "core.admin_access.AdminAccessMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last: anonymous page-cache hits skip routing but pass back through everything above.
    "core.page_cache.PageCacheMiddleware",
]

ROOT_URLCONF = "participation.urls"
WSGI_APPLICATION = "participation.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
                "csp.context_processors.nonce",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# No DATABASE_URL: SQLite in VAR_DIR, tuned so the web process and the Celery worker can share it.
# A URL (postgres://user:password@host:5432/name?sslmode=require) is parsed by django-environ;
# connections are kept for 60 seconds unless the URL says otherwise (?conn_max_age=).
DATABASE_URL = env.str("DATABASE_URL", default=None)
if DATABASE_URL:
    DATABASES = {"default": {"CONN_MAX_AGE": 60, **env.db_url_config(DATABASE_URL)}}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "db.sqlite3",
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL;",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, rate limits and Celery broker: three Redis roles ------------------------------------
# REDIS_URL alone serves all three (key prefixes keep them apart: Celery's queues have none,
# the cache uses "cache:", rate limits "ratelimit:"). Give a role its own Redis database or server
# with CELERY_BROKER_URL, CACHE_REDIS_URL or RATELIMIT_REDIS_URL. Eviction must never drop a
# queued task: the broker's Redis runs with maxmemory-policy noeviction (or volatile-lru, which
# evicts only keys with an expiry; Celery's queue keys have none), the cache's may use
# allkeys-lru (docker-compose.yml runs it as a separate server; docs/operations.md, "Redis").
REDIS_URL = env.str("REDIS_URL", default=None)
CACHE_REDIS_URL = env.str("CACHE_REDIS_URL", default=None) or REDIS_URL
RATELIMIT_REDIS_URL = env.str("RATELIMIT_REDIS_URL", default=None) or REDIS_URL
BROKER_URL_FROM_ENV: str | None = env.str("CELERY_BROKER_URL", default=None) or REDIS_URL
# Whole public pages (case studies, guidance, updates) for anonymous visitors, discarded on every
# content change (core/page_cache.py); 0 switches the page cache off. On by default only
# with Redis: a per-process cache would miss the other processes' content changes.
# None when PAGE_CACHE_SECONDS is not set: dev.py then chooses 0.
PAGE_CACHE_SECONDS_FROM_ENV: int | None = env.int("PAGE_CACHE_SECONDS", default=None)
PAGE_CACHE_SECONDS = (
    PAGE_CACHE_SECONDS_FROM_ENV
    if PAGE_CACHE_SECONDS_FROM_ENV is not None
    else (600 if CACHE_REDIS_URL else 0)
)
# "default": the page cache, cached selections and site frames (evictable). allauth keeps its
# log-in and sign-up rate limits there too (it has no setting for another cache).
# "ratelimit": django-ratelimit's counters (suggestions, guide feedback), never evicted early
# when RATELIMIT_REDIS_URL points at the broker's no-eviction server.
_redis_cache = "django.core.cache.backends.redis.RedisCache"
_local_cache = "django.core.cache.backends.locmem.LocMemCache"
CACHES = {
    "default": (
        {"BACKEND": _redis_cache, "LOCATION": CACHE_REDIS_URL, "KEY_PREFIX": "cache"}
        if CACHE_REDIS_URL
        else {"BACKEND": _local_cache}
    ),
    "ratelimit": (
        {"BACKEND": _redis_cache, "LOCATION": RATELIMIT_REDIS_URL, "KEY_PREFIX": "ratelimit"}
        if RATELIMIT_REDIS_URL
        else {"BACKEND": _local_cache, "LOCATION": "ratelimit"}
    ),
}
RATELIMIT_USE_CACHE = "ratelimit"
# Sessions are read from the cache (one query less on every signed-in request, issue 18) and
# written through to the database, but only when the cache is shared by every process (Redis):
# with a per-process cache a session flushed by signing out in one process would live on in
# another's copy.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if CACHE_REDIS_URL
    else "django.contrib.sessions.backends.db"
)
if BROKER_URL_FROM_ENV:
    CELERY_BROKER_URL = BROKER_URL_FROM_ENV
    CELERY_BROKER_TRANSPORT_OPTIONS: dict = {"visibility_timeout": 3600}
else:
    # kombu's filesystem transport: a broker that needs no server (the embedded default).
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(VAR_DIR / "celery" / "queue"),
        "data_folder_out": str(VAR_DIR / "celery" / "queue"),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        "control_folder": str(VAR_DIR / "celery" / "control"),
        "store_processed": False,
    }

CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_TIMEZONE = "UTC"
CELERY_ENABLE_UTC = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 120
CELERY_TASK_SOFT_TIME_LIMIT = 90
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Workers log through LOGGING below (JSON, with the task's id as request_id), not Celery's own
# plain-text root handler.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# --- Authentication ---------------------------------------------------------------------------
AUTH_USER_MODEL = "community.User"
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
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
# Following the verification link signs the new member in (same browser session only: allauth
# keeps the sign-up in the session) and takes them to "Complete your profile" (issue 19).
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_SIGNUP_REDIRECT_URL = "community:welcome"
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 3
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Public participation community] "
ACCOUNT_ADAPTER = "community.adapters.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "community.forms.SignupForm"  # adds name + code of conduct
# Sentence-case labels and GOV.UK-style messages on every allauth form (community/account_forms.py).
ACCOUNT_FORMS = {
    name: f"community.account_forms.{form}"
    for name, form in {
        "login": "LoginForm",
        "signup": "SignupForm",
        "reset_password": "ResetPasswordForm",
        "reset_password_from_key": "ResetPasswordKeyForm",
        "change_password": "ChangePasswordForm",
        "set_password": "SetPasswordForm",
        "add_email": "AddEmailForm",
        "change_email": "ChangeEmailForm",
        "request_login_code": "RequestLoginCodeForm",
        "confirm_login_code": "ConfirmLoginCodeForm",
        "reauthenticate": "ReauthenticateForm",
    }.items()
}
# allauth's own rate limits: log-in failures, sign-up, code requests and password resets.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "request_login_code": "20/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/5m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
}
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"

# New members wait for an organiser's approval when this is on.
MEMBER_APPROVAL_REQUIRED = env.bool("MEMBER_APPROVAL_REQUIRED", default=False)
CODE_OF_CONDUCT_VERSION = "2025-01"

# --- Internationalisation ---------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", _("English")), ("cy", _("Welsh"))]
# Our catalogue, then our Welsh for allauth's own strings (allauth ships no cy; docs/welsh.md).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "vendor" / "allauth"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = [("en-gb", "English"), ("cy", "Cymraeg")]

# --- Static and media -------------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=None) or BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# MEDIA_STORAGE=s3: images, renditions and documents live in an S3-compatible bucket
# (django-storages), so every web host and worker sees the same files (docs/operations.md).
# Without it (local), MEDIA_ROOT on this host's disk. Keys left empty fall back to boto3's own
# chain (instance role, ~/.aws). Private bucket by default: URLs are signed for
# AWS_QUERYSTRING_EXPIRE seconds (longer than PAGE_CACHE_SECONDS, so cached pages keep working).
MEDIA_STORAGE = env.str("MEDIA_STORAGE", default="local").strip().lower() or "local"
MEDIA_ORIGINS: list[str] = []  # where media URLs point when not this site (CSP img-src)
if MEDIA_STORAGE == "s3":
    _s3_endpoint = env.str("AWS_S3_ENDPOINT_URL", default=None) or None
    MEDIA_S3_OPTIONS = {
        "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME"),  # required with MEDIA_STORAGE=s3
        "endpoint_url": _s3_endpoint,
        "region_name": env.str("AWS_S3_REGION_NAME", default=None) or None,
        "access_key": env.str("AWS_ACCESS_KEY_ID", default=None) or None,
        "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default=None) or None,
        "custom_domain": env.str("AWS_S3_CUSTOM_DOMAIN", default=None) or None,
        "location": env.str("AWS_LOCATION", default=""),
        "addressing_style": env.str("AWS_S3_ADDRESSING_STYLE", default=None) or None,
        "querystring_auth": env.bool("AWS_QUERYSTRING_AUTH", default=True),
        "querystring_expire": env.int("AWS_QUERYSTRING_EXPIRE", default=3600),
        "signature_version": "s3v4",
        "file_overwrite": False,  # a new upload never replaces another with the same name
        "default_acl": None,  # the bucket's policy decides, not per-object ACLs
    }
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": MEDIA_S3_OPTIONS}
    _bucket = MEDIA_S3_OPTIONS["bucket_name"]
    if MEDIA_S3_OPTIONS["custom_domain"]:
        MEDIA_ORIGINS = [f"https://{MEDIA_S3_OPTIONS['custom_domain']}"]
    elif _s3_endpoint:
        _parsed = urlparse(_s3_endpoint)
        MEDIA_ORIGINS = [
            f"{_parsed.scheme}://{_parsed.netloc}",  # path-style: endpoint/bucket/key
            f"{_parsed.scheme}://{_bucket}.{_parsed.netloc}",  # virtual-hosted style
        ]
    else:
        _region = MEDIA_S3_OPTIONS["region_name"]
        MEDIA_ORIGINS = [f"https://{_bucket}.s3.amazonaws.com"]
        if _region:
            MEDIA_ORIGINS.append(f"https://{_bucket}.s3.{_region}.amazonaws.com")
    # Documents: Wagtail checks collection privacy, then redirects to a short-lived signed URL;
    # a public bucket (no signing) streams them through the site instead, so a private
    # document's address never leaks.
    WAGTAILDOCS_SERVE_METHOD = "redirect" if MEDIA_S3_OPTIONS["querystring_auth"] else "serve_view"
elif MEDIA_STORAGE != "local":
    raise ValueError(f"MEDIA_STORAGE must be 'local' or 's3', not {MEDIA_STORAGE!r}")
# Uploads: reject large request bodies; Wagtail images/documents have their own limits below.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "csv", "xlsx", "ods", "txt"]

# --- Wagtail ----------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Public participation community"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # the admin would otherwise load avatars from another site
WAGTAILEMBEDS_FINDERS: list = []  # no embeds: nothing is fetched from other sites
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# The admin's log-in goes through allauth's rate-limited log-in (participation/urls_root.py).
WAGTAILADMIN_LOGIN_URL = "account_login"

# --- E-mail -----------------------------------------------------------------------------------


def email_settings_from_url(url: str) -> dict:
    """Translate EMAIL_URL (smtp://user:pass@host:port?tls=1, console://, file:///path,
    locmem://) into Django settings."""
    parsed = urlparse(url)
    scheme = parsed.scheme
    if scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if scheme == "locmem":
        return {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    if scheme == "file":
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": unquote(parsed.path),
        }
    if scheme in {"smtp", "smtps"}:
        query = parse_qs(parsed.query)
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": parsed.hostname or "localhost",
            "EMAIL_PORT": parsed.port or (465 if scheme == "smtps" else 25),
            "EMAIL_HOST_USER": unquote(parsed.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(parsed.password or ""),
            "EMAIL_USE_SSL": scheme == "smtps",
            "EMAIL_USE_TLS": query.get("tls", ["0"])[0] in {"1", "true"},
            "EMAIL_TIMEOUT": 10,
        }
    raise ValueError(f"Unsupported EMAIL_URL scheme: {scheme!r}")


# Not env.email_url(): django-environ names the schemes differently (consolemail://, filemail://)
# and reads smtps:// as STARTTLS, so EMAIL_URL keeps its own small translator (docs/decisions.md).
# None when EMAIL_URL is not set (test.py gives a real test worker the URL it was started with).
EMAIL_URL_FROM_ENV: str | None = env.str("EMAIL_URL", default=None)
EMAIL_URL = EMAIL_URL_FROM_ENV or f"file://{VAR_DIR / 'emails'}"
globals().update(email_settings_from_url(EMAIL_URL))
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Public participation community <hello@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security (secure by default; dev.py relaxes) ---------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Reverse proxies in front of gunicorn that append to X-Forwarded-For (0 = none): per-address rate
# limits then use the address the outermost proxy saw (core/http.py).
# allauth asks community.adapters.AccountAdapter.get_client_ip, which uses the same function.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
RATELIMIT_IP_META_KEY = "core.http.client_ip"
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "core.errors.csrf_failure"  # the site's 403 page (templates/403.html)
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS: list[str] = []

# Content Security Policy (django-csp 4): everything from this origin, no inline script or style.
# Wagtail's admin needs inline styles and scripts, so /admin/ is excluded from the policy
# (it is only reachable by signed-in staff); see docs/decisions.md.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/django-admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *MEDIA_ORIGINS],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

# --- Logging: structured JSON to stdout -------------------------------------------------------
# Every line carries request_id: the request's reference (X-Request-ID, shown on the 500 page) or
# the Celery task's id, "-" outside both (core/request_id.py).
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "core.request_id.RequestIdFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_id"],
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Only the JSON line (root): not Django's default plain console and mail_admins handlers.
        "django": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
        "django.db.backends": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},  # Wagtail's background search-index tasks
        "celery": {"level": LOG_LEVEL},
    },
}

# --- Errors reach a person: Sentry, else e-mail to ADMINS --------------------------------------
# SENTRY_DSN set: unhandled exceptions in views and tasks go to Sentry with members' personal data
# scrubbed (core/sentry.py). Unset: nothing is sent anywhere, and every 500 is e-mailed to ADMINS
# ("Name <address>" or "address", comma-separated) when there are any.
SENTRY_DSN = env.str("SENTRY_DSN", default=None)
SENTRY_ENVIRONMENT = env.str("SENTRY_ENVIRONMENT", default=None) or None
SENTRY_RELEASE = env.str("SENTRY_RELEASE", default=None) or None
SENTRY_TRACES_SAMPLE_RATE = env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0)


def admins_from_env(value: list[str]) -> list[tuple[str, str]]:
    """["Ops <ops@example.org>", "dev@example.org"] -> [(name, address), ...]"""
    admins = []
    for item in value:
        name, address = parseaddr(item)
        if address and "@" in address:
            admins.append((name or address, address))
    return admins


ADMINS = admins_from_env(env.list("ADMINS", cast=str.strip, default=[]))
MANAGERS: list[tuple[str, str]] = []
if SENTRY_DSN:
    sentry_init(
        dsn=SENTRY_DSN,
        environment=SENTRY_ENVIRONMENT,
        release=SENTRY_RELEASE,
        traces_sample_rate=SENTRY_TRACES_SAMPLE_RATE,
    )
elif ADMINS:
    LOGGING["handlers"]["mail_admins"] = {
        "class": "django.utils.log.AdminEmailHandler",
        "level": "ERROR",
        "filters": ["require_debug_false", "request_id"],
        "include_html": False,
    }
    LOGGING["loggers"]["django"]["handlers"] = ["mail_admins"]  # 500s (django.request)

# Events: how many months of each meeting series the daily task keeps materialised.
EVENTS_GENERATE_MONTHS = 6

# Benchmarks (docs/performance.md): route the bare view /bench/bare/. Only bench/run.py's server.
BENCH_BARE_VIEW = env.bool("BENCH_BARE_VIEW", default=False)

# --- Reminders (events.reminders; see docs/reminders.md) ------------------------------------------
# A reminder more than this late (the worker was down) is recorded as skipped, not sent.
REMINDER_GRACE_MINUTES = env.int("REMINDER_GRACE_MINUTES", default=360)
# A pending reminder whose send task has not run after this long is queued again by the scanner.
REMINDER_REQUEUE_AFTER_SECONDS = env.int("REMINDER_REQUEUE_AFTER_SECONDS", default=600)
# A reminder left "sending" this long (its worker died mid-send) is retried: longer than the send
# task's hard time limit (40 s, community/email_delivery.py), so a slow send that is still running
# is never doubled; short enough that, with the scanner every minute, a crashed send goes out
# again within 2 minutes (50 + 60 s at worst; docs/reminders.md).
REMINDER_SENDING_LEASE_SECONDS = env.int("REMINDER_SENDING_LEASE_SECONDS", default=50)
# The one retry policy for e-mail to members (community/email_delivery.py): transient
# SMTP/network errors are retried this many times, 30 s, 60 s, 120 s ... with full jitter.
EMAIL_RETRY_MAX = 5
EMAIL_RETRY_BACKOFF_SECONDS = 30
EMAIL_RETRY_BACKOFF_MAX_SECONDS = 900
REMINDER_MAX_RETRIES = EMAIL_RETRY_MAX  # then the reminder or digest row is marked failed
# A scan that records this many rows refreshes PostgreSQL's statistics of the ledger (ANALYZE).
REMINDER_ANALYZE_AFTER_ROWS = 5000
REMINDER_SCANNER_STALE_SECONDS = 300  # /healthz reports the scanner down after this

# --- Demo content and tests -------------------------------------------------------------------
# Password of the demo accounts load_demo_content creates (community/demo.py; local use only).
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="participate-demo-2025")
# Set to 1 by tests/celery_support.py for the real Celery workers some tests start (test.py).
PARTICIPATION_TEST_WORKER = env.bool("PARTICIPATION_TEST_WORKER", default=False)
