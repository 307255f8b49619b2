"""Trial tui2 F5: keys typed while a part opens were half lost: the letters vanished and the
Enter reached the new part's first box ("Type your answer first"). Now they wait for its first
box: the letters are typed there and an Enter after them sends them; an Enter alone is
dropped."""

from __future__ import annotations

from textual.widgets import Input
from ui_helpers import box, make_app, text_of, ui_test, wait_for

from tutor.ui.screens.part import PartScreen


async def _on_part(pilot, app, part_id):
    await wait_for(
        pilot,
        lambda: (
            isinstance(app.screen, PartScreen)
            and app.screen.part_id == part_id
            and app.screen.ready
            and app._opening is None
        ),
    )


@ui_test
async def test_keys_typed_while_a_part_opens_all_reach_its_first_box(tmp_path):
    app = make_app(tmp_path / "logs", open_part="1a")
    async with app.run_test(size=(100, 40)) as pilot:
        await _on_part(pilot, app, "1a")
        app.open_part_screen("1b")
        await pilot.press("2", "0")  # before the new part is even shown
        await _on_part(pilot, app, "1b")
        field = box(app, "1b.count").query_one(Input)
        assert field.value == "20" and field.has_focus


@ui_test
async def test_an_enter_typed_after_text_while_opening_sends_it_and_alone_is_dropped(tmp_path):
    app = make_app(tmp_path / "logs", open_part="1a")
    async with app.run_test(size=(100, 40)) as pilot:
        await _on_part(pilot, app, "1a")
        app.open_part_screen("1b")
        await pilot.press("enter")  # alone: dropped, never "Type your answer first"
        await _on_part(pilot, app, "1b")
        b = box(app, "1b.count")
        await pilot.pause()
        assert not b.query_one(".box-verdict-head").display
        assert app.state.current_box("1b.count").attempts == 0

        app.open_part_screen("1a")
        await _on_part(pilot, app, "1a")
        app.open_part_screen("1b")
        await pilot.press("2", "0", "enter")
        await _on_part(pilot, app, "1b")
        b = box(app, "1b.count")
        await wait_for(pilot, lambda: b.query_one(".box-verdict-head").display and not b.checking)
        assert text_of(b.query_one(".box-verdict-head")).startswith("✓")


@ui_test
async def test_the_index_keeps_its_title_after_a_part_opened_from_it(tmp_path):
    app = make_app(tmp_path / "logs")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        index = app.screen
        title = index.sub_title
        app.open_part_screen("1a")
        await _on_part(pilot, app, "1a")
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is index)
        assert index.sub_title == title
