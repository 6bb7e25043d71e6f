"""Demo guidance: the programme's three guides, with chapters, partners and a change log.

Idempotent: pages are found by slug and updated rather than duplicated. Case studies are linked
by slug when the case studies demo created them, and skipped when it did not.
"""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from casestudies.models import CaseStudyPage
from community.models import Organisation, User
from core.demo_tools import site_home, welsh_translation
from core.http import absolute_url

from .enums import Audience, GuideStatus
from .models import (
    AdoptionReport,
    AdoptionReportChange,
    GuidanceIndexPage,
    GuideAudience,
    GuideChangeLogEntry,
    GuideChapterPage,
    GuidePage,
)

INDEX_INTRO = (
    "<p>Practical guidance on involving the public, affected communities and workers in "
    "public-sector data and AI decisions. Each guide shows its version, when it was last "
    "reviewed and what changed, so you know which version you are reading.</p>"
)


def h(text: str, level: str = "h2") -> tuple:
    return ("heading", {"text": text, "level": level})


def p(*paragraphs: str) -> tuple:
    return ("paragraph", "".join(f"<p>{text}</p>" for text in paragraphs))


def checklist(title: str, *items: str) -> tuple:
    return ("checklist", {"title": title, "items": list(items)})


def questions(*items: str, title: str = "Key questions") -> tuple:
    return ("key_questions", {"title": title, "questions": list(items)})


