import datetime

import pytest
import time_machine
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from core.data_rights import erasers, exporters
from guidance.forms import FEEDBACK_SALT, feedback_token
from guidance.models import GuideFeedback
from tests.factories import guidance as g
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


def _token(page, version, seconds_ago=60):
    with time_machine.travel(timezone.now() - datetime.timedelta(seconds=seconds_ago)):
        return feedback_token(page_id=page.pk, version=version)


def _post(client, page, version="1.2", ip="203.0.113.9", **data):
    values = {
        "useful": "yes",
        "comment": "",
        "contact_email": "",
        "website": "",
        "token": _token(page, version),
        **data,
    }
    return client.post(reverse("guidance:feedback", args=[page.pk]), values, REMOTE_ADDR=ip)


def test_guide_and_chapter_pages_show_the_feedback_form(client, guide):
    chapter = g.chapter_page(guide=guide, title="One")
    for page in (guide, chapter):
        html = client.get(page.url).content.decode()
        assert "Was this useful?" in html
        assert f'action="{reverse("guidance:feedback", args=[page.pk])}"' in html
        assert 'name="token"' in html and 'name="website"' in html


def test_anonymous_feedback_is_saved_with_the_version_read(client, guide):
    response = _post(client, guide, useful="no", comment="Needs examples", version="1.2")
    assert response.status_code == 302
    assert response["Location"] == reverse("guidance:feedback_thanks", args=[guide.pk])
    feedback = GuideFeedback.objects.get()
    assert (feedback.guide, feedback.page_id, feedback.version) == (guide, guide.pk, "1.2")
    assert feedback.useful is False
    assert feedback.comment == "Needs examples"
    assert feedback.user is None
    assert "Thank you for your feedback" in client.get(response["Location"]).content.decode()


def test_version_is_the_one_on_screen_not_a_later_edit(client, guide):
    token = _token(guide, guide.version)  # the reader opened version 1.2
    guide.version = "2.0"
    guide.save_revision().publish()
    _post(client, guide, token=token)
    assert GuideFeedback.objects.get().version == "1.2"


def test_chapter_feedback_belongs_to_its_guide(client, guide):
    chapter = g.chapter_page(guide=guide, title="Mapping")
    _post(client, chapter, useful="yes")
    feedback = GuideFeedback.objects.get()
    assert feedback.guide == guide
    assert feedback.page_id == chapter.pk


def test_signed_in_member_is_recorded(client, guide):
    member = UserFactory()
    client.force_login(member)
    _post(client, guide, contact_email="me@example.org")
    assert GuideFeedback.objects.get().user == member


def test_sixth_rapid_submission_from_one_client_is_refused_politely(client, guide):
    for _ in range(5):
        assert _post(client, guide).status_code == 302
    response = _post(client, guide)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many answers in a short time" in html
    assert "try again in ten minutes" in html
    assert GuideFeedback.objects.count() == 5
    # another client is not affected
    assert _post(client, guide, ip="198.51.100.7").status_code == 302
    assert GuideFeedback.objects.count() == 6


def test_rate_limit_resets_after_ten_minutes(client, guide):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(5):
            _post(client, guide)
        assert _post(client, guide).status_code == 429
    with time_machine.travel(start + datetime.timedelta(minutes=11), tick=False):
        assert _post(client, guide).status_code == 302


def test_filled_honeypot_is_discarded_silently(client, guide):
    response = _post(client, guide, website="http://spam.example", comment="Buy now")
    assert response.status_code == 302
    assert response["Location"] == reverse("guidance:feedback_thanks", args=[guide.pk])
    assert GuideFeedback.objects.count() == 0


def test_submission_faster_than_a_person_could_read_is_refused(client, guide):
    response = _post(client, guide, token=_token(guide, "1.2", seconds_ago=0))
    assert response.status_code == 400
    assert "That was very quick" in response.content.decode()
    assert GuideFeedback.objects.count() == 0


@pytest.mark.parametrize("token", ["", "forged", "x:y:z"])
def test_missing_or_forged_token_is_a_form_error_not_a_500(client, guide, token):
    response = _post(client, guide, token=token)
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Reload the page and try again" in html
    assert GuideFeedback.objects.count() == 0
    # the form comes back with a fresh, valid token, so the reader can simply send it again
    fresh = html.split('name="token" value="')[1].split('"')[0]
    assert signing.loads(fresh, salt=FEEDBACK_SALT)["page"] == guide.pk


def test_token_for_another_page_is_refused(client, guide, guidance_index):
    other = g.guide_page(index=guidance_index)
    response = _post(client, guide, token=_token(other, "1.0"))
    assert response.status_code == 400
    assert GuideFeedback.objects.count() == 0


