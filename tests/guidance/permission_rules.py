"""Permission rules for guidance URLs (read by the matrix test; see tests/permissions.py).

Guide, chapter and index pages are Wagtail pages served by the catch-all (not named); the print
view is a RoutablePageMixin sub-URL of each guide (``/guidance/<guide>/print/``), public, and
tested in tests/guidance/test_reading.py. Reader feedback is public by design (anonymous allowed,
rate-limited). Reading feedback in the admin is for the Editors and Moderators groups and
superusers only (migration guidance 0002); signed-in people without admin access get the site's
403 page, visitors are sent to log in, organisers (admin access) back to the admin.
"""

from tests.permissions import LOGIN, Rule, object_factory

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


# Adoption reports (issue 21). The report form itself is the guide's use/ route (a Wagtail
# sub-URL, not a named URL): tests/guidance/test_adoption_reports.py checks it role by role.
def _adoption_report(objs, *, member=None, review="pending"):
    import datetime as dt

    from guidance.models import AdoptionReport
    from tests.factories import guidance as g
    from tests.factories.pages import build_site
    from tests.factories.users import OrganisationFactory

    index = g.guidance_index(home=build_site())
    return AdoptionReport.objects.create(
        guide=g.guide_page(index=index),
        member=member,
        organisation=OrganisationFactory(name="Matrix Borough"),
        stage="piloting",
        purpose="procurement",
        since=dt.date(2025, 1, 1),
        review=review,
    )


@object_factory
def adoption_report_of_other_member(objs):
    return _adoption_report(objs, member=objs.other_member())


@object_factory
def adoption_report_of_mine(objs):
    return _adoption_report(objs, member=objs.user())


_SIGNED_IN = {
    "anonymous": LOGIN,
    "member": 200,
    "pending": 200,
    "organiser": 200,
    "editor": 200,
    "admin": 200,
}
_ORGANISERS = {
    "anonymous": LOGIN,
    "member": 403,
    "pending": 403,
    "organiser": 200,
    "editor": 403,
    "admin": 200,
}

RULES: list[Rule] = [
    Rule("guidance:adoption_mine", expect=_SIGNED_IN),
    Rule(
        "guidance:adoption_update",
        kwargs=lambda objs: {"pk": objs.adoption_report_of_mine().pk},
        expect=_SIGNED_IN,  # their own report (anonymous: a report of nobody's, sent to log in)
    ),
    # Someone else's report (a forged ID): not found for every signed-in role.
    Rule(
        "guidance:adoption_update",
        kwargs=lambda objs: {"pk": objs.adoption_report_of_other_member().pk},
        expect={**dict.fromkeys(_SIGNED_IN, 404), "anonymous": LOGIN},
    ),
    Rule(
        "guidance:adoption_update",
        method="post",
        kwargs=lambda objs: {"pk": objs.adoption_report_of_other_member().pk},
        data={"stage": "adopted"},
        expect={**dict.fromkeys(_SIGNED_IN, 404), "anonymous": LOGIN},
    ),
    Rule("guidance:adoption_review_list", expect=_ORGANISERS),
    Rule(
        "guidance:adoption_review",
        kwargs=lambda objs: {"pk": objs.adoption_report_of_other_member().pk},
        expect=_ORGANISERS,
    ),
    Rule(
        "guidance:adoption_review",
        method="post",
        kwargs=lambda objs: {"pk": objs.adoption_report_of_other_member().pk},
        data={"decision": "declined"},  # no reason: the form says so
        expect={**_ORGANISERS, "organiser": 400, "admin": 400},
    ),
    Rule(
        "guidance:adoption_case_study",
        method="post",
        kwargs=lambda objs: {"pk": objs.adoption_report_of_other_member().pk},
        # a pending report cannot become a case study: back to the report with the reason
        expect={**_ORGANISERS, "organiser": 302, "admin": 302},
    ),
]

ADMIN_RULES = [
    Rule("guide_feedback_summary:index", expect=_VIEW),
    Rule("guide_pilot_feedback:index", expect=_VIEW),
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
