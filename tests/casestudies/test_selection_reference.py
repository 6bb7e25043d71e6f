"""The library's selection (search as a subquery, facets in one statement, a page of ids) gives
exactly what the implementation before issue 18 gave (tests/casestudies/reference_selection.py):
the same ids in the same order, the same facet options and counts, the same pages, for rare,
common and multi-word searches, with facets, under every sort, on several pages."""

import random
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.http import QueryDict
from taggit.models import Tag

from bench.generate.text import COMMON_TERMS, MIDDLING_TERMS, RARE_TERMS
from casestudies.enums import SortOrder
from casestudies.models import CaseStudyPage, LifecycleStage, Method
from casestudies.selectors import case_studies_select, case_study_query_from_params
from casestudies.selectors import library as library_module
from tests.casestudies import reference_selection

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

SEARCHES = [
    "",
    RARE_TERMS[0],  # in few or none
    MIDDLING_TERMS[1],  # "deliberation": about 6%
    COMMON_TERMS[0],  # "participation": in every case study
    f"{COMMON_TERMS[0]} {MIDDLING_TERMS[1]}",  # multi-word (AND)
    f"{COMMON_TERMS[1]} {COMMON_TERMS[2]} council",
    "Participation, DATA!",  # punctuation and case
    "nosuchwordanywhere",
    "!!!",  # no words at all
]
SORTS = ["", *SortOrder.values]


def _facet_values() -> dict[str, list[str]]:
    return {
        "sector": ["health", "justice", "education"],
        "outcome": ["positive", "negative"],
        "region": ["england", "wales"],
        "method": [*Method.objects.values_list("slug", flat=True)[:3], "no-such-method"],
        "stage": list(LifecycleStage.objects.values_list("slug", flat=True)[:2]),
        "tag": [*Tag.objects.order_by("slug").values_list("slug", flat=True)[:3], "no-such-tag"],
    }


def _query_strings() -> list[str]:
    """A fixed, seeded list: every search under every sort, then random facet combinations."""
    rng = random.Random(18)
    values = _facet_values()
    strings = []
    for q in SEARCHES:
        for sort in SORTS:
            strings.append(urlencode({"q": q, "sort": sort}))
    for _ in range(40):
        pairs = []
        q = rng.choice(SEARCHES[:6])
        if q:
            pairs.append(("q", q))
        for key in rng.sample(sorted(values), rng.randint(1, 3)):
            if values[key]:
                for value in rng.sample(values[key], rng.randint(1, min(2, len(values[key])))):
                    pairs.append((key, value))
        pairs.append(("sort", rng.choice(SORTS)))
        strings.append(urlencode(pairs))
    return strings


def _facets(selection) -> list:
    return [
        (
            facet.key,
            str(facet.label),
            [(o.value, o.label, o.count, o.selected) for o in facet.options],
        )
        for facet in selection.facets
    ]


def _same(index, query_string: str, *, pages=(1, 2, 3, 9999)) -> list[str]:
    params = QueryDict(query_string)
    query = case_study_query_from_params(params=params)
    reference = reference_selection.case_studies_select(query=query, index=index)
    selection = case_studies_select(query=query, index=index)
    problems = []
    if selection.count != reference.count:
        problems.append(f"count {selection.count} != {reference.count}")
    if selection.ids != reference.ids:
        problems.append("ids or their order differ")
    if _facets(selection) != _facets(reference):
        problems.append("facets differ")
    if selection.ignored != reference.ignored:
        problems.append(f"ignored {selection.ignored} != {reference.ignored}")
    if [(k, str(label), n) for k, label, n in selection.relaxed] != [
        (k, str(label), n) for k, label, n in reference.relaxed
    ]:
        problems.append(f"relaxed {selection.relaxed} != {reference.relaxed}")
    if dict(selection.query.selected) != dict(reference.query.selected):
        problems.append("cleaned query differs")
    for number in pages:
        paged = QueryDict(query_string, mutable=True)
        paged["page"] = str(number)
        query = case_study_query_from_params(params=paged)
        mine = case_studies_select(query=query, index=index).paginate()
        theirs = reference_selection.case_studies_select(query=query, index=index).paginate()
        if mine.number != theirs.number or [p.pk for p in mine.object_list] != [
            p.pk for p in theirs.object_list
        ]:
            problems.append(f"page {number} differs")
    export = case_studies_select(query=query, index=index, with_page=False)
    if [page.pk for page in export.pages()] != reference.ids:
        problems.append("exported pages differ")
    return [f"{query_string}: {problem}" for problem in problems]


