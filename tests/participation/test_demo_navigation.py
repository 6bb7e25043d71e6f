"""The demo's header links every public section, the impact dashboard included, in English and
Welsh, and loading the demo again adds no second copy of a link."""

import pytest
from django.core.management import call_command

from core.models import NavigationLink

pytestmark = pytest.mark.django_db


def test_the_demo_header_links_to_the_impact_dashboard_once_in_each_language(client, home_page):
    call_command("load_demo_content", verbosity=0, stdout=None)
    call_command("load_demo_content", verbosity=0, stdout=None)
    assert NavigationLink.objects.filter(link_url="/impact/").count() == 1
    english = client.get("/").content.decode()
    assert 'href="/impact/"' in english and ">Impact<" in english
    welsh = client.get("/cy/").content.decode()
    assert 'href="/cy/impact/"' in welsh and ">Effaith<" in welsh