GUIDES = [
    {
        "slug": "participation-in-procurement-of-data-and-ai-systems",
        "title": "Public participation in the procurement of data and AI systems",
        "summary": (
            "Most data and AI systems enter public services through purchasing. This guide shows "
            "buyers how to give residents, service users and front-line workers a real say at "
            "each stage of a procurement, from defining the need to monitoring the contract."
        ),
        "status": GuideStatus.PILOT,
        "version": "0.3",
        "published_date": datetime.date(2025, 9, 17),
        "last_reviewed_date": datetime.date(2026, 1, 14),
        "next_review_date": datetime.date(2026, 7, 14),
        "audiences": [Audience.COMMISSIONERS, Audience.SERVICE_DESIGNERS],
        "partners": [
            ("London Borough of Camden", "local_authority", "england"),
            ("TUC Cymru", "union", "wales"),
            ("Welsh Government", "devolved_government", "wales"),
        ],
        "topics": ["procurement", "AI", "workers"],
        "case_studies": [
            "camden-participatory-procurement",
            "legal-aid-agency-automated-claims",
            "wales-tuc-procurement-worker-voice",
        ],
        "change_log": [
            (
                datetime.date(2025, 9, 17),
                "0.1",
                "First draft shared with the community of practice.",
            ),
            (
                datetime.date(2025, 11, 12),
                "0.2",
                "Pilot version: added the chapter on worker "
                "and trade-union voice after the design lab with TUC Cymru.",
            ),
            (
                datetime.date(2026, 1, 14),
                "0.3",
                "Rewrote the redress chapter using practitioners' "
                "feedback; added a checklist for contract management.",
            ),
        ],
        "body": [
            h("Who this guide is for"),
            p(
                "Commissioners, procurement officers and digital teams buying data or AI systems "
                "for a public body, and the people who scrutinise those decisions."
            ),
            h("How to use it"),
            p(
                "Read the chapters in order the first time. Each one ends with questions to take "
                "into your next project meeting. The pilot runs until summer 2026: tell us what "
                "worked and what did not using the feedback form at the end of each page."
            ),
        ],
        "chapters": [
            (
                "Why procurement is the lever",
                [
                    p(
                        "Technology rarely arrives in a council, hospital or agency because "
                        "someone built it in-house. It arrives through a purchase: a framework "
                        "call-off, a "
                        "tender, a renewal. The decisions made before and during that purchase fix "
                        "most of what the public will later experience."
                    ),
                    h("Decisions that are hard to undo"),
                    p(
                        "Once a contract is signed, the data a system collects, the way it "
                        "explains itself and the routes to challenge it are expensive to change. "
                        "Involving "
                        "people early costs less than fixing a system later."
                    ),
                    questions(
                        "What will this system decide, or help decide, about people?",
                        "Which of those decisions could you still change after signing?",
                    ),
                ],
            ),
            (
                "Mapping who is affected",
                [
                    p(
                        "Start with a map, not a survey. List residents and service users, the "
                        "front-line staff who will use or be judged by the system, and the unions "
                        "and community groups who speak for them."
                    ),
                    h("People missing from the data"),
                    p(
                        "Ask who is under-represented in the data the system will learn from, and "
                        "who may feel caricatured by how that data was collected."
                    ),
                    checklist(
                        "Before you write the specification",
                        "List every group the system will make or inform decisions about",
                        "Name the front-line roles whose work will change",
                        "Identify the trade unions and community organisations to invite",
                    ),
                ],
            ),
            (
                "Participation across the procurement lifecycle",
                [
                    p("There is a place for participation at every stage, not only at the start."),
                    h("Needs and specification"),
                    p(
                        "Test the problem statement with the people it describes before it becomes "
                        "a requirement."
                    ),
                    h("Tender scoring"),
                    p(
                        "Include residents or workers on scoring panels for the questions about "
                        "transparency, accessibility and redress, with training and payment."
                    ),
                    h("Contract management and evaluation"),
                    p(
                        "Agree with suppliers how affected people will be told about changes, and "
                        "publish what the evaluation found."
                    ),
                ],
            ),
            (
                "Defining social value with residents",
                [
                    p(
                        "Social value is often defined by the buyer alone. Camden's mission-led "
                        "approach shows the alternative: residents help decide what counts, and "
                        "the decision carries more weight because of it."
                    ),
                    questions(
                        "Who defined social value in your last tender?",
                        "How would residents describe a good outcome?",
                    ),
                ],
            ),
            (
                "Worker and trade-union voice",
                [
                    p(
                        "Workers are both users of new systems and subjects of them. In Wales, the "
                        "social partnership model gives unions a formal role; elsewhere the same "
                        "principle can be adopted voluntarily."
                    ),
                    checklist(
                        "Consult before deployment",
                        "Share the specification with recognised unions",
                        "Agree how productivity targets will and will not change",
                        "Set up a joint route for reporting problems",
                    ),
                ],
            ),
            (
                "What the Procurement Act changes",
                [
                    p(
                        "The Procurement Act 2023 changes notices, transparency duties and the "
                        "competitive flexible procedure. Use its transparency requirements as a "
                        "floor, not a ceiling, for telling the public what you are buying and why."
                    ),
                ],
            ),
            (
                "Feedback, error monitoring and redress after go-live",
                [
                    p(
                        "When the Legal Aid Agency automated the assessment of barristers' fee "
                        "claims in 2016, caseworkers were not consulted and feedback routes were "
                        "weak. The system's error rate was 19%, against 3% for caseworkers."
                    ),
                    h("Lessons"),
                    p(
                        "Monitor errors from day one, give staff and the public a way to report "
                        "problems, and publish how you put them right."
                    ),
                    questions(
                        "Who will notice first when the system gets something wrong?",
                        "How will they tell you, and what will you do?",
                    ),
                ],
            ),
        ],
    },
    {
        "slug": "public-engagement-in-developing-official-statistics",
        "title": "Public engagement in developing official statistics",
        "summary": (
            "How statistics producers can understand the public as users of statistics, test "
            "what data about people it is acceptable to collect and publish, and document "
            "their engagement so others can learn from it."
        ),
        "status": GuideStatus.PUBLISHED,
        "version": "1.0",
        "published_date": datetime.date(2025, 6, 11),
        "last_reviewed_date": datetime.date(2025, 12, 10),
        "next_review_date": datetime.date(2026, 12, 10),
        "audiences": [Audience.STATISTICS_PRODUCERS],
        "partners": [
            ("Office for Statistics Regulation", "regulator", "uk"),
            ("ADR UK", "academic", "uk"),
        ],
        "topics": ["official statistics", "deliberation"],
        "case_studies": ["osr-code-of-practice-engagement"],
        "change_log": [
            (datetime.date(2025, 6, 11), "1.0", "First published version."),
        ],
        "body": [
            h("Why this matters"),
            p(
                "Research by ADR UK and the Office for Statistics Regulation found that the "
                "public want a part in deciding whether the use of data serves the public good. "
                "Statistics are one of the main ways government collects and publishes data "
                "about people."
            ),
        ],
        "chapters": [
            (
                "The Code of Practice and where engagement fits",
                [
                    p(
                        "The Code of Practice for Statistics expects producers to understand and "
                        "meet users' needs. Engagement with the public is part of that, "
                        "not an extra."
                    ),
                ],
            ),
            (
                "The public as users of statistics",
                [
                    p(
                        "Members of the public use statistics to make decisions, hold services to "
                        "account and understand their communities. Find out what they need."
                    ),
                    questions(
                        "Which of your outputs does the public use most?",
                        "Who cannot find or understand them?",
                    ),
                ],
            ),
            (
                "Social acceptability",
                [
                    p(
                        "What it is acceptable to collect and publish about people depends on "
                        "context and purpose. Ask, rather than assume."
                    ),
                ],
            ),
            (
                "Reaching under-represented groups",
                [
                    p(
                        "People missing from datasets miss out on the benefits of research, and "
                        "people caricatured by how data is collected lose trust. Work with "
                        "community organisations to reach them."
                    ),
                    checklist(
                        "Plan for reach",
                        "Budget for community partners",
                        "Offer more than one way to take part",
                        "Pay participants",
                    ),
                ],
            ),
            (
                "Choosing methods",
                [
                    p(
                        "Surveys tell you what people think now; public dialogue and panels show "
                        "what they think after weighing risks against benefits. Consultations suit "
                        "specific proposals."
                    ),
                ],
            ),
            (
                "Documenting and publishing your engagement strategy",
                [
                    p(
                        "Publish what you asked, who took part, what you heard and what you "
                        "changed. Close the loop with the people who took part."
                    ),
                ],
            ),
        ],
    },
    {
        "slug": "participation-in-data-sharing-through-the-national-data-library",
        "title": "Participation in data sharing through the National Data Library",
        "summary": (
            "For teams designing access to data through the National Data Library: public "
            "interest tests, governance with public and civil-society seats, transparency, and "
            "revisiting decisions over time."
        ),
        "status": GuideStatus.DRAFT,
        "version": "0.1",
        "published_date": datetime.date(2026, 2, 11),
        "last_reviewed_date": datetime.date(2026, 2, 11),
        "next_review_date": datetime.date(2026, 8, 11),
        "audiences": [Audience.DATA_SHARERS, Audience.COMMISSIONERS],
        "partners": [("DSIT (National Data Library team)", "central_government", "uk")],
        "topics": ["data sharing", "National Data Library"],
        "case_studies": [
            "hra-confidentiality-advisory-group",
            "national-data-library-participation",
        ],
        "change_log": [
            (
                datetime.date(2026, 2, 11),
                "0.1",
                "Draft for comment, following the design lab with the National Data Library team.",
            ),
        ],
        "body": [
            p(
                "This draft sets out how people whose data may be shared through the National "
                "Data Library can have a say in how it is used."
            ),
        ],
        "chapters": [
            (
                "What the National Data Library is",
                [
                    p(
                        "The National Data Library is planned as a way to make public-sector data "
                        "easier to find and use safely. Start by being clear whose data it holds."
                    ),
                ],
            ),
            (
                "Public-interest tests and acceptability",
                [
                    p(
                        "The Health Research Authority's Confidentiality Advisory Group is a "
                        "model: applicants must show public involvement on the public interest, "
                        "the "
                        "acceptability of the processing and how patients can opt out."
                    ),
                ],
            ),
            (
                "Governance with public and civil-society seats",
                [
                    p(
                        "Give members of the public and civil-society organisations seats on the "
                        "bodies that decide on access, with the support to take part as equals."
                    ),
                ],
            ),
            (
                "Opt-outs, registers and minutes",
                [
                    checklist(
                        "Transparency",
                        "Publish a register of access requests",
                        "Publish minutes of access decisions",
                        "Explain how to opt out, in plain language",
                    ),
                ],
            ),
            (
                "Communicating access decisions",
                [
                    p(
                        "Explain each decision and the reasons for it where the people affected "
                        "will see them, not only on a technical website."
                    ),
                ],
            ),
            (
                "Reviewing decisions over time",
                [
                    p(
                        "Public attitudes and uses of data change. Set a date to revisit each "
                        "decision and involve the public in the review."
                    ),
                ],
            ),
        ],
    },
]


