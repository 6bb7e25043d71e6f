from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone, translation

from .emails import ALL_OPTIONAL, unsubscribe_headers
from .enums import ApprovalStatus
from .models import MemberProfile, User


class AccountAdapter(DefaultAccountAdapter):
    """Saves the name and code-of-conduct consent; marks new members pending when approval is on;
    gives allauth's own e-mails the same List-Unsubscribe headers as every other e-mail."""

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        data = form.cleaned_data
        user.name = data.get("name", "").strip()
        # Signing up on the Welsh site is choosing Welsh: the verification e-mail and every later
        # one come in Welsh (docs/welsh.md). The switcher changes it later.
        language = translation.get_language() or settings.LANGUAGE_CODE
        if language in dict(settings.LANGUAGES):
            user.preferred_language = language
        if data.get("agree_code_of_conduct"):
            user.code_of_conduct_version = settings.CODE_OF_CONDUCT_VERSION
            user.code_of_conduct_agreed_at = timezone.now()
        if settings.MEMBER_APPROVAL_REQUIRED:
            user.approval_status = ApprovalStatus.PENDING
        if commit:
            user.save()
            MemberProfile.objects.get_or_create(user=user)
            if user.approval_status == ApprovalStatus.PENDING:
                from .services import member_pending_notify

                transaction.on_commit(lambda: member_pending_notify(member=user))
        return user

    def get_client_ip(self, request):
        """The address allauth's rate limits count by: the same as every other limit's
        (participation/http.py, honouring TRUSTED_PROXY_COUNT)."""
        from participation.http import client_ip

        address = client_ip(request)
        if not address:
            raise PermissionDenied("Unable to determine client IP address")
        return address

    def render_mail(self, template_prefix, email, context, headers=None):
        """Verification, sign-in codes and password resets are security e-mails that always come
        when asked for; their one-click unsubscribe switches off every *optional* kind (RFC 8058
        wants the header on every message a mailbox provider may treat as bulk)."""
        user = context.get("user")
        if not isinstance(user, User) or not user.pk:
            addresses = [email] if isinstance(email, str) else list(email)
            user = User.objects.filter(email__iexact=addresses[0]).first() if addresses else None
        if user is not None:
            headers = {**(headers or {}), **unsubscribe_headers(user=user, kind=ALL_OPTIONAL)}
        # In the member's chosen language (docs/welsh.md); otherwise the page's language.
        language = getattr(user, "preferred_language", None) or translation.get_language()
        with translation.override(language):
            return super().render_mail(template_prefix, email, context, headers=headers)
