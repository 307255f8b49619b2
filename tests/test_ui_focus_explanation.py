"""The last box of a part that asks for an explanation is solved: the feedback says to write
the explanation below, and the cursor goes there. It stayed in the solved box, and a paste
meant for the explanation replaced the solved answer."""

from __future__ import annotations

import pytest
from textual import events
from textual.widgets import Input, TextArea
from ui_helpers import answer, box, handout_app, ui_test, verdict_body, wait_for

from tutor.ui.screens.part import PartScreen

SIZE = (100, 32)
PARTS = {
    "2": [
        ("2.sp_optimum", "b"),
        ("2.mup_optimum", "a"),
        ("2.mup_wider", "c"),
        ("2.coord_check", "d"),
    ],
    "3a": [("3a.axes", "c"), ("3a.observation", "a")],
}


def explanation(app) -> TextArea:
    return app.screen.query_one("#explanation", TextArea)


@pytest.mark.parametrize("part_id", sorted(PARTS))
@ui_test
async def test_the_cursor_goes_to_the_explanation_once_every_box_is_solved(tmp_path, part_id):
    app = handout_app(tmp_path, open_part=part_id)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PartScreen) and app.screen.ready)
        for box_id, key in PARTS[part_id]:
            assert (await answer(pilot, app, box_id, key)).startswith("✓")
        last, key = PARTS[part_id][-1]
        await wait_for(pilot, lambda: app.focused is explanation(app))
        assert "↓ The cursor moved on to your explanation." in verdict_body(app, last)
        # a paste now goes to the explanation, never over the solved answer (sent as the
        # terminal sends it: to whatever has the cursor)
        app._driver.send_message(events.Paste("SP moves the optimum, μP keeps it"))
        await wait_for(pilot, lambda: explanation(app).text == "SP moves the optimum, μP keeps it")
        assert box(app, last).query_one(Input).value == key
        assert app.state.current_box(last).status == "correct"
