"""Permission matrix rules for the case study library (see tests/permissions.py)."""

from tests.permissions import LOGIN, Rule

PUBLIC_URLS = [
    "casestudies:feed",
    "casestudies:data_csv",
    "casestudies:data_json",
    "casestudies:data_dictionary",
    "casestudies:method_list",
    "casestudies:method_detail",
    # Citation downloads of a live case study (tests/casestudies/test_citation.py).
    "casestudies:cite_bib",
    "casestudies:cite_ris",
    "casestudies:cite_json",
]

RULES = [
    Rule(
        "casestudies:suggest",
        expect={
            "anonymous": LOGIN,
            "member": 200,
            "pending": 403,
            "organiser": 200,
            "editor": 200,
            "admin": 200,
        },
    ),
]
