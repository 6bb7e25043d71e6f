"""How to cite a case study: the facts (``Citation``) and the formats reference managers import.

- ``version`` is the page's own count of publications (1 for a new case study, 2 after it is
  published again), never a database id: see ``selectors.case_study_citation``.
- ``published`` is the first publication, ``updated`` the latest.
- The author is the community that writes the library (the site's name), never the
  organisation the case study is about.
- ``url`` is the page's canonical absolute address (``Page.get_full_url``, the same one the
  page's ``<link rel="canonical">`` uses).

The three formats are small and fully specified, so they are written here rather than through a
library; the tests parse each with an independent parser from PyPI (bibtexparser, rispy,
citeproc-py) including titles with braces, ampersands, percent signs and Welsh letters.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Citation:
    key: str  # a stable citation key, e.g. "case-study-legal-aid-claims"
    title: str
    author: str  # a body (the community), not a person: written as such in every format
    url: str
    version: int
    published: dt.datetime
    updated: dt.datetime
    language: str = "en-GB"


# --- BibTeX (biblatex @online, which BibTeX styles read as @misc) ----------------------------

_BIBTEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def bibtex_escape(value: str) -> str:
    """Escape LaTeX's special characters so braces stay balanced and nothing is a command.
    Letters outside ASCII (ŵ, ŷ, é) stay as UTF-8, which biber and modern BibTeX read."""
    value = " ".join(value.split())  # no line breaks inside a field
    return "".join(_BIBTEX_SPECIALS.get(char, char) for char in value)


def citation_bibtex(citation: Citation) -> str:
    published = citation.published.date().isoformat()
    fields = [
        # Double braces: a body as author, not "Surname, Given" to be split into names.
        ("author", "{" + bibtex_escape(citation.author) + "}"),
        # Double braces keep the title's capitals as written.
        ("title", "{" + bibtex_escape(citation.title) + "}"),
        ("organization", bibtex_escape(citation.author)),
        ("year", str(citation.published.year)),
        ("date", published),
        ("version", str(citation.version)),
        ("url", citation.url),
        (
            "note",
            f"Case study, version {citation.version}, first published {published}, "
            f"updated {citation.updated.date().isoformat()}",
        ),
        ("langid", "british" if citation.language.startswith("en") else "welsh"),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@online{{{_bibtex_key(citation.key)},\n{body}\n}}\n"


def _bibtex_key(key: str) -> str:
    return re.sub(r"[^A-Za-z0-9_:.-]", "-", key) or "case-study"


# --- RIS (Research Information Systems) ------------------------------------------------------


def _ris_value(value: str) -> str:
    return " ".join(value.split())  # one line per tag


def citation_ris(citation: Citation) -> str:
    published = citation.published.date()
    lines = [
        ("TY", "ELEC"),  # web page
        ("TI", citation.title),
        ("AU", citation.author),
        ("PB", citation.author),
        ("PY", f"{published.year}"),
        ("DA", published.strftime("%Y/%m/%d")),
        ("ET", f"{citation.version}"),  # edition: the version cited
        ("UR", citation.url),
        ("LA", citation.language),
        (
            "N1",
            f"Case study, version {citation.version}, first published {published.isoformat()}, "
            f"updated {citation.updated.date().isoformat()}",
        ),
        ("ER", ""),
    ]
    return "".join(f"{tag}  - {_ris_value(value)}".rstrip() + "\r\n" for tag, value in lines)


# --- CSL-JSON (Citation Style Language data, as Zotero and pandoc read it) -------------------


def _date_parts(value: dt.datetime) -> dict:
    return {"date-parts": [[value.year, value.month, value.day]]}


def citation_csl(citation: Citation) -> list[dict]:
    return [
        {
            "id": citation.key,
            "type": "webpage",
            "title": citation.title,
            "author": [{"literal": citation.author}],
            "publisher": citation.author,
            "genre": "Case study",
            "version": str(citation.version),
            "issued": _date_parts(citation.published),
            "URL": citation.url,
            "language": citation.language,
            "note": f"Updated {citation.updated.date().isoformat()}",
        }
    ]


def citation_csl_json(citation: Citation) -> str:
    return json.dumps(citation_csl(citation), ensure_ascii=False, indent=2) + "\n"


# file format in the URL (cite.<format>): (writer, media type)
CITATION_FORMATS = {
    "bib": (citation_bibtex, "application/x-bibtex"),
    "ris": (citation_ris, "application/x-research-info-systems"),
    "json": (citation_csl_json, "application/vnd.citationstyles.csl+json"),
}
