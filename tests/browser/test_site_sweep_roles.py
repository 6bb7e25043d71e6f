"""Accessibility sweep of each role's pages, forms in their error state and empty states
(axe-core WCAG 2.2 A/AA: zero violations; no horizontal scrolling at 320 px and at 640 px,
what a 1280 px window shows at 200% zoom), keyboard journeys (skip link, focus order, visible
focus) and the main journeys with JavaScript disabled.

One browser context per role. Wagtail's admin (where editors moderate case study suggestions)
is out of scope: it is Wagtail's own, separately audited interface.
"""

import datetime as dt
import json
import re
from dataclasses import dataclass

import pytest
from django.core import mail

from community.enums import ApprovalStatus
from events.unconferences.enums import Phase
from guidance.enums import AdoptionPurpose, AdoptionReview, AdoptionStage
from guidance.models import AdoptionReport, AdoptionReportChange
from tests.browser.conftest import axe_violations, login
from tests.factories.casestudies import case_study, library_index
from tests.factories.events import MeetingFactory
from tests.factories.events import organiser as make_organiser
from tests.factories.guidance import guidance_index, guide_page
from tests.factories.unconferences import RegistrationFactory, UnconferenceFactory, board_for
from tests.factories.users import DEFAULT_PASSWORD, OrganisationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@dataclass(frozen=True)
class Step:
    """Visit ``path``; if ``submit`` (a CSS selector of a submit button) is given, submit that
    form with HTML validation off so the server's error state is shown."""

    path: str
    submit: str = ""
    fill: tuple = ()  # (selector, value) pairs typed before submitting


ANONYMOUS = [
    Step("/accounts/login/", submit="main form button[type=submit]"),
    Step("/accounts/signup/"),
    Step(
        "/accounts/signup/",
        submit="main form button[type=submit]",
        fill=(("input[name=email]", "not-an-email"), ("input[name=password1]", "short")),
    ),
    Step("/accounts/password/reset/"),
    Step("/accounts/password/reset/", submit="main form button[type=submit]"),
    Step("/accounts/login/code/"),
    Step("/accounts/confirm-email/"),
    Step("/case-studies/?q=zzqxvnothing"),  # empty state
    Step("/case-studies/suggest/"),
    Step("/events/?kind=unconference"),  # no events of a kind
    Step("/events/?when=past"),
    Step("{meeting}"),  # RSVP refusal for visitors: "sign in to register"
    Step("{guide}", submit=".feedback-form button[type=submit], form[action*=feedback] button"),
    Step("/search/?q=zzqxvnothing"),
    Step("/unconferences/"),
    Step("{unconference}topics/"),
    Step("/cy/"),
    Step("/cy/events/"),
]
MEMBER = [
    Step("/"),
    Step("/account/"),
    Step(
        "/account/",
        submit="form[action='/account/'] button[type=submit], main form button[type=submit]",
        fill=(("input[name=name]", ""),),
    ),
    Step("/members/"),
    Step("/members/?q=zzqxvnothing"),
    Step("{other_member}"),
    Step("/case-studies/suggest/"),
    Step("/case-studies/suggest/", submit="main form button[type=submit]"),
    Step("{unconference}register/"),
    Step("{unconference}topics/propose/"),
    Step("{unconference}topics/propose/", submit="main form button[type=submit]"),
    Step(  # the people picker's error naming the member not found (issue 19 item 9)
        "{unconference}topics/propose/",
        submit="main form button[type=submit]",
        fill=(("input[name=co_facilitators]", "Nobody Called This"),),
    ),
    # "Complete your profile" after sign-up and its error state; allauth's e-mail and password
    # pages, now linked from /account/ (issue 19 items 4 and 5).
    Step("/account/welcome/"),
    Step(
        "/account/welcome/",
        submit="main form button[type=submit]",
        fill=(("input[name=name]", ""),),
    ),
    Step("/accounts/email/"),
    Step("/accounts/email/", submit="main form button[name=action_add]"),
    Step("/accounts/password/change/"),
    Step("/accounts/password/change/", submit="main form button[type=submit]"),
    Step("{unconference}vote/"),
    Step("{meeting}"),
    # Adoption reports (issue 21): the report form, its error state, and "your reports".
    Step("{guide}use/"),
    Step(
        "{guide}use/",
        submit="main form button[type=submit]",
        fill=(("input[name=organisation_name]", ""), ("input[name=since_month]", "13")),
    ),
    Step("/guidance/reports/"),
    Step("/admin/"),  # the site's 403 page (no admin rights)
    Step("/events/organise/"),  # the site's 403 page (not an organiser)
]
PENDING = [
    Step("{meeting}"),  # RSVP refusal: waiting for approval
    Step("/account/"),
    Step("/account/welcome/"),  # "Your membership is waiting for approval"
    Step("{unconference}topics/propose/"),  # a refusal on the site's 403 page
    Step("{guide}use/"),  # adoption reports: the refusal, waiting for approval
]
ORGANISER = [
    Step("/events/organise/"),
    Step("{organise_meeting}"),
    Step("{organise_meeting}", submit="form[action$='message/'] button[type=submit]"),
    Step(  # moving a meeting: the day, month and year boxes in their error state (item 11)
        "{organise_meeting}",
        submit="form[action$='move/'] button[type=submit]",
        fill=(("input[name=date_day]", "31"), ("input[name=date_month]", "2")),
    ),
    Step(  # the message's preview (issue 19 item 6)
        "{organise_meeting}",
        submit="form[action$='message/'] button[type=submit]",
        fill=(("input[name=subject]", "Room change"), ("textarea[name=body]", "Room 2.")),
    ),
    Step("/members/approvals/"),
    Step("/events/organise/reminders/meetings/"),
    Step("{reminders_meeting}"),
    Step("{unconference}organise/"),
    # The organiser console (issue 19 item 7): the phase confirmation, the rooms and slots
    # tables and their error state.
    Step("{unconference}organise/", submit="form.unconf-phase-form button[type=submit]"),
    Step("{unconference}organise/rooms-and-slots/"),
    Step(
        "{unconference}organise/rooms-and-slots/",
        submit="main form.form button[type=submit]",
        fill=(("input[name=rooms-0-capacity]", "0"),),
    ),
    Step("{unconference}topics/organise/"),
    Step("{unconference}organise/registrations/"),
    # Reviewing adoption reports (issue 21): the list, a report, the decision's error state.
    Step("/guidance/organise/reports/"),
    Step("{adoption_review}"),
    Step("{adoption_review}", submit="main form.form button[type=submit]"),  # no decision
]


