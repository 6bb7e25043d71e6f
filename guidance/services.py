"""Writes for guidance: storing and erasing reader feedback."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Page

from casestudies.models import CaseStudyPage
from casestudies.services import case_study_suggest
from community.account_emails import account_email_send_once
from community.models import Organisation, User
from core.queue import enqueue_on_commit

from .enums import AdoptionReview, AdoptionStage
from .models import (
    AdoptionReport,
    AdoptionReportChange,
    GuideChapterPage,
    GuideFeedback,
    GuidePage,
)


@transaction.atomic
def feedback_submit(
    *,
    guide: GuidePage,
    page: Page,
    version: str,
    useful: bool,
    comment: str = "",
    contact_email: str = "",
    user=None,
) -> GuideFeedback:
    """Store a reader's answer with the guide version they read. Anonymous is allowed."""
    feedback = GuideFeedback(
        guide=guide,
        page=page,
        version=version,
        useful=useful,
        comment=comment.strip(),
        contact_email=contact_email.strip(),
        user=user if user is not None and user.is_authenticated else None,
    )
    feedback.full_clean()
    feedback.save()
    return feedback


@transaction.atomic
def feedback_erase_for_user(*, user) -> None:
    """Account deletion: drop the member's contact e-mail from feedback and unlink them.

    Matches feedback given while signed in and anonymous feedback that left the member's
    e-mail address. The answers and comments stay, anonymous, in the editors' counts.
    """
    GuideFeedback.objects.filter(user=user).update(user=None, contact_email="")
    if user.email:
        GuideFeedback.objects.filter(contact_email__iexact=user.email).update(contact_email="")


# --- Adoption reports (issue 21) ----------------------------------------------------------------
# A member reports; organisers review (approve, ask for more information, decline), each decision
# e-mailed to the member once (the community AccountEmail ledger, keyed by the history row); the
# member updates the stage; every change adds an AdoptionReportChange row (the history).

ADOPTION_EMAIL_TASK = "guidance.send_adoption_decision"


def adoption_organisation_resolve(
    *, organisation=None, organisation_name: str = ""
) -> Organisation:
    """The chosen organisation, or the one with the typed name (created when new; matched
    without regard to case so "camden council" finds "Camden Council")."""
    if organisation is not None:
        return organisation
    name = " ".join(organisation_name.split())
    if not name:
        raise ValidationError({"organisation_name": _("Enter the name of your organisation")})
    found = Organisation.objects.filter(name__iexact=name).first()
    if found is not None:
        return found
    created = Organisation(name=name)
    created.full_clean()
    created.save()
    return created


def _adoption_change(*, report: AdoptionReport, by, note: str = "") -> AdoptionReportChange:
    change = AdoptionReportChange(
        report=report, changed_by=by, stage=report.stage, review=report.review, note=note
    )
    change.full_clean()
    change.save()
    return change


@transaction.atomic
def adoption_report_create(
    *,
    member,
    guide: GuidePage,
    chapter: GuideChapterPage | None = None,
    organisation: Organisation,
    stage: str,
    purpose: str,
    since,
    purpose_detail: str = "",
    public_link: str = "",
    account: str = "",
    may_name: bool = False,
) -> tuple[AdoptionReport, bool]:
    """A member's new report, awaiting review (never public until approved): (report, True).

    A member who reports the same guide (or the same chapter) for the same organisation again
    updates their earlier report instead, which goes back for review with both versions in its
    history: (that report, False). One member's use is never counted twice, and a double click
    or a second tab makes one report: the member's row is locked while their report is made."""
    list(User.objects.select_for_update().filter(pk=member.pk).values_list("pk", flat=True))
    earlier = (
        AdoptionReport.objects.filter(
            member=member, guide=guide, chapter=chapter, organisation=organisation
        )
        .order_by("pk")
        .first()
    )
    if earlier is not None:
        report = adoption_report_update(
            report=earlier,
            member=member,
            stage=stage,
            purpose=purpose,
            purpose_detail=purpose_detail,
            since=since,
            public_link=public_link,
            account=account,
            may_name=may_name,
        )
        return report, False
    report = AdoptionReport(
        guide=guide,
        chapter=chapter,
        member=member,
        organisation=organisation,
        stage=stage,
        purpose=purpose,
        purpose_detail=purpose_detail.strip(),
        since=since.replace(day=1),
        public_link=public_link.strip(),
        account=account.strip(),
        may_name=may_name,
        review=AdoptionReview.PENDING,
        guide_version=guide.version,
    )
    report.full_clean()
    report.save()
    _adoption_change(report=report, by=member, note=_("Reported"))
    return report, True


@transaction.atomic
def adoption_report_update(*, report: AdoptionReport, member, **fields) -> AdoptionReport:
    """The member updates their report (a new stage, a new account...). A change to an approved
    or declined report goes back for review, so nothing unreviewed becomes public."""
    report = AdoptionReport.objects.select_for_update().get(pk=report.pk)
    old_stage = report.stage
    for name, value in fields.items():
        if name == "since":
            value = value.replace(day=1)
        if isinstance(value, str):
            value = value.strip()
        setattr(report, name, value)
    report.guide_version = report.guide.version
    report.review = AdoptionReview.PENDING
    report.full_clean()
    report.save()
    if report.stage != old_stage:
        note = _("Stage changed from %(old)s to %(new)s") % {
            "old": AdoptionStage(old_stage).label,
            "new": report.get_stage_display(),
        }
    else:
        note = _("Report updated")
    _adoption_change(report=report, by=member, note=note)
    return report


