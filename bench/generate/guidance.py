"""Bench guidance: guides with chapters, audiences and related case studies."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from bench.generate.context import Context
from bench.generate.pages import bulk_add_children, index_page
from bench.generate.text import long_body
from guidance.enums import GuideStatus
from guidance.models import GuidanceIndexPage, GuideAudience, GuideChapterPage, GuidePage


def make_guidance(ctx: Context) -> None:
    rng = ctx.rng
    index = index_page(GuidanceIndexPage, slug="guidance", title="Guidance")
    guides = []
    for i in range(ctx.sizes.guides):
        title = f"Guide to {ctx.words.title().lower()}"
        guides.append(
            GuidePage(
                title=title[:250],
                slug=f"bench-guide-{i:03d}",
                summary=ctx.words.sentence(24),
                status=rng.choice([GuideStatus.PUBLISHED] * 4 + [GuideStatus.PILOT]),
                version=f"{rng.randint(1, 3)}.{rng.randint(0, 9)}",
                published_date=(ctx.now - dt.timedelta(days=rng.randint(30, 700))).date(),
                body=long_body(ctx.words, paragraphs=8, extra_terms=[]),
            )
        )
    audiences = list(GuideAudience.objects.values_list("pk", flat=True))
    with transaction.atomic():
        bulk_add_children(index, guides, progress="guides")
        through = GuidePage.audiences.through
        if audiences:
            through.objects.bulk_create(
                [
                    through(guidepage_id=g.pk, guideaudience_id=a)
                    for g in guides
                    for a in rng.sample(audiences, rng.randint(1, len(audiences)))
                ]
            )
        related = GuidePage.related_case_studies.through
        related.objects.bulk_create(
            [
                related(guidepage_id=g.pk, casestudypage_id=c)
                for g in guides
                for c in rng.sample(ctx.case_study_ids, min(5, len(ctx.case_study_ids)))
            ]
        )
        for guide in guides:
            chapters = [
                GuideChapterPage(
                    title=f"Chapter {c + 1}: {ctx.words.title().lower()}"[:250],
                    slug=f"chapter-{c + 1}",
                    summary=ctx.words.sentence(18),
                    body=long_body(ctx.words, paragraphs=ctx.sizes.paragraphs, extra_terms=[]),
                )
                for c in range(ctx.sizes.chapters)
            ]
            bulk_add_children(guide, chapters)
