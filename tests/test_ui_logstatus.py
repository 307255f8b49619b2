"""No silent data loss in the tutor (Pilot): a failing disk or a deleted log directory is said
on the screen the student is on when it happens, what was not saved is kept and written
again, what could not be saved is said at exit; and resume says what it skipped."""

from __future__ import annotations

import errno
import shutil

from textual.widgets._toast import Toast
from ui_helpers import answer, events, make_app, text_of, ui_test, wait_for

import tutor.sessions.log as sessionlog
import tutor.ui.logstatus as logstatus

SIZE = (100, 40)


def toasts(app) -> str:
    """The notifications shown on the current screen."""
    return "\n".join(text_of(t) for t in app.screen.query(Toast))


def full_disk(fd, data):
    raise OSError(errno.ENOSPC, "No space left on device")


def said(app, text: str) -> int:
    """How many notifications so far said ``text``."""
    return sum(text in n.message for n in app._notifications)


@ui_test
async def test_a_full_disk_is_said_on_the_current_screen_and_nothing_is_lost(tmp_path, monkeypatch):
    from tutor.ui.screens.index import IndexScreen
    from tutor.ui.screens.part import PartScreen

    monkeypatch.setattr(logstatus, "RETRY_SECONDS", 0.2)
    app = make_app(tmp_path, open_part="1a")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        monkeypatch.setattr(sessionlog, "_write_all", full_disk)
        await answer(pilot, app, "1a.value", "d1")
        # the verdict is shown, and so is the failure, on the part screen, at once
        assert isinstance(app.screen, PartScreen)
        await wait_for(pilot, lambda: "disk is full" in toasts(app))
        assert "1 unsaved event is kept" in toasts(app)
        kept = app.session_log.unsaved  # the attempt, and the solution it unlocked
        assert kept == 2 and not events(tmp_path, "attempt")
        monkeypatch.setattr(sessionlog, "_write_all", sessionlog.os.write)
        # space again: the retry writes everything kept, in order, and says so
        await wait_for(pilot, lambda: app.session_log.unsaved == 0)
        await wait_for(pilot, lambda: "Saving again" in toasts(app))
        assert [e["event"] for e in events(tmp_path)][-2:] == ["attempt", "solution"]
        # on another screen, the next failure is said there
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, IndexScreen))
        monkeypatch.setattr(sessionlog, "_write_all", full_disk)
        app.open_plot("remat-schedule")
        await wait_for(pilot, lambda: said(app, "disk is full") == 2)
        assert "disk is full" in toasts(app)
        monkeypatch.setattr(sessionlog, "_write_all", sessionlog.os.write)
        await wait_for(pilot, lambda: app.session_log.unsaved == 0)
    kinds = [e["event"] for e in events(tmp_path)]
    assert kinds[-4:] == ["attempt", "solution", "plot_viewed", "session_end"]
    assert [e["seq"] for e in events(tmp_path)] == list(range(1, len(kinds) + 1))
    assert logstatus.lost_report(app.session_log) == ""


@ui_test
async def test_what_could_not_be_saved_is_said_when_the_tutor_exits(tmp_path, monkeypatch):
    app = make_app(tmp_path, open_part="1a")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        monkeypatch.setattr(sessionlog, "_write_all", full_disk)
        await answer(pilot, app, "1a.value", "d2")
        await pilot.press("ctrl+q")
    report = logstatus.lost_report(app.session_log)
    assert report.startswith("hw3-tutor: 2 events of this session could not be saved")
    assert "the disk is full" in report and "the answers to 1a.value are among them" in report


@ui_test
async def test_a_deleted_log_directory_is_noticed_and_written_again(tmp_path):
    log_dir = tmp_path / "logs"
    app = make_app(log_dir, open_part="1a")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        shutil.rmtree(log_dir)
        await answer(pilot, app, "1a.value", "d1")
        await wait_for(pilot, lambda: "was deleted while the tutor was running" in toasts(app))
        assert app.session_log.unsaved == 0
    kinds = [e["event"] for e in events(log_dir)]
    assert kinds[0] == "session_start" and "attempt" in kinds and kinds[-1] == "session_end"


@ui_test
async def test_resume_says_on_screen_what_it_could_not_read(tmp_path):
    good = sessionlog.SessionLog.start(tmp_path, "h")
    good.part_opened("1a")
    good.end()
    (tmp_path / "20200101T000000.000Z-[b]0[@click=app.quit].jsonl").write_bytes(
        b"[" * 100_000 + b"\n"
    )
    (tmp_path / "20200101T000001.000Z-11111111.jsonl").write_text(
        '{"seq": 1, "event": "attempt", "box": "1a.value", "verdict": ["correct"]}\n'
    )
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for(pilot, lambda: "could not be read in full" in toasts(app))
        assert "corrupt line skipped" in toasts(app) and "more)" in toasts(app)
        assert "[b]0[@click=app.quit].jsonl" in toasts(app)  # a file name is text, not markup
        assert app.state.last_part == "1a"  # what could be read was restored


@ui_test
async def test_the_review_screen_shows_ids_from_a_log_as_text(tmp_path):
    from textual.widgets import DataTable

    (tmp_path / "20200101T000000.000Z-00000000.jsonl").write_text(
        '{"seq": 1, "event": "session_start"}\n'
        '{"seq": 2, "s": 1.0, "event": "attempt", "box": "1a.[/]x", "raw": "[b]",'
        ' "verdict": "incorrect", "note": "mistake:[/bold]"}\n'
    )
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+l")
        table = app.screen.query_one("#review-boxes", DataTable)
        await wait_for(pilot, lambda: table.row_count > 0)
        await pilot.pause()
        row = table.get_row_at(0)
        # the notes are plain text (they wrap), never read as markup
        assert row[0] == "1a.\\[/]x" and str(row[-1]) == "[/bold]×1"
        assert "1a.[/]x" in text_of(app.screen.query_one("#review-latest"))
