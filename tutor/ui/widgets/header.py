"""The header every screen shows: Textual's ``Header``, whose title survives a screen that goes
away while it is still mounting, and whose title stays readable in a narrow terminal.

Textual's header updates its title whenever the app's or the screen's title changes, by looking
up its title widget; when a key replaces a screen that is still mounting (a fast key on a slow
machine), that widget can already be gone and the lookup raised, which ended the tutor. Here a
title with nowhere to go is skipped.

Textual's header cuts a title wider than the terminal with an ellipsis: at 80 columns
"hw3-tutor — 3c · Desideratum 1 and Condition 1 of the spectra…" lost the end of the part's
title, which a short terminal shows nowhere else. Here the app's name goes first when the
whole does not fit, and a screen title still too wide wraps onto a second header line.
"""

from __future__ import annotations

from textual.content import Content
from textual.css.query import NoMatches
from textual.dom import NoScreen
from textual.events import Mount, Resize
from textual.widgets import Header
from textual.widgets._header import HeaderTitle

ICON = 8  # Textual's header icon (8 columns), left of the title
CLOCK_SPACE = 10  # the clock's space right of it (no clock here): narrowed to 1 for a long title


def header_title(app_title: str, screen_title: str, room: int) -> str:
    """What the header shows in ``room`` columns: "app — screen" when it fits, else the screen's
    title alone (which wraps if it is still wider), else the app's."""
    if not screen_title:
        return app_title
    whole = f"{app_title} — {screen_title}" if app_title else screen_title
    return whole if len(whole) <= room else screen_title


class TutorHeader(Header):
    """A header without a clock, safe on a screen replaced while mounting, whose title is
    never cut: it drops the app's name, then wraps, when the terminal is narrow."""

    DEFAULT_CSS = """
    TutorHeader {
        height: auto;
        max-height: 3;
    }
    /* no clock: a long title takes its 10 columns */
    TutorHeader.-long HeaderClockSpace {
        width: 1;
        padding: 0;
    }
    TutorHeader HeaderTitle {
        text-wrap: wrap;
        height: auto;
        max-height: 2;
    }
    """

    def format_title(self) -> Content:
        width = self.size.width or self.app.size.width
        title, sub_title = self.screen_title, self.screen_sub_title
        whole = self.app.format_title(title, sub_title).plain
        long = len(whole) > width - ICON - CLOCK_SPACE
        self.set_class(long, "-long")
        shown = header_title(title, sub_title, width - ICON - (1 if long else CLOCK_SPACE))
        if shown == sub_title and shown != title:
            return Content(shown)  # the screen's title alone, wrapped if it must be
        return self.app.format_title(title, sub_title)

    def _on_mount(self, event: Mount) -> None:
        event.prevent_default()  # instead of Header's handler (the same, without the guard)
        self.watch(self.app, "title", self._set_title)
        self.watch(self.app, "sub_title", self._set_title)
        self.watch(self.screen, "title", self._set_title)
        self.watch(self.screen, "sub_title", self._set_title)

    async def _set_title(self) -> None:
        try:
            self.query_one(HeaderTitle).update(self.format_title())
        except (NoMatches, NoScreen):
            pass  # the screen went away while mounting: nothing to show it on

    async def _on_resize(self, event: Resize) -> None:
        await self._set_title()  # a narrower or wider terminal: the title fits it again
