"""The dashboard's figures: every number equals a direct count from the database (a property
test over generated data), and the page's tables, the CSV and the JSON hold the same numbers."""

import csv
import datetime as dt
import io
import re

import pytest
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from community.models import User
from events.models import Meeting, Registration
from events.timezones import LONDON
from events.unconferences.models import Ballot, Session, Topic, Vote
from events.unconferences.services.topics import unconference_board_ensure
from guidance.models import AdoptionReport
from impact.figures import (
    FIGURES,
    figure_adoption_over_time,
    figure_case_studies_by_lifecycle_stage,
    figure_case_studies_by_outcome,
    figure_case_studies_by_sector,
    figure_meetings_per_month,
    figure_members_by_organisation_kind,
    figure_unconference_topics,
    impact_figures,
)
from tests.factories import casestudies as cs
from tests.factories.events import MeetingFactory
from tests.factories.unconferences import UnconferenceFactory, make_grid
from tests.factories.users import MemberProfileFactory, OrganisationFactory, UserFactory
from tests.impact.conftest import make_report

STAGES = ["considering", "piloting", "adopted"]
REVIEWS = ["pending", "more_information", "approved", "declined"]
KINDS = ["local_authority", "nhs_body", "central_government", "regulator", "statistics_producer"]


def _months_back(today: dt.date, months: int) -> dt.date:
    year, month = today.year, today.month - months
    while month <= 0:
        year, month = year - 1, month + 12
    return dt.date(year, month, 1)


def _month_end(key: str) -> dt.date:
    year, month = (int(part) for part in key.split("-"))
    return dt.date(year + (month == 12), month % 12 + 1, 1)


report_strategy = st.tuples(
    st.integers(0, 3),  # organisation
    st.sampled_from(STAGES),
    st.sampled_from(REVIEWS),
    st.booleans(),  # may_name
    st.integers(0, 30),  # months ago
)
meeting_strategy = st.tuples(
    st.integers(0, 13),  # months ago
    st.booleans(),  # cancelled
    st.integers(0, 3),  # attended
    st.integers(0, 2),  # registered, marked absent or not marked
)
member_strategy = st.tuples(st.sampled_from([*KINDS, None]), st.booleans())  # kind, approved


