"""The case study page, method pages, page rules, admin filters, home-page selectors, demo."""

import pytest
from django.db import IntegrityError, transaction

from casestudies.models import CaseStudyIndexPage, CaseStudyPage, Method
from casestudies.selectors import case_studies_featured, case_studies_latest
from tests.factories.casestudies import case_study, method
from tests.factories.users import admin_user

pytestmark = pytest.mark.django_db


def test_case_study_page_shows_everything_with_citation_and_breadcrumbs(client, library):
    method("citizens-jury", "Citizens' jury")
    page = case_study(
        library,
        title="Legal aid claims",
        organisation="Legal Aid Agency",
        sector="justice",
        outcome="negative",
        workers="no",
        methods=("citizens-jury",),
        stages=("deployment",),
        tags=("case workers",),
        figures=(("19%", "error rate of the automated system"), ("3%", "error rate of people")),
        body_text="The system was introduced in 2016.",
        start_year=2016,
        end_year=2021,
    )
    content = client.get(page.url).content.decode()
    for expected in [
        '<h1 id="case-study-title">Legal aid claims</h1>',
        "Legal Aid Agency",
        "Justice and policing",
        "2016\u20132021",
        "Citizens&#x27; jury",
        'href="/case-studies/methods/citizens-jury/"',
        'href="/case-studies/?tag=case-workers"',
        "19%",
        "error rate of the automated system",
        "The system was introduced in 2016.",
        "A decision changed",  # outcome evidence row
        'href="https://example.org/source"',
        "Cite this case study",
        "Case study, version 1, first published",  # the page's own version (test_citation.py)
        f"http://testserver/case-studies/{page.slug}/",
        'aria-label="Breadcrumb"',
        '<a href="/case-studies/">Case studies</a>',
    ]:
        assert expected in content, expected


def test_years_must_be_in_order(library):
    page = case_study(library, start_year=2020, end_year=2021)
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseStudyPage.objects.filter(pk=page.pk).update(start_year=2022)


def test_page_type_rules():
    assert CaseStudyIndexPage.allowed_subpage_models() == [CaseStudyPage]
    assert CaseStudyPage.allowed_parent_page_models() == [CaseStudyIndexPage]
    assert CaseStudyPage.allowed_subpage_models() == []


def test_method_page_lists_the_case_studies_using_it(client, library):
    method("deliberative-panel", "Deliberative panel", "People deliberate over several days.")
    with_method = case_study(library, title="With panel", methods=("deliberative-panel",))
    case_study(library, title="Without panel", methods=("other",))
    draft = case_study(library, title="Draft panel", methods=("deliberative-panel",))
    draft.unpublish()
    response = client.get("/case-studies/methods/deliberative-panel/")
    content = response.content.decode()
    assert "People deliberate over several days." in content
    assert [page.pk for page in response.context["case_studies"]] == [with_method.pk]
    assert "Without panel" not in content and "Draft panel" not in content
    listing = client.get("/case-studies/methods/").content.decode()
    assert 'href="/case-studies/methods/deliberative-panel/"' in listing
    assert client.get("/case-studies/methods/nope/").status_code == 404


def test_admin_lists_case_studies_by_facet(client, library):
    client.force_login(admin_user())
    case_study(library, title="Justice case", sector="justice", methods=("jury",))
    case_study(library, title="Health case", sector="health")
    response = client.get("/admin/case_studies/", {"sector": "justice"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Justice case" in content and "Health case" not in content
    jury = Method.objects.get(slug="jury")
    content = client.get("/admin/case_studies/", {"methods": jury.pk}).content.decode()
    assert "Justice case" in content and "Health case" not in content


def test_method_snippets_are_registered_in_admin(client, library):
    client.force_login(admin_user())
    method("design-lab", "Design lab")
    response = client.get("/admin/snippets/casestudies/method/")
    assert response.status_code == 200
    assert "Design lab" in response.content.decode()


def test_home_page_selectors(library):
    stub = case_study(library, title="Stub", completeness="stub")
    complete = case_study(library, title="Complete", completeness="complete")
    assert [page.pk for page in case_studies_latest(limit=2)] == [complete.pk, stub.pk]
    assert case_studies_featured(limit=1)[0].pk == complete.pk


def test_demo_content_is_idempotent_and_has_the_facts(home_page, client):
    from casestudies import demo

    demo.load()
    demo.load()
    assert CaseStudyPage.objects.count() == 10
    laa = CaseStudyPage.objects.get(slug="legal-aid-agency-automated-claims")
    values = set(laa.key_figures.values_list("value", flat=True))
    assert {"19%", "3%"} <= values
    assert laa.organisation.name.startswith("Legal Aid Agency")
    assert Method.objects.filter(description__gt="").count() >= 10
    index = CaseStudyIndexPage.objects.get()
    assert index.get_workflow() is not None
    response = client.get("/case-studies/", {"outcome": "negative"})
    titles = {page.title for page in response.context["case_studies"]}
    assert "Automated fee assessment introduced without asking the workers" in titles
