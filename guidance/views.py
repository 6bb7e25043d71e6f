"""Feedback on guides and chapters: a POST target, its thank-you page, and the rate limit."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django_ratelimit.core import is_ratelimited
from wagtail.models import Page

from .forms import FeedbackForm, feedback_token
from .models import GuideChapterPage, GuidePage
from .services import feedback_submit

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