@transaction.atomic
def adoption_report_review(
    *, report: AdoptionReport, by, review: str, note: str = ""
) -> AdoptionReport:
    """An organiser's decision; the member is e-mailed once for it (after commit)."""
    if review not in {
        AdoptionReview.APPROVED,
        AdoptionReview.MORE_INFORMATION,
        AdoptionReview.DECLINED,
    }:
        raise ValidationError({"review": _("Choose approve, ask for more information or decline")})
    if review != AdoptionReview.APPROVED and not note.strip():
        raise ValidationError({"note": _("Say why, or what more is needed")})
    report = AdoptionReport.objects.select_for_update().get(pk=report.pk)
    report.review = review
    report.review_note = note.strip()
    report.reviewed_by = by
    report.reviewed_at = timezone.now()
    report.full_clean()
    report.save()
    change = _adoption_change(report=report, by=by, note=note.strip())
    if report.member_id:
        enqueue_on_commit(ADOPTION_EMAIL_TASK, change_id=change.pk)
    return report


@transaction.atomic
def adoption_report_to_case_study(*, report: AdoptionReport, by):
    """Turn an approved report into a draft case study, through the case study moderation
    workflow (casestudies.services.case_study_suggest); the report links to it. Once only."""
    report = (
        AdoptionReport.objects.select_for_update()
        .select_related("organisation", "guide")
        .get(pk=report.pk)
    )
    if report.review != AdoptionReview.APPROVED:
        raise ValidationError(_("Only an approved report can become a case study"))
    if report.case_study_id:
        return report.case_study
    title = _("%(organisation)s: %(purpose)s with %(guide)s") % {
        "organisation": report.organisation.name,
        "purpose": report.get_purpose_display().lower(),
        "guide": report.guide.title,
    }
    what_happened = report.account or _(
        "%(organisation)s reported using the guide %(guide)s (%(stage)s) since %(since)s."
    ) % {
        "organisation": report.organisation.name,
        "stage": report.get_stage_display().lower(),
        "guide": report.guide.title,
        "since": report.since.strftime("%B %Y"),
    }
    suggestion = case_study_suggest(
        member=report.member or by,
        title=title[:255],
        organisation_name=report.organisation.name,
        what_happened=what_happened,
        links=report.public_link,
        connection=_("From adoption report %(number)s (%(guide)s)")
        % {"number": report.pk, "guide": report.guide.title},
    )
    page = suggestion.page
    CaseStudyPage.objects.filter(pk=page.pk).update(organisation=report.organisation)
    report.case_study = page
    report.save(update_fields=["case_study", "updated_at"])
    _adoption_change(report=report, by=by, note=_("Turned into a draft case study"))
    return page


def adoption_reports_export(user) -> list[dict]:
    """Data rights: the member's adoption reports with their history."""
    return [
        {
            "guide": report.guide.title,
            "chapter": report.chapter.title if report.chapter_id else "",
            "organisation": report.organisation.name,
            "stage": report.stage,
            "purpose": report.purpose,
            "purpose_detail": report.purpose_detail,
            "since": report.since.isoformat(),
            "public_link": report.public_link,
            "account": report.account,
            "may_name": report.may_name,
            "review": report.review,
            "review_note": report.review_note,
            "reported_at": report.created_at.isoformat(),
            "history": [
                {
                    "at": change.changed_at.isoformat(),
                    "stage": change.stage,
                    "review": change.review,
                    "note": change.note,
                }
                for change in report.changes.all()
            ],
        }
        for report in AdoptionReport.objects.filter(member=user)
        .select_related("guide", "chapter", "organisation")
        .prefetch_related("changes")
        .order_by("created_at")
    ]


@transaction.atomic
def adoption_reports_erase(*, user) -> None:
    """Account deletion: reports that are not public are deleted (nobody else relies on them);
    approved ones stay as the organisation's report, no longer linked to the member (content
    they wrote is anonymised, as elsewhere). History rows lose the member too."""
    AdoptionReport.objects.filter(member=user).exclude(review=AdoptionReview.APPROVED).delete()
    AdoptionReport.objects.filter(member=user).update(member=None)
    AdoptionReportChange.objects.filter(changed_by=user).update(changed_by=None)


ADOPTION_DECISION_SUBJECTS = {
    AdoptionReview.APPROVED: gettext_lazy("Your report about %(guide)s is approved"),
    AdoptionReview.MORE_INFORMATION: gettext_lazy(
        "More information needed: your report about %(guide)s"
    ),
    AdoptionReview.DECLINED: gettext_lazy("Your report about %(guide)s"),
}


def adoption_decision_email_send(*, change: AdoptionReportChange) -> bool:
    """E-mail the member an organiser's decision (one history row = one e-mail, ever)."""
    report = change.report
    if report.member is None or change.review not in ADOPTION_DECISION_SUBJECTS:
        return False
    return account_email_send_once(
        key=f"adoption-review:{change.pk}",
        user=report.member,
        kind=None,  # about something the member asked for: always sent
        subject=ADOPTION_DECISION_SUBJECTS[change.review],
        subject_params={"guide": report.guide.title},
        template=f"guidance/emails/adoption_{change.review}",
        context={"report": report, "note": change.note},
    )
