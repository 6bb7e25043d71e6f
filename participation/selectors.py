from taggit.models import Tag

from .models import UpdatePage, UpdatesIndexPage


def updates_list(*, index: UpdatesIndexPage | None = None, kind: str = "", tag: str = ""):
    """Live, public updates (newest first), optionally under one index, of one kind, with a tag."""
    updates = UpdatePage.objects.live().public()
    if index is not None:
        updates = updates.child_of(index)
    if kind:
        updates = updates.filter(kind=kind)
    if tag:
        updates = updates.filter(tags__slug=tag)
    return updates.order_by("-date", "-first_published_at", "-pk").prefetch_related("tags")


def update_tags_in_use(*, index: UpdatesIndexPage | None = None):
    """Tags used by at least one live update (under ``index``), by name."""
    pages = UpdatePage.objects.live().public()
    if index is not None:
        pages = pages.child_of(index)
    return (
        Tag.objects.filter(participation_updatepagetag_items__content_object__in=pages)
        .distinct()
        .order_by("name")
    )
