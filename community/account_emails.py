"""Account e-mails (approval decisions to the member, "someone is waiting for approval" to the
organisers): the services that send them, called by the thin tasks in ``community/tasks.py``.

They follow the one sending path of docs/emails.md. Each e-mail goes out once per (key,
recipient): the AccountEmail ledger row is written (committed) before the e-mail is sent and
marked sent after. A key names what is sent and why; the recipient is the row's user; never the
clock:

| e-mail | recipient | key |
| --- | --- | --- |
| approval decision | the member | ``approval:<decision>`` (approved or declined) |
| member waiting for approval | each organiser | ``member-pending:<member>`` |

``AccountEmail`` is an ``EmailLedger`` (``community.email_delivery``): its Message-ID comes
from the row, so a re-send of the same row carries the same one. Errors from the mail server
propagate to the task, which applies the one retry policy (``community.email_delivery``).
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy

from .email_delivery import email_ledger_claim, email_permanent_failure_isolated
from .emails import send_member_email
from .enums import ApprovalStatus
from .models import AccountEmail, User
from .permissions import ORGANISERS_GROUP


def account_email_send_once(*, key: str, user: User, **email) -> bool:
    """Send ``email`` (send_member_email's arguments) to ``user`` once for ``key``."""
    entry, owns_send = email_ledger_claim(AccountEmail, key=key, user=user)
    if not owns_send:
        return False
    if send_member_email(user=user, message_id=entry.message_id, **email) is None:
        return False  # an inactive or address-less account: nothing went out
    now = timezone.now()
    AccountEmail.objects.filter(pk=entry.pk).update(sent_at=now, updated_at=now)
    return True


DECISION_SUBJECTS = {
    ApprovalStatus.APPROVED: gettext_lazy("Your membership has been approved"),
    ApprovalStatus.DECLINED: gettext_lazy("Your membership request"),
}


def member_decision_email_send(*, member: User, decision: str, reason: str = "") -> bool:
    """Tell the member an organiser's decision, unless their status has changed since."""
    if decision not in DECISION_SUBJECTS or member.approval_status != decision:
        return False
    return account_email_send_once(
        key=f"approval:{decision}",
        user=member,
        kind=None,  # an account e-mail: always sent
        subject=DECISION_SUBJECTS[decision],
        template=f"community/emails/member_{decision}",
        context={"reason": reason},
    )


def member_pending_notify(*, member: User) -> int:
    """Tell every organiser that ``member`` is waiting for approval (unless they no longer
    are); returns how many were told this time. A bad address of one organiser does not stop
    the others being told."""
    if member.approval_status != ApprovalStatus.PENDING:
        return 0
    organisers = User.objects.filter(groups__name=ORGANISERS_GROUP, is_active=True).distinct()
    sent = 0
    for organiser in organisers.order_by("pk"):
        with email_permanent_failure_isolated(user=organiser, what="member pending"):
            sent += account_email_send_once(
                key=f"member-pending:{member.pk}",
                user=organiser,
                kind=None,
                subject=gettext_lazy("New member waiting for approval: %(name)s"),
                subject_params={"name": member.name},
                template="community/emails/member_pending",
                context={"member": member},
            )
    return sent
