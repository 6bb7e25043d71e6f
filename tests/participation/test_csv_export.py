"""One rule for CSV cells (core.csv_export.csv_safe), used by every CSV download."""

import pytest

from core.csv_export import FORMULA_PREFIXES, csv_safe


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://evil.example")', '\'=HYPERLINK("http://evil.example")'),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
    ],
)
def test_a_cell_a_spreadsheet_would_run_gets_an_apostrophe(value, cell):
    assert csv_safe(value) == cell


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("Aisha Rahman", "Aisha Rahman"),
        ("a=b+c", "a=b+c"),  # only the first character matters
        ("", ""),
        (None, ""),
        (42, "42"),
        ("'=already quoted", "'=already quoted"),
    ],
)
def test_other_cells_are_unchanged(value, cell):
    assert csv_safe(value) == cell


def test_the_prefixes_are_owasps_list():
    assert set(FORMULA_PREFIXES) == {"=", "+", "-", "@", "\t", "\r"}
