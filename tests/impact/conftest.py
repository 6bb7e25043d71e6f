import datetime as dt

import pytest

from guidance.models import AdoptionReport
from tests.factories import guidance as g


@pytest.fixture
def guide(home_page):
    index = g.guidance_index(home=home_page)
    return g.guide_page(index=index, title="Involving the public in data decisions")


def make_report(
    *,
    guide,
    organisation,
    stage="piloting",
    review="approved",
    may_name=True,
    since=None,
    purpose="service",
):
    return AdoptionReport.objects.create(
        guide=guide,
        organisation=organisation,
        stage=stage,
        purpose=purpose,
        since=since or dt.date.today().replace(day=1),
        review=review,
        may_name=may_name,
    )
