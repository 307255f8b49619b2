"""A practice variant says "that is the handout's value" only to a student who solved that
handout box or saw its solution (trial s7 §1.1): to anyone else, the handout's key typed in a
variant is answered as any wrong answer is, on screen, in the log and in the exported trace;
the verdict stays incorrect."""

from __future__ import annotations

import pytest
from shipped_content import handout
from ui_helpers import answer, events, handout_app, palette_offers, ui_test, verdict_body, wait_for

from tutor.checking.judge import check
from tutor.sessions.logreader import read_session
from tutor.sessions.markdown import to_markdown
from tutor.sessions.trace import build_trace
from tutor.ui.screens.part import PartScreen

SIZE = (110, 40)
CONTENT = handout()


make_app = handout_app


async def practise(pilot, app) -> None:
    await pilot.press("ctrl+p")
    await pilot.press(*"Practice: another variant")
    await wait_for(pilot, lambda: palette_offers(app, "Practice: another variant"))
    await pilot.press("enter")
    await wait_for(pilot, lambda: app.state.variant(app.screen.part_id) is not None)


@pytest.mark.slow
@ui_test
async def test_an_unsolved_handout_box_is_not_confirmed_from_a_variant(tmp_path):
    app = make_app(tmp_path, open_part="5a")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PartScreen))
        await practise(pilot, app)
        v = app.state.variant("5a")
        plain = check(v.boxes["5a.fwd"], "20")  # what any wrong count gets here
        assert plain.note == "incorrect"
        said = await answer(pilot, app, "5a.fwd", "20")  # the handout's key
        assert said.startswith("✗")
        body = verdict_body(app, "5a.fwd")
        assert "handout" not in body and plain.feedback in body
        other = await answer(pilot, app, "5a.fwd", "21")  # another wrong count: the same words
        assert other.startswith("✗") and "handout" not in verdict_body(app, "5a.fwd")
        assert app.state.box("5a.fwd").status == "untried"
    logged = [a for a in events(tmp_path, "attempt") if a["box"] == "5a.fwd"]
    assert [a["verdict"] for a in logged] == ["incorrect", "incorrect"]
    assert all("handout" not in a["feedback"] for a in logged)
    # the student's exported trace says what the tutor said: no handout's value either
    log = next(tmp_path.glob("*.jsonl"))
    assert "handout's value" not in to_markdown(build_trace(read_session(log)))


@pytest.mark.slow
@ui_test
async def test_after_solving_the_handout_box_the_remark_is_given_alone(tmp_path):
    app = make_app(tmp_path, open_part="5c")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PartScreen))
        key = CONTENT.boxes["5c.loaddisk"].answer
        assert (await answer(pilot, app, "5c.loaddisk", f"{key} ns")).startswith("✓")
        await practise(pilot, app)
        v = app.state.variant("5c")
        said = await answer(pilot, app, "5c.loaddisk", f"{key} ns")
        assert not said.startswith("✓")  # short of this variant's limit: partial at best
        body = verdict_body(app, "5c.loaddisk")
        assert "That is the handout's value" in body and v.describe() in body
        assert "fwd operations" not in body  # no second diagnosis after it


def test_the_handout_key_is_earned_by_solving_the_box_or_seeing_its_solution(tmp_path):
    from tutor.sessions.log import SessionLog
    from tutor.ui.state import TutorState

    state = TutorState(CONTENT, SessionLog.start(tmp_path, "h"))
    state.new_variant("5a")
    assert state.handout_remark_for("5a.fwd") is None  # nothing done in the handout
    state.show_variant("5a", None)
    state.reveal_solution("5a", asked=True)  # seen in the handout: earned
    state.new_variant("5a")
    assert state.handout_remark_for("5a.fwd") is not None
    state.new_variant("5b")
    assert state.handout_remark_for("5b.loadmem") is None  # 5b: neither solved nor seen
    state.show_variant("5a", None)
    assert state.handout_remark_for("5a.fwd") is None  # the handout itself: no remark
