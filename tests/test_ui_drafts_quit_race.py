"""Typing and quitting at once: what the box holds is in drafts.json when the tutor has
exited, however fast the quit follows the last key (drafts are otherwise saved after a
pause), whether the quit is Ctrl+Q, the palette's Quit or a hang-up."""

from __future__ import annotations

from textual import events as key_events
from textual.widgets import Input
from ui_helpers import box, make_app, ui_test, wait_for

from tutor.sessions.drafts import EXPLANATION, read_drafts
from tutor.sessions.logformat import HANDOUT_KEY


def burst(app, keys: str, *then: str) -> None:
    """Send every key to the app at once, as a terminal delivers a fast typist's keys and the
    quit that follows them in one read: nothing waits for the app between two keys."""
    driver = app._driver
    for key in [*keys, *then]:
        char = key if len(key) == 1 else None
        event = key_events.Key(key, char)
        event.set_sender(app)
        driver.send_message(event)


@ui_test
async def test_keys_typed_and_ctrl_q_at_once_are_in_drafts_json(tmp_path):
    logs = tmp_path / "logs"
    app = make_app(logs, open_part="1a", drafts_delay=30.0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await wait_for(pilot, lambda: bool(app.screen.query(Input)))
        box(app, "1a.value").query_one(Input).focus()
        await wait_for(pilot, lambda: isinstance(app.focused, Input))
        burst(app, "d1d2x", "ctrl+q")
        await wait_for(pilot, lambda: app._exit)
    assert read_drafts(logs) == ({(HANDOUT_KEY, "1a.value"): "d1d2x"}, [])


@ui_test
async def test_an_explanation_typed_and_ctrl_q_at_once_is_in_drafts_json(tmp_path):
    logs = tmp_path / "logs"
    app = make_app(logs, open_part="1c", drafts_delay=30.0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await wait_for(pilot, lambda: bool(app.screen.query("#explanation")))
        app.screen.query_one("#explanation").focus()
        await wait_for(pilot, lambda: app.focused is app.screen.query_one("#explanation"))
        burst(app, "the rms", "ctrl+q")
        await wait_for(pilot, lambda: app._exit)
    assert read_drafts(logs) == ({(EXPLANATION, "1c"): "the rms"}, [])


@ui_test
async def test_the_palettes_quit_keeps_what_was_typed_a_moment_before(tmp_path):
    from ui_helpers import palette_offers

    logs = tmp_path / "logs"
    app = make_app(logs, open_part="1a", drafts_delay=30.0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await wait_for(pilot, lambda: bool(app.screen.query(Input)))
        box(app, "1a.value").query_one(Input).focus()
        await pilot.press(*"d1/3")
        assert read_drafts(logs) == ({}, [])  # the pause's save is far off
        await pilot.press("ctrl+p", *"Quit")
        await wait_for(pilot, lambda: palette_offers(app, "Quit"))
        await pilot.press("enter")
        await wait_for(pilot, lambda: app._exit)
    assert read_drafts(logs) == ({(HANDOUT_KEY, "1a.value"): "d1/3"}, [])


@ui_test
async def test_a_hang_up_right_after_typing_keeps_what_the_box_holds(tmp_path):
    import os
    import signal

    logs = tmp_path / "logs"
    app = make_app(logs, open_part="1a", drafts_delay=30.0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await wait_for(pilot, lambda: bool(app.screen.query(Input)))
        field = box(app, "1a.value").query_one(Input)
        field.focus()
        await wait_for(pilot, lambda: app.focused is field)
        burst(app, "d2/5")
        await wait_for(pilot, lambda: field.value == "d2/5")
        os.kill(os.getpid(), signal.SIGHUP)  # the window closed: no pause, no key
        await wait_for(pilot, lambda: app.return_code is not None)
    assert read_drafts(logs) == ({(HANDOUT_KEY, "1a.value"): "d2/5"}, [])


@ui_test
async def test_a_hang_up_keeps_the_keys_read_but_not_yet_handled(tmp_path):
    """Trial tui3 T1 (the last keys lost): the hang-up came while keys the tutor had read
    still waited in its queue. They reach their box first (a moment at most), then are kept."""
    import os
    import signal

    logs = tmp_path / "logs"
    app = make_app(logs, open_part="1a", drafts_delay=30.0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await wait_for(pilot, lambda: bool(app.screen.query(Input)))
        field = box(app, "1a.value").query_one(Input)
        field.focus()
        await wait_for(pilot, lambda: app.focused is field)
        burst(app, "d2/5 + d1")
        os.kill(os.getpid(), signal.SIGHUP)  # before the app has handled any of them
        await wait_for(pilot, lambda: app.return_code is not None)
    assert app.return_code == 128 + signal.SIGHUP
    assert read_drafts(logs) == ({(HANDOUT_KEY, "1a.value"): "d2/5 + d1"}, [])
