from django import template
from wagtail.models import Site

from participation.selectors import navigation_links

register = template.Library()


@register.inclusion_tag("components/main_navigation.html", takes_context=True)
def main_navigation(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    links = navigation_links(site=site) if site else []
    path = request.path if request else ""
    return {"links": links, "current_path": path, "request": request}
