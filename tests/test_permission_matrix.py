"""The permission matrix: every role against every named URL of the project's own apps.

Rules come from tests/<app>/permission_rules.py (RULES and PUBLIC_URLS; format and the ``objs``
object factory in tests/permissions.py). A named URL with neither a Rule nor a PUBLIC_URLS entry
fails ``test_every_named_url_has_a_rule``: add a rule for it in your app's permission_rules.py.

In scope: the namespaced URLs of the project's apps (APP_NAMESPACES) and un-namespaced URLs whose
view is the project's own code (healthz, search...). Out of scope: allauth's URLs (tested through
their own flows in tests/community/test_accounts.py), Wagtail's admin, page serving and documents
(Wagtail's own permission system), and Django's admin. A rule may still name such a URL (for
example an app's Wagtail admin viewset); it only has to exist in the resolver.
"""

import importlib
from pathlib import Path

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.permissions import LOGIN, ROLES, Objects, Rule, assert_site_403_page

APP_NAMESPACES = {
    "community",
    "casestudies",
    "guidance",
    "events",
    "reminders",
    "unconferences",
    "impact",
    "participation",
}
TESTS = Path(__file__).resolve().parent


def load_rule_modules() -> list:
    modules = []
    for path in sorted(TESTS.glob("*/permission_rules.py")):
        modules.append(importlib.import_module(f"tests.{path.parent.name}.permission_rules"))
    return modules


MODULES = load_rule_modules()
RULES: list[Rule] = [rule for module in MODULES for rule in getattr(module, "RULES", [])]
PUBLIC_URLS: set[str] = {name for module in MODULES for name in getattr(module, "PUBLIC_URLS", [])}


def _view_module(pattern: URLPattern) -> str:
    callback = pattern.callback
    return getattr(callback, "view_class", callback).__module__


def all_named_urls(resolver: URLResolver | None = None, namespace: str | None = None):
    """Yield (full name, namespace, view module) for every named URL the resolver knows."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from all_named_urls(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            full = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield full, namespace, _view_module(pattern)


def named_urls() -> set[str]:
    """The URLs the matrix must cover: every name in one of APP_NAMESPACES, plus un-namespaced
    names whose view is the project's own code (e.g. healthz). allauth's, Wagtail's and Django
    admin's names are out of scope (their views live in those packages)."""
    names = set()
    for full, namespace, module in all_named_urls():
        app = namespace.split(":")[0] if namespace else module.split(".")[0]
        if app in APP_NAMESPACES:
            names.add(full)
    return names


def test_every_named_url_has_a_rule():
    covered = {rule.url_name for rule in RULES} | PUBLIC_URLS
    missing = sorted(named_urls() - covered)
    assert not missing, (
        "These URLs have no permission rule. Add a Rule(...) for each to RULES, or its name to "
        "PUBLIC_URLS, in tests/<app>/permission_rules.py (see tests/permissions.py):\n  "
        + "\n  ".join(missing)
    )


def test_every_rule_names_a_real_url():
    known = {full for full, _namespace, _module in all_named_urls()}
    stale = sorted(({rule.url_name for rule in RULES} | PUBLIC_URLS) - known)
    assert not stale, f"Rules for URL names the resolver does not know: {stale}"


def test_every_rule_covers_every_role():
    incomplete = [rule for rule in RULES if set(rule.expect) != set(ROLES)]
    assert not incomplete, f"Rules must give an outcome for each of {ROLES}: {incomplete}"


def make_role_user(role: str):
    from tests.factories.users import (
        MemberProfileFactory,
        UserFactory,
        admin_user,
        editor_user,
        organiser_user,
    )

    if role == "anonymous":
        return None
    user = {
        "member": lambda: UserFactory(name="Role Member"),
        "pending": lambda: UserFactory(name="Role Pending", approval_status="pending"),
        "organiser": lambda: organiser_user(name="Role Organiser"),
        "editor": lambda: editor_user(name="Role Editor"),
        "admin": lambda: admin_user(name="Role Admin"),
    }[role]()
    MemberProfileFactory(user=user, visibility="members")
    return user


def rule_id(rule: Rule) -> str:
    return f"{rule.method.upper()} {rule.url_name}"


CASES = [
    pytest.param(rule, role, id=f"{rule_id(rule)}#{index}-{role}")
    for index, rule in enumerate(RULES)
    for role in ROLES
]


@pytest.mark.django_db
@pytest.mark.parametrize(("rule", "role"), CASES)
def test_permission_matrix(rule: Rule, role: str, home_page):
    from django.core.cache import cache

    cache.clear()
    user = make_role_user(role)
    objs = Objects(role=role, role_user=user)
    kwargs = rule.kwargs(objs) if rule.kwargs else {}
    url = reverse(rule.url_name, kwargs=kwargs)
    client = Client()
    if user is not None:
        client.force_login(user)
    data = rule.data(objs) if callable(rule.data) else rule.data
    response = getattr(client, rule.method)(url, data=data)

    expected = rule.expect[role]
    where = f"{rule.method.upper()} {url} as {role}"
    assert response.status_code != 500, f"{where}: server error"
    if expected == LOGIN:
        assert response.status_code == 302, f"{where}: {response.status_code}, expected log-in"
        login_url = reverse("account_login")
        assert response["Location"].startswith(login_url), f"{where}: -> {response['Location']}"
    else:
        assert response.status_code == expected, (
            f"{where}: got {response.status_code}, expected {expected}"
        )
    if expected == 403:
        assert_site_403_page(response, where)
