"""Demo content for the site-wide app: the home page, the site, its settings and navigation,
updates (opinion, weeknotes, news) and the about, accessibility and privacy pages."""

import datetime

from wagtail.models import Locale, Page, Site

from core.demo_tools import welsh_translation
from core.http import absolute_url, site_origin
from core.models import NavigationLink, NavigationSettings, SiteSettings
from core.services import site_sync_from_site_url

from .enums import UpdateKind
from .models import HomePage, HomePageFeaturedLink, StandardPage, UpdatePage, UpdatesIndexPage

HOME_INTRO = (
    "<p>A community of practice for people in councils, the NHS, government departments, "
    "regulators and statistics producers who want the public, affected communities and workers "
    "to have a real say in data, digital and AI decisions.</p>"
    "<p>Browse case studies and guidance, come to our monthly meetings (usually the second "
    "Wednesday of the month, 2pm UK time, online) and help shape the agenda.</p>"
)

# (label, Welsh label, path): Welsh pages link to the same path under /cy/.
NAVIGATION = [
    ("Case studies", "Astudiaethau achos", "/case-studies/"),
    ("Guidance", "Canllawiau", "/guidance/"),
    ("Events", "Digwyddiadau", "/events/"),
    ("Members", "Aelodau", "/members/"),
    ("Updates", "Newyddion", "/updates/"),
    ("Impact", "Effaith", "/impact/"),
]
SITE_NAME = "Public participation community"
SITE_NAME_CY = "Cymuned cyfranogiad y cyhoedd"
FOOTER_TEXT = (
    "<p>A community of practice funded by The Mohn Westlake Foundation. "
    "Content is available under CC BY 4.0 unless stated otherwise.</p>"
)
FOOTER_TEXT_CY = (
    "<p>Cymuned ymarfer a ariennir gan The Mohn Westlake Foundation. "
    "Mae'r cynnwys ar gael o dan CC BY 4.0 oni nodir yn wahanol.</p>"
)
# The home page's "Start here" links: (title, description, path), in English and in Welsh.
FEATURED_LINKS = [
    (
        "Read the case studies",
        "What happened when public bodies did, or did not, involve people.",
        "/case-studies/",
    ),
    ("Come to a meeting", "Monthly, online, under the Chatham House rule.", "/events/"),
]
FEATURED_LINKS_CY = [
    (
        "Darllen yr astudiaethau achos",
        "Beth ddigwyddodd pan wnaeth cyrff cyhoeddus gynnwys pobl, neu pan na wnaethant.",
        "/case-studies/",
    ),
    ("Dewch i gyfarfod", "Bob mis, ar-lein, o dan reol Chatham House.", "/events/"),
]


