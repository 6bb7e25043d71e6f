"""Demo content for the case study library: the index, methods and the ten case studies of
CONTENT-FACTS section (b), written in our own words. Idempotent: existing rows are left alone."""

import datetime

from django.db import transaction

from community.models import Organisation
from core.demo_tools import site_home
from core.http import absolute_url

from .enums import DATA_KINDS, LIFECYCLE_STAGES, SYSTEM_KINDS
from .models import (
    CaseStudyIndexPage,
    CaseStudyPage,
    DataKind,
    KeyFigure,
    LifecycleStage,
    Method,
    OutcomeEvidence,
    Source,
    SystemKind,
)
from .services import case_study_workflow_ensure

CBD = "Connected by Data"

METHODS = {
    "deliberative-panel": (
        "Deliberative panel",
        "A group of residents, broadly representative of the area, who hear evidence, discuss "
        "it over several sessions and agree recommendations the organisation must answer.",
    ),
    "community-group-discussions": (
        "Community group discussions",
        "Conversations held with existing community and voluntary groups, on their ground, to "
        "reach people who do not come to formal consultations.",
    ),
    "resident-interviews": (
        "Resident interviews",
        "One-to-one interviews with people who use a service, to understand their needs before "
        "a specification is written.",
    ),
    "residents-scoring-tenders": (
        "Residents scoring tenders",
        "Residents sit on the evaluation panel of a procurement and score suppliers' bids "
        "alongside officers, with a weighting agreed in advance.",
    ),
    "participatory-budgeting": (
        "Participatory budgeting",
        "Residents decide directly how part of a public budget is spent, usually by proposing "
        "and voting on projects.",
    ),
    "lay-members-advisory-group": (
        "Lay members on an advisory group",
        "Members of the public sit as full members of an expert committee that advises on or "
        "decides about the use of data.",
    ),
    "applicant-led-public-involvement": (
        "Applicant-led public involvement",
        "The body asking to use data must show that it has involved the public (or the people "
        "whose data it is) before its application is considered.",
    ),
    "published-minutes-and-registers": (
        "Published minutes and registers",
        "Making decisions open to scrutiny by publishing minutes, registers of requests and "
        "the reasons for approving or refusing them.",
    ),
    "design-lab": (
        "Design lab",
        "A facilitated working session where officials, civil society and people with lived "
        "experience shape a policy, service or piece of guidance together.",
    ),
    "civil-society-engagement": (
        "Civil society engagement",
        "Structured dialogue with charities, campaign groups and advocacy organisations that "
        "represent affected people.",
    ),
    "public-consultation": (
        "Public consultation",
        "A formal, open invitation to comment on a proposal within a set period, with a "
        "published response.",
    ),
    "social-partnership": (
        "Social partnership negotiation",
        "Government, employers and trade unions agree together how changes at work are made, "
        "as in the Welsh social partnership model.",
    ),
    "worker-consultation": (
        "Worker and trade union consultation",
        "Asking the staff who will use, or be managed by, a system (and their unions) what it "
        "must do and how it will affect their work.",
    ),
    "public-attitudes-research": (
        "Public attitudes research",
        "Surveys, focus groups or workshops that ask people what they think about a use of "
        "data or AI, to inform policy and investment.",
    ),
    "civil-society-scrutiny": (
        "Civil society scrutiny and complaints",
        "Campaigners, journalists and complainants who expose problems from the outside when no "
        "route for involvement exists.",
    ),
    "large-scale-public-engagement": (
        "Large-scale public engagement",
        "A national programme of conversations, deliberation and surveys involving many "
        "thousands of people.",
    ),
    "external-advisory-panel": (
        "External advisory panel",
        "A panel of outside experts and practitioners who advise a body as it sets up or "
        "changes a function.",
    ),
    "open-call-for-views": (
        "Open online call for views",
        "An online invitation to anyone to share experiences and ideas, summarised into themes.",
    ),
}

