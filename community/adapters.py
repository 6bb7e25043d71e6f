from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation

from core.http import absolute_url, client_ip, site_origin

from .emails import ALL_OPTIONAL, unsubscribe_headers
from .enums import ApprovalStatus
from .models import User
from .services import member_signup_complete


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
            member_signup_complete(user=user)
        return user

    def get_client_ip(self, request):
        """The address allauth's rate limits count by: the same as every other limit's
        (core/http.py, honouring TRUSTED_PROXY_COUNT)."""
        address = client_ip(request)
        if not address:
            raise PermissionDenied("Unable to determine client IP address")
        return address

    def send_mail(self, template_prefix, email, context):
        """allauth builds its links (verification, password reset, sign-up) from the request's
        Host and names the site by it; every e-mail's links start with SITE_URL instead."""
        request = allauth_context.request
        host = request.get_host().lower() if request is not None else None
        context = {
            key: _at_site_origin(value, host) if isinstance(value, str) else value
            for key, value in context.items()
        }
        context.setdefault("current_site", _SiteOrigin())
        return super().send_mail(template_prefix, email, context)

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


class _SiteOrigin:
    """What allauth's e-mail templates read as ``current_site``: SITE_URL's host, not the
    request's."""

    @property
    def domain(self) -> str:
        return urlsplit(site_origin()).netloc

    name = domain


def _at_site_origin(value: str, host: str | None) -> str:
    """An absolute URL on the request's host (http or https: allauth may force https), moved to
    SITE_URL; anything else unchanged."""
    if not host or not value.lower().startswith(("http://", "https://")):
        return value
    parts = urlsplit(value)
    if parts.netloc.lower() != host:
        return value
    path = parts.path or "/"
    query = f"?{parts.query}" if parts.query else ""
    fragment = f"#{parts.fragment}" if parts.fragment else ""
    return absolute_url(f"{path}{query}{fragment}")
