"""Demo organisations, staff accounts and fictional members. Idempotent: run twice, same rows.

The demo logins (``DEMO_LOGINS``) are printed at the end of ``load_demo_content`` (`make demo`,
`make run`; local use only). All demo people are
fictional; the organisations are the ones named in the programme's material.
"""

from allauth.account.models import EmailAddress
from django.conf import settings

from .enums import ApprovalStatus, Nation, OrganisationKind
from .models import MemberProfile, Organisation, User
from .permissions import EDITORS_GROUP, ORGANISERS_GROUP
from .roles import roles_ensure

DEMO_ORGANISER_EMAIL = "organiser@example.org"
DEMO_EDITOR_EMAIL = "editor@example.org"
DEMO_ADMIN_EMAIL = "admin@example.org"
DEMO_MEMBER_EMAIL = "aisha.rahman@example.org"  # an approved member (MEMBERS below)
DEMO_PENDING_EMAIL = "sam.adeyemi@example.org"  # a member awaiting approval
DEMO_PASSWORD = settings.DEMO_PASSWORD  # the DEMO_PASSWORD variable, read in settings/base.py
# The accounts ``load_demo_content`` prints at the end: (role, e-mail); all use DEMO_PASSWORD.
DEMO_LOGINS = [
    ("organiser", DEMO_ORGANISER_EMAIL),
    ("editor", DEMO_EDITOR_EMAIL),
    ("admin", DEMO_ADMIN_EMAIL),
    ("member", DEMO_MEMBER_EMAIL),
    ("pending member", DEMO_PENDING_EMAIL),
]

K = OrganisationKind
ORGANISATIONS = [
    # (name, kind, nation, website)
    ("The Mohn Westlake Foundation", K.CHARITY, Nation.UK, ""),
    ("Department for Science, Innovation and Technology", K.CENTRAL_GOVERNMENT, Nation.UK, ""),
    ("Government Digital Service", K.CENTRAL_GOVERNMENT, Nation.UK, ""),
    ("Central Digital and Data Office", K.CENTRAL_GOVERNMENT, Nation.UK, ""),
    ("Incubator for Artificial Intelligence (i.AI)", K.CENTRAL_GOVERNMENT, Nation.UK, ""),
    ("Office for Statistics Regulation", K.REGULATOR, Nation.UK, ""),
    ("ADR UK", K.ACADEMIC, Nation.UK, ""),
    ("Department of Health and Social Care", K.CENTRAL_GOVERNMENT, Nation.ENGLAND, ""),
    ("Department for Education", K.CENTRAL_GOVERNMENT, Nation.ENGLAND, ""),
    ("Ministry of Justice", K.CENTRAL_GOVERNMENT, Nation.UK, ""),
    (
        "Ministry of Housing, Communities and Local Government",
        K.CENTRAL_GOVERNMENT,
        Nation.ENGLAND,
        "",
    ),
    ("TUC", K.UNION, Nation.UK, ""),
    ("TUC Cymru", K.UNION, Nation.WALES, ""),
    ("Welsh Government", K.DEVOLVED_GOVERNMENT, Nation.WALES, ""),
    ("FDA (union)", K.UNION, Nation.UK, ""),
    ("TPXimpact", K.COMPANY, Nation.UK, ""),
    ("London Borough of Camden", K.LOCAL_AUTHORITY, Nation.ENGLAND, ""),
    ("Health Research Authority", K.NHS_BODY, Nation.ENGLAND, ""),
    ("Legal Aid Agency", K.CENTRAL_GOVERNMENT, Nation.ENGLAND, ""),
]

