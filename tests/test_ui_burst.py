"""Keys sent in a burst, as a terminal delivers them when the student types fast or the
machine is busy: every key reaches the box in the order typed (an editing key such as
Ctrl+U, ↑ or End is never applied after the characters typed after it)."""

from __future__ import annotations

from test_ui_reasoning import make_app as make_reasoning_app
from textual import events as tevents
from textual.widgets import Input, TextArea
from ui_helpers import box, make_app, ui_test, wait_for


def burst(app, *keys: str) -> None:
    """Send ``keys`` to the app at once, with no pause between them (``pilot.press`` waits
    for the app to be idle after each key, which hides any reordering)."""
    from textual.keys import _character_to_key

    for key in keys:
        if len(key) == 1:
            char: str | None = key
            name = key if key.isalnum() else _character_to_key(key)
        else:
            char, name = ({"space": " "}.get(key), key)
        event = tevents.Key(name, char)
        event.set_sender(app)
        app._driver.send_message(event)


RUNS = 14  # as many tries as the student trial, where 3 of 14 lost the digit


@ui_test
async def test_ctrl_u_then_a_digit_in_a_burst_leaves_the_digit(tmp_path):
    app = make_app(tmp_path / "logs", open_part="1b")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        b = box(app, "1b.count")
        b.focus_input()
        inp = b.query_one(Input)
        for _ in range(RUNS):
            burst(app, *"fan_in")
            await wait_for(pilot, lambda: inp.value == "fan_in")
            burst(app, "ctrl+u", "1", "2")
            await wait_for(pilot, lambda: inp.value.endswith("12"))
            await pilot.pause()
            assert inp.value == "12"
            burst(app, "ctrl+u")
            await wait_for(pilot, lambda: inp.value == "")


@ui_test
async def test_ctrl_u_a_letter_and_enter_in_a_burst_send_the_letter(tmp_path):
    app = make_app(tmp_path / "logs", open_part="1b")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        b = box(app, "1b.choice")
        b.focus_input()
        inp = b.query_one(Input)
        await pilot.press(*"cd")
        burst(app, "ctrl+u", "a", "enter")
        await wait_for(pilot, lambda: app.state.box("1b.choice").attempts == 1 and not b.checking)
        assert app.state.box("1b.choice").last.answer == "a"
        assert inp.value == "a"


@ui_test
async def test_moving_between_lines_in_a_burst_edits_the_line_moved_to(tmp_path):
    app = make_reasoning_app(tmp_path, open_part="7b")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        from tutor.ui.widgets.derivationbox import DerivationBox

        b = app.screen.query_one(DerivationBox)
        b.focus_input()
        area = b.query_one(TextArea)
        start = "3x + 4 = 10\n3x = 1234\nx = 14/3"
        for _ in range(RUNS):
            area.text = start
            area.move_cursor((2, 0))
            burst(
                app, "up", "end", *["backspace"] * 4, *"1270", "down", "end",
                *["backspace"] * 4, *"635/12",
            )  # fmt: skip
            await wait_for(pilot, lambda: area.text.endswith("635/12"))
            await pilot.pause()
            assert area.text == "3x + 4 = 10\n3x = 1270\nx = 635/12"


@ui_test
async def test_keys_typed_right_after_an_enter_that_solves_go_to_the_next_box(tmp_path):
    """Trial tui3 T5: "20⏎b⏎" in one burst put the "b" after the 20 just sent (the box then
    showed ✎ and an error), because the verdict came after the "b" was typed. The keys after
    Enter wait for the verdict: the cursor moves on to the next box and they land there."""
    app = make_app(tmp_path / "logs", open_part="1b")
    app.check_hold_limit = 60.0  # the first check imports the checker: never let go early
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        count, choice = box(app, "1b.count"), box(app, "1b.choice")
        count.focus_input()
        await wait_for(pilot, lambda: count.query_one(Input).has_focus)
        burst(app, "2", "0", "enter", "b", "enter")
        await wait_for(pilot, lambda: app.state.current_box("1b.choice").status == "correct")
        assert count.query_one(Input).value == "20"
        assert choice.query_one(Input).value == "b"
        assert app.state.current_box("1b.count").status == "correct"
        assert app.state.current_box("1b.count").attempts == 1
        assert app._held_for is None and not app._held_keys


@ui_test
async def test_keys_typed_right_after_a_wrong_answer_stay_in_its_box(tmp_path):
    """A wrong answer keeps the cursor in its box: the keys typed after Enter (a Backspace
    too, in order) edit it, as they would have without the wait."""
    app = make_app(tmp_path / "logs", open_part="1b")
    app.check_hold_limit = 60.0
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        count = box(app, "1b.count")
        count.focus_input()
        field = count.query_one(Input)
        await wait_for(pilot, lambda: field.has_focus)
        burst(app, "4", "5", "enter", "backspace", "backspace", "2", "1")
        await wait_for(pilot, lambda: field.value == "21")
        assert app.state.current_box("1b.count").attempts == 1
        assert field.has_focus
