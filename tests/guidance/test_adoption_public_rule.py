"""The one rule of what is public about adoption reports (issue 21): approved only; the
organisation's name only when it may be named."""

import datetime as dt

import pytest

from guidance.enums import AdoptionPurpose, AdoptionReview, AdoptionStage
from guidance.models import AdoptionReport
from guidance.selectors import (
    adoption_public_label,
    adoption_public_reports,
    adoption_public_reports_for_guide,
    adoption_stage_counts,
)
from tests.factories.users import OrganisationFactory

pytestmark = pytest.mark.django_db


def report(guide, *, name, review, may_name=True, stage=AdoptionStage.PILOTING):
    return AdoptionReport.objects.create(
        guide=guide,
        organisation=OrganisationFactory(name=name),
        stage=stage,
        purpose=AdoptionPurpose.STATISTIC,
        since=dt.date(2026, 3, 1),
        may_name=may_name,
        review=review,
    )


def test_only_approved_reports_are_public_and_unnameable_ones_keep_their_name_hidden(guide):
    named = report(guide, name="Borough of Hackbridge", review=AdoptionReview.APPROVED)
    hidden = report(
        guide, name="Quiet Statistics Office", review=AdoptionReview.APPROVED, may_name=False
    )
    for review in (
        AdoptionReview.PENDING,
        AdoptionReview.MORE_INFORMATION,
        AdoptionReview.DECLINED,
    ):
        report(guide, name=f"Not public {review}", review=review)

    assert set(adoption_public_reports()) == {named, hidden}
    assert set(adoption_public_reports_for_guide(guide=guide)) == {named, hidden}
    assert adoption_public_label(named) == "Borough of Hackbridge"
    assert "Quiet Statistics Office" not in adoption_public_label(hidden)
    assert adoption_stage_counts(adoption_public_reports()) == {
        "considering": 0,
        "piloting": 2,
        "adopted": 0,
    }


def test_an_unapproved_report_has_no_public_label(guide):
    pending = report(guide, name="Pending Council", review=AdoptionReview.PENDING)
    with pytest.raises(ValueError):
        adoption_public_label(pending)
