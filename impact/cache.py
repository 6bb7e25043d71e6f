"""The impact figures and organisation pages are computed from many tables; they are cached
under an *impact version* that any change to those tables bumps (docs/impact.md).

``impact_cached(key, build)`` reads through ``core.content_cache.content_cached`` (the request
memo, then the cache) keyed by the impact version (``IMPACT_VERSION``), so a cached figure
is read in one cache round trip whatever the size of the data, and is recomputed after the next
change of an adoption report, case study, meeting, registration, member, organisation or
unconference topic. The month is part of the key too: figures over time move on when a month
ends even if nothing changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django.utils.translation import get_language
from wagtail.signals import page_published, page_unpublished, post_page_move

from core.cache_version import CacheVersion
from core.content_cache import content_cached

VERSION_KEY = "impact:version"

# Every model whose rows a figure or an organisation page reads.
SOURCE_MODELS = (
    "community.User",
    "community.MemberProfile",
    "community.Organisation",
    "casestudies.CaseStudyPage",
    "casestudies.LifecycleStage",
    "guidance.AdoptionReport",
    "guidance.GuidePage",
    "events.Meeting",
    "events.Registration",
    "unconferences.Unconference",
    "unconferences.Topic",
    "unconferences.Vote",
    "unconferences.Session",
    "unconferences.SessionFacilitator",
)


IMPACT_VERSION = CacheVersion(VERSION_KEY, "impact cache")
# Now, and once more when the transaction commits (a reader meanwhile stores old rows): once per
# transaction, however many source rows it saves.
impact_bump = IMPACT_VERSION.bump


def impact_cached(key: str, build: Callable[[], Any], *, request=None) -> Any:
    """``build()``'s value under the impact version, the month (figures over time move on when
    a month ends) and the language; computed when the cache is down."""
    month = timezone.localdate().strftime("%Y-%m")
    full = f"{month}:{get_language() or 'en'}:{key}"
    return content_cached(full, build, request=request, version=IMPACT_VERSION)


def connect_impact_signals() -> None:
    """Called from ImpactConfig.ready()."""
    for label in SOURCE_MODELS:
        model = apps.get_model(label)
        uid = f"impact:{label}"
        post_save.connect(impact_bump, sender=model, dispatch_uid=f"{uid}:save")
        post_delete.connect(impact_bump, sender=model, dispatch_uid=f"{uid}:delete")
    for label in ("casestudies.CaseStudyPage",):
        through = apps.get_model(label).lifecycle_stages.through
        m2m_changed.connect(impact_bump, sender=through, dispatch_uid="impact:stages")
    topic = apps.get_model("unconferences.Topic")
    m2m_changed.connect(
        impact_bump, sender=topic.co_facilitators.through, dispatch_uid="impact:cofacilitators"
    )
    page_published.connect(impact_bump, dispatch_uid="impact:published")
    page_unpublished.connect(impact_bump, dispatch_uid="impact:unpublished")
    post_page_move.connect(impact_bump, dispatch_uid="impact:moved")
