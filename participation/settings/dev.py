"""Local development: the embedded default (SQLite, filesystem broker, e-mails to files)."""

from .base import *  # noqa: F403
from .base import DEBUG_FROM_ENV, PAGE_CACHE_SECONDS_FROM_ENV, SECRET_KEY, STORAGES, VAR_DIR

# On unless DEBUG is set (base.py reads every variable).
DEBUG = DEBUG_FROM_ENV if DEBUG_FROM_ENV is not None else True
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-never-use-in-production"
ALLOWED_HOSTS = ["*"]
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
STORAGES = {
    **STORAGES,  # media: the local disk, or the bucket with MEDIA_STORAGE=s3 (base.py)
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Off unless asked for: template and code edits show at once (core/page_cache.py).
PAGE_CACHE_SECONDS = PAGE_CACHE_SECONDS_FROM_ENV or 0
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
VAR_DIR.mkdir(parents=True, exist_ok=True)
for sub in ("celery/queue", "celery/processed", "celery/control", "emails"):
    (VAR_DIR / sub).mkdir(parents=True, exist_ok=True)
