"""What the public, member and organiser views share: how they find the unconference, the topic
board and the session named by the URL, and the page that says why something is refused."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from .. import services
from ..enums import BoardKind
from ..models import Session, Topic, TopicBoard, Unconference


def error_text(error: ValidationError) -> str:
    return " ".join(str(m) for m in error.messages)


def refused(request, message: str, *, board=None, unconference=None):
    return TemplateResponse(
        request,
        "unconferences/refused.html",
        {"message": message, "board": board, "unconference": unconference},
        status=403,
    )


def unconference_board(unconference: Unconference) -> TopicBoard:
    return services.unconference_board_ensure(unconference=unconference)


class UnconferenceMixin:
    def dispatch(self, request, *args, **kwargs):
        self.unconference = get_object_or_404(Unconference, slug=kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["unconference"] = self.unconference
        return context


class BoardMixin:
    """Resolves the board from the URL: /unconferences/<slug>/... or /topics/<slug>/..."""

    standing = False

    def dispatch(self, request, *args, **kwargs):
        if self.standing:
            self.board = get_object_or_404(
                TopicBoard.objects.select_related("meeting_series"),
                slug=kwargs["slug"],
                kind=BoardKind.STANDING,
            )
            self.unconference = None
        else:
            self.unconference = get_object_or_404(Unconference, slug=kwargs["slug"])
            self.board = unconference_board(self.unconference)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(board=self.board, unconference=self.unconference)
        return context

    def get_topic(self, pk: int) -> Topic:
        return get_object_or_404(Topic.objects.select_related("board"), pk=pk, board=self.board)

    def refuse(self, message: str):
        return refused(self.request, message, board=self.board, unconference=self.unconference)


class SessionMixin(UnconferenceMixin):
    def get_session(self) -> Session:
        return get_object_or_404(
            Session.objects.select_related("topic", "topic__proposer", "space", "slot"),
            topic_id=self.kwargs["topic_id"],
            slot__unconference=self.unconference,
        )