# CONTENT-FACTS A10: the Wales procurement toolkit, published with TUC Cymru in English and Welsh.
WALES_GUIDE = {
    "slug": "worker-voice-in-procurement-wales",
    "title": ("Worker voice in public sector procurement of digital and AI systems in Wales"),
    "summary": (
        "A toolkit for commissioners, procurement professionals, union reps and suppliers in "
        "Wales: how to give the workers who will use, and be managed by, a digital or AI system "
        "a real say before it is bought."
    ),
    "status": GuideStatus.PUBLISHED,
    "version": "1.0",
    "published_date": datetime.date(2025, 2, 12),
    "last_reviewed_date": datetime.date(2025, 2, 12),
    "next_review_date": datetime.date(2026, 2, 12),
    "audiences": [Audience.COMMISSIONERS],
    "partners": [
        ("TUC Cymru", "union", "wales"),
        ("Welsh Government", "devolved_government", "wales"),
    ],
    "topics": ["procurement", "workers", "Wales"],
    "case_studies": ["wales-tuc-procurement-worker-voice"],
    "change_log": [
        (
            datetime.date(2025, 2, 12),
            "1.0",
            "Published in English and Welsh with TUC Cymru.",
        ),
    ],
    "body": [
        h("Who this toolkit is for"),
        p(
            "Commissioners, procurement professionals, union representatives and suppliers "
            "involved in buying digital and AI systems for public bodies in Wales."
        ),
        h("The legal frame"),
        p(
            "The Well-being of Future Generations (Wales) Act 2015 asks public bodies to involve "
            "people with an interest in their decisions. The Social Partnership and Public "
            "Procurement (Wales) Act 2023 makes social partnership with trade unions, and "
            "socially responsible procurement, a duty."
        ),
        checklist(
            "Before you buy",
            "Tell the recognised unions about the purchase at the start, not at contract award",
            "Ask the workers who will use the system what problem it should solve",
            "Put worker consultation and monitoring into the specification and the contract",
        ),
        questions(
            "Which workers will be affected, and how will you hear from them?",
            "What will change in how work is allocated, monitored or judged?",
        ),
    ],
    "chapters": [],
}