@pytest.mark.django_db
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    reports=st.lists(report_strategy, max_size=10),
    meetings=st.lists(meeting_strategy, max_size=6),
    members=st.lists(member_strategy, max_size=6),
)
def test_every_figure_equals_a_direct_count(guide, reports, meetings, members):
    today = timezone.localdate()
    with transaction.atomic():
        organisations = [
            OrganisationFactory(name=f"Property org {i}", kind=KINDS[i]) for i in range(4)
        ]
        for org, stage, review, may_name, ago in reports:
            make_report(
                guide=guide,
                organisation=organisations[org],
                stage=stage,
                review=review,
                may_name=may_name,
                since=_months_back(today, ago),
            )
        now = timezone.now()
        for ago, cancelled, attended, absent in meetings:
            local = now.astimezone(LONDON)
            first = dt.datetime.combine(_months_back(local.date(), ago), dt.time(12), LONDON)
            starts = min(first + dt.timedelta(days=3), now - dt.timedelta(hours=2))
            meeting = MeetingFactory(
                starts_at=starts,
                ends_at=starts + dt.timedelta(hours=1),
                status="cancelled" if cancelled else "scheduled",
            )
            for i in range(attended + absent):
                Registration.objects.create(
                    meeting=meeting,
                    user=UserFactory(),
                    status="registered",
                    attended=True if i < attended else (False if i % 2 else None),
                )
        for kind, approved in members:
            user = UserFactory(approval_status="approved" if approved else "pending")
            org = OrganisationFactory(name=f"Member org {kind}", kind=kind) if kind else None
            MemberProfileFactory(user=user, organisation=org)

        # Adoption: organisations with an approved report at each stage since before month end.
        figure = figure_adoption_over_time()
        for row in figure.rows:
            for stage in STAGES:
                direct = (
                    AdoptionReport.objects.filter(
                        review="approved", stage=stage, since__lt=_month_end(row.key)
                    )
                    .values("organisation")
                    .distinct()
                    .count()
                )
                assert figure.value(row.key, stage) == direct, (row.key, stage)

        # Meetings held (not cancelled, already started) and attendances, per London month.
        figure = figure_meetings_per_month()
        for row in figure.rows:
            start = dt.datetime.combine(dt.date.fromisoformat(row.key + "-01"), dt.time(), LONDON)
            end = dt.datetime.combine(_month_end(row.key), dt.time(), LONDON)
            held = Meeting.objects.filter(
                starts_at__gte=start, starts_at__lt=min(end, timezone.now())
            ).exclude(status="cancelled")
            assert figure.value(row.key, "meetings") == held.count()
            assert (
                figure.value(row.key, "attended")
                == Registration.objects.filter(meeting__in=held, attended=True).count()
            )

        # Members: approved and active, by their organisation's kind.
        figure = figure_members_by_organisation_kind()
        approved = User.objects.filter(approval_status="approved", is_active=True)
        for kind in KINDS:
            direct = approved.filter(profile__organisation__kind=kind).count()
            shown = {row.key: row.values[0] for row in figure.rows}
            assert shown.get(kind, 0) == direct
        no_org = approved.count() - approved.filter(profile__organisation__isnull=False).count()
        assert {row.key: row.values[0] for row in figure.rows}.get("none", 0) == no_org
        assert sum(row.values[0] for row in figure.rows) == approved.count()

        # The cached set is the same figures.
        cache.clear()
        cached = {f.key: f for f in impact_figures()}
        assert cached["adoption"].rows == figure_adoption_over_time().rows
        assert cached["members"].rows == figure.rows
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_case_study_and_topic_figures_equal_direct_counts(home_page):
    index = cs.library_index(home_page)
    cs.case_study(index, sector="health", outcome="positive", stages=("collection", "use"))
    cs.case_study(index, sector="health", outcome="mixed", stages=("use",))
    cs.case_study(index, sector="statistics", outcome="positive", stages=())
    cs.case_study(index, sector="statistics", outcome="positive").unpublish()  # not counted

    sector = figure_case_studies_by_sector()
    assert {r.key: r.values[0] for r in sector.rows} == {"health": 2, "statistics": 1}
    outcome = figure_case_studies_by_outcome()
    assert {r.key: r.values[0] for r in outcome.rows} == {"positive": 2, "mixed": 1}
    stage = figure_case_studies_by_lifecycle_stage()
    assert {r.key: r.values[0] for r in stage.rows} == {"collection": 1, "use": 2}

    unconference = UnconferenceFactory(title="Data unconference", phase="published")
    board = unconference_board_ensure(unconference=unconference)
    spaces, slots = make_grid(unconference, rooms=1, rounds=2)
    topics = [Topic.objects.create(board=board, title=f"T{i}", description="d") for i in range(4)]
    topics[3].status = "hidden"
    topics[3].save()
    voter = UserFactory()
    ballot = Ballot.objects.create(board=board, voter=voter, budget=3, used=2)
    Vote.objects.create(ballot=ballot, topic=topics[0], count=1)
    Vote.objects.create(ballot=ballot, topic=topics[1], count=1)
    Session.objects.create(topic=topics[0], space=spaces[0], slot=slots[0])
    # Still voting with hidden totals: not counted until voting closes.
    UnconferenceFactory(title="Open one", phase="voting", hide_totals_until_voting_closes=True)

    figure = figure_unconference_topics()
    assert [(r.label, r.values) for r in figure.rows] == [("Data unconference", (3, 2, 1))]


