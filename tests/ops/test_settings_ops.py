"""Operations settings read from the environment (participation/settings/): the three Redis
roles, error reporting (Sentry or ADMINS e-mail) and the debug toolbar's place (dev only).

Each probe imports a settings module in a fresh interpreter with exactly the environment given.
"""

import pytest
from django.conf import settings
from django.urls import NoReverseMatch, reverse

from tests.participation.test_settings_env import read_settings

PROBE = r"""
import importlib, json, sys
module = importlib.import_module(sys.argv[1])
import sentry_sdk
values = {name: getattr(module, name, None) for name in sys.argv[2:]}
values["sentry_active"] = sentry_sdk.get_client().is_active() and bool(sentry_sdk.get_client().dsn)
if sys.argv[1].endswith(".dev"):
    import django
    django.setup()
    from django.urls import reverse
    values["toolbar_url"] = reverse("djdt:render_panel")
print(json.dumps(values, default=str))
"""
PRODUCTION = {
    "SECRET_KEY": "p" * 60,
    "ALLOWED_HOSTS": "participation.example.org",
}


def probe(module: str, names: list[str], **environ: str) -> dict:
    return read_settings(module, names, probe_script=PROBE, **environ)


ROLES = ["CACHES", "CELERY_BROKER_URL", "RATELIMIT_USE_CACHE", "PAGE_CACHE_SECONDS"]


def roles(values: dict) -> dict:
    caches = values["CACHES"]
    return {
        "broker": (values["CELERY_BROKER_URL"], None),
        "cache": (caches["default"]["LOCATION"], caches["default"].get("KEY_PREFIX")),
        "ratelimit": (
            caches[values["RATELIMIT_USE_CACHE"]]["LOCATION"],
            caches[values["RATELIMIT_USE_CACHE"]].get("KEY_PREFIX"),
        ),
    }


def test_redis_url_alone_gives_three_roles_kept_apart_by_key_prefix():
    values = probe("production", ROLES, **PRODUCTION, REDIS_URL="redis://redis.internal:6379/0")
    assert roles(values) == {
        "broker": ("redis://redis.internal:6379/0", None),
        "cache": ("redis://redis.internal:6379/0", "cache"),
        "ratelimit": ("redis://redis.internal:6379/0", "ratelimit"),
    }
    assert len(set(roles(values).values())) == 3
    assert values["PAGE_CACHE_SECONDS"] == 600


def test_each_role_can_have_its_own_redis():
    values = probe(
        "production",
        ROLES,
        **PRODUCTION,
        REDIS_URL="redis://redis.internal:6379/0",
        CELERY_BROKER_URL="redis://queue.internal:6379/0",
        CACHE_REDIS_URL="redis://cache.internal:6379/1",
        RATELIMIT_REDIS_URL="redis://queue.internal:6379/2",
    )
    assert roles(values) == {
        "broker": ("redis://queue.internal:6379/0", None),
        "cache": ("redis://cache.internal:6379/1", "cache"),
        "ratelimit": ("redis://queue.internal:6379/2", "ratelimit"),
    }


def test_without_redis_each_role_stays_in_the_process():
    values = probe("base", ROLES)
    assert values["CELERY_BROKER_URL"] == "filesystem://"
    assert {alias: cache["BACKEND"] for alias, cache in values["CACHES"].items()} == {
        "default": "django.core.cache.backends.locmem.LocMemCache",
        "ratelimit": "django.core.cache.backends.locmem.LocMemCache",
    }
    assert values["CACHES"]["default"].get("LOCATION") != values["CACHES"]["ratelimit"]["LOCATION"]


def test_the_test_settings_keep_rate_limits_resettable_by_cache_clear():
    """Tests reset rate limits with cache.clear(): both aliases share one local store."""
    from django.core.cache import cache, caches

    caches["ratelimit"].set("probe", 1)
    cache.clear()
    assert caches["ratelimit"].get("probe") is None
    assert settings.RATELIMIT_USE_CACHE == "ratelimit"


