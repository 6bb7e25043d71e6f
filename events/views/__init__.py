"""Views for events, by who uses them: public.py (listing, event page, .ics files, public
calendar), member.py (RSVP, personal calendar feed and its link) and organise.py (the
organiser dashboard and a meeting's attendees). events/urls.py names each module's views."""

from . import member, organise, public

__all__ = ["member", "organise", "public"]
