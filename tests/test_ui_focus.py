"""Tab and Shift+Tab go from box to box. A button beside a text area ("Check working",
"Compare with the key points", "Save reflections") is not in the Tab order: Tab from a working
used to land on it unseen, and what was typed next went back into the working (un-solving a
solved one). Ctrl+S (or F5) in the area presses it; a click still does, and leaves the cursor
in the area."""

from __future__ import annotations

from test_ui_burst import burst
from test_ui_reasoning import make_app as make_reasoning_app
from textual.widgets import Button, Input, TextArea
from ui_helpers import box, make_app, settle, text_of, ui_test, wait_for

from tutor.ui.widgets.derivationbox import DerivationBox


@ui_test
async def test_tab_from_a_solved_working_goes_on_to_a_box_never_its_button(tmp_path):
    app = make_reasoning_app(tmp_path, open_part="7b")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        b = app.screen.query_one(DerivationBox)
        b.focus_input()
        area = b.query_one(TextArea)
        await pilot.press(*"3x + 4 = 10", "enter", *"3x = 6", "enter", *"x = 2", "ctrl+s")
        await wait_for(pilot, lambda: app.state.box("7b.derive").status == "correct")
        await pilot.press("tab")
        assert not isinstance(app.focused, Button)
        assert app.focused is box(app, "7b.value").query_one(Input)  # the next box (wrapped)
        burst(app, *"so x is 2")
        await wait_for(pilot, lambda: app.focused.value.endswith("2"))
        assert area.text == "3x + 4 = 10\n3x = 6\nx = 2"
        assert app.state.box("7b.derive").status == "correct"
        await pilot.press("shift+tab")
        assert app.focused is area  # back, past no button either way
        # the mouse still presses it, and the cursor stays where the student was typing
        area.text = "3x + 4 = 10"
        area.move_cursor(area.document.end)
        await wait_for(pilot, lambda: "3x = 6" not in text_of(b.query_one(".box-preview")))
        await settle(pilot, app)  # the reading laid out: the button stays put under the mouse
        check = b.query_one(".derivation-check", Button)
        check.scroll_visible(animate=False)
        app.clear_notifications()  # a notice over the button (on a busy machine, still up)
        await settle(pilot, app)

        def under_the_mouse() -> bool:  # laid out where it is drawn: a click lands on it
            region = check.region
            if not region.area:
                return False
            x, y = region.x + region.width // 2, region.y + region.height // 2
            return app.screen.get_widget_at(x, y)[0] is check

        await wait_for(pilot, under_the_mouse)
        middle = (check.region.width // 2, check.region.height // 2)
        clicked = False
        for _ in range(20):  # a busy machine may lay the box out again between the two
            clicked = await pilot.click(check, offset=middle)
            if clicked:
                break
            await pilot.pause()
        assert clicked
        await wait_for(pilot, lambda: b._verdict_for == "3x + 4 = 10" and not b.checking)
        assert app.focused is area
        await pilot.press("!")
        assert area.text == "3x + 4 = 10!"


@ui_test
async def test_tab_from_the_explanation_skips_compare_and_ctrl_s_compares(tmp_path):
    app = make_app(tmp_path / "logs", open_part="1c")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        area = app.screen.query_one("#explanation", TextArea)
        area.focus()
        await pilot.press(*"d2 cancels", "tab")
        assert app.focused is area  # the part's only box: Tab comes back round to it
        await pilot.press("shift+tab")
        assert app.focused is area
        assert area.text == "d2 cancels"
        assert "(Ctrl+S)" in str(app.screen.query_one("#compare", Button).label)
        assert not app.screen.query_one("#rubric").display  # never pressed
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen.query_one("#rubric").display)


@ui_test
async def test_tab_between_reflections_skips_save_and_ctrl_s_saves(tmp_path):
    app = make_app(tmp_path / "logs", open_part="6a")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        first, second = list(app.screen.query(".reflect-text").results(TextArea))
        first.focus()
        await pilot.press(*"notes", "tab")
        assert app.focused is second
        await pilot.press("tab")
        assert not isinstance(app.focused, Button)
        second.focus()
        await pilot.press("ctrl+s")
        await wait_for(
            pilot, lambda: any("Reflections saved" in n.message for n in app._notifications)
        )
        assert app.focused is second


@ui_test
async def test_a_working_reopened_has_the_cursor_at_its_end(tmp_path):
    app = make_reasoning_app(tmp_path, open_part="7b")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        b = app.screen.query_one(DerivationBox)
        b.focus_input()
        await pilot.press(*"3x + 4 = 10", "enter", *"3x = 6")
        await wait_for(pilot, lambda: app.state.current_box("7b.derive").unsent is not None)
        await pilot.press("ctrl+q")
    again = make_reasoning_app(tmp_path, open_part="7b")
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        b = again.screen.query_one(DerivationBox)
        area = b.query_one(TextArea)
        await wait_for(pilot, lambda: area.text == "3x + 4 = 10\n3x = 6")
        b.focus_input()
        await pilot.press("!")
        assert area.text == "3x + 4 = 10\n3x = 6!"
