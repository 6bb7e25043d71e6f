"""Layout sweep over every page type of the demo (tests/demo_pages.py), each as its role, at
1280, 768 and 320 CSS px wide. It fails when
- a word is laid out on two lines (broken mid-word) inside a table cell (th/td), a definition
  list (dt/dd) or a case study facet label, e.g. "Departm/ent" or "(1" / ")";
- the page scrolls sideways (document.scrollingElement.scrollWidth > clientWidth).

A line may end after a hyphen, dash or slash ("co-" / "design"): that is where browsers wrap
words, not a word broken. URLs and e-mail addresses may wrap anywhere (they carry no spaces to
wrap at); they are skipped.
Set LAYOUT_SCREENSHOTS=/some/folder to save a full-page screenshot of every page and width.
"""

import os
import re
from pathlib import Path

import pytest

from tests.browser.conftest import login
from tests.demo_pages import PASSWORD, ROLE_EMAILS, by_role, demo_pages, load_demo_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1280, 768, 320)

# For every text node in the checked elements, a Range over each word (split on whitespace):
# if its boxes sit on more than one line, the word was broken.
LAYOUT_JS = r"""
() => {
  const checked = "th, td, dt, dd, .facet__options label, .facet__options li";
  const skip = /^[a-z][a-z0-9+.-]*:\/\/|^www\.|@/i;
  const parts = /[^-\u2013\u2014/]+[-\u2013\u2014/]*|[-\u2013\u2014/]+/g;
  const seen = new Set();
  const broken = [];
  for (const element of document.querySelectorAll(checked)) {
    if (element.closest(".visually-hidden")) continue;
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (seen.has(node)) continue;
      seen.add(node);
      if (node.parentElement.closest(".visually-hidden")) continue;
      for (const word of node.data.matchAll(/\S+/g)) {
        if (skip.test(word[0])) continue;
        // A line may end after a hyphen, dash or slash ("co-/design"): check the parts between.
        for (const part of word[0].matchAll(parts)) {
          const start = word.index + part.index;
          const range = document.createRange();
          range.setStart(node, start);
          range.setEnd(node, start + part[0].length);
          const boxes = Array.from(range.getClientRects()).filter((r) => r.width > 0);
          const lines = new Set(boxes.map((r) => Math.round(r.top)));
          if (lines.size > 1) {
            broken.push(`${element.tagName.toLowerCase()}: "${word[0]}"`);
            break;
          }
        }
      }
    }
  }
  // A count such as "(12 case studies)" spans several text nodes: it must sit on one line.
  for (const element of document.querySelectorAll(".facet__count")) {
    const lines = new Set(
      Array.from(element.getClientRects()).filter((r) => r.width > 1).map((r) => Math.round(r.top))
    );
    if (lines.size > 1) broken.push(`facet count: "${element.textContent.trim()}"`);
  }
  const root = document.scrollingElement;
  const sideways = root.scrollWidth > root.clientWidth ? `${root.scrollWidth}px wide` : "";
  return {broken: broken.slice(0, 8), sideways};
}
"""


def test_no_word_broken_and_no_sideways_scrolling(chromium, live_server, home_page):
    load_demo_site()
    screenshots = os.environ.get("LAYOUT_SCREENSHOTS")
    problems: list[str] = []
    for role, entries in by_role(demo_pages()).items():
        if not entries:
            continue
        context = chromium.new_context(
            viewport={"width": WIDTHS[0], "height": 900},
            locale="en-GB",
            timezone_id="Europe/London",
        )
        context.set_default_timeout(15_000)
        page = context.new_page()
        try:
            if role != "anonymous":
                login(page, live_server, email=ROLE_EMAILS[role], password=PASSWORD)
            for entry in entries:
                response = page.goto(f"{live_server.url}{entry.url}")
                status = response.status if response else None
                if status != entry.status:
                    problems.append(f"{role} {entry.url}: status {status}, not {entry.status}")
                    continue
                for width in WIDTHS:
                    page.set_viewport_size({"width": width, "height": 900})
                    found = page.evaluate(LAYOUT_JS)
                    where = f"{role} {entry.url} at {width}px"
                    if found["broken"]:
                        problems.append(f"{where}: words broken: {'; '.join(found['broken'])}")
                    if found["sideways"]:
                        problems.append(f"{where}: scrolls sideways ({found['sideways']})")
                    if screenshots:
                        name = re.sub(r"[^a-z0-9]+", "-", f"{role}{entry.url}".lower()).strip("-")
                        page.screenshot(
                            path=str(Path(screenshots) / f"{name}-{width}.png"), full_page=True
                        )
                page.set_viewport_size({"width": WIDTHS[0], "height": 900})
        finally:
            context.close()
    if problems:
        pytest.fail(f"{len(problems)} layout problems:\n" + "\n".join(problems), pytrace=False)