def test_sentry_is_on_only_with_a_dsn_and_admins_get_500s_only_without_one():
    names = ["ADMINS", "LOGGING"]
    admins = "Ops team <ops@example.org>, dev@example.org"
    off = probe("production", names, **PRODUCTION, ADMINS=admins)
    assert off["sentry_active"] is False
    assert off["ADMINS"] == [
        ["Ops team", "ops@example.org"],
        ["dev@example.org", "dev@example.org"],
    ]
    assert off["LOGGING"]["loggers"]["django"]["handlers"] == ["mail_admins"]
    mail = off["LOGGING"]["handlers"]["mail_admins"]
    assert mail["class"] == "django.utils.log.AdminEmailHandler"

    on = probe(
        "production", names, **PRODUCTION, ADMINS=admins, SENTRY_DSN="http://key@127.0.0.1:9/1"
    )
    assert on["sentry_active"] is True
    assert on["LOGGING"]["loggers"]["django"]["handlers"] == []
    assert "mail_admins" not in on["LOGGING"]["handlers"]

    neither = probe("production", names, **PRODUCTION)
    assert neither["sentry_active"] is False and neither["ADMINS"] == []
    assert neither["LOGGING"]["loggers"]["django"]["handlers"] == []


def test_every_log_line_is_json_with_the_request_id():
    values = probe("production", ["LOGGING"], **PRODUCTION)
    console = values["LOGGING"]["handlers"]["console"]
    assert console["filters"] == ["request_id"]
    assert values["LOGGING"]["filters"]["request_id"]["()"] == "core.request_id.RequestIdFilter"
    formatter = values["LOGGING"]["formatters"][console["formatter"]]
    assert formatter["()"] == "pythonjsonlogger.json.JsonFormatter"
    assert "%(request_id)s" in formatter["fmt"]
    assert values["LOGGING"]["root"]["handlers"] == ["console"]


TOOLBAR = "debug_toolbar"
TOOLBAR_MIDDLEWARE = "debug_toolbar.middleware.DebugToolbarMiddleware"
TOOLBAR_NAMES = ["INSTALLED_APPS", "MIDDLEWARE", "CONTENT_SECURITY_POLICY", "INTERNAL_IPS"]


@pytest.mark.parametrize("module", ["production", "test"])
def test_the_debug_toolbar_is_never_in_production_or_test_settings(module):
    values = probe(module, TOOLBAR_NAMES, **PRODUCTION)
    assert TOOLBAR not in values["INSTALLED_APPS"]
    assert TOOLBAR_MIDDLEWARE not in values["MIDDLEWARE"]
    assert "/__debug__/" not in values["CONTENT_SECURITY_POLICY"]["EXCLUDE_URL_PREFIXES"]
    assert not values["INTERNAL_IPS"]


def test_the_debug_toolbar_is_in_dev_settings_with_its_urls(tmp_path):
    values = probe("dev", TOOLBAR_NAMES, VAR_DIR=str(tmp_path / "var"))
    assert TOOLBAR in values["INSTALLED_APPS"]
    middleware = values["MIDDLEWARE"]
    assert middleware.index(TOOLBAR_MIDDLEWARE) == 1  # after the request id, before the rest
    assert middleware[0] == "core.request_id.RequestIdMiddleware"
    assert "/__debug__/" in values["CONTENT_SECURITY_POLICY"]["EXCLUDE_URL_PREFIXES"]
    assert values["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["script-src"] == ["'self'"]
    assert values["INTERNAL_IPS"] == ["127.0.0.1", "::1"]
    assert values["toolbar_url"] == "/__debug__/render_panel/"


def test_the_debug_toolbars_urls_are_not_mounted_under_the_test_settings():
    with pytest.raises(NoReverseMatch):
        reverse("djdt:render_panel")
    assert TOOLBAR not in settings.INSTALLED_APPS