# (email, name, pronouns, organisation, job title, sector, region, visibility, interests,
#  expertise, bio, approval)
MEMBERS = [
    (
        "aisha.rahman@example.org",
        "Aisha Rahman",
        "she/her",
        "London Borough of Camden",
        "Data ethics lead",
        "local_government",
        "london",
        "public",
        ["data charter", "procurement"],
        ["citizens' panel", "participatory procurement"],
        "I look after Camden's data charter and the residents' panel that shaped it.",
        "approved",
    ),
    (
        "gareth.llewellyn@example.org",
        "Gareth Llewellyn",
        "he/him",
        "Welsh Government",
        "Head of digital policy",
        "devolved_government",
        "wales",
        "public",
        ["AI in public services", "Welsh language"],
        ["deliberative workshop"],
        "Working on how Welsh public bodies involve people in AI decisions.",
        "approved",
    ),
    (
        "sian.morgan@example.org",
        "Siân Morgan",
        "she/her",
        "TUC Cymru",
        "Policy officer",
        "union",
        "wales",
        "members",
        ["workers' voice", "algorithmic management"],
        ["focus group", "worker consultation"],
        "Making sure workers have a say when AI comes into their jobs.",
        "approved",
    ),
    (
        "tom.okafor@example.org",
        "Tom Okafor",
        "he/him",
        "Office for Statistics Regulation",
        "Statistics regulator",
        "regulation",
        "uk_wide",
        "public",
        ["official statistics", "public good"],
        ["user engagement"],
        "Interested in how statistics producers listen to the people their data describes.",
        "approved",
    ),
    (
        "priya.shah@example.org",
        "Priya Shah",
        "she/they",
        "Health Research Authority",
        "Public involvement manager",
        "health",
        "london",
        "members",
        ["health data", "confidentiality"],
        ["lay advisory group", "citizens' jury"],
        "I support lay members on advisory groups about confidential patient data.",
        "approved",
    ),
    (
        "jamie.reid@example.org",
        "Jamie Reid",
        "they/them",
        "TPXimpact",
        "User researcher",
        "private",
        "scotland",
        "public",
        ["service design", "inclusion"],
        ["co-design", "user research"],
        "Researcher working with councils on inclusive digital services.",
        "approved",
    ),
    (
        "fiona.mcleod@example.org",
        "Fiona McLeod",
        "",
        "ADR UK",
        "Public engagement lead",
        "academia",
        "scotland",
        "members",
        ["administrative data", "trust"],
        ["public dialogue"],
        "I run public dialogues about research with administrative data.",
        "approved",
    ),
    (
        "dev.patel@example.org",
        "Dev Patel",
        "he/him",
        "Department for Education",
        "Data scientist",
        "central_government",
        "north_west",
        "hidden",
        ["education data"],
        [],
        "",
        "approved",
    ),
    (
        "niamh.kelly@example.org",
        "Niamh Kelly",
        "she/her",
        "FDA (union)",
        "National officer",
        "union",
        "northern_ireland",
        "members",
        ["civil service", "automation"],
        ["worker consultation"],
        "Representing civil servants as automation changes their work.",
        "approved",
    ),
    (
        "oliver.grant@example.org",
        "Oliver Grant",
        "he/him",
        "Legal Aid Agency",
        "Caseworker",
        "central_government",
        "east_midlands",
        "public",
        ["automation", "casework"],
        [],
        "Caseworker who wants frontline staff consulted before systems change.",
        "approved",
    ),
    (
        "chloe.bennett@example.org",
        "Chloe Bennett",
        "she/her",
        "Ministry of Housing, Communities and Local Government",
        "Policy adviser",
        "central_government",
        "yorkshire",
        "hidden",
        ["local government", "data sharing"],
        ["deliberative workshop"],
        "",
        "approved",
    ),
    (
        "sam.adeyemi@example.org",
        "Sam Adeyemi",
        "",
        "The Mohn Westlake Foundation",
        "Programme manager",
        "civil_society",
        "london",
        "members",
        ["funding", "participation"],
        ["participatory grant-making"],
        "Funding work that gives communities a real say in data and AI.",
        "pending",
    ),
]


def _account(email: str, name: str, **fields) -> User:
    user, created = User.objects.get_or_create(email=email, defaults={"name": name, **fields})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    else:
        changed = [key for key, value in fields.items() if getattr(user, key) != value]
        for key in changed:
            setattr(user, key, fields[key])
        if changed:
            user.save(update_fields=changed)
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


def load(*, stdout) -> None:
    groups = roles_ensure()
    organisations = {}
    for name, kind, nation, website in ORGANISATIONS:
        organisations[name], _ = Organisation.objects.update_or_create(
            name=name, defaults={"kind": kind, "nation": nation, "website": website}
        )
    stdout.write(f"  {len(organisations)} organisations")

    organiser = _account(DEMO_ORGANISER_EMAIL, "Demo Organiser", is_staff=False, is_superuser=False)
    organiser.groups.add(groups[ORGANISERS_GROUP])
    editor = _account(DEMO_EDITOR_EMAIL, "Demo Editor", is_staff=False, is_superuser=False)
    editor.groups.add(groups[EDITORS_GROUP])
    _account(DEMO_ADMIN_EMAIL, "Demo Admin", is_staff=True, is_superuser=True)
    for staff in (organiser, editor):
        MemberProfile.objects.get_or_create(
            user=staff,
            defaults={"visibility": "members", "job_title": "Community team"},
        )

    for (
        email,
        name,
        pronouns,
        organisation,
        job_title,
        sector,
        region,
        visibility,
        interests,
        expertise,
        bio,
        approval,
    ) in MEMBERS:
        user = _account(email, name, approval_status=ApprovalStatus(approval))
        profile, _ = MemberProfile.objects.update_or_create(
            user=user,
            defaults={
                "pronouns": pronouns,
                "organisation": organisations[organisation],
                "job_title": job_title,
                "sector": sector,
                "region": region,
                "visibility": visibility,
                "bio": bio,
            },
        )
        profile.interests.set(interests)
        profile.expertise.set(expertise)
    stdout.write(f"  {len(MEMBERS)} fictional members")
    stdout.write(f"  organiser: {DEMO_ORGANISER_EMAIL}")
    stdout.write(f"  editor: {DEMO_EDITOR_EMAIL}, admin: {DEMO_ADMIN_EMAIL}")
