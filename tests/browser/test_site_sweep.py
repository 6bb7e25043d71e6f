"""Site-wide browser sweep: every page in SWEEP is visited in Chromium and checked for
- Content Security Policy violations and requests to any other host (a context WITHOUT
  bypass_csp, so the site's real policy applies; violations are read from the console),
- axe-core WCAG 2.2 A/AA violations (a context with bypass_csp, to inject axe),
- reflow: no horizontal scrolling at 320 CSS px wide, nor at 640 px with device scale factor 2
  (what a 1280 px window shows at 200% zoom).

To sweep more pages, append to SWEEP. A path may contain {placeholders} filled from the
``sweep_objects`` fixture (add the objects a new page needs there); ``role`` is "anonymous" or
"member" (signed in through the log-in form first).
"""

import datetime as dt
import json
from dataclasses import dataclass
from urllib.parse import urlparse

import pytest

from participation.enums import UpdateKind
from tests.browser.conftest import axe_violations, login
from tests.factories.participation import standard_page, update_page, updates_index
from tests.factories.users import DEFAULT_PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@dataclass(frozen=True)
class SweepPage:
    path: str
    role: str = "anonymous"
    status: int = 200


SWEEP = [
    SweepPage("/"),
    SweepPage("/updates/"),
    SweepPage("/updates/?kind=opinion&tag=ai"),
    SweepPage("/updates/?kind=news"),  # empty state
    SweepPage("/updates/?page=2"),  # pagination
    SweepPage("{update}"),
    SweepPage("{standard_page}"),
    SweepPage("/search/?q=data"),
    SweepPage("/search/?q=data&kind=updatepage"),
    SweepPage("/search/"),
    SweepPage("/search/?q=zzqxv"),  # no results
    SweepPage("/search/?q=" + "x" * 250),  # form error state
    SweepPage("/no-such-page/", status=404),
    SweepPage("/accounts/login/"),
    SweepPage("/accounts/signup/"),
    SweepPage("/", role="member"),
    # Other apps' public page types (the lead appends more: member views, forms in error...).
    SweepPage("/case-studies/"),
    SweepPage("{case_study}"),
    SweepPage("/guidance/"),
    SweepPage("{guide}"),
    SweepPage("/events/"),
    SweepPage("{meeting}"),
    SweepPage("{unconference}"),
    SweepPage("/members/", role="member"),
    SweepPage("/account/", role="member"),  # "Your events" (issue 19 item 4)
    SweepPage("/account/welcome/", role="member"),  # "Complete your profile" (item 5)
    SweepPage("/accounts/email/", role="member"),
    SweepPage("/accounts/password/change/", role="member"),
    # Issue 21: organisation pages and the impact dashboard (charts are SVG images).
    SweepPage("/organisations/"),
    SweepPage("/organisations/?kind=regulator"),  # empty state
    SweepPage("{organisation}"),
    SweepPage("/impact/"),
    SweepPage("/cy/impact/"),
]


@pytest.fixture
def sweep_objects(home_page):
    index = updates_index(home=home_page)
    update = None
    for n in range(12):  # more than one page of updates
        update = update_page(
            index=index,
            title=f"Opinion on data and AI {n}",
            kind=UpdateKind.OPINION,
            tags=["AI", "Data"],
            summary="Public participation in data decisions.",
            body="Why data decisions need the public in the room.",
        )
    about = standard_page(parent=home_page, title="About", slug="about", body="About our data.")
    member = UserFactory(email="sweep-member@example.org")
    from tests.factories.casestudies import case_study, library_index
    from tests.factories.events import MeetingFactory
    from tests.factories.guidance import guidance_index, guide_page
    from tests.factories.unconferences import UnconferenceFactory

    guide = guide_page(index=guidance_index(home=home_page), title="A guide")
    from guidance.models import AdoptionReport
    from tests.factories.users import MemberProfileFactory, OrganisationFactory

    council = OrganisationFactory(name="Sweep Borough Council")
    MemberProfileFactory(visibility="public", organisation=council, job_title="Data lead")
    AdoptionReport.objects.create(
        guide=guide,
        organisation=council,
        stage="piloting",
        purpose="service",
        since=dt.date.today().replace(day=1),
        review="approved",
        may_name=True,
    )
    return {
        "organisation": council.get_absolute_url(),
        "update": update.url,
        "standard_page": about.url,
        "member_email": member.email,
        "case_study": case_study(library_index(home_page), title="Data charter").url,
        "guide": guide.url,
        "meeting": MeetingFactory(title="Community meeting").get_absolute_url(),
        "unconference": UnconferenceFactory().get_absolute_url(),
    }


def visit(page, live_server, objects, entry: SweepPage, signed_in: set) -> str:
    """Go to the entry's page as its role; return the URL visited."""
    if entry.role == "member" and "member" not in signed_in:
        login(page, live_server, email=objects["member_email"], password=DEFAULT_PASSWORD)
        signed_in.add("member")
    url = f"{live_server.url}{entry.path.format(**objects)}"
    response = page.goto(url)
    assert response is not None and response.status == entry.status, (url, response.status)
    return url


def ordered(sweep):
    """Anonymous pages first, then each role's, so one browser context signs in once."""
    return sorted(sweep, key=lambda entry: entry.role != "anonymous")


def test_no_csp_violations_and_no_requests_to_other_hosts(chromium, live_server, sweep_objects):
    context = chromium.new_context(locale="en-GB", timezone_id="Europe/London")  # real CSP
    context.set_default_timeout(10_000)
    page = context.new_page()
    host = urlparse(live_server.url).netloc
    problems: dict[str, list[str]] = {}
    current = {"url": ""}

    def on_console(message):
        text = message.text
        if "Content Security Policy" in text or text.startswith("Refused to"):
            problems.setdefault(current["url"], []).append(f"CSP: {text}")

    def on_request(request):
        parsed = urlparse(request.url)
        if parsed.scheme in {"http", "https", "ws", "wss"} and parsed.netloc != host:
            problems.setdefault(current["url"], []).append(f"other host: {request.url}")

    page.on("console", on_console)
    page.on("request", on_request)
    signed_in: set = set()
    try:
        for entry in ordered(SWEEP):
            current["url"] = f"{entry.role} {entry.path}"
            visit(page, live_server, sweep_objects, entry, signed_in)
            page.wait_for_load_state("load")
    finally:
        context.close()
    assert problems == {}


def test_no_axe_violations(page, live_server, sweep_objects):
    found = {}
    signed_in: set = set()
    for entry in ordered(SWEEP):
        visit(page, live_server, sweep_objects, entry, signed_in)
        violations = axe_violations(page)
        if violations:
            found[f"{entry.role} {entry.path}"] = violations
    assert found == {}, json.dumps(found, indent=1)


@pytest.mark.parametrize(
    ("width", "scale"),
    [(320, 1), (640, 2)],
    ids=["320px", "200pc-zoom"],
)
def test_reflow_without_horizontal_scrolling(chromium, live_server, sweep_objects, width, scale):
    context = chromium.new_context(
        viewport={"width": width, "height": 800},
        device_scale_factor=scale,
        locale="en-GB",
        bypass_csp=True,
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    too_wide = {}
    signed_in: set = set()
    try:
        for entry in ordered(SWEEP):
            visit(page, live_server, sweep_objects, entry, signed_in)
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > width:
                too_wide[f"{entry.role} {entry.path}"] = scroll_width
    finally:
        context.close()
    assert too_wide == {}
