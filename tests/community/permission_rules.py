"""Community's URLs in the permission matrix (tests/test_permission_matrix.py)."""

from tests.permissions import LOGIN, Rule

PUBLIC_URLS = ["community:code_of_conduct", "community:directory"]

SIGNED_IN_200 = {
    "anonymous": LOGIN,
    "member": 200,
    "pending": 200,
    "organiser": 200,
    "editor": 200,
    "admin": 200,
}
ORGANISERS_ONLY = {
    "anonymous": LOGIN,
    "member": 403,
    "pending": 403,
    "organiser": 200,
    "editor": 403,
    "admin": 200,
}
EVERYONE = dict.fromkeys(("anonymous", "member", "pending", "organiser", "editor", "admin"))


def everyone(status: int) -> dict:
    return dict.fromkeys(EVERYONE, status)


def signed_in(status: int) -> dict:
    return {**everyone(status), "anonymous": LOGIN}


def unsubscribe_token(objs) -> dict:
    from community.emails import unsubscribe_token as make_token

    return {"token": make_token(user=objs.other_member(), kind="digest")}


RULES = [
    Rule("community:account", expect=SIGNED_IN_200),
    # An empty profile form is refused with errors (400), never saved.
    Rule("community:account", method="post", data={"bio": "x" * 700}, expect=signed_in(400)),
    Rule("community:email_preferences", expect=signed_in(405)),
    Rule(
        "community:email_preferences",
        method="post",
        data={"meeting_reminders": "on", "reminder_offsets": ["60"]},
        expect=signed_in(302),
    ),
    # "Complete your profile" after sign-up (issue 19): any signed-in person, pending included;
    # an empty name is refused with errors (400), never saved.
    Rule("community:welcome", expect=SIGNED_IN_200),
    Rule("community:welcome", method="post", data={"name": ""}, expect=signed_in(400)),
    # The people picker's suggestions: signed-in people only (JSON; the visibility rule is
    # swept in tests/community/test_visibility_rule.py).
    Rule("community:member_search", expect=SIGNED_IN_200),
    Rule("community:member_search", data={"q": "Member"}, expect=SIGNED_IN_200),
    Rule("community:data_export", expect=SIGNED_IN_200),
    Rule("community:account_delete", expect=SIGNED_IN_200),
    Rule(
        "community:account_delete",
        method="post",
        data={"confirm_email": "not-mine@example.org"},
        expect=signed_in(400),
    ),
    Rule(
        "community:member_detail",
        kwargs=lambda objs: {"pk": objs.other_member().pk},
        expect=everyone(200),
    ),
    Rule(
        "community:member_detail",
        kwargs=lambda objs: {"pk": objs.members_only_member().pk},
        # Members awaiting approval see only public profiles, like visitors (docs/community.md).
        expect={**everyone(200), "anonymous": 404, "pending": 404},
    ),
    Rule(
        "community:member_detail",
        kwargs=lambda objs: {"pk": objs.hidden_member().pk},
        expect=everyone(404),
    ),
    Rule(
        "community:member_detail",
        kwargs=lambda objs: {"pk": objs.pending_member().pk},
        expect=everyone(404),
    ),
    Rule("community:approvals", expect=ORGANISERS_ONLY),
    Rule(
        "community:approval_decision",
        kwargs=lambda objs: {"pk": objs.pending_member().pk},
        expect=ORGANISERS_ONLY,
    ),
    Rule(
        "community:approval_decision",
        kwargs=lambda objs: {"pk": objs.pending_member().pk},
        method="post",
        data={"decision": "approved"},
        expect={**ORGANISERS_ONLY, "organiser": 302, "admin": 302},
    ),
    # Someone already approved is not in the queue: 404 even for organisers.
    Rule(
        "community:approval_decision",
        kwargs=lambda objs: {"pk": objs.other_member().pk},
        expect={**ORGANISERS_ONLY, "organiser": 404, "admin": 404},
    ),
    # The signed token is the credential: no sign-in needed, and no CSRF token (RFC 8058).
    Rule("community:unsubscribe", kwargs=unsubscribe_token, expect=everyone(200)),
    Rule("community:unsubscribe", kwargs=unsubscribe_token, method="post", expect=everyone(200)),
    Rule(
        "community:unsubscribe",
        kwargs=lambda objs: {"token": "forged:token"},
        method="post",
        expect=everyone(400),
    ),
]
