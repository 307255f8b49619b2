"""Nothing on screen gives an answer away before it is earned: a box's placeholder says what
to type, never the shape of an answer (issue 15)."""

from __future__ import annotations

import pytest
from shipped_content import handout
from textual.widgets import Input, TextArea
from ui_helpers import make_app, ui_test, wait_for

from tutor.checking.judge import check
from tutor.ui.widgets.answerbox import AnswerBox

CONTENT = handout()


async def placeholders(tmp_path, part_id: str) -> dict[str, str]:
    app = make_app(tmp_path, open_part=part_id)
    app.content = CONTENT
    app.state = type(app.state).restore(CONTENT, app.session_log, None)
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_for(pilot, lambda: bool(app.screen.query(AnswerBox)))
        shown = {}
        for b in app.screen.query(AnswerBox):
            fields = list(b.query(Input)) + list(b.query(TextArea))  # a derivation's lines
            if fields:  # a proof box has no field to type in: its blocks are its content
                shown[b.box_id] = str(fields[0].placeholder)
        return shown


@pytest.mark.parametrize("part_id", [p.id for p in CONTENT.parts() if p.boxes])
@ui_test
async def test_no_placeholder_could_pass_for_an_answer(tmp_path, part_id):
    for box_id, text in (await placeholders(tmp_path, part_id)).items():
        assert check(CONTENT.boxes[box_id], text).verdict == "invalid", (box_id, text)


@ui_test
async def test_placeholders_claim_nothing_about_the_answer(tmp_path):
    shown = await placeholders(tmp_path, "4a")
    assert "expectation" not in shown["4a.g"].lower()  # g(x) is not an expectation
    shown = await placeholders(tmp_path, "4b")
    assert "E_" not in shown["4b.F"] and "e.g." not in shown["4b.F"]  # nor its shape
    shown = await placeholders(tmp_path, "3b")
    assert "d2" not in shown["3b.sp"]  # names that 3b does not use
