"""Demo accounts. The organiser's credentials are printed by `make run` (local use only)."""

import os

from .models import User

DEMO_ORGANISER_EMAIL = "organiser@example.org"
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "participate-demo-2025")


def load(*, stdout) -> None:
    from allauth.account.models import EmailAddress

    organiser, created = User.objects.get_or_create(
        email=DEMO_ORGANISER_EMAIL,
        defaults={"name": "Demo Organiser", "is_staff": True, "is_superuser": True},
    )
    if created:
        organiser.set_password(DEMO_PASSWORD)
        organiser.save()
    EmailAddress.objects.get_or_create(
        user=organiser, email=organiser.email, defaults={"verified": True, "primary": True}
    )
    stdout.write(f"  organiser: {DEMO_ORGANISER_EMAIL}")
