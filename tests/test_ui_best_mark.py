"""Trial tui2 F10: a box's mark is the best verdict so far; when the latest answer's verdict is
another (◐ over "✗ Not right yet."), the mark's line says it is the best so far."""

from __future__ import annotations

from ui_helpers import answer, box, make_app, text_of, ui_test, wait_for

from tutor.ui.screens.part import PartScreen


def prompt_line(app, box_id: str) -> str:
    return text_of(box(app, box_id).query_one(".box-prompt"))


@ui_test
async def test_the_mark_says_best_so_far_when_the_latest_verdict_is_worse(tmp_path):
    app = make_app(tmp_path / "logs", open_part="1a")
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PartScreen))
        await pilot.pause()
        await answer(pilot, app, "1a.value", "2*d1")  # partial
        assert prompt_line(app, "1a.value").startswith("◐")
        assert "best so far" not in prompt_line(app, "1a.value")  # it is the latest's too
        await answer(pilot, app, "1a.value", "d1^3")  # incorrect: the mark stays ◐
        line = prompt_line(app, "1a.value")
        assert line.startswith("◐") and "(◐ your best so far)" in line, line
        await answer(pilot, app, "1a.value", "d1")  # correct: the mark is the latest again
        line = prompt_line(app, "1a.value")
        assert line.startswith("✓") and "best so far" not in line, line
