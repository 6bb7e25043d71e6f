from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core import signing
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import TemplateView

from . import services
from .account_sections import account_sections
from .emails import ALL_OPTIONAL, unsubscribe_token_read
from .enums import ApprovalStatus, EmailKind
from .forms import (
    ApprovalDecisionForm,
    DeleteAccountForm,
    DirectoryFilterForm,
    EmailPreferencesForm,
    ProfileForm,
    WelcomeProfileForm,
)
from .models import Organisation, User
from .permissions import OrganiserRequiredMixin, participation_refusal, user_is_organiser
from .pickers import member_suggestions
from .selectors import (
    directory_expertise_tags,
    directory_interest_tags,
    directory_profiles,
    email_preferences_for,
    member_profile_visible,
    members_pending,
)

DIRECTORY_PAGE_SIZE = 20


@method_decorator(never_cache, name="dispatch")
class AccountView(LoginRequiredMixin, TemplateView):
    """/account/: profile, e-mail preferences, other apps' sections, my data, delete."""

    template_name = "community/account.html"

    def get_context_data(self, *, profile_form=None, preferences_form=None, **kwargs):
        user = self.request.user
        profile = services.profile_get_or_create(user=user)
        sections = []
        for section in account_sections():
            extra = section.context(self.request) if section.context else {}
            sections.append({"section": section, "context": extra or {}})
        return super().get_context_data(
            profile=profile,
            profile_form=profile_form or ProfileForm(instance=profile, user=user),
            preferences_form=preferences_form
            or EmailPreferencesForm(instance=email_preferences_for(user=user)),
            organisation_names=Organisation.objects.values_list("name", flat=True),
            refusal=participation_refusal(user),
            pending_count=members_pending().count() if user_is_organiser(user) else None,
            sections=sections,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        profile = services.profile_get_or_create(user=request.user)
        form = ProfileForm(request.POST, instance=profile, user=request.user)
        if form.is_valid():
            services.profile_update(profile=form.instance, **form.profile_update_arguments())
            messages.success(request, _("Your profile has been saved."))
            return redirect("community:account")
        return self.render_to_response(self.get_context_data(profile_form=form), status=400)


@method_decorator(never_cache, name="dispatch")
class WelcomeView(LoginRequiredMixin, TemplateView):
    """/account/welcome/: "Complete your profile", where following the verification link
    lands a new member (signed in: ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION). A short form they
    can skip; a member waiting for approval is told so here first."""

    template_name = "community/welcome.html"

    def next_url(self) -> str:
        candidate = self.request.POST.get("next") or self.request.GET.get("next") or ""
        if candidate and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={self.request.get_host()}, require_https=False
        ):
            return candidate
        return reverse("community:account")

    def get_context_data(self, *, form=None, **kwargs):
        user = self.request.user
        profile = services.profile_get_or_create(user=user)
        return super().get_context_data(
            form=form or WelcomeProfileForm(instance=profile, user=user),
            organisation_names=Organisation.objects.values_list("name", flat=True),
            pending=user.approval_status == ApprovalStatus.PENDING,
            declined=user.approval_status == ApprovalStatus.DECLINED,
            next_url=self.next_url(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        profile = services.profile_get_or_create(user=request.user)
        form = WelcomeProfileForm(request.POST, instance=profile, user=request.user)
        if form.is_valid():
            services.profile_update(profile=form.instance, **form.profile_update_arguments())
            messages.success(request, _("Your profile has been saved."))
            return redirect(self.next_url())
        return self.render_to_response(self.get_context_data(form=form), status=400)


class EmailPreferencesView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request):
        form = EmailPreferencesForm(request.POST, instance=email_preferences_for(user=request.user))
        if form.is_valid():
            services.email_preferences_update(
                preferences=form.instance, reminder_offsets_off=form.reminder_offsets_off()
            )
            messages.success(request, _("Your email preferences have been saved."))
            return redirect(reverse("community:account") + "#email-preferences")
        view = AccountView(request=request, args=(), kwargs={})
        return view.render_to_response(view.get_context_data(preferences_form=form), status=400)


class DataExportView(LoginRequiredMixin, View):
    """ "Download my data": one JSON file built from every registered exporter."""

    def get(self, request):
        data = services.account_export(user=request.user)
        response = JsonResponse(data, encoder=DjangoJSONEncoder, json_dumps_params={"indent": 2})
        filename = f"my-data-{timezone.localdate().isoformat()}.json"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Cache-Control"] = "no-store"
        return response


@method_decorator(never_cache, name="dispatch")
class MemberSearchView(LoginRequiredMixin, View):
    """/members/search.json?q=...: the people picker's suggestions (community/pickers.py):
    signed-in people only, at most ten members whose profile the viewer may see, no e-mail
    addresses."""

    def get(self, request):
        q = (request.GET.get("q") or "")[:100]
        exclude_self = request.GET.get("exclude_self") == "true"
        results = member_suggestions(viewer=request.user, q=q, exclude_self=exclude_self)
        response = JsonResponse({"q": q, "results": results})
        response["Cache-Control"] = "private, no-store"
        return response


@method_decorator(never_cache, name="dispatch")
class AccountDeleteView(LoginRequiredMixin, View):
    template_name = "community/account_delete.html"

    def get(self, request):
        return render(request, self.template_name, {"form": DeleteAccountForm(user=request.user)})

    def post(self, request):
        form = DeleteAccountForm(request.POST, user=request.user)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        user = request.user
        logout(request)
        services.account_delete(user=user)
        messages.success(request, _("Your account and personal data have been deleted."))
        return redirect("/")


class DirectoryView(TemplateView):
    """/members/: profiles this visitor may see, filtered and paginated."""

    template_name = "community/directory.html"

    def get_context_data(self, **kwargs):
        viewer = self.request.user
        form = DirectoryFilterForm(
            self.request.GET or None,
            interests=directory_interest_tags(viewer=viewer),
            expertise=directory_expertise_tags(viewer=viewer),
        )
        filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
        profiles = directory_profiles(
            viewer=viewer, **{key: value for key, value in filters.items() if value}
        )
        page = Paginator(profiles, DIRECTORY_PAGE_SIZE).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            form=form,
            page_obj=page,
            profiles=page.object_list,
            filter_query=query.urlencode(),
            filtered=bool(filters and any(filters.values())),
            **kwargs,
        )

    def get(self, request, *args, **kwargs):
        context = self.get_context_data(**kwargs)
        status = 400 if context["form"].errors else 200
        return self.render_to_response(context, status=status)


