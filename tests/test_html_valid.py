"""Every page type of the demo (tests/demo_pages.py), rendered as each role would see it, is
valid HTML according to the W3C Nu HTML checker (vnu.jar from the npm package vnu-jar, run once
over a folder of saved pages: one JVM start).

Errors fail the test. Warnings fail it too, unless listed in IGNORED_WARNINGS with the reason.
"""

import json
import re
import subprocess

import pytest
from django.test import Client

from community.models import User
from tests.conftest import VNU_JAR
from tests.demo_pages import ROLE_EMAILS, by_role, demo_pages, load_demo_site

pytestmark = [pytest.mark.html_validator, pytest.mark.django_db]

IGNORED_WARNINGS: dict[str, str] = {}


def render_demo_pages(folder) -> dict[str, str]:
    """Save every demo page to ``folder``; return {file name: "role url"}."""
    saved = {}
    wrong_status = []
    for role, pages in by_role(demo_pages()).items():
        client = Client()
        if role != "anonymous":
            client.force_login(User.objects.get(email=ROLE_EMAILS[role]))
        for n, page in enumerate(pages):
            response = client.get(page.url)
            if response.status_code != page.status:
                wrong_status.append((role, page.url, response.status_code))
                continue
            name = f"{role}-{n:03d}.html"
            (folder / name).write_bytes(response.content)
            saved[name] = f"{role} {page.url}"
    assert wrong_status == []
    return saved


def validate(folder) -> list[dict]:
    command = ["java", "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always", str(folder)]
    # Our own pinned checker over our own files; java is found on PATH (.ci/run installs it).
    result = subprocess.run(  # noqa: S603
        command, capture_output=True, text=True, timeout=300, check=True
    )
    return json.loads(result.stderr)["messages"]


def test_every_demo_page_is_valid_html(home_page, tmp_path):
    load_demo_site()
    saved = render_demo_pages(tmp_path)
    problems: dict[str, list[str]] = {}
    for message in validate(tmp_path):
        if message.get("subType") == "warning" and any(
            re.search(pattern, message["message"]) for pattern in IGNORED_WARNINGS
        ):
            continue
        if message["type"] == "info" and message.get("subType") != "warning":
            continue
        name = message.get("url", "").rsplit("/", 1)[-1]
        problems.setdefault(saved.get(name, name), []).append(
            f"{message['type']} line {message.get('lastLine')}: {message['message']}"
            f" [{message.get('extract', '').strip()}]"
        )
    assert len(saved) > 50
    if problems:
        report = "\n".join(
            f"{page}\n" + "\n".join(f"  {line}" for line in lines)
            for page, lines in sorted(problems.items())
        )
        pytest.fail(f"Nu HTML checker errors on {len(problems)} pages:\n{report}", pytrace=False)
