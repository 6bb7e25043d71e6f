"""Organisers manage unconferences, spaces, slots and standing topic boards in the Wagtail admin
(the "Organisers" group has the model permissions; see migration 0002)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from .models import Slot, Space, TopicBoard, Unconference


class UnconferenceViewSet(ModelViewSet):
    model = Unconference
    url_prefix = "unconferences/unconferences"
    icon = "group"
    menu_label = _("Unconferences")
    list_display = ["title", "starts_at", "phase"]
    list_filter = ["phase"]
    search_fields = ["title", "venue"]
    form_fields = [
        "title",
        "slug",
        "description",
        "venue",
        "in_person",
        "starts_at",
        "ends_at",
        "phase",
        "topics_open_at",
        "voting_opens_at",
        "voting_closes_at",
        "schedule_published_at",
        "votes_per_member",
        "max_votes_per_topic",
        "hide_totals_until_voting_closes",
        "registration_open",
    ]


class SpaceViewSet(ModelViewSet):
    model = Space
    url_prefix = "unconferences/spaces"
    icon = "home"
    menu_label = _("Spaces")
    list_display = ["name", "unconference", "capacity"]
    list_filter = ["unconference"]
    form_fields = ["unconference", "name", "capacity", "order"]


class SlotViewSet(ModelViewSet):
    model = Slot
    url_prefix = "unconferences/slots"
    icon = "time"
    menu_label = _("Time slots")
    list_display = ["__str__", "unconference", "starts_at", "ends_at"]
    list_filter = ["unconference"]
    form_fields = ["unconference", "starts_at", "ends_at", "label"]


class TopicBoardViewSet(ModelViewSet):
    """Standing topic boards for meeting series (unconference boards are made automatically)."""

    model = TopicBoard
    url_prefix = "unconferences/boards"
    icon = "list-ul"
    menu_label = _("Topic boards")
    list_display = ["title", "kind", "is_open"]
    form_fields = [
        "kind",
        "title",
        "slug",
        "meeting_series",
        "votes_per_member",
        "max_votes_per_topic",
        "is_open",
    ]


class UnconferenceGroup(ViewSetGroup):
    menu_label = _("Unconferences")
    menu_icon = "group"
    menu_order = 260
    items = (UnconferenceViewSet, SpaceViewSet, SlotViewSet, TopicBoardViewSet)


@hooks.register("register_admin_viewset")
def register_viewsets():
    return UnconferenceGroup()
