"""Sections that other apps add to the member's account page (/account/).

    from community.account_sections import register_account_section
    register_account_section(
        key="calendar", title=_("Your calendar feed"), template="events/account/calendar.html",
        context=lambda request: {"feed_url": ...}, order=30,
    )

Register in AppConfig.ready(). The account view renders each section's template with
``request`` and the context function's result, ordered by ``order``.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class AccountSection:
    key: str
    title: str
    template: str
    context: Callable | None = None
    order: int = 50


_sections: dict[str, AccountSection] = {}


def register_account_section(
    *, key: str, title: str, template: str, context: Callable | None = None, order: int = 50
) -> None:
    _sections[key] = AccountSection(
        key=key, title=title, template=template, context=context, order=order
    )


def account_sections() -> list[AccountSection]:
    return sorted(_sections.values(), key=lambda section: (section.order, section.key))