def test_results_and_counts_are_those_of_the_reference(generated_library):
    index, _ids = generated_library
    assert connection.vendor == "postgresql"
    problems = []
    for query_string in _query_strings():
        problems += _same(index, query_string, pages=(1, 2, 9999))
    assert problems == []


def test_common_words_match_enough_pages_to_compare(generated_library):
    """The data set really has rare, middling and common words (else the test above proves
    little), and the common word is below the ranking cap here (so its order is compared)."""
    index, ids = generated_library
    counts = {
        q: case_studies_select(
            query=case_study_query_from_params(params=QueryDict(f"q={q}")), index=index
        ).count
        for q in (MIDDLING_TERMS[1], COMMON_TERMS[0])
    }
    assert 0 < counts[MIDDLING_TERMS[1]] < len(ids) // 2
    assert counts[COMMON_TERMS[0]] > len(ids) * 0.9
    assert counts[COMMON_TERMS[0]] <= library_module.RANK_ALL_UP_TO


def test_a_very_common_word_ranks_only_the_newest_matches(generated_library, monkeypatch, client):
    index, _ids = generated_library
    monkeypatch.setattr(library_module, "RANK_ALL_UP_TO", 50)
    monkeypatch.setattr(library_module, "RANK_NEWEST", 30)
    query = case_study_query_from_params(params=QueryDict(f"q={COMMON_TERMS[0]}"))
    reference = reference_selection.case_studies_select(query=query, index=index)
    selection = case_studies_select(query=query, index=index)
    assert selection.rank_capped
    assert selection.count == reference.count > 50
    newest = list(
        CaseStudyPage.objects.filter(pk__in=reference.ids)
        .order_by("-first_published_at", "-pk")
        .values_list("pk", flat=True)
    )
    # The 30 newest matches come first, in the reference's relevance order ...
    assert selection.ids[:30] == [pk for pk in reference.ids if pk in set(newest[:30])]
    # ... then every other match, newest first.
    assert selection.ids[30:] == newest[30:]
    assert [p.pk for p in selection.paginate().object_list] == selection.ids[:20]
    content = client.get("/case-studies/", {"q": COMMON_TERMS[0]}).content.decode()
    assert "only the 30 newest are ranked by relevance" in content
    # Sorted by date or title, nothing is capped and nothing is said.
    newest_first = client.get("/case-studies/", {"q": COMMON_TERMS[0], "sort": "newest"})
    assert "ranked by relevance" not in newest_first.content.decode()


@pytest.mark.parametrize("ranked", [30, 40])
@pytest.mark.parametrize("filters", ["", "&outcome=positive"])
def test_each_page_of_a_capped_search_is_its_part_of_the_whole_order(
    generated_library, monkeypatch, ranked, filters
):
    """A page inside the ranked newest, across their end (30: page 2 holds results 21-40) or
    right after it (40), and further on: each is read on its own, and each is its slice of the
    whole capped order."""
    index, _ids = generated_library
    monkeypatch.setattr(library_module, "RANK_ALL_UP_TO", 40)
    monkeypatch.setattr(library_module, "RANK_NEWEST", ranked)
    query_string = f"q={COMMON_TERMS[0]}{filters}"
    whole = case_studies_select(
        query=case_study_query_from_params(params=QueryDict(query_string)), index=index
    )
    assert whole.rank_capped  # more than 40 matches: page 3 is after the ranked ones
    last = -(-whole.count // library_module.PER_PAGE)
    for number in range(1, min(4, last) + 1):
        query = case_study_query_from_params(params=QueryDict(f"{query_string}&page={number}"))
        page = case_studies_select(query=query, index=index).paginate()
        start = (number - 1) * library_module.PER_PAGE
        assert [p.pk for p in page.object_list] == whole.ids[start : start + 20], number


@pytest.mark.parametrize("word", [RARE_TERMS[0], MIDDLING_TERMS[1], COMMON_TERMS[0]])
@pytest.mark.parametrize("cap", [None, 50])
def test_the_top_20_of_a_search_is_the_first_page_the_library_shows(
    generated_library, monkeypatch, word, cap
):
    index, _ids = generated_library
    if cap is not None:
        monkeypatch.setattr(library_module, "RANK_ALL_UP_TO", cap)
        monkeypatch.setattr(library_module, "RANK_NEWEST", 30)
    query = case_study_query_from_params(params=QueryDict(f"q={word}"))
    shown = [page.pk for page in case_studies_select(query=query, index=index).paginate()]
    assert library_module.case_study_search_top(words=word, index=index) == shown
