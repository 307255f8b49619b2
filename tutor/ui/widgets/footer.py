"""The footer every screen shows: Textual's ``Footer``, rebuilt only when what it shows changes.

Textual's footer rebuilds its keys whenever the screen says its bindings were updated, which
it says on every focus change (Tab between boxes, a verdict moving the cursor on) even when the
same keys stay on offer. Each rebuild mounts and styles a dozen widgets again. This footer
remembers what it last showed (each shown key, its label, whether it is enabled) and skips a
rebuild that would show the same.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer

Shown = tuple[tuple[Any, ...], ...]


def shown_keys(screen: Screen[Any], key_display: Any) -> Shown:
    """What a footer on ``screen`` would show: one entry per binding it displays."""
    bindings: Iterable[Any] = screen.active_bindings.values()
    return tuple(
        (
            binding.key,
            key_display(binding),
            binding.description,
            binding.action,
            enabled,
            tooltip,
            binding.group,
        )
        for (_node, binding, enabled, tooltip) in bindings
        if binding.show
    )


class TutorFooter(Footer):
    """A compact footer without the command palette's key, rebuilt only on a change."""

    def __init__(self) -> None:
        super().__init__(compact=True, show_command_palette=False)
        self._shown: Shown | None = None

    def _now_shown(self) -> Shown:
        return shown_keys(self.screen, self.app.get_key_display)

    def bindings_changed(self, screen: Screen[Any]) -> None:
        if (
            self._shown is not None
            and self.is_attached
            and screen is self.screen
            and self._now_shown() == self._shown
        ):
            return  # the same keys: nothing to rebuild
        super().bindings_changed(screen)

    def compose(self) -> ComposeResult:
        children = list(super().compose())
        # what was composed from: None until the screen's bindings were first ready
        self._shown = self._now_shown() if children else None
        yield from children