class MemberDetailView(TemplateView):
    template_name = "community/member_detail.html"

    def get_context_data(self, **kwargs):
        profile = member_profile_visible(viewer=self.request.user, user_id=kwargs["pk"])
        if profile is None:
            raise Http404(_("No such member profile"))
        return super().get_context_data(profile=profile, member=profile.user, **kwargs)


class ApprovalQueueView(OrganiserRequiredMixin, TemplateView):
    template_name = "community/approvals.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(pending=members_pending(), **kwargs)


class ApprovalDecisionView(OrganiserRequiredMixin, View):
    template_name = "community/approval_decision.html"

    def get_member(self, pk: int) -> User:
        return get_object_or_404(
            User.objects.select_related("profile__organisation"),
            pk=pk,
            approval_status=ApprovalStatus.PENDING,
        )

    def get(self, request, pk: int):
        member = self.get_member(pk)
        return render(
            request, self.template_name, {"member": member, "form": ApprovalDecisionForm()}
        )

    def post(self, request, pk: int):
        member = self.get_member(pk)
        form = ApprovalDecisionForm(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, {"member": member, "form": form}, status=400)
        if form.cleaned_data["decision"] == ApprovalStatus.APPROVED:
            services.member_approve(member=member, by=request.user)
            messages.success(request, _("%(name)s is now a member.") % {"name": member.name})
        else:
            services.member_decline(
                member=member, by=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(
                request, _("%(name)s was declined and told why.") % {"name": member.name}
            )
        return redirect("community:approvals")


# RFC 8058 one-click unsubscribe: a mail client POSTs "List-Unsubscribe=One-Click" to the URL in
# the List-Unsubscribe header, from the mailbox provider's servers, with no cookies and therefore
# no CSRF token. The signed, expiring token in the URL is the credential (it names one member and
# one kind, and can only switch e-mail off), so CSRF protection has nothing to add here.
@method_decorator(csrf_exempt, name="dispatch")
@method_decorator(never_cache, name="dispatch")
class UnsubscribeView(View):
    template_name = "community/unsubscribe.html"

    def read(self, token: str) -> tuple[User, str] | None:
        try:
            user_id, kind = unsubscribe_token_read(token)
        except signing.BadSignature:  # includes SignatureExpired
            return None
        user = User.objects.filter(pk=user_id, is_active=True).first()
        return (user, kind) if user else None

    def kind_label(self, kind: str) -> str:
        if kind == ALL_OPTIONAL:
            return _("all optional emails from the community")
        return EmailKind(kind).label

    def invalid(self, request):
        return render(request, "community/unsubscribe_invalid.html", status=400)

    def get(self, request, token: str):
        found = self.read(token)
        if found is None:
            return self.invalid(request)
        _user, kind = found
        return render(
            request,
            self.template_name,
            {"kind_label": self.kind_label(kind), "all_optional": kind == ALL_OPTIONAL},
        )

    def post(self, request, token: str):
        found = self.read(token)
        if found is None:
            return self.invalid(request)
        user, kind = found
        services.email_preferences_unsubscribe(user=user, kind=kind)
        return render(
            request,
            self.template_name,
            {
                "done": True,
                "kind_label": self.kind_label(kind),
                "all_optional": kind == ALL_OPTIONAL,
            },
        )
