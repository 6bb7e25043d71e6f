from django import forms
from django.utils.translation import gettext_lazy as _

from community.pickers import MemberPickerField
from events.models import Meeting

from .enums import VOTABLE_STATUSES, TopicFormat, TopicStatus
from .models import Registration, Slot, Space, Topic


class RegistrationForm(forms.ModelForm):
    class Meta:
        model = Registration
        fields = [
            "access_needs",
            "dietary_needs",
            "photo_consent",
            "travel_bursary",
            "travel_bursary_reason",
        ]
        widgets = {
            "access_needs": forms.Textarea(attrs={"rows": 3}),
            "dietary_needs": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {
            "access_needs": _("Access needs"),
            "dietary_needs": _("Dietary needs"),
            "photo_consent": _("I am happy to appear in photographs"),
            "travel_bursary": _("I would like to apply for a travel bursary"),
            "travel_bursary_reason": _("Why you need a bursary (a sentence is enough)"),
        }
        help_texts = {
            "access_needs": _("Anything that would help you take part. Only organisers see this."),
            "dietary_needs": _("Only organisers see this."),
            "photo_consent": _("You will get a lanyard colour that matches your choice."),
        }

    def clean(self):
        data = super().clean()
        if data.get("travel_bursary") and not (data.get("travel_bursary_reason") or "").strip():
            self.add_error("travel_bursary_reason", _("Tell us briefly why you need a bursary."))
        return data


class TopicForm(forms.ModelForm):
    co_facilitators = MemberPickerField(
        label=_("Co-facilitators (optional)"),
        help_text=_(
            "Other members who will run the session with you, up to three. Type their names "
            "or email addresses, separated by commas, or choose from the suggestions."
        ),
        max_people=3,
    )

    class Meta:
        model = Topic
        fields = ["title", "description", "format", "co_facilitators"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "format": forms.RadioSelect,
        }
        help_texts = {
            "title": _("A short question or statement works well."),
            "description": _("What you would like to talk about, and who it is for."),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only people whose profile the proposer may see in the directory (the one rule,
        # community.selectors.profiles_visible_to), never the proposer themself: anyone else
        # typed (or an id posted by hand) is refused by name (community/pickers.py).
        self.fields["co_facilitators"].set_viewer(user, exclude_self=True)
        self.fields["format"].choices = TopicFormat.choices


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for declining (sent to the proposer)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
    )


class MergeForm(forms.Form):
    target = forms.ModelChoiceField(queryset=Topic.objects.none(), label=_("Merge into"))

    def __init__(self, *args, topic=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = Topic.objects.filter(
            board=topic.board, status__in=VOTABLE_STATUSES
        ).exclude(pk=topic.pk)


class TakeUpForm(forms.Form):
    meeting = forms.ModelChoiceField(
        queryset=None, label=_("Meeting that takes up this topic"), required=False
    )

    def __init__(self, *args, topic=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = Meeting.objects.filter(
            series=topic.board.meeting_series
        ).order_by("-starts_at")


class SessionMoveForm(forms.Form):
    space = forms.ModelChoiceField(queryset=Space.objects.none(), label=_("Room"))
    slot = forms.ModelChoiceField(queryset=Slot.objects.none(), label=_("Time slot"))
    locked = forms.BooleanField(
        required=False,
        label=_("Lock this session"),
        help_text=_("Locked sessions stay where they are when the scheduler runs again."),
    )

    def __init__(self, *args, unconference=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["space"].queryset = Space.objects.filter(unconference=unconference)
        self.fields["slot"].queryset = Slot.objects.filter(unconference=unconference)


class PlaceForm(SessionMoveForm):
    topic = forms.ModelChoiceField(queryset=Topic.objects.none(), label=_("Topic"))

    def __init__(self, *args, unconference=None, **kwargs):
        super().__init__(*args, unconference=unconference, **kwargs)
        self.fields["topic"].queryset = Topic.objects.filter(
            board__unconference=unconference, status=TopicStatus.ACCEPTED, session__isnull=True
        )
        self.order_fields(["topic", "space", "slot", "locked"])


class NotesForm(forms.Form):
    body = forms.CharField(
        label=_("Notes"),
        widget=forms.Textarea(attrs={"rows": 14}),
        required=False,
        max_length=20000,
        help_text=_(
            "Markdown: blank line between paragraphs, - for lists, **bold**, [text](link). "
            "Do not write down names of people who spoke under the Chatham House rule."
        ),
    )
    base_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
