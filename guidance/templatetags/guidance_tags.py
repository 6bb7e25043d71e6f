from django import template

from ..forms import FeedbackForm, feedback_token
from ..selectors import guide_related_case_studies, guides_citing_case_study

register = template.Library()


@register.inclusion_tag("guidance/includes/feedback_form.html", takes_context=True)
def guide_feedback_form(context, page, guide, form=None):
    """The "Was this useful?" form for a guide or chapter (a fresh signed token each render).

    Nothing for a page that has never been saved (an editor's preview of a new page).
    """
    if page.pk is None or guide.pk is None:
        return {"form": None}
    if form is None:
        form = FeedbackForm(
            page_id=page.pk,
            initial={"token": feedback_token(page_id=page.pk, version=guide.version)},
        )
    return {"request": context.get("request"), "page": page, "guide": guide, "form": form}


@register.simple_tag
def guides_citing(case_study):
    """Live guides that cite a case study (one query); for the case study page."""
    return guides_citing_case_study(case_study=case_study)


@register.simple_tag
def guide_case_studies(guide):
    return guide_related_case_studies(guide=guide)
