"""Facet counts and filtering: AND across facets, OR within a facet, disjunctive counts."""

import pytest
from django.db import transaction
from django.http import QueryDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casestudies.models import LifecycleStage
from casestudies.selectors import case_studies_select, case_study_query_from_params
from tests.factories.casestudies import case_study, method, term

pytestmark = pytest.mark.django_db


def select(index, query_string: str):
    return case_studies_select(
        query=case_study_query_from_params(params=QueryDict(query_string)), index=index
    )


def counts(selection, key: str) -> dict[str, int]:
    facet = next(facet for facet in selection.facets if facet.key == key)
    return {option.value: option.count for option in facet.options if option.count}


@pytest.fixture
def known_pages(library):
    return {
        "a": case_study(
            library,
            title="A",
            sector="health",
            outcome="positive",
            methods=("jury",),
            stages=("design",),
            tags=("patients",),
        ),
        "b": case_study(
            library,
            title="B",
            sector="health",
            outcome="negative",
            methods=("jury", "panel"),
            stages=("procurement",),
            tags=("patients", "workers"),
        ),
        "c": case_study(
            library,
            title="C",
            sector="justice",
            outcome="negative",
            methods=("panel",),
            stages=("design",),
            tags=("workers",),
        ),
        "d": case_study(
            library,
            title="D",
            sector="education",
            outcome="mixed",
            methods=(),
            stages=("design", "procurement"),
        ),
    }


def test_no_filters_counts_everything(library, known_pages):
    selection = select(library, "")
    assert selection.count == 4
    assert counts(selection, "sector") == {"health": 2, "justice": 1, "education": 1}
    assert counts(selection, "method") == {"jury": 2, "panel": 2}
    assert counts(selection, "stage") == {"design": 3, "procurement": 2}
    assert counts(selection, "tag") == {"patients": 2, "workers": 2}


def test_or_within_a_facet_and_across_facets(library, known_pages):
    selection = select(library, "sector=health&sector=justice&outcome=negative")
    titles = {page.title for page in selection.pages()}
    assert titles == {"B", "C"}
    # Disjunctive: the sector facet counts with only outcome=negative applied ...
    assert counts(selection, "sector") == {"health": 1, "justice": 1}
    # ... and the outcome facet counts with only the sector filter applied.
    assert counts(selection, "outcome") == {"positive": 1, "negative": 2}
    # Facets without a selection count the current result set.
    assert counts(selection, "method") == {"jury": 1, "panel": 2}


def test_many_to_many_facets_combine(library, known_pages):
    selection = select(library, "method=jury&stage=design")
    assert {page.title for page in selection.pages()} == {"A"}
    assert counts(selection, "method") == {"jury": 1, "panel": 1}  # C is design + panel
    assert counts(selection, "stage") == {"design": 1, "procurement": 1}  # A, B use jury
    selection = select(library, "method=jury&method=panel&tag=workers")
    assert {page.title for page in selection.pages()} == {"B", "C"}


def test_selected_tag_used_by_no_result_gives_empty_state(library, known_pages):
    selection = select(library, "sector=education&tag=workers")
    assert selection.count == 0
    relaxed = {key: count for key, _label, count in selection.relaxed}
    assert relaxed == {"sector": 2, "tag": 1}


def test_unknown_values_are_ignored_and_reported(library, known_pages):
    selection = select(library, "sector=nonsense&method=no-such-method&tag=no-such-tag")
    assert selection.count == 4
    assert ("method", "no-such-method") in selection.ignored
    assert ("tag", "no-such-tag") in selection.ignored
    assert "sector" not in selection.query.selected


def test_drafts_are_not_listed_or_counted(library, known_pages):
    draft = case_study(library, title="Draft", sector="health", publish=False)
    draft.unpublish()
    assert select(library, "sector=health").count == 2


SECTORS = ["health", "justice", "education"]
OUTCOMES = ["positive", "mixed", "negative"]
METHODS = ["jury", "panel", "lab"]
STAGES = ["design", "procurement"]
TAGS = ["patients", "workers", "pupils"]

page_strategy = st.fixed_dictionaries(
    {
        "sector": st.sampled_from(SECTORS),
        "outcome": st.sampled_from(OUTCOMES),
        "methods": st.sets(st.sampled_from(METHODS)),
        "stages": st.sets(st.sampled_from(STAGES)),
        "tags": st.sets(st.sampled_from(TAGS)),
    }
)
selection_strategy = st.fixed_dictionaries(
    {
        "sector": st.sets(st.sampled_from(SECTORS), max_size=2),
        "outcome": st.sets(st.sampled_from(OUTCOMES), max_size=2),
        "method": st.sets(st.sampled_from(METHODS), max_size=2),
        "stage": st.sets(st.sampled_from(STAGES), max_size=1),
        "tag": st.sets(st.sampled_from(TAGS), max_size=2),
    }
)
FIELD = {"sector": "sector", "outcome": "outcome", "method": "methods", "stage": "stages"}


def brute_force(pages: list[dict], chosen: dict[str, set]) -> tuple[set[int], dict]:
    """Expected matches and disjunctive counts, computed naively in Python."""

    def values(page, key):
        if key == "tag":
            return page["tags"]
        value = page[FIELD[key]]
        return value if isinstance(value, set) else {value}

    def matches(page, skip=None):
        return all(
            values(page, key) & wanted for key, wanted in chosen.items() if wanted and key != skip
        )

    expected_counts = {}
    for key in chosen:
        tally: dict[str, int] = {}
        for page in pages:
            if matches(page, skip=key):
                for value in values(page, key):
                    tally[value] = tally.get(value, 0) + 1
        expected_counts[key] = tally
    return {i for i, page in enumerate(pages) if matches(page)}, expected_counts


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(pages=st.lists(page_strategy, min_size=0, max_size=6), chosen=selection_strategy)
def test_facet_counts_match_brute_force(library, pages, chosen):
    with transaction.atomic():
        for slug in METHODS:
            method(slug)
        for slug in STAGES:
            term(LifecycleStage, slug)
        created = [
            case_study(
                library,
                title=f"P{i}",
                sector=page["sector"],
                outcome=page["outcome"],
                methods=tuple(sorted(page["methods"])),
                stages=tuple(sorted(page["stages"])),
                tags=tuple(sorted(page["tags"])),
                publish=False,  # live without revisions: faster, same rows
            )
            for i, page in enumerate(pages)
        ]
        used_tags = set().union(*(page["tags"] for page in pages)) if pages else set()
        # Tags nobody uses do not exist, and are ignored as unknown (like the selector does).
        effective = {
            key: (wanted & used_tags if key == "tag" else wanted) for key, wanted in chosen.items()
        }
        query = QueryDict(mutable=True)
        for key, wanted in chosen.items():
            query.setlist(key, sorted(wanted))
        selection = case_studies_select(
            query=case_study_query_from_params(params=query), index=library
        )
        expected_ids, expected_counts = brute_force(pages, effective)
        assert set(selection.ids) == {created[i].pk for i in expected_ids}
        for key, expected in expected_counts.items():
            assert counts(selection, key) == expected, key
        transaction.set_rollback(True)
