"""The demo's adoption reports (issue 21 item 6): the three demo guides have reports from a
London borough, the statistics regulator and a Welsh public body over the programme's two years,
some not nameable, some declined or pending, with history; loading twice changes nothing; and no
public output of the demo site names an organisation it may not name or an unapproved report."""

import io

import pytest
from django.core.management import call_command

from guidance.demo import ADOPTION_REPORTS
from guidance.models import AdoptionReport, AdoptionReportChange

pytestmark = pytest.mark.django_db

PROCUREMENT = "/guidance/participation-in-procurement-of-data-and-ai-systems/"
STATISTICS = "/guidance/public-engagement-in-developing-official-statistics/"
DATA_SHARING = "/guidance/participation-in-data-sharing-through-the-national-data-library/"

# Organisations in the demo's reports that must never appear on a public page: not nameable,
# declined, or not yet approved.
NEVER_PUBLIC = [
    "Northmoor County Council",  # approved, may not be named
    "Eastfield Integrated Care Board",  # approved, may not be named
    "Brightline Analytics Ltd",  # declined
    "Welsh Revenue Authority",  # awaiting review
]

PUBLIC_OUTPUTS = [
    "/",
    "/guidance/",
    PROCUREMENT,
    STATISTICS,
    DATA_SHARING,
    PROCUREMENT + "print/",
    "/search/?q=Northmoor",
    "/search/?q=Brightline",
    "/search/?q=Revenue",
    "/search/?q=guidance",
    "/sitemap.xml",
    "/updates/feed/",
    "/case-studies/feed/",
    "/case-studies/data.json",
    "/case-studies/data.csv",
    "/cy/guidance/",
    # The impact app's public outputs (helper 10 sweeps them further).
    "/organisations/",
    "/organisations/?q=Northmoor",
    "/impact/",
    "/impact/data.csv",
    "/impact/data.json",
]


def test_demo_reports_are_idempotent_and_shown_by_the_public_rule(client, home_page):
    call_command("load_demo_content", stdout=io.StringIO())
    reports = AdoptionReport.objects.count()
    changes = AdoptionReportChange.objects.count()
    assert reports == len(ADOPTION_REPORTS)
    years = {r.since.year for r in AdoptionReport.objects.all()}
    assert {2024, 2025, 2026} <= years  # over the programme's two years
    assert set(AdoptionReport.objects.values_list("review", flat=True)) == {
        "approved",
        "pending",
        "declined",
        "more_information",
    }
    assert AdoptionReport.objects.filter(review="approved", may_name=False).exists()
    assert all(r.changes.count() >= 1 for r in AdoptionReport.objects.all())

    call_command("load_demo_content", stdout=io.StringIO())
    assert AdoptionReport.objects.count() == reports
    assert AdoptionReportChange.objects.count() == changes

    procurement = client.get(PROCUREMENT).content.decode()
    assert "London Borough of Camden" in procurement
    assert "Welsh Government" in procurement
    statistics = client.get(STATISTICS).content.decode()
    assert "Office for Statistics Regulation" in statistics
    assert "1 more organisation asked not to be named" in statistics

    for url in PUBLIC_OUTPUTS:
        response = client.get(url)
        assert response.status_code in (200, 404), url  # a feed the demo lacks may be absent
        body = response.content.decode()
        for name in NEVER_PUBLIC:
            assert name not in body, (url, name)