def home_page() -> HomePage:
    """Return the demo home page, creating it (and pointing the default site at it) if needed."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        locale = Locale.get_default()
        home = HomePage(
            title="Giving communities a powerful say in public sector data and AI",
            slug="home",
            intro=HOME_INTRO,
            locale=locale,
        )
        # Wagtail's migration makes a placeholder "Welcome" page at slug "home"; replace it.
        for placeholder in (
            root.get_children().filter(slug="home").exclude(content_type__model="homepage")
        ):
            placeholder.delete()
        root.add_child(instance=home)
        home.save_revision().publish()
    # The default site is where SITE_URL says (hostname, and port 443/80/explicit), at this home.
    site_sync_from_site_url(root_page=home, site_name="Public participation community")
    return home


def load(*, stdout) -> None:
    home = home_page()
    site = Site.objects.get(is_default_site=True)
    site_settings = SiteSettings.for_site(site)
    site_settings.organisation_name = SITE_NAME
    site_settings.organisation_name_cy = SITE_NAME_CY
    site_settings.tagline = "Public participation in public-sector data and AI"
    site_settings.footer_text = FOOTER_TEXT
    site_settings.footer_text_cy = FOOTER_TEXT_CY
    site_settings.save()
    nav = NavigationSettings.for_site(site)
    # Each demo link once, by its path: a site loaded before a link was added gets it too.
    for order, (label, label_cy, url) in enumerate(NAVIGATION):
        if not nav.main_links.filter(link_url=url).exists():
            NavigationLink.objects.create(
                settings=nav, label=label, label_cy=label_cy, link_url=url, sort_order=order
            )
    for _label, label_cy, url in NAVIGATION:  # sites loaded before links had Welsh labels
        nav.main_links.filter(link_url=url, label_cy="").update(label_cy=label_cy)
    featured_links_load(home, FEATURED_LINKS)
    welsh_home = _welsh_home(home)
    site = Site.objects.get(is_default_site=True)
    stdout.write(f"  site: {site_origin()}/ (default Wagtail site {site.hostname}:{site.port})")
    stdout.write(f"  home page: {absolute_url(home)} (Welsh: {absolute_url(welsh_home)})")
    updates_index = _updates_index(home)
    created = sum(_update(updates_index, spec) for spec in UPDATES)
    stdout.write(f"  updates: {len(UPDATES)} ({created} new) at {absolute_url(updates_index)}")
    created = sum(_standard_page(home, spec) for spec in STANDARD_PAGES)
    stdout.write(f"  standard pages: {len(STANDARD_PAGES)} ({created} new)")


def _welsh_home(home: HomePage) -> HomePage:
    """The Welsh home page (/cy/): its title, introduction, section headings and "Start here"
    links in Welsh (docs/welsh.md). The apps' demos put their Welsh pages under it."""
    home_fields = {
        "case_studies_heading": "Astudiaethau achos",
        "guidance_heading": "Canllawiau",
        "meeting_heading": "Y cyfarfod nesaf",
        "unconference_heading": "Anghynhadledd",
        "join_heading": "Ymuno â'r gymuned",
    }
    return welsh_translation(
        home,
        title="Rhoi llais cryf i gymunedau ym maes data a deallusrwydd artiffisial yn y sector "
        "cyhoeddus",
        intro=(
            "<p>Cymuned ymarfer i bobl mewn cynghorau, y GIG, adrannau'r llywodraeth, "
            "rheoleiddwyr a chynhyrchwyr ystadegau sydd am i'r cyhoedd, cymunedau yr effeithir "
            "arnynt a gweithwyr gael llais go iawn mewn penderfyniadau am ddata, technoleg "
            "ddigidol a deallusrwydd artiffisial.</p>"
            "<p>Porwch yr astudiaethau achos a'r canllawiau, dewch i'n cyfarfodydd misol (ail "
            "ddydd Mercher y mis fel arfer, 2pm amser y DU, ar-lein) a helpwch i lunio'r "
            "agenda.</p>"
        ),
        # The home page's editable section headings (when the site has them).
        **{name: value for name, value in home_fields.items() if hasattr(home, name)},
        # Its "Start here" links, in Welsh (Welsh pages link to the /cy/ addresses).
        featured_links=[
            HomePageFeaturedLink(sort_order=order, title=title, description=text, link_url=url)
            for order, (title, text, url) in enumerate(FEATURED_LINKS_CY)
        ],
    )


def featured_links_load(home: HomePage, links: list[tuple[str, str, str]]) -> None:
    """The home page's "Start here" links (created once; a translated home page's copies are
    retitled in its language)."""
    existing = list(home.featured_links.order_by("sort_order"))
    if not existing:
        for order, (title, description, url) in enumerate(links):
            HomePageFeaturedLink.objects.create(
                page=home, sort_order=order, title=title, description=description, link_url=url
            )
        return
    for link in existing:
        for title, description, url in links:
            if link.link_url == url and (link.title, link.description) != (title, description):
                link.title, link.description = title, description
                link.save(update_fields=["title", "description"])


def _p(*paragraphs: str) -> tuple[str, str]:
    return ("paragraph", "".join(f"<p>{text}</p>" for text in paragraphs))


def _h(text: str) -> tuple[str, dict]:
    return ("heading", {"text": text, "level": "h2"})


