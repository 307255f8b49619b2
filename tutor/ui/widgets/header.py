"""The header every screen shows: Textual's ``Header``, whose title survives a screen that goes
away while it is still mounting.

Textual's header updates its title whenever the app's or the screen's title changes, by looking
up its title widget; when a key replaces a screen that is still mounting (a fast key on a slow
machine), that widget can already be gone and the lookup raised, which ended the tutor. Here a
title with nowhere to go is skipped.
"""

from __future__ import annotations

from textual.css.query import NoMatches
from textual.dom import NoScreen
from textual.events import Mount
from textual.widgets import Header
from textual.widgets._header import HeaderTitle


class TutorHeader(Header):
    """A header without a clock, safe on a screen replaced while mounting."""

    def _on_mount(self, event: Mount) -> None:
        event.prevent_default()  # instead of Header's handler (the same, without the guard)

        async def set_title() -> None:
            try:
                self.query_one(HeaderTitle).update(self.format_title())
            except (NoMatches, NoScreen):
                pass  # the screen went away while mounting: nothing to show it on

        self.watch(self.app, "title", set_title)
        self.watch(self.app, "sub_title", set_title)
        self.watch(self.screen, "title", set_title)
        self.watch(self.screen, "sub_title", set_title)
