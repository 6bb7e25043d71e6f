"""Bench case studies: facets spread over every value, taxonomy terms, affected-group tags,
outcome evidence, key figures, sources and long bodies with search terms of controlled
frequency."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.text import slugify
from taggit.models import Tag

from bench.generate.context import Context
from bench.generate.pages import bulk_add_children, index_page
from bench.generate.text import (
    AFFECTED_GROUPS,
    FALLBACK_METHODS,
    MIDDLING_TERMS,
    ORG_PREFIXES,
    PARTICIPATION_WORDS,
    RARE_TERMS,
    REGIONS,
    long_body,
)
from casestudies.demo import METHODS
from casestudies.enums import (
    DATA_KINDS,
    LIFECYCLE_STAGES,
    SYSTEM_KINDS,
    Completeness,
    Outcome,
    Sector,
    WorkersInvolved,
)
from casestudies.models import (
    CaseStudyIndexPage,
    CaseStudyPage,
    CaseStudyPageTag,
    DataKind,
    KeyFigure,
    LifecycleStage,
    Method,
    OutcomeEvidence,
    Source,
    SystemKind,
)
from community.enums import Nation


def _taxonomies() -> dict[str, list[int]]:
    def terms(model, pairs):
        return [
            model.objects.get_or_create(slug=slug, defaults={"name": str(name), "sort_order": i})[
                0
            ].pk
            for i, (slug, name) in enumerate(pairs)
        ]

    method_pairs = [(slug, name) for slug, (name, _d) in METHODS.items()]
    known = {slug for slug, _name in method_pairs}
    method_pairs += [pair for pair in FALLBACK_METHODS if pair[0] not in known]
    existing_names = set(Method.objects.values_list("name", flat=True))
    method_ids = []
    for i, (slug, name) in enumerate(method_pairs):
        found = Method.objects.filter(slug=slug).first()
        if found is None:
            if name in existing_names:
                continue
            found = Method.objects.create(slug=slug, name=name, sort_order=i)
        method_ids.append(found.pk)
    return {
        "methods": method_ids,
        "lifecycle_stages": terms(LifecycleStage, LIFECYCLE_STAGES),
        "data_kinds": terms(DataKind, DATA_KINDS),
        "system_kinds": terms(SystemKind, SYSTEM_KINDS),
    }


def make_case_studies(ctx: Context) -> None:
    rng = ctx.rng
    index = index_page(CaseStudyIndexPage, slug="case-studies", title="Case studies")
    taxonomies = _taxonomies()
    tags = []
    for group in AFFECTED_GROUPS:
        slug = slugify(group)[:100]
        tag = (
            Tag.objects.filter(slug=slug).first()
            or Tag.objects.filter(name=group).first()
            or Tag.objects.create(name=group, slug=slug)
        )
        tags.append(tag.pk)
    sectors = [v for v, _l in Sector.choices]
    nations = [v for v, _l in Nation.choices]
    nation_weights = [3, 8, 3, 3, 2, 1]
    outcomes = [v for v, _l in Outcome.choices]
    workers = [v for v, _l in WorkersInvolved.choices]
    n = ctx.sizes.case_studies
    paragraphs = ctx.sizes.paragraphs
    pages = []
    for i in range(n):
        terms = [t for t in RARE_TERMS if rng.random() < 0.003]
        terms += [t for t in MIDDLING_TERMS if rng.random() < 0.06]
        sector = sectors[i % len(sectors)]  # every value used, evenly
        start = rng.randint(2012, 2025)
        title = f"{ctx.words.title()} in {rng.choice(REGIONS)}"
        published = ctx.now - dt.timedelta(minutes=(n - i) * 90)
        page = CaseStudyPage(
            title=title[:250],
            slug=f"bench-{i:05d}-{slugify(title)[:60]}",
            summary=(
                f"How {rng.choice(PARTICIPATION_WORDS)} shaped public participation in "
                f"{sector.replace('_', ' ')} data: {ctx.words.sentence(20)}"
            )[:1000],
            listing_summary=ctx.words.sentence(16)[:400],
            search_description=ctx.words.sentence(14),
            organisation_id=rng.choice(ctx.organisation_ids) if rng.random() < 0.9 else None,
            sector=sector,
            nation=rng.choices(nations, weights=nation_weights)[0],
            region=rng.choice(REGIONS),
            start_year=start,
            end_year=start + rng.randint(0, 3) if rng.random() < 0.7 else None,
            workers_involved=rng.choice(workers),
            outcome=rng.choice(outcomes),
            completeness=Completeness.COMPLETE if rng.random() < 0.3 else Completeness.STUB,
            last_reviewed=(ctx.now - dt.timedelta(days=rng.randint(0, 700))).date(),
            body=long_body(
                ctx.words,
                paragraphs=rng.randint(max(2, paragraphs - 4), paragraphs + 4),
                extra_terms=terms,
            ),
            lessons=f"<p>{ctx.words.paragraph(3)}</p>",
            first_published_at=published,
            last_published_at=published + dt.timedelta(days=rng.randint(0, 30)),
        )
        pages.append(page)
    with transaction.atomic():
        bulk_add_children(index, pages, progress="case studies")
        page_ids = [p.pk for p in pages]
        for field_name, (low, high) in {
            "methods": (1, 3),
            "lifecycle_stages": (1, 3),
            "data_kinds": (1, 3),
            "system_kinds": (1, 2),
        }.items():
            through = getattr(CaseStudyPage, field_name).through
            related = CaseStudyPage._meta.get_field(field_name).remote_field.model
            target = f"{related._meta.model_name}_id"
            ids = taxonomies[field_name]
            rows = []
            for pk in page_ids:
                for term in rng.sample(ids, rng.randint(low, min(high, len(ids)))):
                    rows.append(through(casestudypage_id=pk, **{target: term}))
            through.objects.bulk_create(rows, batch_size=5000)
        CaseStudyPageTag.objects.bulk_create(
            [
                CaseStudyPageTag(content_object_id=pk, tag_id=tag)
                for pk in page_ids
                for tag in rng.sample(tags, rng.randint(1, 4))
            ],
            batch_size=5000,
        )
        evidence, figures, sources = [], [], []
        for pk in page_ids:
            for order in range(rng.randint(0, 2)):
                evidence.append(
                    OutcomeEvidence(
                        page_id=pk,
                        sort_order=order,
                        what_changed=ctx.words.sentence(15),
                        decision=ctx.words.sentence(6)[:250],
                        when=str(rng.randint(2014, 2025)),
                        source_url=f"https://example.org/evidence/{pk}/{order}",
                    )
                )
            for order in range(rng.randint(0, 3)):
                figures.append(
                    KeyFigure(
                        page_id=pk,
                        sort_order=order,
                        value=f"{rng.randint(12, 4000):,}",
                        label=ctx.words.sentence(6)[:250],
                    )
                )
            for order in range(rng.randint(1, 3)):
                sources.append(
                    Source(
                        page_id=pk,
                        sort_order=order,
                        title=ctx.words.sentence(8)[:250],
                        url=f"https://example.org/source/{pk}/{order}",
                        publisher=rng.choice(ORG_PREFIXES) + " Council",
                    )
                )
        OutcomeEvidence.objects.bulk_create(evidence, batch_size=5000)
        KeyFigure.objects.bulk_create(figures, batch_size=5000)
        Source.objects.bulk_create(sources, batch_size=5000)
    ctx.case_study_ids = page_ids