# Its Welsh translation (published by TUC Cymru as a Welsh-language toolkit).
WALES_GUIDE_CY = {
    "title": (
        "Llais gweithwyr wrth gaffael systemau digidol a deallusrwydd artiffisial yn y sector "
        "cyhoeddus yng Nghymru"
    ),
    "summary": (
        "Pecyn cymorth i gomisiynwyr, gweithwyr caffael proffesiynol, cynrychiolwyr undebau a "
        "chyflenwyr yng Nghymru: sut i roi llais go iawn i'r gweithwyr a fydd yn defnyddio system "
        "ddigidol neu system deallusrwydd artiffisial, ac yn cael eu rheoli ganddi, cyn ei "
        "phrynu."
    ),
    "body": [
        h("Ar gyfer pwy mae'r pecyn cymorth hwn"),
        p(
            "Comisiynwyr, gweithwyr caffael proffesiynol, cynrychiolwyr undebau a chyflenwyr sy'n "
            "ymwneud â phrynu systemau digidol a deallusrwydd artiffisial i gyrff cyhoeddus yng "
            "Nghymru."
        ),
        h("Y fframwaith cyfreithiol"),
        p(
            "Mae Deddf Llesiant Cenedlaethau'r Dyfodol (Cymru) 2015 yn gofyn i gyrff cyhoeddus "
            "gynnwys pobl sydd â diddordeb yn eu penderfyniadau. Mae Deddf Partneriaeth "
            "Gymdeithasol a Chaffael Cyhoeddus (Cymru) 2023 yn gwneud partneriaeth gymdeithasol "
            "ag undebau llafur, a chaffael cyhoeddus cymdeithasol gyfrifol, yn ddyletswydd."
        ),
        checklist(
            "Cyn i chi brynu",
            "Dywedwch wrth yr undebau cydnabyddedig am y pryniant ar y dechrau, nid wrth "
            "ddyfarnu'r contract",
            "Gofynnwch i'r gweithwyr a fydd yn defnyddio'r system pa broblem y dylai ei datrys",
            "Rhowch ymgynghori â gweithwyr a monitro yn y fanyleb ac yn y contract",
        ),
        questions(
            "Pa weithwyr fydd yn cael eu heffeithio, a sut byddwch yn clywed ganddynt?",
            "Beth fydd yn newid yn y ffordd y caiff gwaith ei ddyrannu, ei fonitro neu ei farnu?",
            title="Cwestiynau allweddol",
        ),
    ],
}


