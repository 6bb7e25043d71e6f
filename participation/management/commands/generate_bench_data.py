"""Generate a large, realistic data set for the benchmarks (`make bench`, docs/performance.md).

    manage.py generate_bench_data --case-studies 10000 --members 5000 --meetings 200 \\
        --registrations 100000 --topics 200

Everything is created in bulk. Wagtail pages are inserted with computed treebeard paths
(``Page`` rows with ``bulk_create``, then the page type's own table with one multi-row INSERT per
batch) instead of ``add_child`` one by one: on PostgreSQL here ``add_child`` took about 25 ms a
page (full_clean, sibling slug check, signals, search and reference index updates), i.e. over
four minutes for 10,000 case studies, against a few seconds in bulk. The search index is then
rebuilt once (``update_index``) and the tree is checked with set-based SQL (``check_tree``).

The command refuses to run twice on the same database (it would duplicate the data set) and, as a
safety catch, refuses a database whose name does not contain "bench" unless
``--allow-any-database`` is given: it adds thousands of rows that nobody wants in a dev database.
"""

from __future__ import annotations

import datetime as dt
import random
import time
import uuid

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from tqdm import tqdm
from wagtail.models import Page

MEMBER_EMAIL_DOMAIN = "@bench.example.org"
BATCH = 1000


def _split(text: str) -> list[str]:
    return text.split()


# --- Vocabulary ------------------------------------------------------------------------------
# Search terms with a controlled document frequency, so the search benchmark can ask for a rare,
# a middling and a common word (bench/run.py reads these constants).
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


def bulk_add_children(parent: Page, pages: list[Page], *, progress: str | None = None) -> None:
    """Insert unsaved ``pages`` (all of one specific page type) as the last children of
    ``parent``: computed materialised paths, url_path, locale; Page rows with bulk_create, then
    the specific table with a multi-row INSERT per batch; parent's numchild updated once."""
    if not pages:
        return
    model = type(pages[0])
    parent = Page.objects.get(pk=parent.pk)
    last = parent.get_last_child()
    start = last._get_lastpos_in_path() + 1 if last else 1
    content_type = ContentType.objects.get_for_model(model)
    now = timezone.now()
    base_fields = [f.attname for f in Page._meta.concrete_fields if f.attname != "id"]
    bar = tqdm(total=len(pages), desc=progress, unit="page", disable=progress is None)
    for offset in range(0, len(pages), BATCH):
        chunk = pages[offset : offset + BATCH]
        bases = []
        for i, page in enumerate(chunk, start=start + offset):
            page.path = Page._get_path(parent.path, parent.depth + 1, i)
            page.depth = parent.depth + 1
            page.numchild = 0
            page.url_path = f"{parent.url_path}{page.slug}/"
            page.content_type_id = content_type.pk
            page.locale_id = parent.locale_id
            page.live = True
            page.has_unpublished_changes = False
            page.draft_title = page.title
            page.first_published_at = page.first_published_at or now
            page.last_published_at = page.last_published_at or page.first_published_at
            bases.append(Page(**{name: getattr(page, name) for name in base_fields}))
        Page.objects.bulk_create(bases)
        for page, base in zip(chunk, bases, strict=True):
            page.id = page.page_ptr_id = base.pk
        model._base_manager._insert(
            chunk, fields=list(model._meta.local_concrete_fields), using=connection.alias
        )
        for page in chunk:
            page._state.adding = False
        bar.update(len(chunk))
    bar.close()
    Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + len(pages))


