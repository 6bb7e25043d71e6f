"""Django's session middleware, minus one race that signed members out right after they logged in.

Logging in replaces the visitor's anonymous session with a new one (a new key in a new cookie)
and deletes the old row. Any request the browser sent *before* the log-in answered (the favicon
or a page still loading in another tab, a fast script) still carries the old cookie; Django finds
no session for it and, because the session is empty, answers with a cookie *deletion*. If that
answer arrives after the log-in's, the browser drops the new cookie and the member is signed out
("signed out after logging in once in five runs", issue 16).

So a request whose cookie names a session that no longer exists, and that did not change the
session itself, leaves the cookie alone: whatever cookie the browser holds now is newer than the
one that request was sent with. A session emptied on purpose (signing out flushes it, which marks
it modified) still deletes the cookie, as before.
"""

from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.utils.cache import patch_vary_headers


class SessionMiddleware(DjangoSessionMiddleware):
    def process_response(self, request, response):
        session = getattr(request, "session", None)
        if (
            session is not None
            and settings.SESSION_COOKIE_NAME in request.COOKIES
            and session.accessed
            and not session.modified
            and session.is_empty()
        ):
            # The cookie named a session that is gone (replaced by a log-in meanwhile, or
            # expired): do not answer with a deletion that would also remove a newer cookie.
            patch_vary_headers(response, ("Cookie",))
            return response
        return super().process_response(request, response)