# (title, slug, organisation (name, kind, nation), sector, nation, region, years, methods,
#  stages, data kinds, system kinds, groups, workers, outcome, completeness, summary, body
#  paragraphs, lessons, figures [(value, label, source)], evidence [(what, decision, when)],
#  sources [(title, publisher, date)])
CASE_STUDIES = [
    {
        "title": "Bringing residents into technology and service procurement",
        "slug": "camden-participatory-procurement",
        "organisation": ("London Borough of Camden", "local_authority", "england"),
        "sector": "local_government",
        "nation": "england",
        "region": "London",
        "years": (2024, 2025),
        "methods": [
            "deliberative-panel",
            "community-group-discussions",
            "resident-interviews",
            "residents-scoring-tenders",
            "participatory-budgeting",
        ],
        "stages": ["procurement", "evaluation"],
        "data_kinds": ["personal", "administrative"],
        "system_kinds": ["data-platform"],
        "groups": ["residents", "homecare service users", "community organisations"],
        "workers": "unknown",
        "outcome": "positive",
        "completeness": "complete",
        "summary": (
            "Camden council makes public participation part of how it governs, and uses it when "
            "it buys services and technology. It builds on a Data Charter written with "
            "residents. Participation costs time and asks for a change of culture, but the "
            "council finds the resulting decisions more legitimate and longer-lasting."
        ),
        "body": [
            "Camden's mission-led approach asks what outcomes residents want before it asks what "
            "to buy. Residents are involved at several points of a procurement: shaping the "
            "strategy, talking through needs in community groups and interviews, and scoring "
            "suppliers' bids on the evaluation panel.",
            "The work sits beside the Camden Data Charter, which two representative "
            "deliberative panels of residents helped to write. The charter sets out how the "
            "council should collect, use and share data about people.",
            "The council sees several benefits: decisions reflect what residents prioritise, "
            "they are seen as authentic and based on evidence, they survive changes of "
            "political leadership, and they improve relations with communities.",
        ],
        "lessons": [
            "Involve residents across the procurement cycle (strategy, tender scoring and "
            "evaluation), not only at the start.",
            "Count participation as an investment: it builds guidance and know-how the council "
            "can reuse.",
            "Decisions that reflect public priorities last longer through political change.",
        ],
        "figures": [
            ("2", "representative deliberative panels co-created the Camden Data Charter", CBD),
            (
                "~£100k",
                "estate participatory budget each year, about a quarter of spend on that estate",
                CBD,
            ),
        ],
        "evidence": [
            (
                "Residents' scores counted in choosing suppliers",
                "Service and technology tender evaluations",
                "2024",
            ),
        ],
        "sources": [
            ("Case study: participatory procurement in Camden", CBD, datetime.date(2025, 3, 10)),
        ],
    },
    {
        "title": "Public involvement as a condition of access to confidential patient data",
        "slug": "hra-confidentiality-advisory-group",
        "organisation": (
            "Health Research Authority - Confidentiality Advisory Group (CAG)",
            "regulator",
            "england",
        ),
        "sector": "health_research",
        "nation": "england",
        "region": "England and Wales",
        "years": (2013, 2025),
        "methods": [
            "lay-members-advisory-group",
            "applicant-led-public-involvement",
            "published-minutes-and-registers",
        ],
        "stages": ["regulation", "data-sharing"],
        "data_kinds": ["health-records"],
        "system_kinds": ["data-sharing"],
        "groups": ["NHS patients", "people whose records are used in research"],
        "workers": "no",
        "outcome": "positive",
        "completeness": "complete",
        "summary": (
            "Researchers who want to use identifiable patient records without consent must "
            "apply to an independent advisory group. The group expects them to have involved "
            "the public on whether the use serves the public interest, whether it is "
            "acceptable and how people can opt out, and it publishes its minutes and registers."
        ),
        "body": [
            "The Confidentiality Advisory Group is an independent body that advises on using "
            "confidential patient information without consent where that is in the public "
            "interest. Its members include lay people alongside professionals.",
            "Applicants must show they have involved the public on three questions: is the use "
            "in the public interest, is the processing acceptable to patients, and how will "
            "people be able to opt out. Without that involvement an application is unlikely to "
            "be supported.",
            "Because the group publishes its minutes and keeps public registers of the "
            "requests it has considered, anyone can see what was asked and what was decided.",
        ],
        "lessons": [
            "Make public involvement a gate in the approval process, not an optional extra.",
            "Transparency (minutes and registers) underpins trust in decisions made for the "
            "public.",
            "Lay members cannot represent every lived experience; target involvement at the "
            "people affected.",
        ],
        "figures": [
            ("2", "meetings a month at most", CBD),
            ("60 days", "longest time to a decision (30 days where issues overlap)", CBD),
        ],
        "evidence": [
            (
                "Applications without adequate public involvement are sent back",
                "Advice on section 251 applications",
                "since 2013",
            ),
        ],
        "sources": [
            ("Case study: the Confidentiality Advisory Group", CBD, datetime.date(2025, 3, 10)),
            ("Confidentiality Advisory Group", "Health Research Authority", None),
        ],
    },
    {
        "title": "Automated fee assessment introduced without asking the workers",
        "slug": "legal-aid-agency-automated-claims",
        "organisation": (
            "Legal Aid Agency (Ministry of Justice)",
            "central_government",
            "england",
        ),
        "sector": "justice",
        "nation": "england",
        "region": "England and Wales",
        "years": (2016, 2021),
        "methods": [],
        "stages": ["deployment"],
        "data_kinds": ["administrative"],
        "system_kinds": ["automated-decision"],
        "groups": ["LAA case workers", "barristers and legal aid lawyers", "legal aid clients"],
        "workers": "no",
        "outcome": "negative",
        "completeness": "complete",
        "summary": (
            "In 2016 the Legal Aid Agency automated part of how it assessed barristers' fee "
            "claims. Case workers were not consulted and had few ways to report problems. The "
            "system made far more mistakes than people had, leading to overpayments, audits, "
            "rework and low morale."
        ),
        "body": [
            "The Legal Aid Agency pays legal professionals' claims for publicly funded work. As "
            "part of a digitisation programme, a new system arrived in 2016 that automated the "
            "assessment of barristers' payment claims.",
            "The case workers who had assessed claims by hand were not asked what the system "
            "needed to do, and once it was running there were few routes to feed back problems.",
            "The automated assessment got 19% of claims wrong, compared with 3% for case "
            "workers. Errors led to overpayments, audits and corrections, more work for staff "
            "and growing dissatisfaction; staff retention later became a corporate risk.",
        ],
        "lessons": [
            "Consult front-line workers on what a system must do before it is bought or built.",
            "Build feedback and escalation routes into deployment, and compare error rates with "
            "the human baseline.",
            "Ignoring workers costs money (overpayments, audits) as well as morale.",
        ],
        "figures": [
            ("19%", "error rate of the automated assessment", CBD),
            ("3%", "error rate of case workers doing the same work", CBD),
            ("2016", "year the new system was introduced", CBD),
        ],
        "evidence": [
            (
                "Overpayments found and corrected through audits",
                "Assessment of barristers' fee claims",
                "2016-2021",
            ),
            (
                "Staff retention recorded as a corporate-level risk",
                "Agency risk register",
                "2021",
            ),
        ],
        "sources": [
            ("Case study: the Legal Aid Agency", CBD, datetime.date(2025, 3, 10)),
        ],
    },
    {
        "title": "Designing public participation into the National Data Library",
        "slug": "national-data-library-participation",
        "organisation": (
            "Department for Science, Innovation and Technology",
            "central_government",
            "uk",
        ),
        "sector": "central_government",
        "nation": "uk",
        "region": "",
        "years": (2024, 2025),
        "methods": ["design-lab", "civil-society-engagement"],
        "stages": ["design"],
        "data_kinds": ["administrative", "statistical"],
        "system_kinds": ["data-platform", "data-sharing"],
        "groups": ["the public whose records are shared", "researchers", "civil society"],
        "workers": "unknown",
        "outcome": "mixed",
        "completeness": "stub",
        "summary": (
            "The government promised a National Data Library to join up research data and "
            "support public services, with strong safeguards. A design lab with the library's "
            "team explored how the public and civil society could take part in governing it; "
            "guidance is being piloted."
        ),
        "body": [
            "A design lab held with the National Data Library team on 5 December 2024 looked at "
            "how people and civil society organisations could have a say in how shared "
            "administrative data is governed, not only be told about it.",
        ],
        "lessons": [
            "Public trust needs governance structures and real participation, not "
            "communication alone.",
            "Bring participation in at the design stage of shared data infrastructure.",
        ],
        "figures": [("5 Dec 2024", "design lab with the National Data Library team", CBD)],
        "evidence": [],
        "sources": [("Design lab: the National Data Library", CBD, datetime.date(2024, 12, 5))],
    },
    {
        "title": "Public engagement in the refreshed Code of Practice for Statistics",
        "slug": "osr-code-of-practice-engagement",
        "organisation": ("Office for Statistics Regulation", "regulator", "uk"),
        "sector": "statistics",
        "nation": "uk",
        "region": "",
        "years": (2025, 2025),
        "methods": ["public-consultation", "design-lab"],
        "stages": ["design", "regulation"],
        "data_kinds": ["statistical"],
        "system_kinds": ["statistics"],
        "groups": ["users of official statistics", "communities missing from statistics"],
        "workers": "unknown",
        "outcome": "positive",
        "completeness": "complete",
        "summary": (
            "The statistics regulator consulted on a refreshed Code that every producer of "
            "official statistics signs up to. The new Code gives more weight to engaging the "
            "public, both to meet their needs and to check statistics are socially acceptable."
        ),
        "body": [
            "The revised Code of Practice puts public engagement into the standards producers "
            "already follow. A design lab on 4 February 2025 explored guidance to help "
            "producers engage the public and record how they did it.",
        ],
        "lessons": [
            "Put engagement into standards producers already work to, so it is not a "
            "separate initiative.",
            "Producers need practical guidance and a way to document their approach.",
        ],
        "figures": [("4 Feb 2025", "design lab on engagement guidance for producers", CBD)],
        "evidence": [
            (
                "Engagement with the public written into the Code",
                "Refresh of the Code of Practice for Statistics",
                "2025",
            ),
        ],
        "sources": [("Design lab: statistics and the public", CBD, datetime.date(2025, 2, 4))],
    },
    {
        "title": "Worker voice in public procurement of data and AI in Wales",
        "slug": "wales-tuc-procurement-worker-voice",
        "organisation": ("TUC Cymru", "union", "wales"),
        "sector": "workforce",
        "nation": "wales",
        "region": "Cardiff",
        "years": (2023, 2025),
        "methods": ["design-lab", "social-partnership", "worker-consultation"],
        "stages": ["procurement"],
        "data_kinds": ["personal"],
        "system_kinds": ["automated-decision", "generative-ai"],
        "groups": ["public sector workers", "trade unions", "service users"],
        "workers": "yes",
        "outcome": "positive",
        "completeness": "complete",
        "summary": (
            "Public bodies in Wales are digitising fast and relying more on private suppliers. "
            "Wales's social partnership model gives unions a route into decisions about buying "
            "data and AI systems; a design lab with TUC Cymru looked at using procurement to "
            "protect workers' rights and service quality."
        ),
        "body": [
            "Workers both use these systems and are managed by them. The design lab, held in "
            "Cardiff on 15 October 2024, explored how procurement rules and contracts can "
            "require that workers are consulted before new technology enters the workplace.",
        ],
        "lessons": [
            "Procurement is a key lever over whether and how technology enters public workplaces.",
            "Workers are users of systems and subject to them; both roles need a voice.",
        ],
        "figures": [("15 Oct 2024", "design lab in Cardiff with TUC Cymru", CBD)],
        "evidence": [],
        "sources": [("Design lab: procurement and worker voice", CBD, datetime.date(2024, 10, 15))],
    },
    {
        "title": "Asking parents and pupils about AI in education",
        "slug": "dfe-ai-in-education-attitudes",
        "organisation": ("Department for Education", "central_government", "england"),
        "sector": "education",
        "nation": "england",
        "region": "",
        "years": (2024, 2024),
        "methods": ["public-attitudes-research"],
        "stages": ["design"],
        "data_kinds": ["personal", "administrative"],
        "system_kinds": ["generative-ai"],
        "groups": ["parents", "pupils", "teachers", "school staff"],
        "workers": "no",
        "outcome": "mixed",
        "completeness": "complete",
        "summary": (
            "The Department for Education published research on how parents and pupils feel "
            "about AI in schools, alongside money for a dataset to build AI tools. Commentary "
            "welcomed it but asked that teachers and school staff be consulted too."
        ),
        "body": [
            "The research raised questions about who profits, schools as trusted "
            "decision-makers, and fairness and choice. The programme's commentary said people "
            "should also be able to see how their views changed decisions.",
        ],
        "lessons": [
            "Attitudes research can set investment priorities and shape governance, not just "
            "communications.",
            "Include the workforce (teachers, support staff) as well as service users.",
            "Close the loop with “you said, we did” reporting.",
        ],
        "figures": [("£4m", "for a dataset to build AI tools for education", CBD)],
        "evidence": [],
        "sources": [("Opinion: AI in education and the public", CBD, None)],
    },
    {
        "title": "Sharing pupil records: when scrutiny comes from outside",
        "slug": "dfe-national-pupil-database",
        "organisation": ("Department for Education", "central_government", "england"),
        "sector": "education",
        "nation": "england",
        "region": "",
        "years": (2016, 2022),
        "methods": ["civil-society-scrutiny"],
        "stages": ["data-sharing"],
        "data_kinds": ["administrative", "personal"],
        "system_kinds": ["data-sharing"],
        "groups": ["pupils and former pupils", "families"],
        "workers": "no",
        "outcome": "negative",
        "completeness": "complete",
        "summary": (
            "The Department for Education keeps lifelong education records and shares them "
            "widely. Civil society scrutiny exposed sharing that went against what people "
            "expected, and regulators then criticised the department's practices."
        ),
        "body": [
            "Problems included a breach in which education records were used to check the ages "
            "of gamblers. A critical audit by the Information Commissioner's Office followed in "
            "2020, and a reprimand in 2022.",
        ],
        "lessons": [
            "Without routes for public input, problems surface through complaints and scandals."
        ],
        "figures": [
            ("2,600", "organisations lost access after the breach", CBD),
            ("2020", "critical ICO audit (reprimand in 2022)", CBD),
        ],
        "evidence": [
            (
                "Access to pupil data withdrawn from 2,600 organisations",
                "Data sharing from the National Pupil Database",
                "2020",
            ),
        ],
        "sources": [("Case study: the Department for Education", CBD, datetime.date(2025, 6, 3))],
    },
    {
        "title": "Large-scale public engagement on health data",
        "slug": "dhsc-health-data-engagement",
        "organisation": ("Department of Health and Social Care", "central_government", "england"),
        "sector": "health",
        "nation": "england",
        "region": "",
        "years": (2024, 2025),
        "methods": ["large-scale-public-engagement", "deliberative-panel"],
        "stages": ["design"],
        "data_kinds": ["health-records"],
        "system_kinds": ["data-platform", "data-sharing"],
        "groups": ["patients", "NHS users", "carers"],
        "workers": "unknown",
        "outcome": "ongoing",
        "completeness": "stub",
        "summary": (
            "The health department set aside £2m for public engagement on how health data is "
            "used. It shows government already runs such exercises; the question is whether "
            "they can grow as fast as the use of data and AI in public services."
        ),
        "body": [],
        "lessons": ["Engagement has to keep pace with the adoption of data and AI."],
        "figures": [("£2m", "for large-scale public engagement on health data", CBD)],
        "evidence": [],
        "sources": [("Project page: public participation in data and AI", CBD, None)],
    },
    {
        "title": "Designing the digital centre of government with outside voices",
        "slug": "dsit-digital-centre-advisory",
        "organisation": (
            "Department for Science, Innovation and Technology",
            "central_government",
            "uk",
        ),
        "sector": "central_government",
        "nation": "uk",
        "region": "",
        "years": (2025, 2025),
        "methods": ["external-advisory-panel", "open-call-for-views", "design-lab"],
        "stages": ["design"],
        "data_kinds": ["open"],
        "system_kinds": ["data-platform"],
        "groups": ["users of digital public services", "civil servants", "digital teams"],
        "workers": "yes",
        "outcome": "mixed",
        "completeness": "complete",
        "summary": (
            "When the government's digital teams were merged into a digital centre, an external "
            "advisory panel helped shape it. One member gathered views online and summarised "
            "themes; a later design lab aimed to bring co-design guidance into service standards."
        ),
        "body": [
            "A design lab on 7 July 2025, “Involving people in the design of digital public "
            "services”, worked towards Service Manual guidance on co-design.",
        ],
        "lessons": [
            "User research alone is not co-design; affected communities need a say in priorities.",
            "Decide how priorities are set, and make that process permanent.",
        ],
        "figures": [("7 Jul 2025", "design lab on co-design in digital services", CBD)],
        "evidence": [],
        "sources": [
            ("Design lab: involving people in digital services", CBD, datetime.date(2025, 7, 7))
        ],
    },
]


