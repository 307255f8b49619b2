"""Where the student types: every key applied in the order it was typed, and a button beside
a text area that passes on what is typed on it.

Textual applies a character typed in an ``Input`` or a ``TextArea`` as soon as the widget
reads the key, but one of the widget's own editing keys (Ctrl+U, ↑, ↓, End, Backspace,
Enter...) only once the key has bubbled up through every parent to the app, which then looks
the binding up. In a burst (a fast typist, a busy machine) the characters typed after such a
key overtook it: Ctrl+U then ``1`` cleared the ``1``; ↓ then ``635`` typed into the line above.
``OrderedInput`` and ``OrderedTextArea`` apply the widget's own bindings where it reads the key, so each key is
applied in turn. (Keys bound with priority, F1 or Ctrl+Q, are handled by the app before any
widget reads them, so are never overtaken either.)

``TypingButton`` is a button beside a text area ("Check working", "Compare with the key
points", "Save reflections") that never takes the focus. It used to: Tab from the area landed
on it, unseen, and what the student went on typing there had to be passed back into the area,
so typing meant for the next box went into the one above (un-solving a solved working). Now Tab
goes from box to box, a click leaves the cursor in the area (typing goes on there, nothing is
lost), and Ctrl+S or F5 in the area presses it.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from textual import events
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Button, Input, TextArea

_focus_order = itertools.count(1)


async def apply_own_binding(widget: Widget, event: events.Key) -> None:
    """Apply ``widget``'s own (not priority) binding of ``event``'s key now, if it has one
    that acts, and keep the key from going further (to the widget's own handler, or up)."""
    for binding in widget._bindings.key_to_bindings.get(event.key, ()):
        if binding.priority:
            continue  # the app's, handled before the key reached any widget
        if await widget.app.run_action(binding.action, widget):
            event.stop()
            event.prevent_default()  # Textual's handlers of the widget do not see it again
            return


# Textual calls the ``_on_key`` of each class of a widget, the subclass's first, until one
# prevents the default; CSS type names follow the first base, so no mixin: a class each.


class OrderedInput(Input):
    """An ``Input`` whose editing keys are applied in the order typed."""

    last_focused = 0
    """Increases with every focus (0: never focused), to tell where the student typed last."""

    async def _on_key(self, event: events.Key) -> None:
        await apply_own_binding(self, event)

    def _on_focus(self, event: events.Focus) -> None:
        self.last_focused = next(_focus_order)


class OrderedTextArea(TextArea):
    """A ``TextArea`` whose editing keys (↑, ↓, End, Backspace...) are applied in the order
    typed. Ctrl+A selects all (as students expect; Home goes to the line's start), so Ctrl+A
    then Del clears it, and what is typed or pasted then replaces it. Focused the first time
    with text in it (restored), the cursor comes to the end of the text, as in a one-line box."""

    BINDINGS = [Binding("ctrl+a", "select_all", "Select all", show=False)]

    last_focused = 0

    async def _on_key(self, event: events.Key) -> None:
        await apply_own_binding(self, event)

    def _on_focus(self, event: events.Focus) -> None:
        if not self.last_focused and self.text and self.cursor_location == (0, 0):
            self.move_cursor(self.document.end)  # go on writing where the text ends
        self.last_focused = next(_focus_order)


class TypingButton(Button):
    """A button beside its text areas that never takes the focus: Tab goes past it, from box
    to box, and a click presses it without taking the cursor out of the area (of several, the
    one the student typed in last; else the last of them, the one just above it). The areas
    press it with ``PRESS_KEYS`` (Ctrl+S or F5, as a working is checked)."""

    can_focus = False

    def __init__(self, *args: object, areas: Sequence[Widget] = (), **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.areas = tuple(areas)

    def area(self) -> Widget | None:
        """The text area the button belongs to most now."""
        shown = [a for a in self.areas if a.is_attached and a.display]
        if not shown:
            return None
        return max(reversed(shown), key=lambda a: getattr(a, "last_focused", 0))

    def press(self) -> TypingButton:
        # the cursor goes on where the student was typing (what is pressed may move it on)
        target = self.area()
        if target is not None and self.app.focused not in self.areas:
            target.focus(scroll_visible=False)
        return super().press()


PRESS_KEYS = "ctrl+s,f5"
"""Keys that press, from a text area, the ``TypingButton`` beside it."""


def button_beside(screen: Widget, focused: Widget | None) -> TypingButton | None:
    """The ``TypingButton`` under ``screen`` that ``focused`` (a text area) belongs to."""
    if focused is None:
        return None
    for button in screen.query(TypingButton):
        if focused in button.areas and button.display:
            return button
    return None
