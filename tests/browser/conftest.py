"""Playwright (sync API) driving Debian's Chromium, with axe-core injected from node_modules.

Never `playwright install`: the browser is /usr/bin/chromium.
"""

import json
import re
from pathlib import Path

import pytest

from tests.conftest import AXE_JS, CHROMIUM

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="session")
def chromium():
    if not CHROMIUM.exists():
        pytest.skip("Chromium missing")  # pytest_runtest_setup already failed this under CI
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_context(chromium):
    # bypass_csp lets the test inject axe-core; the site's own CSP is checked separately.
    context = chromium.new_context(bypass_csp=True, locale="en-GB", timezone_id="Europe/London")
    # 30 s, not 10: the first page a fresh live server renders (templates compiled, Wagtail's
    # site root looked up) took over 10 s on a busy two-core CI machine and failed the test.
    context.set_default_timeout(30_000)
    yield context
    context.close()


@pytest.fixture
def page(browser_context):
    page = browser_context.new_page()
    yield page
    page.close()


def axe_violations(page) -> list[dict]:
    """Run axe-core with the WCAG 2.2 A/AA tags on the current page; return the violations."""
    page.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        AXE_TAGS,
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "targets": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]


def assert_no_axe_violations(page) -> None:
    violations = axe_violations(page)
    assert violations == [], f"axe violations on {page.url}:\n{json.dumps(violations, indent=2)}"


def login(page, live_server, *, email: str, password: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.click("form.form button[type=submit]")
    page.wait_for_load_state()


JOURNEY_SHOTS = Path(__file__).resolve().parents[2] / "var" / "test-artefacts" / "journeys"


@pytest.fixture
def journey_shot(request):
    """Save a screenshot of a journey step as var/test-artefacts/journeys/<test>-<step>.png.

    The journey tests call it at each step a person would see (1280 px and 390 px); the files are
    the artefacts the closing notes of issue 19 name. Returns the path written.
    """
    JOURNEY_SHOTS.mkdir(parents=True, exist_ok=True)
    test_name = re.sub(r"[^a-z0-9]+", "-", request.node.name.lower()).strip("-")

    def shoot(page, step: str) -> Path:
        width = (page.viewport_size or {}).get("width", 0)
        slug = re.sub(r"[^a-z0-9]+", "-", step.lower()).strip("-")
        path = JOURNEY_SHOTS / f"{test_name}-{slug}-{width}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return shoot
