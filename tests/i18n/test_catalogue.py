"""The Welsh catalogue covers the whole interface: re-extracting every translatable string from
the code and templates (Django's makemessages, i.e. xgettext) must find nothing untranslated.

A new ``{% translate %}``/``gettext`` string without Welsh, or a changed English source string
(msgmerge marks it fuzzy), fails this test until `make messages` is run and the new entries of
locale/cy/LC_MESSAGES/django.po are translated (docs/welsh.md).
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
# What `make messages` leaves out, plus the catalogue itself.
NOT_SOURCE = {
    ".venv",
    "node_modules",
    "staticfiles",
    "bench",
    "var",
    "control",
    "locale",
    "participation.egg-info",
    "tests",  # test data, not interface strings
}


def require_gettext():
    if shutil.which("xgettext") and shutil.which("msgmerge"):
        return
    message = "GNU gettext (xgettext, msgmerge) is needed to check the Welsh catalogue"
    if os.environ.get("CI") == "true":
        pytest.fail(message + " and must be installed under CI.")
    pytest.skip(message + ".")


def entries(po_text: str) -> list[dict]:
    """(flags, msgid, msgstr forms) for every live entry of a .po file."""
    result = []
    for block in po_text.split("\n\n"):
        lines = [line for line in block.strip().splitlines() if not line.startswith("#~")]
        if not any(line.startswith("msgid ") for line in lines):
            continue
        flags = " ".join(line for line in lines if line.startswith("#,"))
        current, fields = None, {}
        for line in lines:
            match = re.match(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (\".*\")$", line)
            if match:
                current = match.group(1)
                fields[current] = match.group(2)[1:-1]
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
        if fields.get("msgid") == "":
            continue  # the header
        forms = [value for key, value in fields.items() if key.startswith("msgstr")]
        result.append({"flags": flags, "msgid": fields["msgid"], "forms": forms})
    return result


def test_entries_parser_sees_untranslated_and_fuzzy_entries():
    sample = (
        'msgid ""\nmsgstr ""\n"Language: cy\\n"\n\n'
        '#: a.html:1\nmsgid "Done"\nmsgstr "Wedi gorffen"\n\n'
        '#: a.html:2\nmsgid "New"\nmsgstr ""\n\n'
        '#, fuzzy\nmsgid "Changed"\nmsgstr "Wedi newid"\n\n'
        'msgid "%(n)s day"\nmsgid_plural "%(n)s days"\nmsgstr[0] "%(n)s diwrnod"\nmsgstr[1] ""\n'
    )
    found = entries(sample)
    assert [entry["msgid"] for entry in found] == ["Done", "New", "Changed", "%(n)s day"]
    assert [problem["msgid"] for problem in problems(found)] == ["New", "Changed", "%(n)s day"]


def problems(found: list[dict]) -> list[dict]:
    return [
        entry
        for entry in found
        if "fuzzy" in entry["flags"] or not entry["forms"] or not all(entry["forms"])
    ]


def test_committed_catalogue_is_complete_and_compiled():
    po = BASE_DIR / "locale" / "cy" / "LC_MESSAGES" / "django.po"
    mo = po.with_suffix(".mo")
    found = entries(po.read_text(encoding="utf-8"))
    assert len(found) > 1000
    assert not problems(found), [entry["msgid"] for entry in problems(found)][:20]
    assert mo.exists() and mo.stat().st_size > 10_000
    vendor = BASE_DIR / "locale" / "vendor" / "allauth" / "cy" / "LC_MESSAGES" / "django.po"
    assert not problems(entries(vendor.read_text(encoding="utf-8")))
    assert vendor.with_suffix(".mo").exists()


def test_makemessages_finds_no_untranslated_welsh_strings(tmp_path):
    require_gettext()
    # A copy of the project (symlinks) with a copy of the catalogue, so the real one is untouched.
    for item in BASE_DIR.iterdir():
        if item.name in NOT_SOURCE or item.name.startswith("."):
            continue
        (tmp_path / item.name).symlink_to(item)
    catalogue = tmp_path / "locale" / "cy" / "LC_MESSAGES"
    catalogue.mkdir(parents=True)
    shutil.copy(BASE_DIR / "locale" / "cy" / "LC_MESSAGES" / "django.po", catalogue)
    env = {**os.environ, "PYTHONPATH": str(BASE_DIR)}
    env.setdefault("DJANGO_SETTINGS_MODULE", settings.SETTINGS_MODULE)
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "cy", "--symlinks"],
        cwd=tmp_path,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    found = entries((catalogue / "django.po").read_text(encoding="utf-8"))
    missing = problems(found)
    assert len(found) > 1000
    assert not missing, (
        f"{len(missing)} interface strings have no Welsh (run `make messages` and translate "
        "them in locale/cy/LC_MESSAGES/django.po):\n  "
        + "\n  ".join(entry["msgid"][:100] for entry in missing[:30])
    )
