"""CSV downloads: one rule for cells people may open in a spreadsheet.

Every CSV the site writes (case study open data, meeting and unconference registrations, guide
feedback in the admin) passes text cells through ``csv_safe``, so a value a member or reader
typed can never run as a formula (CSV injection, OWASP).
"""

from typing import Any

# A spreadsheet treats a cell starting with one of these as a formula (or as the start of one).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: Any) -> str:
    """The cell's text, with an apostrophe in front when a spreadsheet would read a formula.
    None is an empty cell."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text
