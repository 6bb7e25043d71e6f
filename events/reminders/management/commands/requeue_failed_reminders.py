from django.core.management.base import BaseCommand

from ...services.sending import reminders_requeue_failed


class Command(BaseCommand):
    help = "Send failed reminders again: reset them to pending and queue a send task each."

    def add_arguments(self, parser):
        parser.add_argument("--meeting", type=int, help="Only this meeting (its ID).")

    def handle(self, *args, meeting=None, **options):
        ids = reminders_requeue_failed(meeting_id=meeting)
        noun = "reminder" if len(ids) == 1 else "reminders"
        self.stdout.write(f"Queued {len(ids)} failed {noun} again.")
