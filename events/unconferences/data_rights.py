"""What this app holds about a member, for "download my data" and account deletion.

Registrations (sensitive answers), ballots and votes are deleted with the member. Topics they
proposed and notes they wrote stay for the others, attributed to "a former member" (the author
and proposer fields are cleared)."""

from django.db import transaction

from .models import Ballot, NoteRevision, Registration, SessionFacilitator, Topic, Vote


def export_member(user) -> dict:
    return {
        "registrations": [
            {
                "unconference": r.unconference.title,
                "access_needs": r.access_needs,
                "dietary_needs": r.dietary_needs,
                "photo_consent": r.photo_consent,
                "travel_bursary": r.travel_bursary,
                "travel_bursary_reason": r.travel_bursary_reason,
                "registered_at": r.created_at.isoformat(),
            }
            for r in Registration.objects.filter(user=user).select_related("unconference")
        ],
        "topics_proposed": [
            {
                "board": t.board.title,
                "title": t.title,
                "description": t.description,
                "status": t.status,
            }
            for t in Topic.objects.filter(proposer=user).select_related("board")
        ],
        "votes": [
            {"board": v.ballot.board.title, "topic": v.topic.title, "dots": v.count}
            for v in Vote.objects.filter(ballot__voter=user).select_related(
                "ballot__board", "topic"
            )
        ],
        "note_revisions": [
            {
                "session": r.notes.session.topic.title,
                "body": r.body,
                "saved_at": r.created_at.isoformat(),
            }
            for r in NoteRevision.objects.filter(author=user).select_related(
                "notes__session__topic"
            )
        ],
    }


@transaction.atomic
def erase_member(*, user) -> None:
    Registration.objects.filter(user=user).delete()
    Ballot.objects.filter(voter=user).delete()
    SessionFacilitator.objects.filter(user=user).delete()
    NoteRevision.objects.filter(author=user).update(author=None)
    Topic.objects.filter(proposer=user).update(proposer=None)
    for topic in Topic.objects.filter(co_facilitators=user):
        topic.co_facilitators.remove(user)
