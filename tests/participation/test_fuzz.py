"""Bad input never gives a 500: hypothesis posts random and hostile values to forms and query
parameters, as each role, and accepts only 2xx/3xx/4xx answers.

Table-driven: to cover another endpoint, append an ``Endpoint`` to ``ENDPOINTS``. ``url`` may
contain ``{placeholders}`` filled from the ``fuzz_objects`` fixture (add objects there).
``unchanged`` names a snapshot function that must give the same value before and after each
request for the roles in ``unchanged_for`` (no data changed where permission is missing).
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from community.models import User
from tests.factories.participation import update_page, updates_index
from tests.factories.users import UserFactory


def user_count() -> int:
    return User.objects.count()


@dataclass(frozen=True)
class Endpoint:
    method: str  # "get" or "post"
    url: str
    fields: tuple[str, ...]
    roles: tuple[str, ...] = ("anonymous", "member")
    unchanged: Callable[[], object] | None = None
    unchanged_for: tuple[str, ...] = ()


ENDPOINTS = [
    Endpoint("get", "/search/", ("q", "kind", "page")),
    Endpoint("get", "/cy/search/", ("q", "kind", "page"), roles=("anonymous",)),
    Endpoint("get", "/updates/", ("kind", "tag", "page")),
    Endpoint("get", "{update}", ("page", "tag")),
    Endpoint("get", "/updates/feed/", ("page", "kind")),
    Endpoint("get", "/sitemap.xml", ("p", "page")),
    Endpoint("get", "/admin/login/", ("next",), roles=("anonymous",)),
    Endpoint(
        "post",
        "/accounts/signup/",
        ("name", "email", "password1", "password2", "agree_code_of_conduct"),
        unchanged=user_count,
        unchanged_for=("member",),
    ),
    Endpoint("post", "/accounts/login/", ("login", "password", "remember", "next")),
]

HOSTILE = [
    "' OR '1'='1",
    "'; DROP TABLE community_user; --",
    "1 UNION SELECT password FROM community_user",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ 7|add:7 }}{% debug %}",
    "../../../../etc/passwd",
    "\x00",
    "abc\x00def",
    "line\r\nBcc: victim@example.org",
    "%00%0d%0a",
    "-1",
    "0",
    "99999999999999999999999999",
    "1e309",
    "NaN",
    "[]",
    "{}",
    "null",
    "on",
    "a@b",
    "https://evil.example/",
    "//evil.example",
    "javascript:alert(1)",
    "\u202eevil\u202c",
    "\ufeffbom",
    "🙂" * 40,
    "Cymraeg: ŵ ŷ â ê",
    "*",
    '"',
]

text_values = st.one_of(
    st.text(max_size=60),
    st.sampled_from(HOSTILE),
    st.text(alphabet=st.characters(categories=["Cc", "Cf", "Zl", "Zp"]), max_size=20),
    st.integers(min_value=250, max_value=20_000).map(lambda n: "a" * n),  # very long
    st.integers().map(str),
)
# Wrong types: numbers, booleans and repeated values (a list becomes ?f=a&f=b).
values = st.one_of(
    text_values,
    st.integers(),
    st.booleans(),
    st.lists(text_values, min_size=2, max_size=3),
)


def form_data(fields: tuple[str, ...]):
    """Every field optional (missing fields), each a random or hostile value."""
    return st.fixed_dictionaries({}, optional={name: values for name in fields})


@pytest.fixture
def fuzz_objects(home_page):
    index = updates_index(home=home_page)
    update = update_page(index=index, title="A fuzzed update", tags=["AI"])
    return {"update": update.url}


CASES = [
    pytest.param(endpoint, role, id=f"{endpoint.method}-{endpoint.url}-{role}")
    for endpoint in ENDPOINTS
    for role in endpoint.roles
]


@pytest.mark.django_db
@pytest.mark.parametrize(("endpoint", "role"), CASES)
def test_random_and_hostile_input_never_gives_500(client, fuzz_objects, endpoint, role):
    url = endpoint.url.format(**fuzz_objects)
    member = UserFactory() if role == "member" else None

    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(data=form_data(endpoint.fields))
    def run(data):
        cache.clear()  # rate limits would otherwise turn every later example into a 429
        if member is not None:
            client.force_login(member)
        before = endpoint.unchanged() if role in endpoint.unchanged_for else None
        response = getattr(client, endpoint.method)(url, data)
        assert response.status_code < 500, (url, data, response.status_code)
        if role in endpoint.unchanged_for:
            assert endpoint.unchanged() == before, (url, data)

    run()
