"""Every page type of the demo site, for sweeps that must cover the whole site (layout, HTML
validity, Welsh links...).

``load_demo_site()`` loads the demo content (``manage.py load_demo_content``) plus the few states
the demo does not have (a cancelled meeting, an unconference still taking topics), and
``demo_pages()`` returns one ``DemoPage`` per page type (URL, the role to visit it as, the status
expected), derived from the database and the URLconf rather than hard-coded slugs.

``tests/test_demo_pages.py`` fails when a Wagtail page model or a named public URL is added
without being swept here (or listed in ``NOT_SWEPT`` with the reason).

Roles are the demo accounts (``community/demo.py``): "member" (an approved member), "pending"
(awaiting approval), "organiser", "editor"; "anonymous" is signed out.
"""

import datetime as dt
import io
from dataclasses import dataclass

from community.demo import (
    DEMO_EDITOR_EMAIL,
    DEMO_MEMBER_EMAIL,
    DEMO_ORGANISER_EMAIL,
    DEMO_PASSWORD,
    DEMO_PENDING_EMAIL,
)

ROLE_EMAILS = {
    "member": DEMO_MEMBER_EMAIL,
    "pending": DEMO_PENDING_EMAIL,
    "organiser": DEMO_ORGANISER_EMAIL,
    "editor": DEMO_EDITOR_EMAIL,
}
ROLES = ("anonymous", "member", "pending", "organiser", "editor")
PASSWORD = DEMO_PASSWORD

# Named URLs not swept, with the reason. Everything else named in the URLconf must be visited.
MACHINE = "machine endpoint (not an HTML page)"
POST_ONLY = "accepts POST only; its result page is swept"
NOT_SWEPT = {
    "sitemap": MACHINE,
    "healthz": MACHINE,
    "robots_txt": MACHINE,
    "switch_language": POST_ONLY,
    "updates_feed": MACHINE,
    "casestudies:feed": MACHINE,
    "casestudies:data_csv": MACHINE,
    "casestudies:data_json": MACHINE,
    "casestudies:cite_bib": MACHINE,
    "casestudies:cite_ris": MACHINE,
    "casestudies:cite_json": MACHINE,
    "impact:data_csv": MACHINE,
    "impact:data_json": MACHINE,
    "impact:chart": "an SVG image of the dashboard (its page is swept)",
    "community:data_export": MACHINE,
    "community:member_search": MACHINE,  # the people picker's JSON suggestions
    "community:unsubscribe": "needs a signed token from an e-mail; swept by tests/community",
    "community:approval_decision": POST_ONLY,
    "community:email_preferences": POST_ONLY,
    "events:attendance": POST_ONLY,
    "events:message_attendees": POST_ONLY,
    "events:move": POST_ONLY,
    "unconferences:session_notes": POST_ONLY,
    "unconferences:session_case_study": POST_ONLY,
    "events:calendar_public": MACHINE,
    "events:calendar_personal": MACHINE,
    "events:meeting_ics": MACHINE,
    "events:attendees_csv": MACHINE,
    "events:feed_token": POST_ONLY,
    "events:register": POST_ONLY,
    "events:cancel_registration": POST_ONLY,
    "reminders:requeue_failed": POST_ONLY,
    "guidance:feedback": POST_ONLY,
    "guidance:adoption_case_study": POST_ONLY,
    "unconferences:schedule_ics": MACHINE,
    "unconferences:my_sessions_ics": MACHINE,
    "unconferences:organise_registrations_csv": MACHINE,
    "unconferences:organise_schedule_run": POST_ONLY,
    "unconferences:organise_publish": (
        "its confirmation page needs a changed working schedule (the demo's is published); "
        "swept by tests/unconferences/test_confirmations.py"
    ),
    "unconferences:organise_place": POST_ONLY,
    "unconferences:organise_phase": POST_ONLY,  # its confirmation: tests/browser console journey
    "unconferences:topics_bulk": POST_ONLY,
    "unconferences:board_topics_bulk": POST_ONLY,
    "unconferences:topic_withdraw": POST_ONLY,
    "unconferences:board_topic_withdraw": POST_ONLY,
    "account_logout": POST_ONLY,
    "account_confirm_email": "needs a key from an e-mail; the 'check your e-mail' page is swept",
    "account_reset_password_from_key": "needs a key from an e-mail",
    "account_reset_password_from_key_done": "only reached after a reset with a key",
    "account_confirm_login_code": "only reached after asking for a code",
    "account_reauthenticate": "allauth's re-authentication step, reached from other flows",
    "account_inactive": "only reached by an inactive account",
    "account_set_password": "only for accounts without a password (none in the demo)",
    "wagtailcore_authenticate_with_password": "private pages: none in the demo",
    "wagtailcore_login": "Wagtail's private-page log-in: none in the demo",
}
# Namespaces and prefixes of the URLconf that are not the public site.
NOT_PUBLIC_PREFIXES = ("admin/", "django-admin/", "documents/", "bench/")


