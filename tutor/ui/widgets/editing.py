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
points"): Tab from the area lands on it, and what the student goes on typing there (letters,
spaces, a paste) goes into the area, where they were typing, instead of pressing the button or
being lost. Enter still presses it.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from textual import events
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
    typed."""

    last_focused = 0

    async def _on_key(self, event: events.Key) -> None:
        await apply_own_binding(self, event)

    def _on_focus(self, event: events.Focus) -> None:
        self.last_focused = next(_focus_order)


def type_into(target: Widget, text: str) -> None:
    """Put ``text`` where ``target`` (a text area or an input) has its cursor, at once."""
    if isinstance(target, TextArea):
        if target.read_only:
            return
        result = target.replace(text, *target.selection)
        target.move_cursor(result.end_location)
    elif isinstance(target, Input):
        if target.selection.is_empty:
            target.insert_text_at_cursor(text)
        else:
            target.replace(text, *target.selection)


class TypingButton(Button):
    """A button that passes what is typed on it to the text area it belongs to (of several,
    the one the student typed in last; else the last of them, the one just above it)."""

    def __init__(self, *args: object, areas: Sequence[Widget] = (), **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.areas = tuple(areas)

    def area(self) -> Widget | None:
        """The text area what is typed here goes to."""
        shown = [a for a in self.areas if a.is_attached and a.display]
        if not shown:
            return None
        return max(reversed(shown), key=lambda a: getattr(a, "last_focused", 0))

    def on_key(self, event: events.Key) -> None:
        char = event.character
        if event.key == "enter" or not char or not (char.isprintable() or char == " "):
            return
        target = self.area()
        if target is None:
            return
        event.stop()
        event.prevent_default()
        type_into(target, char)
        target.focus()

    def on_paste(self, event: events.Paste) -> None:
        target = self.area()
        if target is None or not event.text:
            return
        event.stop()
        event.prevent_default()
        if isinstance(target, Input):
            # the input's own reading of a paste (lines joined, what is left out said)
            target.post_message(events.Paste(event.text))
        else:
            type_into(target, event.text)
        target.focus()
