"""Trial tui3 T9: 1a's plot 2/2 stayed "held back until you solve 1b" with 1b's value, Θ and
c boxes solved and only its working not: a plot holds a part back for the boxes whose answers
it can state (not a proof's order, not a working), and names those still missing."""

from __future__ import annotations

from ui_helpers import answer, handout_app, ui_test, wait_for

from tutor.plots import registry as plots
from tutor.ui.screens.part import PartScreen


@ui_test
async def test_a_part_whose_value_boxes_are_solved_is_not_held_back_for_its_working(tmp_path):
    app = handout_app(tmp_path, open_part="1b")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PartScreen) and app.screen.ready)
        spec = plots.get("d2-independence")
        for box_id in ("1b.value", "1b.scaling"):
            key = app.state.current_spec(box_id).answer
            assert (await answer(pilot, app, box_id, key)).startswith("✓")
        _, _, back = app.screen._plot_setting()
        assert "1b" in back.parts
        note = back.note(("1b",), spec)
        assert "until you solve the box “c” in 1b or see 1b's solution" in note, note
        assert "E[RMS²(y′)]" not in note  # solved: not named
        key = app.state.current_spec("1b.constant").answer
        assert (await answer(pilot, app, "1b.constant", key)).startswith("✓")
        assert app.state.current_box("1b.derive").status != "correct"
        _, _, back = app.screen._plot_setting()
        assert back is None or "1b" not in back.parts
        assert back is None or "1b" not in spec.held(spec.defaults(), back)
