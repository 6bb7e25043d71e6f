"""Helpers for the apps' demo loaders (``<app>/demo.py``, run by ``manage.py load_demo_content``
in INSTALLED_APPS order): the site's home page, which the roof's demo makes first, and Welsh
translations made with Wagtail's translation machinery."""

from wagtail.models import Locale, Page, Site


def site_home() -> Page:
    """The default site's home page (made by ``participation.demo``, which loads first)."""
    return Site.objects.get(is_default_site=True).root_page.specific


def welsh_translation(page, *, title: str, **fields):
    """The page's Welsh translation, created with Wagtail's translation machinery the first
    time (its parent must already be translated), updated and published."""
    welsh, _created = Locale.objects.get_or_create(language_code="cy")
    translation = page.get_translation_or_none(welsh)
    if translation is None:
        translation = page.copy_for_translation(welsh)
    translation = translation.specific
    translation.title = title
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    return translation
