"""The header's title survives a screen whose header lost its title widget (a key replaced the
screen while it was still mounting): Textual's own header raised there and ended the tutor."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Header
from textual.widgets._header import HeaderTitle
from ui_helpers import ui_test, wait_for

from tutor.ui.widgets.header import TutorHeader, header_title


def app_with(header_class: type[Header]) -> App:
    class OneHeader(App):
        def compose(self) -> ComposeResult:
            yield header_class()

    return OneHeader()


async def retitle_without_its_title_widget(app: App) -> None:
    async with app.run_test() as pilot:
        header = app.screen.query_one(Header)
        await wait_for(pilot, lambda: bool(header.query(HeaderTitle)))
        assert "OneHeader" in str(header.query_one(HeaderTitle).render())
        await header.query_one(HeaderTitle).remove()  # gone, as on a screen torn down
        app.screen.sub_title = "1a · Feature size"
        await pilot.pause()


@ui_test
async def test_a_title_with_nowhere_to_go_is_skipped():
    app = app_with(TutorHeader)
    await retitle_without_its_title_widget(app)
    assert app.return_code in (None, 0)  # never ended by an error


@ui_test
async def test_the_title_still_follows_the_screen():
    app = app_with(TutorHeader)
    async with app.run_test() as pilot:
        title = app.screen.query_one(HeaderTitle)
        app.screen.sub_title = "Review"
        await wait_for(pilot, lambda: "Review" in str(title.render()))


def header_rows(app: App) -> list[str]:
    """The header's title as it is on screen, one string a line."""
    title = app.screen.query_one(HeaderTitle)
    return [strip.text.strip() for strip in title.render_lines(title.region.reset_offset)]


LONG = "3c · Desideratum 1 and Condition 1 of the spectral-condition paper"


@ui_test
@pytest.mark.parametrize("size", [(80, 24), (120, 40), (50, 24)])
async def test_a_long_part_title_is_never_cut(size):
    """At 80 columns "hw3-tutor — 3c · Desideratum 1 and Condition 1 of the spectra…" lost
    the end of the part's title (a short terminal shows it nowhere else): the app's name goes
    first, and what is still too wide wraps onto a second line."""

    class Tutor(App):
        TITLE = "hw3-tutor"

        def compose(self) -> ComposeResult:
            yield TutorHeader()

        def on_mount(self) -> None:
            self.screen.sub_title = LONG

    app = Tutor()
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, lambda: LONG.split()[-1] in " ".join(header_rows(app)))
        shown = " ".join(row for row in header_rows(app) if row)
        assert LONG in shown and "…" not in shown
        assert ("hw3-tutor — " in shown) == (size[0] >= 120)  # the name only when it fits
        assert app.screen.query_one(TutorHeader).size.height == (2 if size[0] < 80 else 1)
        await pilot.resize_terminal(120, 40)  # a wider terminal: the name is back
        await wait_for(pilot, lambda: "hw3-tutor — " in " ".join(header_rows(app)))
        await wait_for(pilot, lambda: app.screen.query_one(TutorHeader).size.height == 1)


def test_the_header_keeps_the_screen_title_first():
    assert header_title("hw3-tutor", "1a · Size", 70) == "hw3-tutor — 1a · Size"
    assert header_title("hw3-tutor", LONG, 70) == LONG
    assert header_title("hw3-tutor", "", 70) == "hw3-tutor"
