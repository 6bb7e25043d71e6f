"""Feedback on guides and chapters: a POST target, its thank-you page, and the rate limit."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView
from django_ratelimit.core import is_ratelimited
from wagtail.models import Page

from community.permissions import (
    OrganiserRequiredMixin,
    participation_refusal,
    user_is_organiser,
)
from core.pages import page_view

from .enums import AdoptionReview
from .forms import AdoptionReportForm, AdoptionReviewForm, FeedbackForm, feedback_token
from .models import AdoptionReport, GuideChapterPage, GuidePage
from .selectors import (
    adoption_reports_for_review,
    adoption_reports_of_member,
    adoption_review_counts,
    guide_chapters,
)
from .services import (
    adoption_organisation_resolve,
    adoption_report_create,
    adoption_report_review,
    adoption_report_to_case_study,
    adoption_report_update,
    feedback_submit,
)

FEEDBACK_RATE = getattr(settings, "GUIDANCE_FEEDBACK_RATE", "5/10m")


def feedback_target(*, page_id: int) -> tuple[Page, GuidePage]:
    """The live guide or chapter feedback is about, and its guide; 404 for anything else."""
    page = Page.objects.live().filter(pk=page_id).specific().first()
    if isinstance(page, GuidePage):
        return page, page
    if isinstance(page, GuideChapterPage):
        guide = GuidePage.objects.live().parent_of(page).first()
        if guide is not None:
            return page, guide
    raise Http404("No such guide")


@method_decorator(never_cache, name="dispatch")
class FeedbackView(View):
    """GET: the feedback form on its own page. POST: store an answer (or show what to fix)."""

    template_name = "guidance/feedback_form.html"

    def get(self, request, page_id: int):
        page, guide = feedback_target(page_id=page_id)
        form = FeedbackForm(
            page_id=page.pk,
            initial={"token": feedback_token(page_id=page.pk, version=guide.version)},
        )
        return self._render(request, page=page, guide=guide, form=form)

    def post(self, request, page_id: int):
        page, guide = feedback_target(page_id=page_id)
        if is_ratelimited(
            request,
            group="guidance.feedback",
            key="ip",
            rate=FEEDBACK_RATE,
            method="POST",
            increment=True,
        ):
            return render(
                request,
                "guidance/feedback_limited.html",
                {"page": page, "guide": guide},
                status=429,
            )
        form = FeedbackForm(request.POST, page_id=page.pk)
        thanks = HttpResponseRedirect(reverse("guidance:feedback_thanks", args=[page.pk]))
        if form.is_spam:
            return thanks  # discarded silently: a bot learns nothing
        if not form.is_valid():
            if any(
                e.code in {"required", "bad_token", "expired", "wrong_page"}
                for e in _token_errors(form)
            ):
                form.data = form.data.copy()
                form.data["token"] = feedback_token(page_id=page.pk, version=guide.version)
            return self._render(request, page=page, guide=guide, form=form, status=400)
        feedback_submit(
            guide=guide,
            page=page,
            version=form.version_read,
            useful=form.cleaned_data["useful"],
            comment=form.cleaned_data["comment"],
            contact_email=form.cleaned_data["contact_email"],
            user=request.user,
        )
        return thanks

    def _render(self, request, *, page, guide, form, status: int = 200):
        return render(
            request,
            self.template_name,
            {"page": page, "guide": guide, "feedback_form": form, "feedback_page": page},
            status=status,
        )


def _token_errors(form):
    return form.errors.as_data().get("__all__", [])


class FeedbackThanksView(View):
    def get(self, request, page_id: int):
        page, guide = feedback_target(page_id=page_id)
        return render(request, "guidance/feedback_thanks.html", {"page": page, "guide": guide})


# --- Adoption reports (issue 21) ----------------------------------------------------------------


def _refusal_response(request, refusal: str):
    return render(request, "guidance/adoption_refused.html", {"refusal": refusal}, status=403)


def _report_form_initial(report: AdoptionReport) -> dict:
    return {
        "part": str(report.chapter_id or ""),
        "organisation_name": report.organisation.name,
        "stage": report.stage,
        "purpose": report.purpose,
        "purpose_detail": report.purpose_detail,
        "since": report.since,
        "public_link": report.public_link,
        "account": report.account,
        "may_name": report.may_name,
    }


@page_view(GuidePage, "use")
@never_cache
def adoption_report_view(request, guide: GuidePage):
    """/guidance/<guide>/use/: a signed-in, approved member reports their organisation's use."""
    request.page_cache_allowed = False
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    refusal = participation_refusal(request.user)
    if refusal:
        return _refusal_response(request, refusal)
    chapters = guide_chapters(guide=guide)
    if request.method == "POST":
        form = AdoptionReportForm(request.POST, chapters=chapters)
        if form.is_valid():
            data = form.cleaned_data
            try:
                organisation = adoption_organisation_resolve(
                    organisation_name=data["organisation_name"]
                )
                _report, created = adoption_report_create(
                    member=request.user,
                    guide=guide,
                    organisation=organisation,
                    **form.report_values(),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if created:
                    text = _(
                        "Thank you. Your report about %(guide)s is waiting for an organiser "
                        "to review it; we will email you their decision."
                    )
                else:
                    text = _(
                        "You had already reported %(guide)s for %(organisation)s, so we updated "
                        "that report instead of adding a second one. It is waiting for an "
                        "organiser to review it again; we will email you their decision."
                    )
                messages.success(
                    request, text % {"guide": guide.title, "organisation": organisation.name}
                )
                return HttpResponseRedirect(reverse("guidance:adoption_mine"))
        status = 400
    else:
        profile_org = getattr(getattr(request.user, "profile", None), "organisation", None)
        chapter_id = request.GET.get("chapter", "")
        form = AdoptionReportForm(
            chapters=chapters,
            initial={
                "organisation_name": profile_org.name if profile_org else "",
                "part": chapter_id if chapter_id.isdigit() else "",
            },
        )
        status = 200
    return render(
        request,
        "guidance/adoption_form.html",
        {"guide": guide, "form": form, "report": None},
        status=status,
    )


class AdoptionMineView(LoginRequiredMixin, TemplateView):
    """/guidance/reports/: the member's own reports, their review and history."""

    template_name = "guidance/adoption_mine.html"

    def get_context_data(self, **kwargs):
        reports = adoption_reports_of_member(member=self.request.user).prefetch_related("changes")
        return super().get_context_data(reports=reports, **kwargs)


@method_decorator(never_cache, name="dispatch")
class AdoptionUpdateView(LoginRequiredMixin, View):
    """/guidance/reports/<pk>/: the member updates their report (its stage above all)."""

    template_name = "guidance/adoption_form.html"

    def get_report(self, pk: int) -> AdoptionReport:
        return get_object_or_404(
            adoption_reports_of_member(member=self.request.user).prefetch_related("changes"),
            pk=pk,
        )

    def get(self, request, pk: int):
        report = self.get_report(pk)
        form = AdoptionReportForm(
            chapters=guide_chapters(guide=report.guide), initial=_report_form_initial(report)
        )
        return self._render(request, report, form)

    def post(self, request, pk: int):
        report = self.get_report(pk)
        form = AdoptionReportForm(request.POST, chapters=guide_chapters(guide=report.guide))
        if form.is_valid():
            data = form.cleaned_data
            try:
                organisation = adoption_organisation_resolve(
                    organisation_name=data["organisation_name"]
                )
                adoption_report_update(
                    report=report,
                    member=request.user,
                    organisation=organisation,
                    **form.report_values(),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Your report is updated and waiting for an organiser to review it again."),
                )
                return HttpResponseRedirect(reverse("guidance:adoption_mine"))
        return self._render(request, report, form, status=400)

    def _render(self, request, report, form, status=200):
        return render(
            request,
            self.template_name,
            {"guide": report.guide, "form": form, "report": report},
            status=status,
        )


class AdoptionReviewListView(OrganiserRequiredMixin, TemplateView):
    """/guidance/organise/reports/: every report, awaiting review first; filter by review."""

    template_name = "guidance/adoption_review_list.html"

    def get_context_data(self, **kwargs):
        review = self.request.GET.get("review", "")
        if review not in AdoptionReview.values:
            review = ""
        counts = adoption_review_counts()
        return super().get_context_data(
            reports=adoption_reports_for_review(review=review),
            review=review,
            review_choices=[
                (value, label, counts[value]) for value, label in AdoptionReview.choices
            ],
            **kwargs,
        )


@method_decorator(never_cache, name="dispatch")
class AdoptionReviewView(OrganiserRequiredMixin, View):
    """/guidance/organise/reports/<pk>/: the report, its history, and the decision form."""

    template_name = "guidance/adoption_review.html"

    def get_report(self, pk: int) -> AdoptionReport:
        return get_object_or_404(
            adoption_reports_for_review().prefetch_related("changes__changed_by"), pk=pk
        )

    def get(self, request, pk: int):
        report = self.get_report(pk)
        return self._render(request, report, AdoptionReviewForm())

    def post(self, request, pk: int):
        report = self.get_report(pk)
        form = AdoptionReviewForm(request.POST)
        if not form.is_valid():
            return self._render(request, report, form, status=400)
        adoption_report_review(
            report=report,
            by=request.user,
            review=form.cleaned_data["decision"],
            note=form.cleaned_data["note"],
        )
        messages.success(
            request,
            _("Decision saved. %(organisation)s's reporter will be emailed it.")
            % {"organisation": report.organisation.name},
        )
        return HttpResponseRedirect(reverse("guidance:adoption_review", args=[report.pk]))

    def _render(self, request, report, form, status=200):
        return render(request, self.template_name, {"report": report, "form": form}, status=status)


class AdoptionCaseStudyView(OrganiserRequiredMixin, View):
    """POST /guidance/organise/reports/<pk>/case-study/: the draft case study, one action."""

    def post(self, request, pk: int):
        report = get_object_or_404(AdoptionReport, pk=pk)
        try:
            page = adoption_report_to_case_study(report=report, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(reverse("guidance:adoption_review", args=[pk]))
        messages.success(
            request,
            _("A draft case study, “%(title)s”, is waiting in moderation.") % {"title": page.title},
        )
        return HttpResponseRedirect(reverse("guidance:adoption_review", args=[pk]))

    def get(self, request, pk: int):
        return HttpResponseRedirect(reverse("guidance:adoption_review", args=[pk]))


def adoption_account_section_context(request) -> dict:
    """/account/: the member's reports of using guidance (and, for organisers, how many wait)."""
    organiser = user_is_organiser(request.user)
    return {
        "reports": list(adoption_reports_of_member(member=request.user)[:5]),
        "is_organiser": organiser,
        "awaiting": adoption_review_counts()[AdoptionReview.PENDING] if organiser else 0,
    }
