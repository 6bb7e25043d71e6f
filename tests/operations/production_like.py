"""Settings of the scale-out test's processes: the production settings as they are, except that
whitenoise serves static files from the project's folders (no collectstatic output in the
checkout; production builds it into the image), and the cache keys carry the test run's own
prefix (other tests may share the Redis server)."""

import os

from participation.settings.production import *  # noqa: F403
from participation.settings.production import CACHES, STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
CACHES = {
    **CACHES,
    "default": {**CACHES["default"], "KEY_PREFIX": os.environ["TEST_CACHE_PREFIX"]},
}