def load_welsh(*, index, guide: GuidePage, stdout) -> None:
    """The Welsh guidance index (under the Welsh home page that the site's demo made) and the
    Wales toolkit in Welsh (docs/welsh.md)."""
    welsh_translation(
        index,
        title="Canllawiau",
        intro=(
            "<p>Canllawiau ymarferol ar gynnwys y cyhoedd, cymunedau yr effeithir arnynt a "
            "gweithwyr mewn penderfyniadau am ddata a deallusrwydd artiffisial yn y sector "
            "cyhoeddus.</p>"
        ),
    )
    welsh_guide = welsh_translation(
        guide,
        title=WALES_GUIDE_CY["title"],
        summary=WALES_GUIDE_CY["summary"],
        body=WALES_GUIDE_CY["body"],
    )
    stdout.write(f"  guide (cy): {absolute_url(welsh_guide)}")


def _index(home) -> GuidanceIndexPage:
    index = GuidanceIndexPage.objects.child_of(home).first()
    if index is None:
        index = GuidanceIndexPage(title="Guidance", slug="guidance", intro=INDEX_INTRO)
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def _audiences() -> dict[str, GuideAudience]:
    return {
        slug: GuideAudience.objects.get_or_create(slug=slug, defaults={"sort_order": order})[0]
        for order, slug in enumerate(Audience.values)
    }


def _case_studies(slugs: list[str]) -> list[CaseStudyPage]:
    """Case studies the casestudies demo created, by slug; missing ones are skipped."""
    found = {page.slug: page for page in CaseStudyPage.objects.filter(slug__in=slugs)}
    return [found[slug] for slug in slugs if slug in found]


def _guide(index, spec: dict, audiences: dict) -> GuidePage:
    guide = GuidePage.objects.child_of(index).filter(slug=spec["slug"]).first()
    created = guide is None
    if created:
        guide = GuidePage(slug=spec["slug"])
    for name in (
        "title",
        "summary",
        "status",
        "version",
        "published_date",
        "last_reviewed_date",
        "next_review_date",
        "body",
    ):
        setattr(guide, name, spec[name])
    # Keep the demo's guides in date: the next review is never in the past when it is loaded.
    today = timezone.localdate()
    if guide.next_review_date < today:
        guide.next_review_date = today + datetime.timedelta(days=120)
    guide.audiences = [audiences[a] for a in spec["audiences"]]
    guide.partner_organisations = [
        Organisation.objects.get_or_create(name=name, defaults={"kind": kind, "nation": nation})[0]
        for name, kind, nation in spec["partners"]
    ]
    guide.related_case_studies = _case_studies(spec["case_studies"])
    guide.tags.set(spec["topics"])
    guide.change_log = [
        GuideChangeLogEntry(date=date, version=version, summary=what, sort_order=order)
        for order, (date, version, what) in enumerate(spec["change_log"])
    ]
    if created:
        index.add_child(instance=guide)
    guide.save_revision().publish()
    for title, body in spec["chapters"]:
        slug = slugify(title)
        chapter = GuideChapterPage.objects.child_of(guide).filter(slug=slug).first()
        if chapter is None:
            chapter = GuideChapterPage(slug=slug, title=title, body=body)
            guide.add_child(instance=chapter)
        else:
            chapter.title, chapter.body = title, body
        chapter.save_revision().publish()
    return guide


