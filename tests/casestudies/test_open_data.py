"""CSV and JSON exports of the filtered selection, the data dictionary, licence and Atom feed."""

import csv
import io
import re
import xml.etree.ElementTree as ET

import pytest

from casestudies.models import OpenDataSettings
from casestudies.opendata import CSV_HEADER
from tests.factories.casestudies import case_study

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def pages(library):
    return {
        "camden": case_study(
            library,
            title="Camden procurement",
            sector="local_government",
            methods=("panel",),
            tags=("residents",),
            figures=(("2", "panels"),),
            organisation="London Borough of Camden",
        ),
        "laa": case_study(
            library,
            title="Legal aid claims",
            sector="justice",
            outcome="negative",
            figures=(("19%", "error rate of the system"), ("3%", "error rate of case workers")),
        ),
        "hra": case_study(library, title="Advisory group", sector="health_research"),
    }


def read_csv(response) -> list[dict]:
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    return list(csv.DictReader(io.StringIO(text.decode("utf-8"))))


def test_csv_of_a_filtered_selection_has_exactly_the_selected_pages(client, pages):
    response = client.get("/case-studies/data.csv?sector=justice&sector=local_government")
    rows = read_csv(response)
    assert {row["title"] for row in rows} == {"Camden procurement", "Legal aid claims"}
    laa = next(row for row in rows if row["title"] == "Legal aid claims")
    assert laa["key_figures"] == "19%: error rate of the system; 3%: error rate of case workers"
    assert laa["outcome"] == "negative"
    assert laa["url"].endswith("/case-studies/" + pages["laa"].slug + "/")
    camden = next(row for row in rows if row["title"] == "Camden procurement")
    assert camden["methods"] == "panel"
    assert camden["affected_groups"] == "residents"
    assert camden["organisation"] == "London Borough of Camden"


def test_csv_uses_the_same_parameters_as_the_index(client, pages):
    index_titles = {
        page.title for page in client.get("/case-studies/?method=panel").context["case_studies"]
    }
    csv_titles = {
        row["title"] for row in read_csv(client.get("/case-studies/data.csv?method=panel"))
    }
    assert index_titles == csv_titles == {"Camden procurement"}


def test_csv_header_matches_the_data_dictionary(client, pages):
    response = client.get("/case-studies/data.csv")
    header = next(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    assert header == CSV_HEADER
    dictionary = client.get("/case-studies/data/").content.decode()
    documented = re.findall(r'<code class="column-name">([^<]+)</code>', dictionary)
    assert documented == header
    # Allowed values are listed for coded columns.
    assert "<code>negative</code>: Negative" in dictionary
    assert "<code>local_government</code>: Local government" in dictionary


def test_csv_neutralises_spreadsheet_formulas(client, library):
    case_study(library, title='=HYPERLINK("http://evil")')
    rows = read_csv(client.get("/case-studies/data.csv"))
    assert rows[0]["title"].startswith("'=")


def test_json_of_a_filtered_selection(client, pages):
    response = client.get("/case-studies/data.json", {"outcome": "negative"})
    data = response.json()
    assert [item["title"] for item in data["case_studies"]] == ["Legal aid claims"]
    record = data["case_studies"][0]
    assert list(record) == CSV_HEADER
    assert record["key_figures"][0] == {
        "value": "19%",
        "label": "error rate of the system",
        "source": "",
        "source_url": "",
    }
    assert data["dataset"]["count"] == 1
    assert data["dataset"]["licence_short_name"] == "CC BY 4.0"
    assert data["dataset"]["licence_url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert data["dataset"]["version"] == "1.0"
    assert data["dataset"]["updated"]


def test_licence_and_version_come_from_the_site_setting(client, pages, home_page):
    from wagtail.models import Site

    settings = OpenDataSettings.for_site(Site.objects.get(is_default_site=True))
    settings.licence_short_name = "OGL v3.0"
    settings.licence_name = "Open Government Licence"
    settings.licence_url = "https://www.nationalarchives.gov.uk/doc/open-government-licence/"
    settings.dataset_version = "2.1"
    settings.save()
    page = client.get("/case-studies/data/").content.decode()
    assert "Open Government Licence (OGL v3.0)" in page
    assert "2.1" in page
    assert client.get("/case-studies/data.json").json()["dataset"]["version"] == "2.1"


def test_atom_feed_parses_with_one_entry_per_new_page(client, pages, library):
    draft = case_study(library, title="Not yet", publish=False)
    draft.unpublish()
    response = client.get("/case-studies/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own feed, in a test
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    titles = sorted(entry.find(f"{ATOM}title").text for entry in entries)
    assert titles == ["Advisory group", "Camden procurement", "Legal aid claims"]
    links = {entry.find(f"{ATOM}link").get("href") for entry in entries}
    assert any(link.endswith("/case-studies/" + pages["laa"].slug + "/") for link in links)


def test_csv_neutralises_a_formula_that_starts_with_a_minus(client, library):
    """The case study download uses the site's one CSV rule (core.csv_export), which
    also covers '-' (the classic -2+3+cmd|... payload)."""
    case_study(library, title="-2+3+cmd|' /C calc'!A0")
    rows = read_csv(client.get("/case-studies/data.csv"))
    assert rows[0]["title"] == "'-2+3+cmd|' /C calc'!A0"
