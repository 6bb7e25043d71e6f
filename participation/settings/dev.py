"""Local development: the embedded default (SQLite, filesystem broker, e-mails to files)."""

from .base import *  # noqa: F403
from .base import (
    CONTENT_SECURITY_POLICY,
    DEBUG_FROM_ENV,
    INSTALLED_APPS,
    MIDDLEWARE,
    PAGE_CACHE_SECONDS_FROM_ENV,
    SECRET_KEY,
    STORAGES,
    VAR_DIR,
)

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

# django-debug-toolbar: here only, never in production or test settings (tests/ops/
# test_settings_ops.py). Shown to requests from this machine while DEBUG is on; its URLs are
# mounted only when it is installed (participation/urls.py). Its panels load their scripts and
# styles from /static/ with the CSP nonce, and their pages under /__debug__/ are left out of the
# policy like the admin's.
INSTALLED_APPS = [*INSTALLED_APPS, "debug_toolbar"]
# Early, but after the request id, so the toolbar's own requests get one too.
MIDDLEWARE = [MIDDLEWARE[0], "debug_toolbar.middleware.DebugToolbarMiddleware", *MIDDLEWARE[1:]]
INTERNAL_IPS = ["127.0.0.1", "::1"]
# Collapsed to its handle until asked for: `make run` is also how people first see the site, and
# the open toolbar covered half of every page at 390 px.
DEBUG_TOOLBAR_CONFIG = {"SHOW_COLLAPSED": True}
CONTENT_SECURITY_POLICY = {
    **CONTENT_SECURITY_POLICY,
    "EXCLUDE_URL_PREFIXES": [*CONTENT_SECURITY_POLICY["EXCLUDE_URL_PREFIXES"], "/__debug__/"],
}
