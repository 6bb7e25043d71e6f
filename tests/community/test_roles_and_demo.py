"""Role groups (data migration) and the community demo content."""

import importlib
import io

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth.models import Group

from community import demo
from community.models import MemberProfile, Organisation, User
from community.permissions import EDITORS_GROUP, ORGANISERS_GROUP, user_is_organiser
from tests.factories.users import editor_user, organiser_user

pytestmark = pytest.mark.django_db


def test_roles_migration_creates_the_groups_with_their_permissions():
    Group.objects.filter(name__in=[ORGANISERS_GROUP, EDITORS_GROUP]).delete()
    migration = importlib.import_module("community.migrations.0004_roles")
    migration.create_roles(apps, schema_editor=None)
    migration.create_roles(apps, schema_editor=None)  # idempotent

    organisers = Group.objects.get(name=ORGANISERS_GROUP)
    granted = {f"{p.content_type.app_label}.{p.codename}" for p in organisers.permissions.all()}
    assert {
        "community.organise",
        "wagtailadmin.access_admin",
        "community.add_organisation",
        "community.change_organisation",
        "community.delete_organisation",
        "community.view_organisation",
    } <= granted
    editors = Group.objects.get(name=EDITORS_GROUP)
    assert editors.permissions.filter(codename="access_admin").exists()
    assert not editors.permissions.filter(codename="organise").exists()


def test_organiser_and_editor_roles():
    organiser = organiser_user()
    editor = editor_user()
    assert user_is_organiser(organiser)
    assert organiser.has_perm("wagtailadmin.access_admin")
    assert organiser.has_perm("community.change_organisation")
    assert not organiser.is_superuser
    assert not user_is_organiser(editor)
    assert editor.has_perm("wagtailadmin.access_admin")


def test_organiser_can_reach_the_wagtail_admin_and_organisation_snippets(client, home_page):
    client.force_login(organiser_user())
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/snippets/community/organisation/").status_code == 200


def test_demo_content_is_complete_and_idempotent(client, home_page):
    out = io.StringIO()
    demo.load(stdout=out)
    counts = (User.objects.count(), Organisation.objects.count(), MemberProfile.objects.count())
    demo.load(stdout=out)
    assert counts == (
        User.objects.count(),
        Organisation.objects.count(),
        MemberProfile.objects.count(),
    )
    assert Organisation.objects.get(name="TUC Cymru").kind == "union"
    assert Organisation.objects.get(name="London Borough of Camden").kind == "local_authority"
    assert Organisation.objects.filter(name="Office for Statistics Regulation").exists()

    organiser = User.objects.get(email=demo.DEMO_ORGANISER_EMAIL)
    assert not organiser.is_superuser
    assert organiser.groups.filter(name=ORGANISERS_GROUP).exists()
    assert user_is_organiser(organiser)
    editor = User.objects.get(email=demo.DEMO_EDITOR_EMAIL)
    assert editor.groups.filter(name=EDITORS_GROUP).exists()
    assert User.objects.get(email=demo.DEMO_ADMIN_EMAIL).is_superuser
    assert EmailAddress.objects.filter(verified=True).count() == User.objects.count()

    members = MemberProfile.objects.exclude(user__email__in=[organiser.email, editor.email])
    assert members.count() >= 12
    assert set(members.values_list("visibility", flat=True)) == {"public", "members", "hidden"}
    assert len(set(members.values_list("sector", flat=True))) >= 5

    assert client.login(email=demo.DEMO_ORGANISER_EMAIL, password=demo.DEMO_PASSWORD)
    assert client.get("/members/approvals/").status_code == 200
