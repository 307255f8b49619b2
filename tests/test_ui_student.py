"""The tutor asks for the student id once (skippable) and writes it into the session log; a
resume after the answer key changed shows today's verdicts and says the key changed."""

from __future__ import annotations

import pytest
from textual.widgets import Input
from ui_helpers import events, make_app, text_of, ui_test, wait_for

from tutor.sessions.identity import load_student_config, resolve_identity
from tutor.sessions.log import SessionLog

SIZE = (100, 32)


@pytest.fixture(autouse=True)
def _dirs(tmp_path, monkeypatch):
    monkeypatch.setenv("HW3_TUTOR_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("HW3_TUTOR_CACHE_DIR", str(tmp_path / "cache"))


def screen_name(app) -> str:
    return type(app.screen).__name__


@ui_test
async def test_the_first_start_asks_for_the_id_and_logs_it(tmp_path):
    logs = tmp_path / "logs"
    app = make_app(logs, ask_student=True, open_part="1a")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: screen_name(app) == "StudentIdScreen")
        assert not list(logs.glob("*.jsonl"))  # nothing is logged while the question is open
        await pilot.press(*"nina y", "enter")  # letters typed go into the box, even y and n
        await wait_for(
            pilot,
            lambda: "a space at position 5" in text_of(app.screen.query_one("#student-problem")),
        )
        assert screen_name(app) == "StudentIdScreen"
        await pilot.press("backspace", "backspace", "enter")
        await wait_for(pilot, lambda: screen_name(app) == "PartScreen")  # --open goes on
        assert app.student == "nina"
    assert load_student_config().id == "nina"
    (start,) = events(logs, "session_start")
    assert start["student"] == "nina"
    assert resolve_identity(None).ask is False  # never asked again


@ui_test
async def test_the_question_can_be_skipped_and_is_not_asked_again(tmp_path):
    logs = tmp_path / "logs"
    app = make_app(logs, ask_student=True)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: screen_name(app) == "StudentIdScreen")
        assert isinstance(app.focused, Input)
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(app) == "IndexScreen")
    assert load_student_config().skipped
    (start,) = events(logs, "session_start")
    assert "student" not in start
    assert resolve_identity(None).ask is False


@ui_test
async def test_a_known_id_is_written_without_asking(tmp_path):
    app = make_app(tmp_path / "logs", student="omar")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert screen_name(app) == "IndexScreen"
    assert events(tmp_path / "logs", "session_start")[0]["student"] == "omar"


@ui_test
async def test_a_resume_after_the_key_changed_shows_the_current_verdict(tmp_path):
    logs = tmp_path / "logs"
    log = SessionLog.start(logs, "an-older-key")
    log.attempt("1a.value", "2*d1", "correct", "correct", 1.0)  # right under the old key
    log.attempt("1b.count", "20", "correct", "correct", 1.0)
    log.end()
    app = make_app(logs)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.state.box("1a.value").status == "partial"  # never a stale ✓
        last = app.state.box("1a.value").last  # what the box shows when reopened: today's
        assert (last.verdict, last.note) == ("partial", "mistake:factor-two")
        assert "factor of two" in last.feedback
        assert app.state.box("1b.count").status == "correct"
        titles = [n.title for n in app._notifications]
        assert "The answer key changed since your last session" in titles
        note = next(n.message for n in app._notifications if n.title.startswith("The answer key"))
        assert "1a.value: correct → partly right" in note


@ui_test
async def test_the_question_with_its_error_fits_under_the_header_at_80x24(tmp_path):
    app = make_app(tmp_path / "logs", ask_student=True, open_part="1a")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: screen_name(app) == "StudentIdScreen")
        await pilot.press(*"nina y", "enter")
        problem = app.screen.query_one("#student-problem")
        await wait_for(pilot, lambda: "a space at position 5" in text_of(problem))
        await pilot.pause()
        dialog = app.screen.query_one("#dialog").region
        # clear of the header's row and the screen's edges, with a row to spare each side
        assert dialog.y >= 2 and dialog.bottom <= 22, dialog
        for part in ("#question", "#student-id", "#student-problem", "#yes", "#no"):
            region = app.screen.query_one(part).region
            assert dialog.contains_region(region) and region.height > 0, (part, region)
