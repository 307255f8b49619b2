"""A tutor session (Textual Pilot) that types and pastes the answers that once froze the tutor.

Run as a script by ``test_preview_bounded.py``, in a process of its own with a time limit, so
that a tutor that freezes fails the test instead of hanging the test run. It uses the real
checker (the time-bounded worker processes), enters a 128-character claim that made the old
claim pattern backtrack exponentially (pasted but for its last key, which is typed), pastes
40,000 characters, and then presses F1: the help screen must open. Prints "responsive" when it
did.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

CLAIM = "d1 not " + "dand" * 30 + "+"  # 128 characters
PASTE = "d1" + "." * 39_998


async def session(log_dir: Path) -> None:
    from textual import events
    from textual.widgets import Input
    from ui_helpers import make_app, text_of, wait_for

    from tutor.ui.checking import WorkerChecker
    from tutor.ui.screens.help import HelpScreen

    checker = WorkerChecker(timeout=5.0)
    app = make_app(log_dir, open_part="1a", checker=checker)
    try:
        async with app.run_test(size=(100, 40)) as pilot:
            await wait_for(pilot, lambda: bool(app.screen.query(Input)), timeout=30)
            box = app.screen.query_one(".answer-box")
            field = box.query_one(Input)
            field.focus()
            preview = box.query_one(".box-preview")
            field.post_message(events.Paste(CLAIM[:-1]))
            await wait_for(pilot, lambda: field.value == CLAIM[:-1])
            await pilot.press("end", CLAIM[-1])
            await wait_for(pilot, lambda: field.value == CLAIM)
            await wait_for(pilot, lambda: "d₁" in text_of(preview), 60)  # read at once
            field.value = ""
            field.post_message(events.Paste(PASTE))
            await wait_for(pilot, lambda: len(field.value) == len(PASTE), 30)
            await wait_for(pilot, lambda: "limited to 500" in text_of(preview), 60)
            await pilot.press("f1")
            await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), 30)
            print("responsive", flush=True)
    finally:
        checker.close()


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(session(Path(tmp)))