class Command(BaseCommand):
    help = "Create a large, realistic data set for the benchmarks (docs/performance.md)."

    def add_arguments(self, parser):
        parser.add_argument("--case-studies", type=int, default=10_000)
        parser.add_argument("--members", type=int, default=5_000)
        parser.add_argument("--organisations", type=int, default=400)
        parser.add_argument("--meetings", type=int, default=200)
        parser.add_argument("--registrations", type=int, default=100_000)
        parser.add_argument("--topics", type=int, default=200)
        parser.add_argument("--slots", type=int, default=8)
        parser.add_argument("--spaces", type=int, default=10)
        parser.add_argument("--guides", type=int, default=30)
        parser.add_argument("--chapters", type=int, default=5, help="chapters per guide")
        parser.add_argument("--paragraphs", type=int, default=12, help="paragraphs per body")
        parser.add_argument("--seed", type=int, default=11)
        parser.add_argument("--skip-index", action="store_true", help="do not run update_index")
        parser.add_argument(
            "--allow-any-database",
            action="store_true",
            help='run even if the database name does not contain "bench"',
        )

    def handle(self, *args, **options):
        name = str(connection.settings_dict.get("NAME") or "")
        if "bench" not in name and not options["allow_any_database"]:
            raise CommandError(
                f"Refusing to fill database {name!r}: its name does not contain 'bench'. "
                "Use a dedicated database (bench/run.py does) or --allow-any-database."
            )
        if get_user_model().objects.filter(email__endswith=MEMBER_EMAIL_DOMAIN).exists():
            raise CommandError(
                "This database already has bench data; use a fresh database "
                "(bench/run.py --regenerate drops and recreates it)."
            )
        self.rng = random.Random(options["seed"])  # noqa: S311 - reproducible fake data
        self.words = Words(self.rng)
        self.now = timezone.now()
        self.timings: dict[str, float] = {}
        self.options = options

        with transaction.atomic():  # all or nothing: a failed run leaves no partial data set
            self._step("members", self.make_members)
            self._step("organisations", self.make_organisations)
            self._step("case studies", self.make_case_studies)
            self._step("guidance", self.make_guidance)
            self._step("meetings and registrations", self.make_meetings)
            self._step("unconference", self.make_unconference)
        if not options["skip_index"]:
            self._step("search index (update_index)", self.update_index)
        self._step("planner statistics (ANALYZE)", self.analyze)
        self._step("tree check", self.check_tree)
        total = sum(self.timings.values())
        self.stdout.write(self.style.SUCCESS(f"Bench data generated in {total:.0f} s."))
        return None

    def _step(self, label: str, fn) -> None:
        self.stdout.write(f"- {label} ...")
        started = time.perf_counter()
        fn()
        self.timings[label] = time.perf_counter() - started
        self.stdout.write(f"  {label}: {self.timings[label]:.1f} s")

    # --- Members ------------------------------------------------------------------------------
    def make_members(self) -> None:
        from community.models import EmailPreferences

        User = get_user_model()
        password = make_password(None)  # unusable: bench members never sign in
        n = self.options["members"]
        users = [
            User(
                email=f"member{i:05d}{MEMBER_EMAIL_DOMAIN}",
                name=f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}",
                password=password,
                approval_status="approved",
                date_joined=self.now - dt.timedelta(days=self.rng.randint(0, 900)),
            )
            for i in range(n)
        ]
        with transaction.atomic():
            User.objects.bulk_create(users, batch_size=BATCH)
            self.user_ids = list(
                User.objects.filter(email__endswith=MEMBER_EMAIL_DOMAIN)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            prefs = []
            for pk in self.user_ids:
                roll = self.rng.random()
                prefs.append(
                    EmailPreferences(
                        user_id=pk,
                        meeting_reminders=roll > 0.05,
                        digest=roll < 0.3,
                        reminder_offsets_off=[10080] if 0.05 < roll < 0.15 else [],
                    )
                )
            EmailPreferences.objects.bulk_create(prefs, batch_size=BATCH, ignore_conflicts=True)

    # --- Organisations ------------------------------------------------------------------------
    def make_organisations(self) -> None:
        from community.enums import Nation
        from community.models import Organisation

        nations = [value for value, _label in Nation.choices]
        orgs = []
        names = set(Organisation.objects.values_list("name", flat=True))
        i = 0
        while len(orgs) < self.options["organisations"]:
            prefix = ORG_PREFIXES[i % len(ORG_PREFIXES)]
            suffix, kind = ORG_SUFFIXES[(i // len(ORG_PREFIXES)) % len(ORG_SUFFIXES)]
            round_ = i // (len(ORG_PREFIXES) * len(ORG_SUFFIXES))
            name = f"{prefix} {suffix}" + (f" ({round_ + 1})" if round_ else "")
            i += 1
            if name in names:
                continue
            names.add(name)
            orgs.append(
                Organisation(
                    name=name,
                    kind=kind,
                    nation=self.rng.choice(nations),
                    region=self.rng.choice(REGIONS),
                )
            )
        Organisation.objects.bulk_create(orgs, batch_size=BATCH)
        self.organisation_ids = list(Organisation.objects.values_list("pk", flat=True))

    # --- Case studies -------------------------------------------------------------------------
    def _taxonomies(self):
        from casestudies import enums
        from casestudies.models import DataKind, LifecycleStage, Method, SystemKind

        def terms(model, pairs):
            return [
                model.objects.get_or_create(
                    slug=slug, defaults={"name": str(name), "sort_order": i}
                )[0].pk
                for i, (slug, name) in enumerate(pairs)
            ]

        try:
            from casestudies.demo import METHODS

            method_pairs = [(slug, name) for slug, (name, _d) in METHODS.items()]
        except ImportError:  # pragma: no cover - the demo module is optional
            method_pairs = []
        known = {slug for slug, _name in method_pairs}
        method_pairs += [pair for pair in FALLBACK_METHODS if pair[0] not in known]
        existing_names = set(Method.objects.values_list("name", flat=True))
        method_ids = []
        for i, (slug, name) in enumerate(method_pairs):
            found = Method.objects.filter(slug=slug).first()
            if found is None:
                if name in existing_names:
                    continue
                found = Method.objects.create(slug=slug, name=name, sort_order=i)
            method_ids.append(found.pk)
        return {
            "methods": method_ids,
            "lifecycle_stages": terms(LifecycleStage, enums.LIFECYCLE_STAGES),
            "data_kinds": terms(DataKind, enums.DATA_KINDS),
            "system_kinds": terms(SystemKind, enums.SYSTEM_KINDS),
        }

    def _index_page(self, model, *, slug: str, title: str, **fields):
        from participation.demo import home_page

        home = home_page()
        found = model.objects.child_of(home).first()
        if found is not None:
            return found
        index = model(title=title, slug=slug, **fields)
        home.add_child(instance=index)
        index.save_revision().publish()
        return model.objects.get(pk=index.pk)

    def make_case_studies(self) -> None:
        from taggit.models import Tag

        from casestudies.enums import Completeness, Outcome, Sector, WorkersInvolved
        from casestudies.models import (
            CaseStudyIndexPage,
            CaseStudyPage,
            CaseStudyPageTag,
            KeyFigure,
            OutcomeEvidence,
            Source,
        )
        from community.enums import Nation

        rng = self.rng
        index = self._index_page(CaseStudyIndexPage, slug="case-studies", title="Case studies")
        taxonomies = self._taxonomies()
        tags = []
        for group in AFFECTED_GROUPS:
            slug = slugify(group)[:100]
            tag = (
                Tag.objects.filter(slug=slug).first()
                or Tag.objects.filter(name=group).first()
                or Tag.objects.create(name=group, slug=slug)
            )
            tags.append(tag.pk)
        sectors = [v for v, _l in Sector.choices]
        nations = [v for v, _l in Nation.choices]
        nation_weights = [3, 8, 3, 3, 2, 1]
        outcomes = [v for v, _l in Outcome.choices]
        workers = [v for v, _l in WorkersInvolved.choices]
        n = self.options["case_studies"]
        paragraphs = self.options["paragraphs"]
        pages = []
        for i in range(n):
            terms = [t for t in RARE_TERMS if rng.random() < 0.003]
            terms += [t for t in MIDDLING_TERMS if rng.random() < 0.06]
            sector = sectors[i % len(sectors)]  # every value used, evenly
            start = rng.randint(2012, 2025)
            title = f"{self.words.title()} in {rng.choice(REGIONS)}"
            published = self.now - dt.timedelta(minutes=(n - i) * 90)
            page = CaseStudyPage(
                title=title[:250],
                slug=f"bench-{i:05d}-{slugify(title)[:60]}",
                summary=(
                    f"How {rng.choice(PARTICIPATION_WORDS)} shaped public participation in "
                    f"{sector.replace('_', ' ')} data: {self.words.sentence(20)}"
                )[:1000],
                listing_summary=self.words.sentence(16)[:400],
                search_description=self.words.sentence(14),
                organisation_id=rng.choice(self.organisation_ids) if rng.random() < 0.9 else None,
                sector=sector,
                nation=rng.choices(nations, weights=nation_weights)[0],
                region=rng.choice(REGIONS),
                start_year=start,
                end_year=start + rng.randint(0, 3) if rng.random() < 0.7 else None,
                workers_involved=rng.choice(workers),
                outcome=rng.choice(outcomes),
                completeness=Completeness.COMPLETE if rng.random() < 0.3 else Completeness.STUB,
                last_reviewed=(self.now - dt.timedelta(days=rng.randint(0, 700))).date(),
                body=long_body(
                    self.words,
                    paragraphs=rng.randint(max(2, paragraphs - 4), paragraphs + 4),
                    extra_terms=terms,
                ),
                lessons=f"<p>{self.words.paragraph(3)}</p>",
                first_published_at=published,
                last_published_at=published + dt.timedelta(days=rng.randint(0, 30)),
            )
            pages.append(page)
        with transaction.atomic():
            bulk_add_children(index, pages, progress="case studies")
            page_ids = [p.pk for p in pages]
            for field_name, (low, high) in {
                "methods": (1, 3),
                "lifecycle_stages": (1, 3),
                "data_kinds": (1, 3),
                "system_kinds": (1, 2),
            }.items():
                through = getattr(CaseStudyPage, field_name).through
                related = CaseStudyPage._meta.get_field(field_name).remote_field.model
                target = f"{related._meta.model_name}_id"
                ids = taxonomies[field_name]
                rows = []
                for pk in page_ids:
                    for term in rng.sample(ids, rng.randint(low, min(high, len(ids)))):
                        rows.append(through(casestudypage_id=pk, **{target: term}))
                through.objects.bulk_create(rows, batch_size=5000)
            CaseStudyPageTag.objects.bulk_create(
                [
                    CaseStudyPageTag(content_object_id=pk, tag_id=tag)
                    for pk in page_ids
                    for tag in rng.sample(tags, rng.randint(1, 4))
                ],
                batch_size=5000,
            )
            evidence, figures, sources = [], [], []
            for pk in page_ids:
                for order in range(rng.randint(0, 2)):
                    evidence.append(
                        OutcomeEvidence(
                            page_id=pk,
                            sort_order=order,
                            what_changed=self.words.sentence(15),
                            decision=self.words.sentence(6)[:250],
                            when=str(rng.randint(2014, 2025)),
                            source_url=f"https://example.org/evidence/{pk}/{order}",
                        )
                    )
                for order in range(rng.randint(0, 3)):
                    figures.append(
                        KeyFigure(
                            page_id=pk,
                            sort_order=order,
                            value=f"{rng.randint(12, 4000):,}",
                            label=self.words.sentence(6)[:250],
                        )
                    )
                for order in range(rng.randint(1, 3)):
                    sources.append(
                        Source(
                            page_id=pk,
                            sort_order=order,
                            title=self.words.sentence(8)[:250],
                            url=f"https://example.org/source/{pk}/{order}",
                            publisher=rng.choice(ORG_PREFIXES) + " Council",
                        )
                    )
            OutcomeEvidence.objects.bulk_create(evidence, batch_size=5000)
            KeyFigure.objects.bulk_create(figures, batch_size=5000)
            Source.objects.bulk_create(sources, batch_size=5000)
        self.case_study_ids = page_ids

    # --- Guidance -----------------------------------------------------------------------------
    def make_guidance(self) -> None:
        from guidance.enums import GuideStatus
        from guidance.models import GuidanceIndexPage, GuideAudience, GuideChapterPage, GuidePage

        rng = self.rng
        index = self._index_page(GuidanceIndexPage, slug="guidance", title="Guidance")
        guides = []
        for i in range(self.options["guides"]):
            title = f"Guide to {self.words.title().lower()}"
            guides.append(
                GuidePage(
                    title=title[:250],
                    slug=f"bench-guide-{i:03d}",
                    summary=self.words.sentence(24),
                    status=rng.choice([GuideStatus.PUBLISHED] * 4 + [GuideStatus.PILOT]),
                    version=f"{rng.randint(1, 3)}.{rng.randint(0, 9)}",
                    published_date=(self.now - dt.timedelta(days=rng.randint(30, 700))).date(),
                    body=long_body(self.words, paragraphs=8, extra_terms=[]),
                )
            )
        audiences = list(GuideAudience.objects.values_list("pk", flat=True))
        with transaction.atomic():
            bulk_add_children(index, guides, progress="guides")
            through = GuidePage.audiences.through
            if audiences:
                through.objects.bulk_create(
                    [
                        through(guidepage_id=g.pk, guideaudience_id=a)
                        for g in guides
                        for a in rng.sample(audiences, rng.randint(1, len(audiences)))
                    ]
                )
            related = GuidePage.related_case_studies.through
            related.objects.bulk_create(
                [
                    related(guidepage_id=g.pk, casestudypage_id=c)
                    for g in guides
                    for c in rng.sample(self.case_study_ids, min(5, len(self.case_study_ids)))
                ]
            )
            for guide in guides:
                chapters = [
                    GuideChapterPage(
                        title=f"Chapter {c + 1}: {self.words.title().lower()}"[:250],
                        slug=f"chapter-{c + 1}",
                        summary=self.words.sentence(18),
                        body=long_body(
                            self.words, paragraphs=self.options["paragraphs"], extra_terms=[]
                        ),
                    )
                    for c in range(self.options["chapters"])
                ]
                bulk_add_children(guide, chapters)

    # --- Meetings and registrations -----------------------------------------------------------
    def make_meetings(self) -> None:
        from events.enums import MeetingKind, MeetingMode, MeetingStatus, RegistrationStatus
        from events.models import Meeting, MeetingSeries, Registration

        rng = self.rng
        n = self.options["meetings"]
        series = [
            MeetingSeries.objects.create(
                title=title,
                slug=f"bench-{slugify(title)}",
                description=self.words.paragraph(2),
                kind=kind,
                rrule=rule,
                start_time=dt.time(14, 0),
                duration_minutes=75,
                first_date=(self.now - dt.timedelta(days=400)).date(),
            )
            for title, kind, rule in [
                (
                    "Bench monthly community meeting",
                    MeetingKind.COMMUNITY_MEETING,
                    "FREQ=MONTHLY;BYDAY=+2WE",
                ),
                ("Bench design lab", MeetingKind.DESIGN_LAB, "FREQ=WEEKLY;BYDAY=TU"),
                ("Bench webinar series", MeetingKind.WEBINAR, "FREQ=WEEKLY;BYDAY=TH"),
            ]
        ]
        # Two thirds in the past year, one third in the next six months; one every ~2 days.
        first = self.now - dt.timedelta(days=2 * (2 * n // 3))
        meetings = []
        for i in range(n):
            day = (first + dt.timedelta(days=2 * i)).replace(
                hour=13, minute=0, second=0, microsecond=0
            )
            owner = series[i % len(series)] if i % 5 else None
            title = (owner.title if owner else f"Bench talk: {self.words.title().lower()}")[:200]
            meetings.append(
                Meeting(
                    series=owner,
                    title=title,
                    slug=f"bench-meeting-{i:04d}",
                    kind=owner.kind if owner else MeetingKind.EXTERNAL_TALK,
                    agenda=self.words.paragraph(4),
                    speakers=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                    mode=rng.choice([v for v, _l in MeetingMode.choices]),
                    join_url="https://meet.example.org/bench",
                    capacity=rng.choice([None, None, 300, 600]),
                    starts_at=day,
                    ends_at=day + dt.timedelta(minutes=75),
                    status=MeetingStatus.CANCELLED
                    if rng.random() < 0.03
                    else MeetingStatus.SCHEDULED,
                    occurrence_key=day.date() if owner else None,
                )
            )
        with transaction.atomic():
            Meeting.objects.bulk_create(meetings, batch_size=BATCH)
            meetings = list(
                Meeting.objects.filter(slug__startswith="bench-meeting-").order_by("pk")
            )
            total = self.options["registrations"]
            per = max(1, min(len(self.user_ids), total // max(1, len(meetings))))
            rows = []
            made = 0
            for meeting in meetings:
                take = min(per, total - made)
                if take <= 0:
                    break
                past = meeting.ends_at < self.now
                position = 0
                for user_id in rng.sample(self.user_ids, take):
                    roll = rng.random()
                    if roll < 0.06:
                        status = RegistrationStatus.CANCELLED
                    elif roll < 0.11:
                        status = RegistrationStatus.WAITLISTED
                        position += 1
                    else:
                        status = RegistrationStatus.REGISTERED
                    rows.append(
                        Registration(
                            meeting_id=meeting.pk,
                            user_id=user_id,
                            status=status,
                            waitlist_position=position
                            if status == RegistrationStatus.WAITLISTED
                            else None,
                            attended=(rng.random() < 0.7)
                            if past and status == "registered"
                            else None,
                        )
                    )
                made += take
            for offset in tqdm(range(0, len(rows), 5000), desc="registrations", unit="batch"):
                Registration.objects.bulk_create(rows[offset : offset + 5000])
            # Registration times: a few weeks before each meeting (auto_now_add set them to now).
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    cursor.execute(
                        "UPDATE events_registration AS r SET created_at = m.starts_at - "
                        "((r.id %% 40) + 1) * interval '1 day' FROM events_meeting AS m "
                        "WHERE r.meeting_id = m.id AND m.slug LIKE %s",
                        ["bench-meeting-%"],
                    )
                else:
                    cursor.execute(
                        "UPDATE events_registration SET created_at = (SELECT "
                        "datetime(m.starts_at, '-' || ((events_registration.id %% 40) + 1) "
                        "|| ' days') FROM events_meeting m "
                        "WHERE m.id = events_registration.meeting_id AND m.slug LIKE %s) "
                        "WHERE meeting_id IN (SELECT id FROM events_meeting "
                        "WHERE slug LIKE %s)",
                        ["bench-meeting-%", "bench-meeting-%"],
                    )

    # --- Unconference -------------------------------------------------------------------------
    def make_unconference(self) -> None:
        from events.unconferences.enums import BoardKind, Phase, TopicFormat, TopicStatus
        from events.unconferences.models import (
            Ballot,
            Registration,
            Slot,
            Space,
            Topic,
            TopicBoard,
            Unconference,
            Vote,
        )
        from events.unconferences.services.schedule import schedule_publish, schedule_run

        rng = self.rng
        day = (self.now + dt.timedelta(days=60)).replace(hour=9, minute=0, second=0, microsecond=0)
        unconference = Unconference.objects.create(
            slug="bench-unconference",
            title="Bench unconference",
            description=self.words.paragraph(3),
            venue="Bench Hall, Cardiff",
            starts_at=day,
            ends_at=day + dt.timedelta(hours=10),
            phase=Phase.SCHEDULING,
            votes_per_member=5,
            max_votes_per_topic=1,
        )
        board = TopicBoard.objects.create(
            kind=BoardKind.UNCONFERENCE,
            slug="bench-unconference",
            title="Bench unconference topics",
            unconference=unconference,
        )
        Space.objects.bulk_create(
            Space(
                unconference=unconference,
                name=f"Room {i + 1}",
                capacity=rng.choice([10, 20, 30, 60]),
                order=i,
            )
            for i in range(self.options["spaces"])
        )
        Slot.objects.bulk_create(
            Slot(
                unconference=unconference,
                starts_at=day + dt.timedelta(minutes=60 * i),
                ends_at=day + dt.timedelta(minutes=60 * i + 50),
                label=f"Session {i + 1}",
            )
            for i in range(self.options["slots"])
        )
        voters = self.user_ids[: min(len(self.user_ids), 300)]
        Registration.objects.bulk_create(
            Registration(unconference=unconference, user_id=pk) for pk in voters
        )
        proposers = voters[:120] or self.user_ids
        formats = [v for v, _l in TopicFormat.choices]
        topics = Topic.objects.bulk_create(
            Topic(
                board=board,
                title=f"{self.words.title()} ({i + 1})"[:200],
                description=self.words.paragraph(3),
                format=rng.choice(formats),
                proposer_id=rng.choice(proposers),
                status=TopicStatus.ACCEPTED,
            )
            for i in range(self.options["topics"])
        )
        topics = list(Topic.objects.filter(board=board).order_by("pk"))
        through = Topic.co_facilitators.through
        through.objects.bulk_create(
            through(topic_id=t.pk, user_id=u)
            for t in topics
            if rng.random() < 0.4
            for u in rng.sample(proposers, rng.randint(1, 2))
            if u != t.proposer_id
        )
        ballots = Ballot.objects.bulk_create(
            Ballot(board=board, voter_id=pk, budget=5, used=min(5, len(topics))) for pk in voters
        )
        ballots = list(Ballot.objects.filter(board=board))
        Vote.objects.bulk_create(
            Vote(ballot=ballot, topic=topic, count=1)
            for ballot in ballots
            for topic in rng.sample(topics, min(5, len(topics)))
        )
        organiser = get_user_model().objects.get(pk=self.user_ids[0])
        schedule_run(unconference=unconference, now=self.now)
        schedule_publish(unconference=unconference, user=organiser)

    # --- Search index and checks --------------------------------------------------------------
    def update_index(self) -> None:
        call_command("update_index", verbosity=0)

    def analyze(self) -> None:
        """Fresh planner statistics: right after a bulk load PostgreSQL still believes the page
        tables are nearly empty (autovacuum has not caught up) and picks nested loops that make a
        15 ms facet count take 5 s."""
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    def check_tree(self) -> None:
        """Set-based checks of the materialised paths (treebeard's find_problems() visits every
        node with its own queries: six minutes at 10,000 pages; tests/bench/ run it on small
        data): depth matches the path, every parent exists, every numchild is right."""
        checks = {
            "depth does not match the path": (
                "SELECT COUNT(*) FROM wagtailcore_page WHERE LENGTH(path) <> depth * %s"
            ),
            "parent missing": (
                "SELECT COUNT(*) FROM wagtailcore_page AS c WHERE c.depth > 1 AND NOT EXISTS "
                "(SELECT 1 FROM wagtailcore_page AS p "
                "WHERE p.path = SUBSTR(c.path, 1, LENGTH(c.path) - %s))"
            ),
            "wrong numchild": (
                "SELECT COUNT(*) FROM wagtailcore_page AS p LEFT JOIN "
                "(SELECT SUBSTR(path, 1, LENGTH(path) - %s) AS parent_path, COUNT(*) AS n "
                "FROM wagtailcore_page WHERE depth > 1 GROUP BY 1) "
                "AS c ON c.parent_path = p.path WHERE p.numchild <> COALESCE(c.n, 0)"
            ),
        }
        problems = {}
        with connection.cursor() as cursor:
            for label, sql in checks.items():
                cursor.execute(sql, [Page.steplen] * sql.count("%s"))
                count = cursor.fetchone()[0]
                if count:
                    problems[label] = count
        if problems:
            raise CommandError(f"Page tree problems after bulk creation: {problems}")


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
