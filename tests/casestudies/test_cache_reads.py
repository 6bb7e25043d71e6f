"""A listing's cards do not each go back to the cache: the locale map that tells whether a page
is shown in another language is read once per request, however many cards the page lists
(issue 18: at full size 42 of the library page's 53 cache round trips were that map)."""

import pytest
from django.core.cache import caches

pytestmark = pytest.mark.django_db


def test_the_library_reads_the_locale_map_once_whatever_the_number_of_cards(
    generated_library, client, monkeypatch
):
    default = caches["default"]
    real_get = default.get
    keys: list[str] = []

    def get(key, *args, **kwargs):
        keys.append(key)
        return real_get(key, *args, **kwargs)

    monkeypatch.setattr(default, "get", get)
    response = client.get("/case-studies/")
    content = response.content.decode()
    assert response.status_code == 200
    assert content.count("case-study-card") == 20  # a full page of cards
    assert len([key for key in keys if key.endswith(":locale-ids")]) <= 1
