"""Writes for the case study library: member suggestions, the moderation workflow, data rights."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

from community.permissions import EDITORS_GROUP

from .enums import Completeness, Outcome, Sector, WorkersInvolved
from .models import CaseStudyIndexPage, CaseStudyPage, CaseStudySuggestion
from .selectors import case_study_index

WORKFLOW_NAME = "Moderators approval"
MODERATORS_GROUP = "Moderators"


def case_study_workflow_ensure(*, index: CaseStudyIndexPage) -> Workflow:
    """Make sure a moderation workflow applies to the library index (the one it inherits, else
    Wagtail's default "Moderators approval" workflow assigned to it), and that its approval
    tasks include the Editors group, so editors are notified of suggestions."""
    workflow = index.get_workflow()
    if workflow is None:
        workflow, _created = Workflow.objects.get_or_create(
            name=WORKFLOW_NAME, defaults={"active": True}
        )
        if not workflow.workflow_tasks.exists():
            task = GroupApprovalTask.objects.filter(name=WORKFLOW_NAME).first()
            if task is None:
                task = GroupApprovalTask.objects.create(name=WORKFLOW_NAME)
            WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})
    groups = [
        Group.objects.get_or_create(name=name)[0] for name in (MODERATORS_GROUP, EDITORS_GROUP)
    ]
    for workflow_task in workflow.workflow_tasks.select_related("task"):
        specific = workflow_task.task.specific
        if isinstance(specific, GroupApprovalTask):
            specific.groups.add(*groups)
    return workflow


def _unique_slug(*, index: CaseStudyIndexPage, title: str) -> str:
    base = slugify(title)[:60] or "suggested-case-study"
    taken = set(index.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug = f"{base}-{number}"
        number += 1
    return slug


@transaction.atomic
def case_study_suggest(
    *,
    member,
    title: str,
    organisation_name: str,
    what_happened: str,
    links: str = "",
    connection: str = "",
    index: CaseStudyIndexPage | None = None,
) -> CaseStudySuggestion:
    """Record a member's suggestion and turn it into a DRAFT case study, owned by the member and
    submitted to the moderation workflow (whose notifications tell the reviewers)."""
    index = index or case_study_index()
    if index is None:
        raise ValidationError(_("The case study library is not set up yet."))
    workflow = case_study_workflow_ensure(index=index)

    body = [
        {"type": "paragraph", "value": f"<p>{escape(paragraph)}</p>"}
        for paragraph in what_happened.split("\n")
        if paragraph.strip()
    ]
    page = CaseStudyPage(
        title=title,
        slug=_unique_slug(index=index, title=title),
        summary=what_happened[:1000],
        sector=Sector.OTHER,
        outcome=Outcome.ONGOING,
        workers_involved=WorkersInvolved.UNKNOWN,
        completeness=Completeness.STUB,
        body=body,
        live=False,
        owner=member,
        locale=index.locale,
    )
    index.add_child(instance=page)
    page.full_clean()
    page.save_revision(user=member, log_action=True)
    suggestion = CaseStudySuggestion(
        member=member,
        page=page,
        title=title,
        organisation_name=organisation_name,
        what_happened=what_happened,
        links=links,
        connection=connection,
    )
    suggestion.full_clean()
    suggestion.save()
    # Submitting to the workflow sends Wagtail's "submitted for moderation" e-mails to reviewers.
    workflow.start(page, member)
    return suggestion


def case_study_suggestions_export(user) -> list[dict]:
    """Data rights: what the member wrote when suggesting case studies."""
    return [
        {
            "title": suggestion.title,
            "organisation": suggestion.organisation_name,
            "what_happened": suggestion.what_happened,
            "links": suggestion.links,
            "connection": suggestion.connection,
            "suggested_at": suggestion.created_at.isoformat(),
            "page_id": suggestion.page_id,
        }
        for suggestion in CaseStudySuggestion.objects.filter(member=user).order_by("created_at")
    ]


@transaction.atomic
def case_study_suggestions_erase(*, user) -> None:
    """Data rights: delete the member's suggestion records; keep the case study pages (editors may
    have built on them) but drop the member as their owner."""
    CaseStudySuggestion.objects.filter(member=user).delete()
    CaseStudyPage.objects.filter(owner=user).update(owner=None)
