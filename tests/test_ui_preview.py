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
