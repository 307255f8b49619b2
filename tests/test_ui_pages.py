"""Review, --fresh / --restore and the palette's screenshot (issue 15)."""

from __future__ import annotations

import argparse

import pytest
from textual.widgets import DataTable, Input
from ui_helpers import UI_CONTENT, make_app, text_of, ui_test, wait_for

from tutor.ui.screens.review import ReviewScreen
from tutor.ui.widgets.answerbox import AnswerBox

SIZE = (100, 40)


async def solve_1a(pilot, app) -> None:
    box = next(b for b in app.screen.query(AnswerBox) if b.box_id == "1a.value")
    box.query_one(Input).focus()
    await pilot.press("d", "1", "enter")
    await wait_for(pilot, lambda: app.state.box("1a.value").status == "correct")


def summary(app) -> str:
    return text_of(app.screen.query_one("#summary"))


def notes(app) -> str:
    return "\n".join(n.message for n in app._notifications)


@ui_test
async def test_fresh_is_explicit_and_restore_brings_everything_back(tmp_path):
    first = make_app(tmp_path, open_part="1a")
    async with first.run_test(size=SIZE) as pilot:
        await solve_1a(pilot, first)
        await pilot.press("ctrl+q")

    fresh = make_app(tmp_path, fresh=True)
    async with fresh.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert fresh.state.box("1a.value").status == "untried"
        assert "hw3-tutor --restore" in notes(fresh)  # said at once, with the way back
        assert "1 earlier session set aside" in summary(fresh)
        await pilot.press("ctrl+q")

    again = make_app(tmp_path)  # a normal start goes on from the fresh start, and says so
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.state.box("1a.value").status == "untried"
        assert "fresh start" in summary(again) and "hw3-tutor --restore" in summary(again)
        await pilot.press("ctrl+l")  # Review lists every session and says what the index counts
        await wait_for(
            pilot, lambda: "sessions" in text_of(again.screen.query_one("#review-summary"))
        )
        text = text_of(again.screen.query_one("#review-summary"))
        assert "3 sessions" in text and "index counts the 2 sessions since your fresh start" in text
        await pilot.press("ctrl+q")

    restored = make_app(tmp_path, restore=True)
    async with restored.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert restored.state.box("1a.value").status == "correct"
        assert "all 4 sessions" in notes(restored)
        assert "set aside" not in summary(restored)
        await pilot.press("ctrl+q")

    after = make_app(tmp_path)  # and a restore lasts
    async with after.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert after.state.box("1a.value").status == "correct"
        assert "set aside" not in summary(after)
    assert len(list(tmp_path.glob("*.jsonl"))) == 5  # nothing deleted, ever


def test_fresh_and_restore_together_is_a_usage_error(tmp_path):
    from tutor.errors import UsageError
    from tutor.ui.app import run_app

    args = argparse.Namespace(
        open=None, fresh=True, restore=True, content=str(UI_CONTENT), log_dir=str(tmp_path)
    )
    with pytest.raises(UsageError, match="--fresh and --restore"):
        run_app(args)


def test_the_command_line_knows_restore():
    from tutor.cli.entry import build_parser

    assert build_parser().parse_args(["--restore"]).restore is True


@ui_test
async def test_review_names_the_running_session_and_opens_at_its_header(tmp_path):
    app = make_app(tmp_path, open_part="1a")
    async with app.run_test(size=(80, 14)) as pilot:
        await solve_1a(pilot, app)
        await pilot.press("ctrl+l")
        latest = app.screen.query_one("#review-latest")
        await wait_for(pilot, lambda: "Session" in text_of(latest))
        assert "this session, still running" in text_of(latest)
        assert "not closed normally" not in text_of(latest)
        body = app.screen.query_one("#review-body")
        assert app.focused is body  # the page has the keys, not the table
        await pilot.pause()
        assert body.scroll_y == 0  # opens at its header
        await pilot.press("end")
        await wait_for(pilot, lambda: body.scroll_y > 0)
        await pilot.press("home")
        await wait_for(pilot, lambda: body.scroll_y == 0)
        await pilot.press("pagedown")
        await wait_for(pilot, lambda: body.scroll_y > 0)
        await pilot.press("pageup")
        await wait_for(pilot, lambda: body.scroll_y == 0)
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.query_one(DataTable).row_count == 1


@ui_test
async def test_the_palettes_screenshot_works_on_a_fresh_account_and_says_where(
    tmp_path, monkeypatch
):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))  # no ~/Downloads here
    monkeypatch.delenv("XDG_DOWNLOAD_DIR", raising=False)
    logs = tmp_path / "data" / "sessions"
    app = make_app(logs)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"screenshot")
        from textual.command import CommandList

        def found() -> bool:
            lists = app.screen.query(CommandList)
            return bool(lists) and lists.first().highlighted is not None

        await wait_for(pilot, found)
        await pilot.press("enter")
        folder = tmp_path / "data" / "screenshots"
        await wait_for(pilot, lambda: folder.is_dir() and any(folder.glob("*.svg")))
        (shot,) = folder.glob("*.svg")
        await wait_for(pilot, lambda: f"Saved to {shot}" in notes(app))
        assert "<svg" in shot.read_text(encoding="utf-8")[:2000]


@ui_test
async def test_quitting_as_the_index_shows_its_summary_is_no_crash(tmp_path):
    """The problem summary under the outline is mounted by a timer shortly after start: when
    the tutor quits just then, the timer finds its screen gone (that raised MountError)."""
    from tutor.ui.screens.index import IndexScreen

    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, IndexScreen))
        index = app.screen
        await pilot.press("ctrl+q")
    assert not index.is_attached
    index._mount_detail()  # the timer, late: nothing is mounted, nothing raised


@ui_test
async def test_the_history_read_after_its_screen_was_closed_is_dropped_quietly(tmp_path):
    """A large log folder takes a while to read: closing the review before it is read must
    not take the tutor down when the reading comes back."""

    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen))
        review = app.screen
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, ReviewScreen))
        review._show(None, None)  # what the reading thread calls when it is done
        await pilot.pause()
        assert app.is_running and app._exception is None


@ui_test
async def test_review_heading_says_which_session_it_shows(tmp_path):
    """With a new session that has no answers yet, "Latest session" headed the first one."""
    app = make_app(tmp_path, open_part="1a")
    async with app.run_test(size=(80, 24)) as pilot:
        await solve_1a(pilot, app)
        await pilot.press("ctrl+l")
        title = app.screen.query_one("#review-latest-title")
        await wait_for(pilot, lambda: "Session" in text_of(app.screen.query_one("#review-latest")))
        assert text_of(title) == "This session (still running)"
        first = app.session_log.path

    app = make_app(tmp_path)  # the next session: nothing done in it yet
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+l")
        latest = app.screen.query_one("#review-latest")
        await wait_for(pilot, lambda: "Session" in text_of(latest))
        heading = text_of(app.screen.query_one("#review-latest-title"))
        assert heading == "Your only session with work in it (nothing done in this one yet)"
        assert "still running" not in text_of(latest)  # the first session's timeline
        assert app.session_log.path != first
