"""The tutor app, typed, from any widget or screen: ``tutor_app(self).state``.

Textual types ``Widget.app`` as a plain ``App``; the tutor's screens and widgets read its
content, state, checker and log through this accessor instead of silencing the type checker.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, cast

if TYPE_CHECKING:
    from tutor.ui.app import TutorApp


class HasApp(Protocol):
    """A screen, a widget or a command provider: anything that knows its app."""

    @property
    def app(self) -> Any: ...


def tutor_app(node: HasApp) -> TutorApp:
    """The running ``TutorApp`` that ``node`` belongs to."""
    return cast("TutorApp", node.app)
