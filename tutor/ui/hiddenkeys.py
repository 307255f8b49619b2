"""Keys a screen leaves out of its footer because they do nothing there right now.

Textual drops a key whose action ``check_action`` refuses, so the student would press it and
see nothing. A screen asks here which of its actions a key names (the student's keymap
applied) when that action is refused, and answers the key itself: it says why, or does what
it can.
"""

from __future__ import annotations

from textual import events
from textual.actions import parse
from textual.screen import Screen

from tutor.ui import keymap
from tutor.ui.access import tutor_app


def take_refused_key(
    screen: Screen, scope: str, event: events.Key
) -> tuple[str, tuple[object, ...]] | None:
    """The action (name and parameters) of ``scope`` that ``event``'s key names (the
    student's keymap applied) when ``screen`` refuses it now; the key is then kept from going
    further. None, and the key left alone, when it names no such action or it is allowed."""
    keys = tutor_app(screen).user_keymap
    for action in keymap.ACTIONS:
        if action.scope != scope or event.key not in keys.key(action.id).split(","):
            continue
        _, name, params = parse(action.action)
        if screen.check_action(name, params) is not False:
            return None
        event.stop()
        event.prevent_default()
        return name, params
    return None
