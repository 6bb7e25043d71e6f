"""Test settings. DATABASE_URL / REDIS_URL from the environment select PostgreSQL and Redis;
without them tests run on SQLite and local memory, and service-marked tests skip (fail under CI)."""

from .base import *  # noqa: F403
from .base import (
    CELERY_BROKER_URL,
    EMAIL_URL_FROM_ENV,
    PARTICIPATION_TEST_WORKER,
    VAR_DIR,
    email_settings_from_url,
)

SECRET_KEY = "test-only-secret-key"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["*"]
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
SITE_URL = "http://testserver"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
EMAIL_FILE_PATH = None
WHITENOISE_AUTOREFRESH = True  # serve from finders; no collectstatic needed in tests
WHITENOISE_USE_FINDERS = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast; tests only
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tasks run in-process unless a test starts a real worker (tests/celery_support.py), which
# runs with PARTICIPATION_TEST_WORKER=1: real broker, and e-mail to the EMAIL_URL it is given.
TEST_WORKER = PARTICIPATION_TEST_WORKER
CELERY_TASK_ALWAYS_EAGER = not TEST_WORKER
CELERY_TASK_EAGER_PROPAGATES = True
if TEST_WORKER and EMAIL_URL_FROM_ENV:
    globals().update(email_settings_from_url(EMAIL_URL_FROM_ENV))
# Local memory cache always: rate-limit counters and cached fragments never leak between tests
# (or between parallel runs sharing one Redis).
# The rate-limit cache shares the default's local store (same LOCATION, its own key prefix), so
# a test's cache.clear() resets rate limits as well.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "ratelimit": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "KEY_PREFIX": "ratelimit",
    },
}
# Sessions through the cache whether or not REDIS_URL is set (one process: as production's
# shared cache), so query counts do not depend on the environment.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# No page cache unless a test switches it on (tests/participation/test_page_cache.py): a cached
# page must never leak from one test into another.
PAGE_CACHE_SECONDS = 0
VAR_DIR = VAR_DIR / "test"
if CELERY_BROKER_URL == "filesystem://":
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(VAR_DIR / "celery" / "queue"),
        "data_folder_out": str(VAR_DIR / "celery" / "queue"),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        "control_folder": str(VAR_DIR / "celery" / "control"),
        "store_processed": False,
    }
    for _folder in ("queue", "processed", "control"):
        (VAR_DIR / "celery" / _folder).mkdir(parents=True, exist_ok=True)
