"""Shared helpers for the UI tests: a small stable content set, an app factory, log readers."""

from __future__ import annotations

import functools
import json
import time
from pathlib import Path

from tutor.content.loader import load_content
from tutor.content.model import Content
from tutor.ui.app import TutorApp
from tutor.ui.checking import InProcessChecker

UI_CONTENT = Path(__file__).parent / "ui_content"


@functools.cache
def ui_content() -> Content:
    """The test content, loaded once per test process (no test changes it; see
    ``tests/shipped_content.py``)."""
    return load_content(UI_CONTENT)


def make_app(log_dir: Path, *, content: Content | None = None, **kwargs) -> TutorApp:
    """The tutor on the test content (or ``content``), checking in-process (no sympy warm-up
    thread)."""
    kwargs.setdefault("checker", InProcessChecker())
    kwargs.setdefault("warm_up", False)
    kwargs.setdefault("preview_delay", 0.05)
    return TutorApp(content or ui_content(), log_dir, **kwargs)


def handout_app(log_dir: Path, **kwargs) -> TutorApp:
    """``make_app`` on the shipped content's handout."""
    from shipped_content import handout

    return make_app(log_dir, content=handout(), **kwargs)


def events(log_dir: Path, kind: str | None = None) -> list[dict]:
    """Every event written to the session logs in ``log_dir`` (optionally of one kind)."""
    out = []
    for path in sorted(log_dir.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                if kind is None or record.get("event") == kind:
                    out.append(record)
    return out


async def wait_for(pilot, condition, timeout: float = 30.0) -> None:
    """Let the app run until ``condition()`` holds (checks run in threads; a worker process
    may take long to start on a loaded machine: the bound only matters when it never holds)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        await pilot.pause(0.005)


async def settle(pilot, app) -> None:
    """Let the app finish what it has started: every worker done (a preview, a check), what
    they handed back handled, and any scroll or animation over. A test that asserts something
    did NOT happen waits for this, a condition, rather than for a fixed pause."""
    await app.workers.wait_for_complete()
    await pilot.wait_for_scheduled_animations()


def palette_offers(app, words: str) -> bool:
    """The command palette is open and its search has highlighted a command with ``words``."""
    from textual.command import CommandList

    lists = app.screen.query(CommandList)
    if not lists or lists.first().highlighted is None:
        return False
    found = lists.first()
    return words in str(found.get_option_at_index(found.highlighted).prompt)


async def wait_for_cursor(pilot, tree, data: tuple[str, str]) -> None:
    """Let the app run until the outline's cursor is on the node holding ``data``: the index
    places its cursor after a refresh, which a loaded machine may delay."""
    try:
        await wait_for(
            pilot, lambda: tree.cursor_node is not None and tree.cursor_node.data == data
        )
    except AssertionError:
        on = tree.cursor_node.data if tree.cursor_node is not None else None
        raise AssertionError(f"the outline's cursor is on {on}, not {data}") from None


def text_of(widget) -> str:
    return str(widget.render())


def ui_test(fn):
    """Run an ``async def`` test with ``asyncio.run`` (no pytest-asyncio needed)."""
    import asyncio

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return asyncio.run(fn(*args, **kwargs))

    return wrapper


def box(app, box_id: str):
    """The answer box ``box_id`` on the current screen."""
    from tutor.ui.widgets.answerbox import AnswerBox

    return next(b for b in app.screen.query(AnswerBox) if b.box_id == box_id)


def verdict_head(app, box_id: str) -> str:
    return text_of(box(app, box_id).query_one(".box-verdict-head"))


def verdict_body(app, box_id: str) -> str:
    return text_of(box(app, box_id).query_one(".box-verdict"))


async def paste(pilot, app, box_id: str, text: str):
    """Paste ``text`` into an empty box, as a student pastes from a chat or a PDF; the box."""
    from textual import events
    from textual.widgets import Input

    b = box(app, box_id)
    field = b.query_one(Input)
    field.focus()
    field.value = ""
    field.post_message(events.Paste(text))
    await wait_for(pilot, lambda: field.value == text)
    return b


async def answer(pilot, app, box_id: str, text: str) -> str:
    """Paste ``text`` into an empty box (as a student pastes from a chat or a PDF), press Enter
    and wait for the verdict; its heading. Tests of typing itself press the keys one by one."""
    b = await paste(pilot, app, box_id, text)
    log = app.session_log
    logged = log.events_written + log.unsaved
    solved = app.state.current_box(box_id).status == "correct"  # then shown, not recorded
    await pilot.press("enter")
    head = b.query_one(".box-verdict-head")
    # the verdict on screen, and (on a loaded machine it comes a little later) in the log
    await wait_for(
        pilot,
        lambda: (
            not b.checking
            and head.display
            and (solved or log.events_written + log.unsaved > logged)
        ),
    )
    return text_of(head)
