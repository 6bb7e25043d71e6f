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
