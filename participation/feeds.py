"""Atom feed of updates at /updates/feed/ (django.contrib.syndication)."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from core.http import absolute_url

from .selectors import updates_list

FEED_SIZE = 20


class UpdatesFeed(Feed):
    feed_type = Atom1Feed
    title = _("Updates: opinion, weeknotes and news")
    subtitle = _("Opinion pieces, weeknotes and news from the public participation community.")

    def get_object(self, request, *args, **kwargs):
        self.request = request  # page URLs depend on the request's language (/cy/...)
        return None

    # Absolute URLs from SITE_URL: Django's Feed would otherwise prefix the request's Host.
    def link(self):
        return absolute_url("/updates/")

    def feed_url(self):
        return absolute_url(self.request.path)

    def items(self):
        return list(updates_list()[:FEED_SIZE])

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return absolute_url(item, request=self.request)

    def item_author_name(self, item):
        return item.author_name or None

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time(9, 0)))

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [item.get_kind_display(), *(tag.name for tag in item.tags.all())]