def load(*, stdout) -> None:
    index = _index(site_home())
    audiences = _audiences()
    for spec in GUIDES:
        guide = _guide(index, spec, audiences)
        stdout.write(
            f"  guide: {absolute_url(guide)} ({guide.get_status_display()}, v{guide.version})"
        )
    wales = _guide(index, WALES_GUIDE, audiences)
    stdout.write(f"  guide: {absolute_url(wales)} (in English and Welsh)")
    load_welsh(index=index, guide=wales, stdout=stdout)
    load_adoption_reports(stdout=stdout)


# --- Adoption reports (issue 21) ----------------------------------------------------------------
# Reports over the programme's two years (from mid-2024), from the kinds of body the programme
# names: a London borough, the statistics regulator, a Welsh public body, and others. Some may
# not be named (counted only), some are declined or still waiting (shown nowhere public). Each
# has its history. Idempotent: a report is found by (guide, organisation, chapter-less) and its
# history rewritten.

PROCUREMENT = "participation-in-procurement-of-data-and-ai-systems"
STATISTICS = "public-engagement-in-developing-official-statistics"
DATA_SHARING = "participation-in-data-sharing-through-the-national-data-library"

# (guide slug, organisation, kind, reporter e-mail, purpose, detail, may be named, final review,
#  review note, public link, account, [(date, stage, review, note)])
ADOPTION_REPORTS = [
    (
        PROCUREMENT,
        "London Borough of Camden",
        "local_authority",
        "aisha.rahman@example.org",
        "procurement",
        "buying a housing repairs triage tool",
        True,
        "approved",
        "",
        "https://www.camden.gov.uk/data-charter",
        "We used the guide's stage-by-stage questions with our residents' panel before writing "
        "the specification. The panel asked for a human review of every refusal; it is now a "
        "contract requirement. The next version could say more about paying panel members.",
        [
            (datetime.date(2024, 7, 3), "considering", "pending", "Reported"),
            (datetime.date(2024, 7, 10), "considering", "approved", ""),
            (datetime.date(2024, 11, 20), "piloting", "pending", "Stage changed"),
            (datetime.date(2024, 11, 27), "piloting", "approved", ""),
            (datetime.date(2025, 9, 15), "adopted", "pending", "Stage changed"),
            (datetime.date(2025, 9, 18), "adopted", "approved", ""),
        ],
    ),
    (
        STATISTICS,
        "Office for Statistics Regulation",
        "regulator",
        "tom.okafor@example.org",
        "statistic",
        "reviewing how producers engage users of official statistics",
        True,
        "approved",
        "",
        "",
        "We piloted the engagement questions in two compliance reviews. Producers found the "
        "checklist clear; they asked for examples of engaging people who do not use statistics.",
        [
            (datetime.date(2024, 10, 8), "considering", "pending", "Reported"),
            (datetime.date(2024, 10, 15), "considering", "approved", ""),
            (datetime.date(2025, 4, 2), "piloting", "pending", "Stage changed"),
            (datetime.date(2025, 4, 9), "piloting", "approved", ""),
        ],
    ),
    (
        PROCUREMENT,
        "Welsh Government",
        "devolved_government",
        "gareth.llewellyn@example.org",
        "procurement",
        "worker voice in a digital services framework",
        True,
        "approved",
        "",
        "",
        "Used with the social partnership toolkit when planning a framework for digital "
        "services; trade union representatives joined the market engagement.",
        [
            (datetime.date(2025, 2, 20), "piloting", "pending", "Reported"),
            (datetime.date(2025, 2, 26), "piloting", "approved", ""),
        ],
    ),
    (
        DATA_SHARING,
        "Northmoor County Council",
        "local_authority",
        "chloe.bennett@example.org",
        "data_sharing",
        "",
        False,  # counted in totals, never named
        "approved",
        "",
        "",
        "A public dialogue before joining a regional data-sharing agreement.",
        [
            (datetime.date(2025, 6, 12), "considering", "pending", "Reported"),
            (datetime.date(2025, 6, 18), "considering", "approved", ""),
            (datetime.date(2026, 1, 14), "piloting", "pending", "Stage changed"),
            (datetime.date(2026, 1, 21), "piloting", "approved", ""),
        ],
    ),
    (
        STATISTICS,
        "Eastfield Integrated Care Board",
        "nhs_body",
        "priya.shah@example.org",
        "statistic",
        "",
        False,
        "approved",
        "",
        "",
        "",
        [
            (datetime.date(2025, 11, 4), "considering", "pending", "Reported"),
            (datetime.date(2025, 11, 10), "considering", "approved", ""),
        ],
    ),
    (
        DATA_SHARING,
        "Health Research Authority",
        "regulator",
        "priya.shah@example.org",
        "data_sharing",
        "public involvement in confidential patient data requests",
        True,
        "more_information",
        "Which part of the guide did you use, and is the work public yet?",
        "",
        "",
        [
            (datetime.date(2026, 3, 2), "considering", "pending", "Reported"),
            (
                datetime.date(2026, 3, 5),
                "considering",
                "more_information",
                "Which part of the guide did you use, and is the work public yet?",
            ),
        ],
    ),
    (
        PROCUREMENT,
        "Brightline Analytics Ltd",
        "company",
        "dev.patel@example.org",
        "other",
        "marketing our product to councils",
        True,
        "declined",
        "Reports are for public bodies and partners using the guide in their own work.",
        "",
        "",
        [
            (datetime.date(2025, 8, 1), "adopted", "pending", "Reported"),
            (
                datetime.date(2025, 8, 4),
                "adopted",
                "declined",
                "Reports are for public bodies and partners using the guide in their own work.",
            ),
        ],
    ),
    (
        STATISTICS,
        "Welsh Revenue Authority",
        "devolved_government",
        "gareth.llewellyn@example.org",
        "statistic",
        "engaging taxpayers on new land transaction statistics",
        True,
        "pending",
        "",
        "",
        "We are planning two workshops with conveyancers and first-time buyers.",
        [(datetime.date(2026, 4, 22), "considering", "pending", "Reported")],
    ),
]


