"""Rules for the permission matrix (tests/test_permission_matrix.py).

Each app lists its non-public URLs in tests/<app>/permission_rules.py as

    RULES = [
        Rule("events:organise", expect={"anonymous": LOGIN, "member": 403, "pending": 403,
                                         "organiser": 200, "editor": 403, "admin": 200}),
        Rule("events:attendees_csv", kwargs=lambda objs: {"pk": objs.meeting().pk}, ...),
        Rule("community:account", method="post", data={...}, expect={...}),
    ]

Roles: anonymous, member (approved), pending (awaiting approval), organiser, editor, admin.
Expected values: an HTTP status (200, 403, 404, 405...) or LOGIN (a redirect to the log-in page).
``kwargs`` receives the matrix's object factory so URLs can point at real objects, including
objects owned by another member ("forged IDs"). Every URL name the resolver knows must have a Rule
or be listed in PUBLIC_URLS of its app's permission_rules.py; an unlisted URL fails the test.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

LOGIN = "login"
ROLES = ("anonymous", "member", "pending", "organiser", "editor", "admin")


@dataclass(frozen=True)
class Rule:
    url_name: str
    expect: dict[str, int | str]
    kwargs: Callable[[Any], dict] | None = None
    method: str = "get"
    data: dict = field(default_factory=dict)


# --- The object factory handed to Rule.kwargs ----------------------------------------------------
#
# ``Rule(..., kwargs=lambda objs: {"pk": objs.other_member().pk})``: ``objs`` makes the objects a
# URL points at. Each factory runs at most once per test (later calls return the same object), so
# one Rule can use an object in its kwargs and its data. ``objs.user()`` is the signed-in user of
# the role under test (None for anonymous), for "my own" objects; ``objs.role`` names the role.
#
# Community's factories: other_member() (approved, public profile), members_only_member(),
# hidden_member() (profiles with those visibilities), pending_member() (awaiting approval),
# member_profile() (other_member's profile).
#
# Other apps add their own in their tests/<app>/permission_rules.py:
#
#     from tests.permissions import object_factory
#
#     @object_factory
#     def meeting(objs):
#         return MeetingFactory()
#
# and then use ``objs.meeting()``. Names are global: prefix them with your app if in doubt.

_object_factories: dict[str, Callable[[Any], Any]] = {}


def object_factory(function: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Register ``function(objs)`` as ``objs.<function name>()``."""
    _object_factories[function.__name__] = function
    return function


class Objects:
    """The ``objs`` passed to Rule.kwargs; built once per (rule, role) test."""

    def __init__(self, *, role: str, role_user=None):
        self.role = role
        self._role_user = role_user
        self._made: dict[str, Any] = {}

    def user(self):
        return self._role_user

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        factory = _object_factories.get(name)
        if factory is None:
            raise AttributeError(
                f"objs.{name}() is not a registered object factory: add one with "
                "@tests.permissions.object_factory in your app's permission_rules.py"
            )

        def make():
            if name not in self._made:
                self._made[name] = factory(self)
            return self._made[name]

        return make


def _profiled_member(visibility: str, **user_fields):
    from tests.factories.users import MemberProfileFactory, UserFactory

    return MemberProfileFactory(user=UserFactory(**user_fields), visibility=visibility).user


@object_factory
def other_member(objs):
    return _profiled_member("public", name="Other Member")


@object_factory
def members_only_member(objs):
    return _profiled_member("members", name="Members Only")


@object_factory
def hidden_member(objs):
    return _profiled_member("hidden", name="Hidden Member")


@object_factory
def pending_member(objs):
    return _profiled_member("public", name="Pending Member", approval_status="pending")


@object_factory
def member_profile(objs):
    return objs.other_member().profile


def assert_site_403_page(response, where: str) -> None:
    """Every refusal is the site's 403 page (templates/403.html): in the site's layout, with the
    "What you can do" section, never Django's bare "403 Forbidden"."""
    body = response.content.decode()
    assert '<main id="main-content"' in body, f"{where}: the 403 is not in the site's layout"
    assert 'id="forbidden-next-steps"' in body and "What you can do" in body, (
        f"{where}: the 403 does not render the site's 403 page (templates/403.html)"
    )
