"""The one shared StreamField vocabulary (BaseStreamBlock), used by every page body."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=120, label=_("Heading text"))
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Level 2")), ("h3", _("Level 3"))], default="h2", label=_("Level")
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        preview_value = {"text": "Why involve the public?", "level": "h2"}


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=250,
        required=False,
        help_text=_("Describe the image for people who cannot see it; leave empty if decorative."),
    )
    caption = blocks.CharBlock(max_length=250, required=False)

    class Meta:
        icon = "image"
        template = "blocks/image_block.html"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(max_length=1000)
    attribution = blocks.CharBlock(max_length=200, required=False)

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"
        preview_value = {
            "quote": "Nothing about us without us.",
            "attribution": "Disability rights movement",
        }


class CallToActionBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=120, label=_("Link text"))
    page = blocks.PageChooserBlock(required=False)
    url = blocks.URLBlock(required=False, label=_("External URL"))

    class Meta:
        icon = "link"
        template = "blocks/call_to_action_block.html"
        preview_value = {"text": "Join the community", "url": "https://example.org/"}

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise ValidationError(_("Choose either a page or an external URL, not both."))
        return value


class ChecklistBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120)
    items = blocks.ListBlock(blocks.CharBlock(max_length=300), min_num=1)

    class Meta:
        icon = "tick"
        template = "blocks/checklist_block.html"
        preview_value = {"title": "Before you procure", "items": ["Map who is affected"]}


class KeyQuestionsBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120, default="Key questions")
    questions = blocks.ListBlock(blocks.CharBlock(max_length=300), min_num=1)

    class Meta:
        icon = "help"
        template = "blocks/key_questions_block.html"
        preview_value = {"title": "Key questions", "questions": ["Who is missing?"]}


class BaseStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES, icon="pilcrow", template="blocks/paragraph_block.html"
    )
    image = ImageBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    checklist = ChecklistBlock()
    key_questions = KeyQuestionsBlock()
