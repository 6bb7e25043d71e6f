"""The bench data's words: a vocabulary of sector and participation words, search terms of
controlled frequency (bench/measures.py asks for a rare, a middling and a common one), names,
places, organisations, and StreamField bodies built from them. Pure Python: no models."""

from __future__ import annotations

import random
import uuid


def _split(text: str) -> list[str]:
    return text.split()


# --- Vocabulary ------------------------------------------------------------------------------
# Search terms with a controlled document frequency, so the search benchmark can ask for a rare,
# a middling and a common word (bench/measures.py reads these constants).
RARE_TERMS = ["photovoice", "zine", "ethnography", "storyboarding"]  # each in ~0.3% of bodies
MIDDLING_TERMS = ["ombudsman", "deliberation", "procurement", "safeguarding"]  # ~6% each
COMMON_TERMS = ["participation", "public", "data"]  # in nearly every case study

SECTOR_WORDS = _split(
    "council housing benefits welfare hospital patients clinicians school pupils teachers "
    "transport buses roads policing courts probation prisons social care carers statistics "
    "census survey tax revenue planning licensing waste libraries parks environment energy "
    "immigration employment pensions disability veterans youth families children adults "
    "ambulance pharmacy dentistry mental health records registry"
)
PARTICIPATION_WORDS = _split(
    "residents citizens community panel jury assembly workshop consultation co-design "
    "engagement dialogue forum lived experience advisory group listening sessions survey "
    "focus groups outreach trust consent transparency accountability oversight fairness bias "
    "algorithm model automated decision prediction risk score dashboard linkage sharing "
    "anonymisation pseudonymisation governance ethics board charter principles recommendations "
    "evidence evaluation pilot trial procurement supplier contract impact assessment workers "
    "unions staff frontline volunteers charities advocates translators accessibility inclusion"
)
GLUE_WORDS = _split(
    "the a of and to in for with on by from that was were is are this their they we our "
    "which when after before during about over between through into across each"
)
REGIONS = [
    "North East",
    "North West",
    "Yorkshire and the Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
    "Glasgow",
    "Edinburgh",
    "Highlands",
    "Cardiff",
    "Gwynedd",
    "Belfast",
    "Derry and Strabane",
]
AFFECTED_GROUPS = [
    "Older people",
    "Young people",
    "Disabled people",
    "Carers",
    "Patients",
    "Parents",
    "Children",
    "Tenants",
    "Migrants",
    "Refugees",
    "People on low incomes",
    "Benefit claimants",
    "Rural communities",
    "Coastal communities",
    "Black and minority ethnic communities",
    "Gypsy, Roma and Traveller communities",
    "LGBTQ+ people",
    "Welsh speakers",
    "People with long-term conditions",
    "People with learning disabilities",
    "Frontline staff",
    "Social workers",
    "Nurses",
    "Teachers",
    "Police officers",
    "Bus drivers",
    "Students",
    "Veterans",
    "People in prison",
    "People experiencing homelessness",
    "Unpaid carers",
    "Deaf people",
    "Blind and partially sighted people",
    "Small businesses",
    "Farmers",
    "Commuters",
    "Cyclists",
    "Residents of care homes",
    "Victims of crime",
    "Survivors of domestic abuse",
]
FALLBACK_METHODS = [
    ("deliberative-panel", "Deliberative panel"),
    ("citizens-jury", "Citizens' jury"),
    ("citizens-assembly", "Citizens' assembly"),
    ("community-group-discussions", "Community group discussions"),
    ("resident-interviews", "Resident interviews"),
    ("co-design-workshops", "Co-design workshops"),
    ("lived-experience-panel", "Lived experience panel"),
    ("public-dialogue", "Public dialogue"),
    ("online-consultation", "Online consultation"),
    ("participatory-budgeting", "Participatory budgeting"),
    ("worker-forum", "Worker forum"),
    ("data-trust", "Data trust"),
]
ORG_PREFIXES = [
    "Northshire",
    "Eastvale",
    "Westmarch",
    "Southbridge",
    "Highmoor",
    "Lowfield",
    "Riverton",
    "Oakham",
    "Ashby",
    "Kingsford",
    "Millbrook",
    "Stonegate",
    "Fairhaven",
    "Redcliffe",
    "Greendale",
    "Brackenridge",
    "Thornbury",
    "Wyvern",
    "Cairnside",
    "Glenmor",
]
ORG_SUFFIXES = [
    ("Council", "local_authority"),
    ("NHS Foundation Trust", "nhs_body"),
    ("Integrated Care Board", "nhs_body"),
    ("Police", "other"),
    ("Data Observatory", "academic"),
    ("Citizens Advice", "charity"),
    ("Housing Association", "charity"),
    ("Statistics Unit", "central_government"),
    ("Regulatory Authority", "regulator"),
    ("Transport Partnership", "other"),
]