def _updates_index(home: HomePage) -> UpdatesIndexPage:
    index = UpdatesIndexPage.objects.child_of(home).first()
    if index is None:
        index = UpdatesIndexPage(
            title="Updates",
            slug="updates",
            intro="<p>Opinion pieces, weeknotes and news from the programme and the community.</p>",
            listing_summary="Opinion, weeknotes and news from the programme.",
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def _update(index: UpdatesIndexPage, spec: dict) -> bool:
    if UpdatePage.objects.child_of(index).filter(slug=spec["slug"]).exists():
        return False
    page = UpdatePage(**{key: value for key, value in spec.items() if key != "tags"})
    index.add_child(instance=page)
    page.tags.add(*spec.get("tags", []))
    page.save_revision().publish()
    return True


def _standard_page(home: HomePage, spec: dict) -> bool:
    if StandardPage.objects.child_of(home).filter(slug=spec["slug"]).exists():
        return False
    page = StandardPage(**spec)
    home.add_child(instance=page)
    page.save_revision().publish()
    return True


# Opinion posts (CONTENT-FACTS A4/A4b), a weeknote and a news item; text written for the demo.
UPDATES = [
    {
        "slug": "prioritising-ai",
        "title": "Prioritising AI",
        "kind": UpdateKind.OPINION,
        "date": datetime.date(2024, 8, 16),
        "author_name": "Programme director",
        "author_role": "Founder and Executive Director",
        "summary": (
            "Deciding where AI goes in public services is a choice about priorities. That choice "
            "should be made in the open, with the people affected, and made again as things change."
        ),
        "tags": ["AI", "priorities", "governance"],
        "body": [
            _p(
                "Most conversations about AI in government start with the technology: what it "
                "can do, and where it might be dropped in. We think they should start with "
                "priorities: which problems matter most, to whom, and what we are willing to "
                "trade to solve them.",
                "Those are political questions as much as technical ones, so the public, the "
                "workers who deliver services and the communities who rely on them belong in the "
                "room when they are answered.",
            ),
            _h("From a one-off exercise to a standing process"),
            _p(
                "A single consultation, however well run, goes stale quickly. Priorities shift, "
                "models change and new evidence arrives. Public bodies need a standing, "
                "institutional way of revisiting what AI is for: published criteria, regular "
                "review points and a clear route for people to challenge a decision.",
            ),
        ],
    },
    {
        "slug": "ai-adoption",
        "title": "AI adoption",
        "kind": UpdateKind.OPINION,
        "date": datetime.date(2024, 8, 18),
        "author_name": "Programme director",
        "author_role": "Founder and Executive Director",
        "summary": (
            "There are two adoption challenges: public bodies adopting AI, and the public adopting "
            "the AI-driven services that result. Solving the first while ignoring the second fails."
        ),
        "tags": ["AI", "adoption", "trust"],
        "body": [
            _p(
                "Much of the debate about AI adoption is about the inside of government: skills, "
                "procurement, data quality and infrastructure. Those matter. But a service only "
                "works if the people it is for are willing and able to use it.",
                "Public adoption depends on trust, and trust depends on whether people had a say "
                "in how a system was designed, whether they understand it, and whether they can "
                "get a human decision when it goes wrong.",
            ),
            _h("What this means in practice"),
            _p(
                "Involve the people who will use and deliver a service before you buy or build, "
                "not after launch; publish what a system does and how to challenge it; and treat "
                "low take-up as a signal to listen, not a communications problem.",
            ),
        ],
    },
    {
        "slug": "public-attitudes-ai-in-education",
        "title": (
            "What do public attitudes to AI in education teach us about technology in public "
            "services?"
        ),
        "kind": UpdateKind.OPINION,
        "date": datetime.date(2024, 9, 5),
        "author_name": "Worker-voice lead",
        "author_role": "Worker voice and trade union engagement",
        "summary": (
            "The Department for Education's research with parents and pupils, published alongside "
            "a £4m dataset investment, has lessons well beyond schools."
        ),
        "tags": ["AI", "education", "public attitudes", "workers"],
        "body": [
            _p(
                "The Department for Education published research on what parents and pupils think "
                "about AI in education at the same time as announcing £4 million for a dataset to "
                "help build AI tools for teachers. The fieldwork took place earlier in 2024.",
            ),
            _h("Five themes worth noticing"),
            _p(
                "People asked who profits when public data is used to build commercial tools, "
                "and whether some of the value should come back to schools.",
                "They saw schools, not technology companies or central government, as the trusted "
                "decision-makers about what is used in classrooms.",
                "They worried about equity and choice: whether every child benefits, and whether "
                "families can opt out.",
                "They expected teachers and school staff, the workers who will use these tools, to "
                "be consulted.",
                "And they wanted to see a visible 'you said, we listened' response, so that "
                "taking part makes a difference.",
            ),
        ],
    },
    {
        "slug": "digital-centre-of-government-first-reflections",
        "title": "Digital Centre of Government: first reflections",
        "kind": UpdateKind.OPINION,
        "date": datetime.date(2024, 10, 7),
        "author_name": "Programme director",
        "author_role": "Founder and Executive Director",
        "summary": (
            "Joining an external advisory panel on the new digital centre in DSIT, which brings "
            "together GDS, CDDO and i.AI, we asked our networks what it should do first."
        ),
        "tags": ["digital centre", "DSIT", "public services"],
        "body": [
            _p(
                "The digital centre of government in the Department for Science, Innovation and "
                "Technology combines the Government Digital Service, the Central Digital and Data "
                "Office and the Incubator for AI. Ahead of the first meeting of its external "
                "advisory panel, we asked people on Bluesky what they would want it to do.",
            ),
            _h("What we heard"),
            _p(
                "Design public services with the people who use and run them, not for them.",
                "Give departments practical technology support rather than more strategy "
                "documents.",
                "Be clear about what the centre itself must do, and what it should leave to "
                "departments, councils and the wider public sector.",
            ),
        ],
    },
    {
        "slug": "saving-money-with-ai-uk-public-sector",
        "title": "Saving money with AI in the UK public sector",
        "kind": UpdateKind.OPINION,
        "date": datetime.date(2025, 2, 21),
        "author_name": "Programme director",
        "author_role": "Founder and Executive Director",
        "summary": (
            "If AI is to save public money, it needs targeting: a strategic, investment-minded "
            "approach to where it goes, rather than scattering pilots everywhere."
        ),
        "tags": ["AI", "public finances", "priorities"],
        "body": [
            _p(
                "Savings from AI will not come from trying it everywhere at once. They come from "
                "choosing a small number of places where the benefit is large, the risks are "
                "understood, and the people affected support the change.",
                "That is an investment decision, and it deserves the same discipline as any other: "
                "a clear case, honest evaluation, and a willingness to stop what is not working.",
            ),
            _h("Who decides where AI is targeted?"),
            _p(
                "Frontline staff often know best where time is wasted and where automation would "
                "do harm. Asking them, and the public, is not a delay: it is how you avoid the "
                "expensive failures.",
            ),
        ],
    },
    {
        "slug": "weeknotes-8-december-2024",
        "title": "Weeknotes: design labs, a community meeting and a lot of notes",
        "kind": UpdateKind.WEEKNOTE,
        "date": datetime.date(2024, 12, 8),
        "author_name": "Community convenor",
        "author_role": "Community of practice convenor",
        "summary": (
            "A week of writing up the National Data Library design lab, planning the next "
            "community meeting and thinking about how members actually use meeting notes."
        ),
        "tags": ["weeknotes", "National Data Library", "community of practice"],
        "body": [
            _p(
                "This week I wrote up Thursday's design lab on the National Data Library, which "
                "brought together people working on public data and AI adoption. The notes go to "
                "attendees first, under the Chatham House rule.",
                "I also started planning January's community meeting. Members keep telling us "
                "they read notes far more than they watch recordings, so we are putting more care "
                "into the write-ups and less into video.",
                "Across my three projects, the common thread this week was the same: people want "
                "to be asked early, and to hear back what changed.",
            ),
        ],
    },
    {
        "slug": "community-of-practice-second-meeting",
        "title": "Our community of practice has met for the second time",
        "kind": UpdateKind.NEWS,
        "date": datetime.date(2024, 10, 4),
        "author_name": "Community convenor",
        "author_role": "Community of practice convenor",
        "summary": (
            "Practitioners from councils, the NHS and central government met online for the "
            "second meeting of the community of practice on public participation in data and AI."
        ),
        "tags": ["community of practice", "meetings"],
        "body": [
            _p(
                "After a first meeting on Zoom in July, the community of practice met again on "
                "3 October 2024. Members shared what had worked, and what had not, when they tried "
                "to involve the public and workers in data and AI decisions.",
                "Meetings run monthly, online, under the Chatham House rule. Sign up to come to "
                "the next one and to read the notes.",
            ),
        ],
    },
]

STANDARD_PAGES = [
    {
        "slug": "about",
        "title": "About this community",
        "intro": (
            "A community of practice for people in the public sector who want the public, affected "
            "communities and workers to have a real say in data, digital and AI decisions."
        ),
        "listing_summary": "Who we are, what we do and how to take part.",
        "body": [
            _h("Who it is for"),
            _p(
                "Practitioners in councils, NHS bodies, government departments, regulators and "
                "statistics producers, and the researchers, civil society groups and trade unions "
                "who work with them.",
            ),
            _h("What we do"),
            _p(
                "We collect case studies of public participation in data and AI, from the good to "
                "the cautionary; publish practical guidance; meet online every month; and run "
                "unconferences where members set the agenda.",
                "The community is funded by The Mohn Westlake Foundation.",
            ),
            _h("How to take part"),
            _p(
                "Create an account to come to meetings, get reminders, propose and vote on topics "
                "and read meeting notes. Everyone agrees to our code of conduct.",
            ),
        ],
    },
    {
        "slug": "accessibility",
        "title": "Accessibility statement",
        "intro": (
            "We want as many people as possible to be able to use this website. This statement "
            "explains how accessible it is and what to do if you have a problem."
        ),
        "listing_summary": "How accessible this website is and how to report a problem.",
        "body": [
            _h("How you should be able to use this website"),
            _p(
                "You should be able to zoom in up to 400% without the text spilling off the "
                "screen, navigate the whole site using just a keyboard, use it with a screen "
                "reader and speech recognition software, and use every page without JavaScript.",
                "You can sign in with a one-time code sent by email instead of remembering a "
                "password.",
            ),
            _h("Compliance status"),
            _p(
                "We aim to meet the Web Content Accessibility Guidelines (WCAG) version 2.2 at the "
                "AA level. Every page type is checked automatically with axe-core, and we test "
                "keyboard journeys, zoom and reflow at 320 pixels wide before each release. "
                "Automated checks do not find everything, so please tell us about any problem.",
            ),
            _h("Reporting a problem"),
            _p(
                "If you find a problem or need information in a different format, contact the "
                "community team using the address in the footer. We will reply within 5 working "
                "days.",
                "If you are not happy with our response, contact the Equality Advisory and Support "
                "Service (EASS).",
            ),
        ],
    },
    {
        "slug": "privacy",
        "title": "Privacy notice",
        "intro": (
            "This notice explains what personal data we hold about members and visitors, why we "
            "hold it, and how you can download or delete it."
        ),
        "listing_summary": "What data we hold, why, and how to download or delete it.",
        "body": [
            _h("What we hold"),
            _p(
                "For members: your name and email address, the organisation, role and other "
                "profile details you choose to add, when you agreed to the code of conduct, your "
                "email preferences, the meetings you registered for and attended, and the topics, "
                "votes and session notes you contributed.",
                "For everyone: our servers keep short-lived technical logs (such as the address a "
                "request came from) to keep the site secure. We use no advertising or analytics "
                "cookies and load nothing from other websites.",
            ),
            _h("Why we hold it"),
            _p(
                "To run the community you joined: to let you sign in, register for meetings, send "
                "the reminders and notices you asked for, and show the profile details you chose "
                "to make visible. Our lawful basis is legitimate interests; reminder and update "
                "emails can be switched off at any time from your account or from the link in "
                "each email.",
            ),
            _h("Meeting notes and the Chatham House rule"),
            _p(
                "Community meetings run under the Chatham House rule: you may use what was said, "
                "but not say who said it or which organisation they are from. Notes are shared "
                "with signed-up members only and do not attribute comments to people.",
            ),
            _h("Download or delete your data"),
            _p(
                "Signed-in members can download everything we hold about them as a JSON file from "
                "their account page, and can delete their account there too. Deleting your account "
                "removes your personal data; things you wrote for others, such as topic proposals "
                "and session notes, stay but are no longer linked to you.",
            ),
            _h("How long we keep it"),
            _p(
                "We keep your account until you delete it, or for two years after you last signed "
                "in, after which we ask whether you want to stay. Technical logs are kept for no "
                "more than 30 days.",
            ),
        ],
    },
]
