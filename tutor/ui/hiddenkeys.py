"""Keys a screen leaves out of its footer because they do nothing there right now.

Textual drops a key whose action ``check_action`` refuses, so the student would press it and
see nothing. A screen asks here which of its actions a key names (the student's keymap
applied) when that action is refused, and answers the key itself: it says why, or does what
it can.
"""

from __future__ import annotations

from typing import Protocol

from textual import events
from textual.actions import parse
from textual.screen import Screen

from tutor.ui import keymap
from tutor.ui.access import tutor_app
from tutor.ui.userkeymap import UserKeymap


class Checks(Protocol):
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None: ...


def refused_action(
    screen: Checks, keys: UserKeymap, scope: str, key: str
) -> tuple[str, tuple[object, ...]] | None:
    """The action (name and parameters) of ``scope`` bound to ``key`` that ``screen`` refuses
    now, or None when the key names no such action or the action is allowed."""
    for action in keymap.ACTIONS:
        if action.scope != scope or key not in keys.key(action.id).split(","):
            continue
        _, name, params = parse(action.action)
        if screen.check_action(name, params) is False:
            return name, params
        return None
    return None


def take_refused_key(
    screen: Screen, scope: str, event: events.Key
) -> tuple[str, tuple[object, ...]] | None:
    """The refused action ``event``'s key names on ``screen`` (see ``refused_action``), the
    key then kept from going further; None, and the key left alone, otherwise."""
    refused = refused_action(screen, tutor_app(screen).user_keymap, scope, event.key)
    if refused is not None:
        event.stop()
        event.prevent_default()
    return refused
