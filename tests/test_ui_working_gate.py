"""A working box whose first line holds other boxes' answers (5c's: 5a's and 5b's counts;
1a's: its first box's value) is no checker for them (trial s7 §1.4): before those boxes are
solved (or their solution seen), checking the working asks first, as a proof's held-back
blocks do; a yes is logged (``pool_shown``) and not asked again, a no checks nothing."""

from __future__ import annotations

import pytest
from shipped_content import handout
from textual.widgets import TextArea
from ui_helpers import answer, events, handout_app, text_of, ui_test, wait_for

from tutor.ui.screens.modals import ConfirmScreen
from tutor.ui.screens.part import PartScreen
from tutor.ui.widgets.derivationbox import DerivationBox

SIZE = (110, 40)
CONTENT = handout()
WORKING = "20*20 + 10*10 = 10 t\nt = 40"  # line 1 right, line 2 not


make_app = handout_app


def working(app, box_id: str) -> DerivationBox:
    return next(b for b in app.screen.query(DerivationBox) if b.box_id == box_id)


async def check(pilot, app, box_id: str, text: str) -> DerivationBox:
    box = working(app, box_id)
    box.focus_input()
    box.query_one(TextArea).text = text
    await pilot.press("ctrl+s")
    return box


@pytest.mark.slow
@ui_test
async def test_5cs_working_asks_before_it_tells_whether_5a_and_5b_are_right(tmp_path):
    app = make_app(tmp_path, open_part="5c")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PartScreen))
        box = await check(pilot, app, "5c.derive", WORKING)
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        detail = text_of(app.screen.query_one("#detail"))
        assert "Your working starts from the answers of" in detail
        assert "in 5a" in detail and "in 5b" in detail
        assert "tells you whether they are right" in detail
        assert "20" not in detail and "10" not in detail  # named by prompt, never by answer
        await pilot.press("n")  # not yet: nothing checked, nothing logged
        await wait_for(pilot, lambda: not isinstance(app.screen, ConfirmScreen))
        await pilot.pause()
        assert not box.checking and text_of(box.query_one(".box-verdict")) == ""
        assert app.state.box("5c.derive").attempts == 0
        assert app.focused is box.query_one(TextArea)
        await pilot.press("ctrl+s")  # asked again
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: app.state.box("5c.derive").attempts == 1)
        await wait_for(pilot, lambda: not box.checking)
        assert "Lines: 1 ✓" in text_of(box.query_one(".box-verdict"))
        # asked once: another working is checked at once
        await check(pilot, app, "5c.derive", "45*20 + 10*10 = 10 t\nt = 100")
        await wait_for(pilot, lambda: app.state.box("5c.derive").attempts == 2)
        assert not isinstance(app.screen, ConfirmScreen)
    assert [e["box"] for e in events(tmp_path, "pool_shown")] == ["5c.derive"]
    assert [e["box"] for e in events(tmp_path, "attempt")] == ["5c.derive", "5c.derive"]


@pytest.mark.slow
@ui_test
async def test_once_5a_and_5b_are_settled_the_working_is_checked_at_once(tmp_path):
    app = make_app(tmp_path, open_part="5c")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PartScreen))
        app.state.reveal_solution("5a", asked=True)  # seen: 5a's count is no secret
        app.state.boxes["5b.loadmem"].status = "correct"  # solved
        await check(pilot, app, "5c.derive", WORKING)
        await wait_for(pilot, lambda: app.state.box("5c.derive").attempts == 1)
        assert not isinstance(app.screen, ConfirmScreen)
    assert events(tmp_path, "pool_shown") == []


@pytest.mark.slow
@ui_test
async def test_1as_working_waits_for_its_first_box(tmp_path):
    app = make_app(tmp_path, open_part="1a")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PartScreen))
        await check(pilot, app, "1a.derive", "c^2 d1 = 1\nc = 1/sqrt(d1)")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "E[RMS²(y)]" in text_of(app.screen.query_one("#detail"))
        await pilot.press("n")
        await wait_for(pilot, lambda: not isinstance(app.screen, ConfirmScreen))
        key = CONTENT.boxes["1a.value"].answer
        assert (await answer(pilot, app, "1a.value", key)).startswith("✓")
        await check(pilot, app, "1a.derive", "c^2 d1 = 1\nc = 1/sqrt(d1)")
        await wait_for(pilot, lambda: app.state.box("1a.derive").attempts == 1)
        assert not isinstance(app.screen, ConfirmScreen)
    assert events(tmp_path, "pool_shown") == []
