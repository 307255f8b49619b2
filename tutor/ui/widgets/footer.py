"""The footer every screen shows: Textual's ``Footer``, rebuilt only when what it shows changes.

Textual's footer rebuilds its keys whenever the screen says its bindings were updated, which
it says on every focus change (Tab between boxes, a verdict moving the cursor on) even when the
same keys stay on offer. Each rebuild mounts and styles a dozen widgets again. This footer
remembers what it last showed (each shown key, its label, whether it is enabled) and skips a
rebuild that would show the same.

It also fits the terminal's width: Textual's footer cuts off what does not fit (at 80 columns
"… ^q Quit ^l Revi", F1 Help gone). When the keys are too wide, those the footer needs least
(the highest ``rank`` in ``tutor.ui.keymap``) are left out, the last of a rank first, until the
rest fits; Help and Quit (rank 0) always stay. The keys left out are still bound, and listed
by F1's help and the Ctrl+P palette. A resize composes the footer again for the new width.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from tutor.ui import keymap

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


def key_width(key: FooterKey) -> int:
    """Columns a compact footer key takes, with the column between it and the next."""
    text = cell_len(key.key_display)
    if key.description:
        text += 1 + cell_len(key.description)
    return text + 1


def fitting(keys: list[Widget], ranks: dict[str, int], width: int) -> list[Widget]:
    """``keys`` in their order, without those least needed (highest rank, the last of a rank
    first) until the rest fits in ``width`` columns; rank 0 is never left out."""

    def rank(key: Widget) -> int:
        return ranks.get(key.action, 2) if isinstance(key, FooterKey) else 0

    kept = list(keys)
    used = sum(key_width(k) for k in kept if isinstance(k, FooterKey)) - 1
    while used > width:
        droppable = [(rank(k), i) for i, k in enumerate(kept) if rank(k) > 0]
        if not droppable:
            break
        _, i = max(droppable)
        used -= key_width(kept.pop(i))  # type: ignore[arg-type]
    return kept


class TutorFooter(Footer):
    """A compact footer without the command palette's key, rebuilt only on a change."""

    def __init__(self) -> None:
        super().__init__(compact=True, show_command_palette=False)
        self._shown: Shown | None = None
        self._width = 0  # the width the keys were fitted to

    def _room(self) -> int:
        return self.size.width or self.screen.size.width or self.app.size.width

    def _ranks(self) -> dict[str, int]:
        """Each shown action's rank (the keymap's, by the binding's id). Of two bindings of
        one action (F1 and ? both open the help) the footer's shown one decides: the hidden
        ``?`` (rank 2) once overwrote F1's 0, and a full footer left Help out."""
        ranks: dict[str, int] = {}
        for _node, binding, _enabled, _tooltip in self.screen.active_bindings.values():
            if not binding.show:
                continue
            known = keymap.BY_ID.get(binding.id or "")
            rank = known.rank if known is not None else 2
            ranks[binding.action] = min(rank, ranks.get(binding.action, rank))
        return ranks

    def on_resize(self, event: events.Resize) -> None:
        if self._shown is not None and event.size.width != self._width:
            self.call_after_refresh(self.recompose)

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
        self._width = self._room()
        if children and self._width > 0:
            children = fitting(children, self._ranks(), self._width)
        yield from children