def load_adoption_reports(*, stdout) -> None:
    index = _index(site_home())
    guides = {guide.slug: guide for guide in GuidePage.objects.child_of(index)}
    organiser = User.objects.filter(email="organiser@example.org").first()
    loaded = 0
    for (
        slug,
        org_name,
        kind,
        email,
        purpose,
        detail,
        may_name,
        review,
        review_note,
        link,
        account,
        history,
    ) in ADOPTION_REPORTS:
        guide = guides.get(slug)
        if guide is None:
            continue
        organisation, _created = Organisation.objects.get_or_create(
            name=org_name, defaults={"kind": kind}
        )
        member = User.objects.filter(email=email).first()
        first, last = history[0], history[-1]
        report, _created = AdoptionReport.objects.update_or_create(
            guide=guide,
            organisation=organisation,
            chapter=None,
            defaults={
                "member": member,
                "stage": last[1],
                "purpose": purpose,
                "purpose_detail": detail,
                "since": first[0].replace(day=1),
                "public_link": link,
                "account": account,
                "may_name": may_name,
                "review": review,
                "review_note": review_note,
                "reviewed_by": organiser if review != "pending" else None,
                "reviewed_at": _at(last[0]) if review != "pending" else None,
                "guide_version": guide.version,
            },
        )
        AdoptionReport.objects.filter(pk=report.pk).update(
            created_at=_at(first[0]), updated_at=_at(last[0])
        )
        report.changes.all().delete()
        AdoptionReportChange.objects.bulk_create(
            AdoptionReportChange(
                report=report,
                changed_at=_at(day),
                changed_by=member if change_review == "pending" else organiser,
                stage=stage,
                review=change_review,
                note=note,
            )
            for day, stage, change_review, note in history
        )
        loaded += 1
    review_list = absolute_url(reverse("guidance:adoption_review_list"))
    stdout.write(f"  adoption reports: {loaded} (see {review_list})")


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))
