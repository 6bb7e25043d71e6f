import random

import pytest
from django.utils import timezone
from wagtail.search.backends import get_search_backend

from bench.generate.casestudies import make_case_studies
from bench.generate.context import Context, Sizes
from bench.generate.people import make_organisations
from casestudies.models import CaseStudyPage
from tests.factories.casestudies import library_index


@pytest.fixture
def library(home_page):
    return library_index(home_page)


def generate_case_studies(count: int, *, seed: int = 18) -> list[int]:
    """``count`` live case studies under the library, made in bulk by the benchmark's
    generator (facets over every value, taxonomies, tags, bodies with rare, middling and common
    search words) and added to the search index: a few seconds for 200, where ``case_study()``
    one at a time takes about a second each. Returns their ids, oldest first."""
    ctx = Context(
        sizes=Sizes(case_studies=count, organisations=5, paragraphs=3, seed=seed),
        rng=random.Random(seed),
        now=timezone.now(),
    )
    make_organisations(ctx)
    make_case_studies(ctx)
    get_search_backend().add_bulk(
        CaseStudyPage, CaseStudyPage.objects.filter(pk__in=ctx.case_study_ids)
    )
    return ctx.case_study_ids


@pytest.fixture
def generated_library(library):
    """The library with 200 generated case studies: (index, ids oldest first)."""
    return library, generate_case_studies(200)