def test_missing_answer_shows_the_error_summary_and_keeps_the_comment(client, guide):
    response = _post(client, guide, useful="", comment="Half written")
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert '<a href="#id_useful_0">Was this useful?: Select yes or no.</a>' in html
    assert 'id="id_useful_0"' in html
    assert "Half written" in html
    assert GuideFeedback.objects.count() == 0


def test_feedback_for_pages_that_are_not_guides_is_404(client, guide, home_page):
    assert _post(client, home_page).status_code == 404
    assert client.get(reverse("guidance:feedback", args=[999999])).status_code == 404
    guide.unpublish()
    assert _post(client, guide).status_code == 404


def test_comment_with_markup_is_stored_and_shown_escaped(admin_client, client, guide):
    markup = '<script>alert("x")</script><b>bold</b>'
    _post(client, guide, comment=markup)
    feedback = GuideFeedback.objects.get()
    assert feedback.comment == markup  # stored as written

    listing = admin_client.get(reverse("guide_feedback:index")).content.decode()
    inspect = admin_client.get(
        reverse("guide_feedback:inspect", args=[feedback.pk])
    ).content.decode()
    for html in (listing, inspect):
        assert "&lt;script&gt;alert(" in html
        assert '<script>alert("x")</script>' not in html
        assert "<b>bold</b>" not in html

    # the bound form shows it escaped too, when it comes back with an error
    response = _post(client, guide, useful="", comment=markup)
    assert "&lt;script&gt;" in response.content.decode()
    assert '<script>alert("x")' not in response.content.decode()


def test_data_export_and_erasure(client, guide):
    member = UserFactory(email="reader@example.org")
    client.force_login(member)
    _post(client, guide, comment="Signed in", contact_email="reader@example.org")
    client.logout()
    _post(client, guide, comment="Anonymous", contact_email="Reader@Example.org")
    _post(client, guide, comment="Someone else", contact_email="other@example.org")

    exported = exporters()["guidance_feedback"](member)
    assert [row["comment"] for row in exported] == ["Signed in"]
    assert exported[0]["version"] == "1.2"

    erasers()["guidance_feedback"](user=member)
    rows = {f.comment: f for f in GuideFeedback.objects.all()}
    assert rows["Signed in"].user is None
    assert rows["Signed in"].contact_email == ""
    assert rows["Anonymous"].contact_email == ""
    assert rows["Someone else"].contact_email == "other@example.org"
    assert len(rows) == 3  # answers stay, anonymised, in the editors' counts


def test_behind_a_trusted_proxy_each_visitor_has_their_own_limit(client, guide, settings):
    """Every request comes from the proxy's address; X-Forwarded-For names the visitor."""
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"

    def post_as(visitor: str, forwarded_prefix: str = ""):
        return client.post(
            reverse("guidance:feedback", args=[guide.pk]),
            {"useful": "yes", "token": _token(guide, "1.2"), "website": ""},
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR=f"{forwarded_prefix}{visitor}",
        )

    for _ in range(5):
        assert post_as("203.0.113.10").status_code == 302
    assert post_as("203.0.113.10").status_code == 429
    assert post_as("198.51.100.20").status_code == 302  # another visitor, same proxy
    # A visitor cannot escape by writing their own X-Forwarded-For entries: only the last
    # entry (added by the trusted proxy) counts.
    assert post_as("203.0.113.10", forwarded_prefix="192.0.2.99, ").status_code == 429


def test_without_a_trusted_proxy_x_forwarded_for_is_ignored(client, guide):
    for n in range(5):
        response = client.post(
            reverse("guidance:feedback", args=[guide.pk]),
            {"useful": "yes", "token": _token(guide, "1.2"), "website": ""},
            REMOTE_ADDR="203.0.113.11",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        )
        assert response.status_code == 302
    assert _post(client, guide, ip="203.0.113.11").status_code == 429


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("203.0.113.10", "203.0.113.10"),
        ("192.0.2.99, 203.0.113.10:5678", "203.0.113.10"),
        ("[2001:db8::1]:443", "2001:db8::1"),
        ("2001:db8::2", "2001:db8::2"),
        ("not-an-address", "10.0.0.2"),
        ("", "10.0.0.2"),
    ],
)
def test_client_address_behind_one_proxy(rf, settings, header, expected):
    from core.http import client_ip

    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=header)
    assert client_ip(request) == expected


def test_allauth_counts_sign_in_attempts_by_the_same_address(rf, settings):
    from allauth.account.adapter import get_adapter

    settings.TRUSTED_PROXY_COUNT = 2
    # Fewer entries than proxies: the connection's address, not an error page.
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.10")
    assert get_adapter(request).get_client_ip(request) == "10.0.0.2"
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.10, 10.0.0.1")
    assert get_adapter(request).get_client_ip(request) == "203.0.113.10"
