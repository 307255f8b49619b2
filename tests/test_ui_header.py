"""The header's title survives a screen whose header lost its title widget (a key replaced the
screen while it was still mounting): Textual's own header raised there and ended the tutor."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Header
from textual.widgets._header import HeaderTitle
from ui_helpers import ui_test, wait_for

from tutor.ui.widgets.header import TutorHeader


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