@pytest.fixture
def objects(home_page):
    member = UserFactory(email="sweep-member@example.org", name="Sweep Member")
    other = UserFactory(name="Other Member")
    UserFactory(email="sweep-pending@example.org", approval_status=ApprovalStatus.PENDING)
    make_organiser(email="sweep-organiser@example.org")
    from events.unconferences.roles import organiser_permissions_ensure

    organiser_permissions_ensure()
    unconf = UnconferenceFactory(phase=Phase.TOPICS_OPEN, title="Spring unconference")
    board_for(unconf)
    RegistrationFactory(unconference=unconf, user=member)
    meeting = MeetingFactory(title="Community meeting")
    lib = library_index(home_page)
    case_study(
        lib,
        title="Water data charter",
        summary="How residents shaped a water charter.",
        sector="local_government",
    )
    case_study(lib, title="Health records panel", sector="health")
    guide = guide_page(index=guidance_index(home=home_page), title="Running a panel")
    adoption_named = AdoptionReport.objects.create(
        guide=guide,
        member=other,
        organisation=OrganisationFactory(name="Sweep Borough Council"),
        stage=AdoptionStage.PILOTING,
        purpose=AdoptionPurpose.SERVICE,
        since=dt.date(2025, 4, 1),
        may_name=True,
        review=AdoptionReview.APPROVED,
    )
    adoption_pending = AdoptionReport.objects.create(
        guide=guide,
        member=other,
        organisation=OrganisationFactory(name="Sweep Statistics Office"),
        stage=AdoptionStage.CONSIDERING,
        purpose=AdoptionPurpose.STATISTIC,
        since=dt.date(2026, 1, 1),
        account="We are planning a panel.",
    )
    for report in (adoption_named, adoption_pending):
        AdoptionReportChange.objects.create(
            report=report, stage=report.stage, review=report.review, note="Reported"
        )
    return {
        "member": member,
        "meeting_obj": meeting,
        "meeting": meeting.get_absolute_url(),
        "organise_meeting": f"/events/organise/{meeting.slug}/",
        "reminders_meeting": f"/events/organise/reminders/meetings/{meeting.pk}/",
        "unconference": unconf.get_absolute_url(),
        "guide": guide.url,
        "other_member": f"/members/{other.pk}/",
        "adoption_review": f"/guidance/organise/reports/{adoption_pending.pk}/",
    }


def _check_page(page, key, found, too_wide):
    violations = axe_violations(page)
    if violations:
        found[key] = violations
    for width in (320, 640):
        page.set_viewport_size({"width": width, "height": 800})
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if scroll > width:
            too_wide[f"{key} @{width}"] = scroll
    page.set_viewport_size({"width": 1280, "height": 800})