@pytest.mark.django_db
def test_table_csv_and_json_hold_the_same_numbers(client, guide):
    camden = OrganisationFactory(name="London Borough of Camden", kind="local_authority")
    osr = OrganisationFactory(name="Office for Statistics Regulation", kind="regulator")
    make_report(guide=guide, organisation=camden, stage="piloting")
    make_report(guide=guide, organisation=osr, stage="adopted", may_name=False)
    make_report(guide=guide, organisation=osr, stage="considering", review="declined")
    MemberProfileFactory(user=UserFactory(), organisation=camden)

    page = client.get("/impact/").content.decode()
    rows = list(
        csv.DictReader(io.StringIO(client.get("/impact/data.csv").content.decode("utf-8-sig")))
    )
    data = client.get("/impact/data.json").json()
    figures = {f.key: f for f in impact_figures()}
    assert set(figures) == set(FIGURES)
    json_figures = {f["key"]: f for f in data["figures"]}
    for key, figure in figures.items():
        assert f'id="caption-{key}"' in page or not figure.rows
        for row in figure.rows:
            for i, (column, _label) in enumerate(figure.columns):
                value = row.values[i]
                assert (
                    json_figures[key]["rows"][
                        [r["key"] for r in json_figures[key]["rows"]].index(row.key)
                    ]["values"][column]
                    == value
                )
                matching = [
                    r
                    for r in rows
                    if r["figure"] == key and r["row"] == row.key and r["column"] == column
                ]
                assert [int(r["value"]) for r in matching] == [value]
    # This month: one organisation piloting, one using (unnamed but counted), none considering.
    this_month = timezone.localdate().strftime("%Y-%m")
    assert figures["adoption"].value(this_month, "piloting") == 1
    assert figures["adoption"].value(this_month, "adopted") == 1
    assert figures["adoption"].value(this_month, "considering") == 0
    # The page's table shows the row the chart's last point shows.
    last = figures["adoption"].rows[-1]
    assert (
        f'<th scope="row">{last.label}</th>'
        + '<td class="numeric">0</td><td class="numeric">1</td><td class="numeric">1</td>'
        in page
    )


@pytest.mark.django_db
def test_figures_are_recomputed_after_an_approval(client, guide):
    org = OrganisationFactory(name="Cardiff Council", kind="local_authority")
    report = make_report(guide=guide, organisation=org, stage="piloting", review="pending")
    month = timezone.localdate().strftime("%Y-%m")
    before = client.get("/impact/data.json").json()
    adoption = next(f for f in before["figures"] if f["key"] == "adoption")
    assert adoption["rows"][-1]["values"]["piloting"] == 0
    report.review = "approved"
    report.save()
    after = client.get("/impact/data.json").json()
    adoption = next(f for f in after["figures"] if f["key"] == "adoption")
    assert adoption["rows"][-1]["key"] == month
    assert adoption["rows"][-1]["values"]["piloting"] == 1


@pytest.mark.django_db
def test_chart_is_an_svg_without_script_or_outside_address(client, guide):
    make_report(guide=guide, organisation=OrganisationFactory(name="Wrexham Council"))
    response = client.get("/impact/charts/adoption.svg")
    body = response.content.decode()
    assert response["Content-Type"].startswith("image/svg+xml")
    assert "<svg" in body and "<script" not in body
    assert "Considering" in body and "Piloting" in body
    outside = {u for u in re.findall(r'(?:href|src)="(https?://[^"]+)"', body)}
    assert not outside
    assert "script-src 'none'" in response["Content-Security-Policy"]
    assert client.get("/impact/charts/nothing-here.svg").status_code == 404


@pytest.mark.django_db
def test_dashboard_in_welsh(client, guide):
    response = client.get("/cy/impact/")
    assert response.status_code == 200
    assert 'lang="cy"' in response.content.decode()


CASE_STUDY_SPEC = st.tuples(
    st.sampled_from(["health", "education", "local_government"]),  # sector
    st.sampled_from(["positive", "mixed", "negative"]),  # outcome
    st.sets(st.sampled_from(["procurement", "design", "data-sharing"]), max_size=2),  # stages
    st.booleans(),  # live
)


@pytest.mark.django_db
@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(specs=st.lists(CASE_STUDY_SPEC, max_size=4))
def test_case_study_figures_equal_direct_counts_for_generated_libraries(home_page, specs):
    """The three case-study charts count live case studies only, by sector, outcome and each
    lifecycle stage they touch, whatever the library holds (rows with nothing are left out)."""
    with transaction.atomic():
        index = cs.library_index(home_page)
        for sector, outcome, stages, live in specs:
            page = cs.case_study(
                index, sector=sector, outcome=outcome, stages=tuple(sorted(stages))
            )
            if not live:
                page.unpublish()
        live = [spec for spec in specs if spec[3]]

        def shown(figure) -> dict[str, int]:
            return {row.key: row.values[0] for row in figure.rows if row.values[0]}

        def counted(values) -> dict[str, int]:
            found: dict[str, int] = {}
            for value in values:
                found[value] = found.get(value, 0) + 1
            return found

        assert shown(figure_case_studies_by_sector()) == counted(s[0] for s in live)
        assert shown(figure_case_studies_by_outcome()) == counted(s[1] for s in live)
        assert shown(figure_case_studies_by_lifecycle_stage()) == counted(
            stage for s in live for stage in s[2]
        )
        transaction.set_rollback(True)
