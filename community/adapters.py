from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils import timezone

from .enums import ApprovalStatus


class AccountAdapter(DefaultAccountAdapter):
    """Saves the name and code-of-conduct consent; marks new members pending when approval is on."""

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        data = form.cleaned_data
        user.name = data.get("name", "").strip()
        if data.get("agree_code_of_conduct"):
            user.code_of_conduct_version = settings.CODE_OF_CONDUCT_VERSION
            user.code_of_conduct_agreed_at = timezone.now()
        if settings.MEMBER_APPROVAL_REQUIRED:
            user.approval_status = ApprovalStatus.PENDING
        if commit:
            user.save()
        return user