class Words:
    """Fast pseudo-text from the vocabulary, with a few terms of controlled frequency."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.pool = SECTOR_WORDS * 2 + PARTICIPATION_WORDS * 2 + GLUE_WORDS * 5

    def sentence(self, n: int | None = None) -> str:
        n = n or self.rng.randint(9, 22)
        words = self.rng.choices(self.pool, k=n)
        return words[0].capitalize() + " " + " ".join(words[1:]) + "."

    def paragraph(self, sentences: int | None = None, extra: list[str] = ()) -> str:
        items = [self.sentence() for _ in range(sentences or self.rng.randint(3, 6))]
        for term in extra:
            i = self.rng.randrange(len(items))
            items[i] = items[i][:-1] + f" {term}."
        return " ".join(items)

    def title(self) -> str:
        words = self.rng.sample(PARTICIPATION_WORDS, 2) + self.rng.sample(SECTOR_WORDS, 2)
        return " ".join(words).capitalize()


def _block(kind: str, value) -> dict:
    return {"type": kind, "value": value, "id": str(uuid.uuid4())}


def _list_items(values: list[str]) -> list[dict]:
    return [{"type": "item", "value": v, "id": str(uuid.uuid4())} for v in values]


def long_body(words: Words, *, paragraphs: int, extra_terms: list[str]) -> list[dict]:
    """A realistic StreamField body: headings, paragraphs, a quote, a checklist, key questions."""
    rng = words.rng
    blocks = []
    terms = list(extra_terms)
    for i in range(paragraphs):
        if i % 3 == 0:
            blocks.append(_block("heading", {"text": words.title()[:100], "level": "h2"}))
        chosen = [terms.pop()] if terms and rng.random() < 0.5 else []
        blocks.append(_block("paragraph", f"<p>{words.paragraph(extra=chosen)}</p>"))
    if terms:  # any term not placed yet goes in a last paragraph
        blocks.append(_block("paragraph", f"<p>{words.paragraph(extra=terms)}</p>"))
    blocks.insert(
        rng.randrange(1, max(2, len(blocks))),
        _block("quote", {"quote": words.sentence(18), "attribution": "A panel member"}),
    )
    blocks.append(
        _block(
            "checklist",
            {
                "title": "What made it work",
                "items": _list_items([words.sentence(8) for _ in range(4)]),
            },
        )
    )
    blocks.append(
        _block(
            "key_questions",
            {
                "title": "Key questions",
                "questions": _list_items([words.sentence(7)[:-1] + "?" for _ in range(3)]),
            },
        )
    )
    return blocks


FIRST_NAMES = _split(
    "Aisha Alex Amir Ana Ben Bethan Carys Chen Chloe Dafydd Daniel Deepa Eilidh Emma Fatima "
    "Finn Gareth Grace Hannah Ifan Isla Jack Jamal Kate Kofi Leah Liam Maya Mohammed Niamh Noah "
    "Olivia Owen Priya Rhys Rosa Sam Sian Tom Yusuf Zara"
)
LAST_NAMES = _split(
    "Ahmed Baker Campbell Davies Evans Fraser Green Hughes Islam Jones Kaur Khan Lewis "
    "MacDonald Morgan Nowak O'Neill Patel Price Roberts Singh Smith Taylor Thomas Walker "
    "Williams Wilson Wright Young"
)
