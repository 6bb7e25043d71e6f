"""Permission rules for guidance URLs (read by the matrix test; see tests/permissions.py).

Guide, chapter and index pages are Wagtail pages served by the catch-all (not named); the print
view is a RoutablePageMixin sub-URL of each guide (``/guidance/<guide>/print/``), public, and
tested in tests/guidance/test_reading.py. Reader feedback is public by design (anonymous allowed,
rate-limited). Reading feedback in the admin is for the Editors and Moderators groups and
superusers only (migration guidance 0002); signed-in people without admin access get the site's
403 page, visitors are sent to log in, organisers (admin access) back to the admin.
"""

from tests.permissions import LOGIN, Rule

# Anyone may read guidance and leave feedback.
PUBLIC_URLS = ["guidance:feedback", "guidance:feedback_thanks"]

_VIEW = {
    "anonymous": LOGIN,
    "member": 403,  # signed in without admin access: the site's 403 page (no log-in loop)
    "pending": 403,
    "organiser": 302,  # admin access but no feedback permission: back to the dashboard
    "editor": 200,
    "admin": 200,
}
_CHANGE = {**_VIEW, "editor": 302}  # editors view; only superusers edit/redact or delete


def _feedback_pk(objs=None) -> dict:
    """A feedback row on a live guide (the guide tree is built here, independent of objs)."""
    from tests.factories import guidance as g
    from tests.factories.pages import build_site

    index = g.guidance_index(home=build_site())
    guide = g.guide_page(index=index)
    return {"pk": g.feedback(guide=guide, comment="Matrix").pk}


# The project matrix covers the apps' own namespaces; guidance has no non-public named URL
# there. Its admin views (Wagtail's admin is outside the matrix) are checked role by role in
# tests/guidance/test_permission_rules.py with the same format.
RULES: list[Rule] = []

ADMIN_RULES = [
    Rule("guide_feedback_summary:index", expect=_VIEW),
    Rule("guide_feedback:index", expect=_VIEW),
    Rule("guide_feedback:index_results", expect=_VIEW),
    Rule("guide_feedback:inspect", kwargs=_feedback_pk, expect=_VIEW),
    Rule("guide_feedback:add", expect=_CHANGE),
    Rule("guide_feedback:edit", kwargs=_feedback_pk, expect=_CHANGE),
    Rule("guide_feedback:delete", kwargs=_feedback_pk, expect=_CHANGE),
    Rule("guide_feedback:history", kwargs=_feedback_pk, expect=_CHANGE),
    Rule("guide_feedback:history_results", kwargs=_feedback_pk, expect=_CHANGE),
    Rule("guide_feedback:usage", kwargs=_feedback_pk, expect=_CHANGE),
]