@dataclass(frozen=True)
class DemoPage:
    url: str
    role: str = "anonymous"
    status: int = 200
    kind: str = ""  # the Wagtail page model (app_label.Model) for pages of the tree


def load_demo_site() -> None:
    """Load the demo content (the page tree must exist: use the ``home_page`` fixture) and add
    the states the demo lacks: a cancelled meeting and an unconference taking topics."""
    from django.core.management import call_command
    from django.utils import timezone

    from events.enums import MeetingKind, MeetingMode, MeetingStatus
    from events.models import Meeting

    call_command("load_demo_content", stdout=io.StringIO())
    start = (timezone.now() + dt.timedelta(days=20)).replace(
        hour=14, minute=0, second=0, microsecond=0
    )
    Meeting.objects.get_or_create(
        slug="demo-cancelled-meeting",
        defaults={
            "title": "Community meeting (cancelled)",
            "kind": MeetingKind.COMMUNITY_MEETING,
            "agenda": "Cancelled: the next meeting is the following month.",
            "mode": MeetingMode.ONLINE,
            "join_url": "https://meet.example.org/demo",
            "starts_at": start,
            "ends_at": start + dt.timedelta(minutes=75),
            "status": MeetingStatus.CANCELLED,
        },
    )
    _open_unconference()


def _open_unconference() -> None:
    """Two unconferences in the phases the demo's (closed) one has passed: taking topics, with
    a topic the demo member proposed, and voting; the demo member is registered for both."""
    from community.models import User
    from events.unconferences.enums import Phase
    from events.unconferences.models import Unconference
    from tests.factories.unconferences import (
        RegistrationFactory,
        TopicFactory,
        UnconferenceFactory,
        board_for,
    )

    member = User.objects.get(email=ROLE_EMAILS["member"])
    for slug, title, phase in (
        ("demo-unconference-topics", "Unconference 2027", Phase.TOPICS_OPEN),
        ("demo-unconference-voting", "Unconference 2026", Phase.VOTING),
    ):
        if Unconference.objects.filter(slug=slug).exists():
            continue
        unconference = UnconferenceFactory(slug=slug, title=title, phase=phase)
        RegistrationFactory(unconference=unconference, user=member)
        TopicFactory(
            board=board_for(unconference),
            proposer=member,
            title="Paying people for their time on citizens' panels",
        )


def _tree_pages() -> list[DemoPage]:
    """One live page of every Wagtail page model, in each locale that has one."""
    from wagtail.models import Page

    pages = []
    seen = set()
    for page in Page.objects.live().specific().order_by("path"):
        if page.depth < 2:
            continue
        key = (page._meta.label, page.locale.language_code)
        if key in seen:
            continue
        seen.add(key)
        pages.append(DemoPage(page.url, kind=page._meta.label))
    return pages


