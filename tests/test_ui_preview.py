"""The live "read as" preview in the tutor (Pilot): what it shows before Enter is what the
verdict says it read after, for expressions (as typed, not simplified), counts and choices."""

from __future__ import annotations

import pytest
from textual.widgets import Input
from ui_helpers import make_app, text_of, ui_test, wait_for

from tutor.ui.widgets.answerbox import AnswerBox

SIZE = (100, 40)


def box(app, box_id: str) -> AnswerBox:
    return next(b for b in app.screen.query(AnswerBox) if b.box_id == box_id)


CASES = {
    "1a": [
        ("1a.value", "d1*d2/d2", "d₁·d₂/d₂", "✓"),  # not d₁: the reading does no algebra
        ("1a.value", "2 d1", "2·d₁", "◐"),
    ],
    "1b": [
        ("1b.count", "twenty ops", "20 fwd", "✓"),
        ("1b.choice", "b)", "(b) the fan-in d1", "✓"),
        ("1b.choice", "answer: a", "(a) the fan-out d2", "✗"),
        ("1b.choice", "the fan-in d1", "(b) the fan-in d1", "✓"),
    ],
}


@pytest.mark.parametrize("part", list(CASES))
@ui_test
async def test_the_preview_before_enter_is_the_verdicts_reading_after(tmp_path, part):
    app = make_app(tmp_path, open_part=part)
    async with app.run_test(size=SIZE) as pilot:
        for box_id, answer, reading, head in CASES[part]:
            b = box(app, box_id)
            field = b.query_one(Input)
            field.focus()
            field.value = ""
            preview = b.query_one(".box-preview")
            await pilot.press(*answer)
            await wait_for(pilot, lambda: text_of(preview) == f"read as: {reading}")  # noqa: B023
            await pilot.press("enter")
            head_widget = b.query_one(".box-verdict-head")
            await wait_for(pilot, lambda: text_of(head_widget).startswith(head))  # noqa: B023
            assert text_of(preview) == f"read as: {reading}"


@ui_test
async def test_the_preview_says_how_it_read_what_it_had_to_decide(tmp_path):
    # before Enter, not only in a wrong answer's feedback: "1/2 d1" is (1/2)·d1
    app = make_app(tmp_path, open_part="1a")
    async with app.run_test(size=SIZE) as pilot:
        b = box(app, "1a.value")
        b.query_one(Input).focus()
        preview = b.query_one(".box-preview")
        await pilot.press(*"1/2 d1")
        await wait_for(pilot, lambda: text_of(preview).startswith("read as: 1/2·d₁"))
        lines = text_of(preview).split("\n")
        assert len(lines) == 2 and lines[1].startswith("(I read “1/2 d₁” as (1/2)·d₁.")
        for _ in "1/2 d1":
            await pilot.press("backspace")
        await pilot.press(*"2 d1")
        await wait_for(pilot, lambda: text_of(preview) == "read as: 2·d₁")  # no note: none needed


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
@ui_test
async def test_back_to_the_judged_answer_the_preview_is_its_reading_again(tmp_path, size):
    """Q typed after a solved d1, then taken out: "cannot read yet: I don't know the name 'Q'"
    stayed under the ✓ of the answer the box held again."""
    app = make_app(tmp_path, open_part="1a")
    async with app.run_test(size=size) as pilot:
        b = box(app, "1a.value")
        b.query_one(Input).focus()
        preview = b.query_one(".box-preview")
        await pilot.press(*"d1", "enter")
        await wait_for(pilot, lambda: app.state.box("1a.value").status == "correct")
        assert text_of(preview) == "read as: d₁"
        await pilot.press("Q")
        await wait_for(pilot, lambda: "cannot read yet" in text_of(preview))
        await pilot.press("backspace")
        await wait_for(pilot, lambda: text_of(preview) == "read as: d₁")
        assert "-unreadable" not in preview.classes


@ui_test
async def test_a_working_back_to_its_judged_text_shows_its_lines_read_again(tmp_path):
    from test_ui_reasoning import make_app as make_reasoning_app
    from textual.widgets import TextArea

    from tutor.ui.widgets.derivationbox import DerivationBox

    app = make_reasoning_app(tmp_path, open_part="7b")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        d = app.screen.query_one(DerivationBox)
        d.focus_input()
        area = d.query_one(TextArea)
        preview = d.query_one(".box-preview")
        await pilot.press(*"3x + 4 = 10", "enter", *"3x = 6", "enter", *"x = 2", "ctrl+s")
        await wait_for(pilot, lambda: app.state.box("7b.derive").status == "correct")
        judged = "read as:\n   1  3·x + 4 = 10\n   2  3·x = 6\n   3  x = 2"
        await wait_for(pilot, lambda: text_of(preview) == judged)
        # the note that the box above is still open goes once it is solved
        verdict = d.query_one(".box-verdict")
        assert "Still open above: x =" in text_of(verdict)
        d.focus_input()
        await pilot.press("enter", "Q")
        await wait_for(pilot, lambda: "?  4  I don't know the name 'Q'" in text_of(preview))
        await pilot.press("backspace", "backspace")
        assert area.text == "3x + 4 = 10\n3x = 6\nx = 2"
        await wait_for(pilot, lambda: text_of(preview) == judged)
        value = next(b for b in app.screen.query(AnswerBox) if b.box_id == "7b.value")
        value.query_one(Input).focus()
        await pilot.press("2", "enter")
        await wait_for(pilot, lambda: app.state.box("7b.value").status == "correct")
        await wait_for(pilot, lambda: "Still open above" not in text_of(verdict))
        await pilot.press("ctrl+q")
    again = make_reasoning_app(tmp_path, open_part="7b")
    async with again.run_test(size=(80, 24)) as pilot:
        d = again.screen.query_one(DerivationBox)
        preview = d.query_one(".box-preview")
        await wait_for(pilot, lambda: text_of(preview) == judged)
        # laid out whole: every line under "read as:", not that line alone
        await wait_for(pilot, lambda: preview.size.height == 4)


@ui_test
async def test_a_long_choice_read_is_shown_whole_at_80x24(tmp_path):
    """A choice read was cut in its middle at 80 columns: "(c) Training l … (55 characters)
    … dth", which did not say which choice it was."""
    from shipped_content import handout

    from tutor.ui.app import TutorApp
    from tutor.ui.checking import InProcessChecker

    app = TutorApp(
        handout(), tmp_path, checker=InProcessChecker(), warm_up=False, preview_delay=0.05,
        open_part="2",
    )  # fmt: skip
    async with app.run_test(size=(80, 24)) as pilot:
        b = await _wait_box(pilot, app, "2.coord_check")
        b.query_one(Input).focus()
        preview = b.query_one(".box-preview")
        await pilot.press("d")
        await wait_for(pilot, lambda: text_of(preview).startswith("read as: (d)"))
        shown = " ".join(text_of(preview).split())
        assert "characters)" not in shown
        assert shown.endswith("under μP they stay flat"), shown
        await pilot.pause()
        assert preview.size.height >= 2  # wrapped, whole


async def _wait_box(pilot, app, box_id):
    await wait_for(pilot, lambda: any(b.box_id == box_id for b in app.screen.query(AnswerBox)))
    return box(app, box_id)
