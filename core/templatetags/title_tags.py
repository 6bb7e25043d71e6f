"""``{% page_title %}...{% endpage_title %}``: the document title from " | "-separated parts.

Templates build titles as ``{% block title %}Events | {{ block.super }}{% endblock %}``, and a
block can be empty, so the raw text may read "Events |  | Site" or "Sign in | Site | Site". The
tag drops empty parts and a part that repeats the one before it, so every title reads
"Part | Part | Site name" with no empty or doubled part, whichever template built it."""

from django import template

register = template.Library()

SEPARATOR = " | "


def tidy_title(text: str) -> str:
    parts: list[str] = []
    for part in text.split("|"):
        part = " ".join(part.split())
        if part and part not in parts:
            parts.append(part)
    return SEPARATOR.join(parts)


class PageTitleNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        # The parts are rendered (and escaped) by the template; joining them adds no markup.
        return tidy_title(self.nodelist.render(context))


@register.tag
def page_title(parser, token):
    nodelist = parser.parse(("endpage_title",))
    parser.delete_first_token()
    return PageTitleNode(nodelist)