def demo_pages() -> list[DemoPage]:
    """Every page type of the demo (call after ``load_demo_site()``)."""
    from django.urls import reverse

    from casestudies.models import CaseStudyPage, Method
    from community.models import User
    from events.enums import MeetingStatus
    from events.models import Meeting
    from events.unconferences.enums import Phase
    from events.unconferences.models import Session, Topic, TopicBoard, Unconference
    from guidance.models import AdoptionReport, GuidePage
    from guidance.selectors import adoption_public_reports
    from impact.organisations import organisations_public

    pages = _tree_pages()
    now = dt.datetime.now(dt.UTC)
    case_study = CaseStudyPage.objects.live().order_by("path").first()
    guide = GuidePage.objects.live().filter(locale__language_code="en-gb").first()
    sector = case_study.sector if hasattr(case_study, "sector") else ""
    method = Method.objects.order_by("pk").first()
    member = User.objects.get(email=ROLE_EMAILS["member"])
    upcoming = Meeting.objects.filter(starts_at__gt=now, status=MeetingStatus.SCHEDULED).order_by(
        "starts_at"
    )
    past = Meeting.objects.filter(starts_at__lt=now, status=MeetingStatus.SCHEDULED)
    moved = Meeting.objects.filter(status=MeetingStatus.MOVED).order_by("-starts_at")
    cancelled = Meeting.objects.filter(status=MeetingStatus.CANCELLED)
    meetings = [qs.first() for qs in (upcoming, past.order_by("-starts_at"), moved, cancelled)]
    closed = Unconference.objects.filter(phase=Phase.CLOSED).first()
    # One unconference in each phase the demo has (plus load_demo_site's topics and voting).
    unconferences = {u.phase: u for u in Unconference.objects.order_by("-pk")}
    session = Session.objects.filter(topic__board__unconference=closed).first()
    board = TopicBoard.objects.filter(unconference__isnull=True).first()
    board_topic = Topic.objects.filter(board=board).first()
    unconf_topic = Topic.objects.filter(board__unconference=closed).first()
    own_topic = Topic.objects.filter(board=board, proposer=member).first()
    # The organisation with the most to show: one named in a public adoption report.
    named = adoption_public_reports().filter(may_name=True).order_by("pk").first()
    own_report = AdoptionReport.objects.filter(member=member).order_by("pk").first()
    organisation = named.organisation if named else organisations_public().order_by("name").first()

    pages += [
        DemoPage("/case-studies/?q=data"),
        DemoPage(f"/case-studies/?sector={sector}&sort=title"),
        DemoPage("/case-studies/?page=2"),
        DemoPage("/case-studies/?q=zzqxvnothing"),
        DemoPage(f"{case_study.url}"),
        DemoPage(reverse("casestudies:data_dictionary")),
        DemoPage(reverse("casestudies:method_list")),
        DemoPage(reverse("casestudies:method_detail", kwargs={"slug": method.slug})),
        DemoPage(reverse("casestudies:suggest"), role="member"),
        DemoPage(f"{guide.url}print/"),
        DemoPage(reverse("guidance:feedback_thanks", kwargs={"page_id": guide.pk})),
        # Adoption reports (issue 21): the report form (the guide's use/ route), the member's
        # reports and one of them, the organisers' list and one report to review.
        DemoPage(f"{guide.url}use/", role="member"),
        DemoPage(f"{guide.url}use/", role="pending", status=403),
        DemoPage(reverse("guidance:adoption_mine"), role="member"),
        DemoPage(reverse("guidance:adoption_update", kwargs={"pk": own_report.pk}), role="member"),
        DemoPage(reverse("guidance:adoption_review_list"), role="organiser"),
        DemoPage(
            reverse("guidance:adoption_review", kwargs={"pk": own_report.pk}), role="organiser"
        ),
        DemoPage("/search/"),
        DemoPage("/search/?q=data"),
        DemoPage("/search/?q=zzqxvnothing"),
        DemoPage("/no-such-page/", status=404),
        DemoPage(reverse("events:organise"), role="member", status=403),
        DemoPage(reverse("account_login")),
        DemoPage(reverse("account_signup")),
        DemoPage(reverse("account_reset_password")),
        DemoPage(reverse("account_reset_password_done")),
        DemoPage(reverse("account_request_login_code")),
        DemoPage(reverse("account_email_verification_sent")),
        DemoPage(reverse("community:code_of_conduct")),
        DemoPage(reverse("community:account"), role="member"),
        DemoPage(reverse("community:welcome"), role="member"),
        DemoPage(reverse("community:welcome"), role="pending"),
        DemoPage(reverse("account_email"), role="member"),
        DemoPage(reverse("account_change_password"), role="member"),
        DemoPage(reverse("community:account_delete"), role="member"),
        DemoPage(reverse("community:directory"), role="member"),
        DemoPage(reverse("community:directory") + "?q=aisha", role="member"),
        DemoPage(reverse("community:member_detail", kwargs={"pk": member.pk}), role="member"),
        DemoPage("/", role="pending"),
        DemoPage(reverse("community:approvals"), role="organiser"),
        DemoPage(reverse("events:meeting_list")),
        DemoPage(reverse("events:meeting_list") + "?when=past"),
        *[
            DemoPage(reverse("events:meeting_detail", kwargs={"slug": m.slug}))
            for m in meetings
            if m is not None
        ],
        DemoPage(
            reverse("events:meeting_detail", kwargs={"slug": upcoming.first().slug}), role="member"
        ),
        DemoPage(reverse("events:organise"), role="organiser"),
        DemoPage("/", role="organiser"),
        DemoPage(reverse("reminders:organise"), role="organiser"),
        DemoPage(reverse("unconferences:list")),
        DemoPage(reverse("impact:organisation_list")),
        DemoPage(reverse("impact:organisation_list") + "?kind=local_authority&kind=regulator"),
        DemoPage(organisation.get_absolute_url()),
        DemoPage(organisation.get_absolute_url(), role="member"),
        DemoPage(reverse("impact:dashboard")),
    ]
    slug = {"slug": upcoming.first().slug}
    for name in ("organise_meeting", "cancel"):
        pages.append(DemoPage(reverse(f"events:{name}", kwargs=slug), role="organiser"))
    pages.append(
        DemoPage(
            reverse("reminders:organise_meeting", kwargs={"pk": upcoming.first().pk}),
            role="organiser",
        )
    )
    for phase, unconference in unconferences.items():
        slug = {"slug": unconference.slug}
        for name in ("detail", "topics", "schedule", "changes"):
            pages.append(DemoPage(reverse(f"unconferences:{name}", kwargs=slug)))
        pages.append(DemoPage(reverse("unconferences:register", kwargs=slug), role="member"))
        for name in ("organise", "organise_grid", "organise_registrations", "topics_organise"):
            pages.append(DemoPage(reverse(f"unconferences:{name}", kwargs=slug), role="organiser"))
        if phase == Phase.TOPICS_OPEN:
            pages.append(DemoPage(reverse("unconferences:topic_propose", kwargs=slug), "member"))
            own = Topic.objects.filter(board__unconference=unconference, proposer=member).first()
            pk = {"slug": unconference.slug, "pk": own.pk}
            pages.append(DemoPage(reverse("unconferences:topic_edit", kwargs=pk), "member"))
        if phase == Phase.VOTING:
            pages.append(DemoPage(reverse("unconferences:vote", kwargs=slug), role="member"))
    slug = {"slug": closed.slug}
    if session is not None:
        topic = {"slug": closed.slug, "topic_id": session.topic_id}
        pages.append(DemoPage(reverse("unconferences:session", kwargs=topic)))
        pages.append(DemoPage(reverse("unconferences:session", kwargs=topic), role="member"))
        pages.append(
            DemoPage(reverse("unconferences:session_notes_history", kwargs=topic), role="member")
        )
        pages.append(
            DemoPage(reverse("unconferences:organise_session", kwargs=topic), role="organiser")
        )
    if unconf_topic is not None:
        pk = {"slug": closed.slug, "pk": unconf_topic.pk}
        pages.append(DemoPage(reverse("unconferences:topic_moderate", kwargs=pk), role="organiser"))
    slug = {"slug": board.slug}
    pages += [
        DemoPage(reverse("unconferences:board_topics", kwargs=slug)),
        DemoPage(reverse("unconferences:board_topics", kwargs=slug), role="member"),
        DemoPage(reverse("unconferences:board_topic_propose", kwargs=slug), role="member"),
        DemoPage(reverse("unconferences:board_vote", kwargs=slug), role="member"),
        DemoPage(reverse("unconferences:board_topics_organise", kwargs=slug), role="organiser"),
    ]
    if board_topic is not None:
        pk = {"slug": board.slug, "pk": board_topic.pk}
        pages.append(
            DemoPage(reverse("unconferences:board_topic_moderate", kwargs=pk), role="organiser")
        )
    editable = own_topic or board_topic
    if editable is not None:
        pk = {"slug": board.slug, "pk": editable.pk}
        role = "member" if own_topic else "organiser"
        # A moderated topic (the demo's is taken up by a meeting) can no longer be edited: the
        # page says so (403) instead of offering a form that can only fail.
        status = 200 if editable.status == "proposed" else 403
        pages.append(
            DemoPage(reverse("unconferences:board_topic_edit", kwargs=pk), role=role, status=status)
        )
    # Welsh versions of the main pages (Wagtail's Welsh pages come from the tree above).
    pages += [
        DemoPage("/cy" + url)
        for url in (
            "/case-studies/",
            case_study.url,
            guide.url,
            "/events/",
            reverse("events:meeting_detail", kwargs={"slug": upcoming.first().slug}),
            "/search/?q=data",
            "/accounts/login/",
            "/accounts/signup/",
            reverse("unconferences:detail", kwargs={"slug": closed.slug}),
            "/organisations/",
            organisation.get_absolute_url(),
            "/impact/",
        )
    ]
    pages.append(DemoPage("/cy/members/", role="member"))
    pages.append(DemoPage("/cy/no-such-page/", status=404))
    return _dedupe(pages)


def _dedupe(pages: list[DemoPage]) -> list[DemoPage]:
    seen = set()
    result = []
    for page in pages:
        key = (page.url, page.role)
        if key not in seen:
            seen.add(key)
            result.append(page)
    return result


def by_role(pages: list[DemoPage]) -> dict[str, list[DemoPage]]:
    grouped: dict[str, list[DemoPage]] = {role: [] for role in ROLES}
    for page in pages:
        grouped[page.role].append(page)
    return grouped