def _terms(model, seed) -> dict:
    return {
        slug: model.objects.get_or_create(slug=slug, defaults={"name": str(name), "sort_order": i})[
            0
        ]
        for i, (slug, name) in enumerate(seed)
    }


def library_index() -> CaseStudyIndexPage:
    home = site_home()
    index = CaseStudyIndexPage.objects.child_of(home).first()
    if index is None:
        index = CaseStudyIndexPage(
            title="Case studies",
            slug="case-studies",
            intro=(
                "<p>What happened when public bodies involved (or did not involve) the public, "
                "workers and civil society in decisions about data and AI.</p>"
            ),
            locale=home.locale,
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    case_study_workflow_ensure(index=index)
    return index


@transaction.atomic
def load(*, stdout=None) -> None:
    index = library_index()
    stages = _terms(LifecycleStage, LIFECYCLE_STAGES)
    data_kinds = _terms(DataKind, DATA_KINDS)
    system_kinds = _terms(SystemKind, SYSTEM_KINDS)
    methods = {
        slug: Method.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "sort_order": i}
        )[0]
        for i, (slug, (name, description)) in enumerate(METHODS.items())
    }
    created = 0
    for record in CASE_STUDIES:
        if CaseStudyPage.objects.filter(slug=record["slug"]).exists():
            continue
        org_name, org_kind, org_nation = record["organisation"]
        organisation, _ = Organisation.objects.get_or_create(
            name=org_name, defaults={"kind": org_kind, "nation": org_nation}
        )
        start, end = record["years"]
        page = CaseStudyPage(
            title=record["title"],
            slug=record["slug"],
            summary=record["summary"],
            organisation=organisation,
            sector=record["sector"],
            nation=record["nation"],
            region=record["region"],
            start_year=start,
            end_year=end,
            workers_involved=record["workers"],
            outcome=record["outcome"],
            completeness=record["completeness"],
            body=[{"type": "paragraph", "value": f"<p>{text}</p>"} for text in record["body"]],
            lessons="<ul>" + "".join(f"<li>{item}</li>" for item in record["lessons"]) + "</ul>",
            last_reviewed=datetime.date(2025, 11, 1),
            locale=index.locale,
        )
        page.methods = [methods[slug] for slug in record["methods"]]
        page.lifecycle_stages = [stages[slug] for slug in record["stages"]]
        page.data_kinds = [data_kinds[slug] for slug in record["data_kinds"]]
        page.system_kinds = [system_kinds[slug] for slug in record["system_kinds"]]
        page.key_figures = [
            KeyFigure(value=value, label=label, source=source, sort_order=i)
            for i, (value, label, source) in enumerate(record["figures"])
        ]
        page.outcome_evidence = [
            OutcomeEvidence(what_changed=what, decision=decision, when=when, sort_order=i)
            for i, (what, decision, when) in enumerate(record["evidence"])
        ]
        page.sources = [
            Source(title=title, publisher=publisher, date=date, sort_order=i)
            for i, (title, publisher, date) in enumerate(record["sources"])
        ]
        index.add_child(instance=page)
        page.affected_groups.add(*record["groups"])
        page.save()
        page.save_revision().publish()
        created += 1
    if stdout is not None:
        stdout.write(
            f"  case studies: {created} created ({CaseStudyPage.objects.count()} in total), "
            f"{len(methods)} methods, at {absolute_url(index)}"
        )
