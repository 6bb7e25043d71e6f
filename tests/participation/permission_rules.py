"""Site-wide URLs in the permission matrix (tests/test_permission_matrix.py).

Everything the site-wide app routes is public: search, the updates feed, the sitemap, robots.txt
and the health check. (Updates and standard pages are Wagtail pages, served by the catch-all.)
The admin log-in URLs only redirect to allauth's rate-limited log-in page, whoever asks.
"""

from tests.permissions import LOGIN, ROLES, Rule

PUBLIC_URLS = [
    "search",
    "updates_feed",
    "sitemap",
    "robots_txt",
    "healthz",
]

RULES = [
    Rule("admin_login_redirect", expect=dict.fromkeys(ROLES, LOGIN)),
    Rule("django_admin_login_redirect", expect=dict.fromkeys(ROLES, LOGIN)),
]
