"""Case study pages and terms for tests (plain functions: pages need the tree and publishing)."""

import itertools

from casestudies.models import (
    CaseStudyIndexPage,
    CaseStudyPage,
    DataKind,
    KeyFigure,
    LifecycleStage,
    Method,
    OutcomeEvidence,
    Source,
    SystemKind,
)
from tests.factories.users import OrganisationFactory

_counter = itertools.count(1)


def term(model, slug: str, name: str | None = None):
    return model.objects.get_or_create(slug=slug, defaults={"name": name or slug.title()})[0]


def method(slug: str, name: str | None = None, description: str = "") -> Method:
    found, _ = Method.objects.get_or_create(
        slug=slug,
        defaults={"name": name or slug.replace("-", " ").title(), "description": description},
    )
    return found


def library_index(home) -> CaseStudyIndexPage:
    """The /case-studies/ index under ``home`` (created and published if absent)."""
    index = CaseStudyIndexPage.objects.child_of(home).first()
    if index is None:
        index = CaseStudyIndexPage(title="Case studies", slug="case-studies", locale=home.locale)
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def case_study(
    index: CaseStudyIndexPage,
    *,
    title: str | None = None,
    summary: str = "A short summary.",
    body_text: str = "",
    sector: str = "health",
    nation: str = "england",
    outcome: str = "positive",
    workers: str = "unknown",
    completeness: str = "complete",
    organisation: str | None = None,
    methods: tuple[str, ...] = (),
    stages: tuple[str, ...] = (),
    data_kinds: tuple[str, ...] = (),
    system_kinds: tuple[str, ...] = (),
    tags: tuple[str, ...] = (),
    figures: tuple[tuple[str, str], ...] = (),
    start_year: int | None = 2020,
    end_year: int | None = 2021,
    publish: bool = True,
) -> CaseStudyPage:
    number = next(_counter)
    title = title or f"Case study {number}"
    page = CaseStudyPage(
        title=title,
        slug=f"case-study-{number}",
        summary=summary,
        sector=sector,
        nation=nation,
        outcome=outcome,
        workers_involved=workers,
        completeness=completeness,
        start_year=start_year,
        end_year=end_year,
        organisation=OrganisationFactory(name=organisation) if organisation else None,
        body=[{"type": "paragraph", "value": f"<p>{body_text}</p>"}] if body_text else [],
        locale=index.locale,
    )
    page.methods = [method(slug) for slug in methods]
    page.lifecycle_stages = [term(LifecycleStage, slug) for slug in stages]
    page.data_kinds = [term(DataKind, slug) for slug in data_kinds]
    page.system_kinds = [term(SystemKind, slug) for slug in system_kinds]
    page.key_figures = [KeyFigure(value=value, label=label) for value, label in figures]
    page.outcome_evidence = [
        OutcomeEvidence(what_changed="A decision changed", decision="The decision", when="2021")
    ]
    page.sources = [Source(title="A source", url="https://example.org/source")]
    index.add_child(instance=page)
    if tags:
        page.affected_groups.add(*tags)
        page.save()
    if publish:
        page.save_revision().publish()
    return page