def _run(page, live_server, objects, role, steps, found, too_wide):
    for step in steps:
        url = f"{live_server.url}{step.path.format(**objects)}"
        response = page.goto(url)
        key = f"{role} {step.path}{' (submitted)' if step.submit else ''}"
        assert response is not None and response.status < 500, (key, response and response.status)
        if step.submit:
            page.evaluate("document.querySelectorAll('form').forEach(f => f.noValidate = true)")
            for selector, value in step.fill:
                page.fill(selector, value)
            page.locator(step.submit).first.click()
            page.wait_for_load_state()
            body = page.content()
            assert re.search(r"error-summary|errorlist|field--error|notice|banner", body), key
        _check_page(page, key, found, too_wide)


def test_every_role_error_and_empty_state_has_no_axe_violations_and_reflows(
    chromium, live_server, objects
):
    found: dict = {}
    too_wide: dict = {}
    roles = [
        ("anonymous", None, ANONYMOUS),
        ("member", "sweep-member@example.org", MEMBER),
        ("pending", "sweep-pending@example.org", PENDING),
        ("organiser", "sweep-organiser@example.org", ORGANISER),
    ]
    for role, email, steps in roles:
        context = chromium.new_context(bypass_csp=True, locale="en-GB", timezone_id="Europe/London")
        context.set_default_timeout(10_000)
        page = context.new_page()
        try:
            if email:
                login(page, live_server, email=email, password=DEFAULT_PASSWORD)
            _run(page, live_server, objects, role, steps, found, too_wide)
        finally:
            context.close()
    assert found == {}, json.dumps(found, indent=1)
    assert too_wide == {}


def _outline_visible(page) -> bool:
    return page.evaluate(
        """() => { const s = getComputedStyle(document.activeElement);
        return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0)
            || (s.boxShadow && s.boxShadow !== 'none'); }"""
    )


def test_keyboard_skip_link_focus_order_and_visible_focus(page, live_server, objects):
    page.goto(f"{live_server.url}/")
    page.keyboard.press("Tab")
    first = page.evaluate("document.activeElement.getAttribute('href')")
    assert first == "#main-content" or (first or "").startswith("#"), first
    assert _outline_visible(page)
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == first
    # The skip link moves focus to the main content; the next Tab stays inside it.
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('main')")
    assert _outline_visible(page)
    # No positive tabindex anywhere; focus moves forwards through visible controls.
    positive = "[tabindex]:not([tabindex^='-']):not([tabindex='0'])"
    assert page.evaluate(f'document.querySelectorAll("{positive}").length') == 0
    page.goto(f"{live_server.url}/")
    tops = []
    for _ in range(8):
        page.keyboard.press("Tab")
        assert _outline_visible(page), page.evaluate("document.activeElement.outerHTML")
        tops.append(page.evaluate("document.activeElement.getBoundingClientRect().top"))
    assert tops == sorted(tops) or tops[0] <= tops[-1]
    # Form controls show focus too.
    page.goto(f"{live_server.url}/accounts/login/")
    page.focus("input[name=login]")
    assert _outline_visible(page)


@pytest.fixture
def no_js(chromium):
    context = chromium.new_context(java_script_enabled=False, locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def test_journeys_without_javascript(no_js, live_server, objects):
    page = no_js
    base = live_server.url
    # Find and read a case study: filter, then open it.
    page.goto(f"{base}/case-studies/")
    page.check("input[name=sector][value=local_government]")
    page.locator("form.case-study-filters button[type=submit]").last.click()
    page.wait_for_load_state()
    assert "Health records panel" not in page.content()
    page.click("text=Water data charter")
    assert page.locator("h1").inner_text().strip() == "Water data charter"
    # Sign up: fill and submit, see the verification-sent page.
    page.goto(f"{base}/accounts/signup/")
    page.fill("input[name=name]", "No Script")
    page.fill("input[name=email]", "noscript@example.org")
    page.fill("input[name=password1]", "a-long-unusual-passphrase-91")
    if page.locator("input[name=password2]").count():
        page.fill("input[name=password2]", "a-long-unusual-passphrase-91")
    page.check("input[name=agree_code_of_conduct]")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    assert "/accounts/confirm-email/" in page.url
    assert any("noscript@example.org" in m.to for m in mail.outbox)
    # RSVP to a meeting as a verified member.
    login(page, live_server, email="sweep-member@example.org", password=DEFAULT_PASSWORD)
    page.goto(f"{base}{objects['meeting']}")
    page.locator(f"form[action$='{objects['meeting']}register/'] button[type=submit]").click()
    page.wait_for_load_state()
    from events.models import Registration

    assert Registration.objects.filter(
        meeting=objects["meeting_obj"], user=objects["member"]
    ).exists()
    # Propose a topic as a registered member in the topics-open phase.
    page.goto(f"{base}{objects['unconference']}topics/propose/")
    page.fill("input[name=title]", "Citizens' juries for AI procurement")
    page.fill("textarea[name=description]", "What worked, and what did not.")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    from events.unconferences.models import Topic

    assert Topic.objects.filter(
        title="Citizens' juries for AI procurement", proposer=objects["member"]
    ).exists()
