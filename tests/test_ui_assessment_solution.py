"""Saving a self-assessment never opens the worked solution of a part whose boxes are not all
solved (trial s7 §1.3): the key points were asked for, the solution was not. It opens only
when asked (logged as asked), and by itself once the part is solved (logged as not asked)."""

from __future__ import annotations

import pytest
from shipped_content import handout
from textual.widgets import Button, Static, TextArea
from ui_helpers import answer, events, handout_app, text_of, ui_test, wait_for

from tutor.ui.screens.modals import ConfirmScreen
from tutor.ui.screens.part import PartScreen

SIZE = (110, 40)
CONTENT = handout()


make_app = handout_app


async def assess(pilot, app) -> str:
    """Write an explanation, ask for the key points (confirming), tick one, save."""
    screen = app.screen
    area = screen.query_one("#explanation", TextArea)
    area.focus()
    await pilot.press(*"the noise carries the parameter")
    screen.query_one("#compare", Button).press()  # (a click misses it when scrolled away)
    await wait_for(
        pilot,
        lambda: isinstance(app.screen, ConfirmScreen) or screen.query_one("#rubric").display,
    )
    if isinstance(app.screen, ConfirmScreen):
        await pilot.press("y")
    await wait_for(pilot, lambda: screen.query_one("#rubric").display)
    await pilot.press("space")
    screen.query_one("#save-assessment").press()
    await wait_for(
        pilot, lambda: "Saved" in text_of(screen.query_one("#assessment-status", Static))
    )
    return text_of(screen.query_one("#assessment-status", Static))


@pytest.mark.slow
@ui_test
async def test_saving_a_self_assessment_does_not_open_an_unsolved_parts_solution(tmp_path):
    app = make_app(tmp_path, open_part="4e")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PartScreen))
        status = await assess(pilot, app)
        assert "opens once every box is solved" in status and "Ctrl+O" in status
        await pilot.pause()
        assert not app.screen.query_one("#solution").display
        assert not app.state.solution_seen("4e")
        assert events(tmp_path, "solution") == []
        # asked for: shown, and logged as asked
        await pilot.press("ctrl+o")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: app.screen.query_one("#solution").display)
    assert [(e["part"], e["asked"]) for e in events(tmp_path, "solution")] == [("4e", True)]
    assert len(events(tmp_path, "self_assessment")) == 1


@pytest.mark.slow
@ui_test
async def test_once_the_boxes_are_solved_saving_opens_the_solution_as_after_solving(tmp_path):
    app = make_app(tmp_path, open_part="1c")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PartScreen))
        part = CONTENT.part("1c")
        assert part.explain is not None and part.boxes
        for box_id in part.boxes:
            spec = CONTENT.boxes[box_id]
            if spec.kind in ("proof", "derivation"):
                pytest.skip("1c has a box typed other than by one answer")
            assert (await answer(pilot, app, box_id, spec.answer)).startswith("✓")
        assert not app.screen.query_one("#solution").display  # the explanation comes first
        await assess(pilot, app)
        await wait_for(pilot, lambda: app.screen.query_one("#solution").display)
    assert [(e["part"], e["asked"]) for e in events(tmp_path, "solution")] == [("1c", False)]
