"""Bench members (approved, unusable passwords, varied e-mail preferences) and organisations."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from bench.generate.context import BATCH, MEMBER_EMAIL_DOMAIN, Context
from bench.generate.text import FIRST_NAMES, LAST_NAMES, ORG_PREFIXES, ORG_SUFFIXES, REGIONS
from community.enums import Nation
from community.models import EmailPreferences, Organisation, organisation_unique_slug


def make_members(ctx: Context) -> None:
    User = get_user_model()
    password = make_password(None)  # unusable: bench members never sign in
    n = ctx.sizes.members
    users = [
        User(
            email=f"member{i:05d}{MEMBER_EMAIL_DOMAIN}",
            name=f"{ctx.rng.choice(FIRST_NAMES)} {ctx.rng.choice(LAST_NAMES)}",
            password=password,
            approval_status="approved",
            date_joined=ctx.now - dt.timedelta(days=ctx.rng.randint(0, 900)),
        )
        for i in range(n)
    ]
    with transaction.atomic():
        User.objects.bulk_create(users, batch_size=BATCH)
        ctx.user_ids = list(
            User.objects.filter(email__endswith=MEMBER_EMAIL_DOMAIN)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        prefs = []
        for pk in ctx.user_ids:
            roll = ctx.rng.random()
            prefs.append(
                EmailPreferences(
                    user_id=pk,
                    meeting_reminders=roll > 0.05,
                    digest=roll < 0.3,
                    reminder_offsets_off=[10080] if 0.05 < roll < 0.15 else [],
                )
            )
        EmailPreferences.objects.bulk_create(prefs, batch_size=BATCH, ignore_conflicts=True)


def make_organisations(ctx: Context) -> None:
    nations = [value for value, _label in Nation.choices]
    orgs = []
    names = set(Organisation.objects.values_list("name", flat=True))
    i = 0
    while len(orgs) < ctx.sizes.organisations:
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
                slug=organisation_unique_slug(name=name),  # bulk_create skips save()
                kind=kind,
                nation=ctx.rng.choice(nations),
                region=ctx.rng.choice(REGIONS),
            )
        )
    Organisation.objects.bulk_create(orgs, batch_size=BATCH)
    ctx.organisation_ids = list(Organisation.objects.values_list("pk", flat=True))
