"""An Enter pressed while a check is running is never dropped (Pilot): the answer is checked
next, and the student is told so at once."""

from __future__ import annotations

import threading

from textual.widgets import Input
from ui_helpers import events, make_app, text_of, ui_test, wait_for

from tutor.ui.checking import InProcessChecker
from tutor.ui.widgets.answerbox import AnswerBox


class GatedChecker(InProcessChecker):
    """Checks only when the test lets it (a slow check, made deterministic)."""

    def __init__(self) -> None:
        self.gate = threading.Event()
        self.calls: list[str] = []

    def check(self, box, answer):
        self.calls.append(answer)
        self.gate.wait(30)
        return super().check(box, answer)


@ui_test
async def test_enter_during_a_check_is_queued_and_said(tmp_path):
    checker = GatedChecker()
    app = make_app(tmp_path, open_part="1a", checker=checker)
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await pilot.pause()
        box = next(b for b in app.screen.query(AnswerBox) if b.box_id == "1a.value")
        field = box.query_one(Input)
        field.focus()
        await pilot.press(*"d2", "enter")
        await wait_for(pilot, lambda: box.checking and checker.calls == ["d2"])
        # a moment later (keys typed right behind the Enter wait for its verdict: T5)
        await wait_for(pilot, lambda: app._held_for is None)
        await pilot.press("enter")  # the same answer again: said, not checked twice
        field.value = ""
        await pilot.press(*"d1", "enter")  # another answer while the first is checked
        messages = [n.message for n in app._notifications]
        assert "Still checking this answer…" in messages
        assert "Still checking your previous answer; this one is checked next." in messages
        checker.gate.set()
        await wait_for(pilot, lambda: len(events(tmp_path, "attempt")) == 2 and not box.checking)
        assert [e["raw"] for e in events(tmp_path, "attempt")] == ["d2", "d1"]
        assert checker.calls == ["d2", "d1"]
        assert text_of(box.query_one(".box-verdict-head")).startswith("✓ Correct")
