"""Celery tasks for guidance: thin wrappers that load a row and call a service; the one retry
policy comes from ``member_email_task`` (community/email_delivery.py)."""

from community.email_delivery import member_email_task

from .models import AdoptionReportChange
from .services import adoption_decision_email_send


@member_email_task(name="guidance.send_adoption_decision")
def send_adoption_decision(*, change_id: int) -> bool:
    change = (
        AdoptionReportChange.objects.select_related("report__member", "report__guide")
        .filter(pk=change_id)
        .first()
    )
    if change is None:
        return False
    return adoption_decision_email_send(change=change)
