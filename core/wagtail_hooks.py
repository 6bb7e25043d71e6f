"""Wagtail hooks of the ground: page links in rich text lead to the page in the reader's
language (docs/welsh.md, "Links on Welsh pages")."""

from django.utils.html import escape
from wagtail import hooks
from wagtail.rich_text.pages import PageLinkHandler

from .i18n import localised_url


class LocalisedPageLinkHandler(PageLinkHandler):
    """Wagtail's page link handler links to ``page.localized`` (the English page when there is
    no Welsh one); this one links through ``localised_url``, so on a Welsh page a link to an
    English-only page stays under /cy/ (served with the "not yet in Welsh" notice)."""

    @classmethod
    def expand_db_attributes_many(cls, attrs_list: list[dict]) -> list[str]:
        return [
            f'<a href="{escape(localised_url(page))}">' if page else "<a>"
            for page in cls.get_many(attrs_list)
        ]


@hooks.register("register_rich_text_features")
def register_localised_page_links(features):
    features.register_link_type(LocalisedPageLinkHandler)
