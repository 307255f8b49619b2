"""An unsent draft typed in a practice variant can always be reached again. F9 draws a new
seed (never one seen) and F8 leads to the handout, so a variant left with a draft in it was
out of reach, while ``handin`` told the student to open the tutor and send it. Now leaving
such a variant says the draft is kept and how to get back; the command palette offers each
variant holding a draft ("5a: practice variant seed 1 (unsent draft)"), which brings back its
numbers, its answers, hints and the draft; and ``handin`` names that entry."""

from __future__ import annotations

import re

from cli_helpers import run_cli
from textual.widgets import Input, Markdown, Static
from ui_helpers import answer, box, handout_app, palette_offers, text_of, ui_test, wait_for

from tutor.sessions.drafts import read_drafts, reopen_entry
from tutor.ui.screens.index import IndexScreen
from tutor.ui.screens.part import PartScreen

SIZE = (110, 40)
ENTRY = "5a: practice variant seed 1 (unsent draft)"


def banner(app) -> str:
    found = app.screen.query("#variant-banner")
    return text_of(found.first(Static)) if found else ""


def statement(app) -> str:
    return app.screen.query_one(".statement", Markdown).source


def field(app) -> Input:
    return box(app, "5a.fwd").query_one(Input)


def toasts(app, title: str) -> list[str]:
    return [n.message for n in app._notifications if n.title == title]


def ready(app) -> bool:
    return isinstance(app.screen, PartScreen) and app.screen.ready


async def choose_in_palette(pilot, app, words: str) -> None:
    await pilot.press("ctrl+p", *words)
    await wait_for(pilot, lambda: palette_offers(app, words))
    await pilot.press("enter")


async def leave_a_draft_in_seed_1(pilot, app) -> str:
    """Solve 5a, F9 to seed 1, send a wrong answer there, take a hint, type 33 and do not send
    it; the statement at seed 1."""
    await wait_for(pilot, lambda: ready(app))
    assert (await answer(pilot, app, "5a.fwd", "20")).startswith("✓")
    await pilot.press("f9")
    await wait_for(pilot, lambda: "seed 1" in banner(app) and ready(app))
    assert (await answer(pilot, app, "5a.fwd", "7")).startswith("✗")
    await pilot.press("ctrl+t")
    await wait_for(pilot, lambda: app.state.current_box("5a.fwd").hints == 1)
    shown = statement(app)
    field(app).value = ""
    field(app).focus()
    await pilot.press("3", "3")  # not sent
    await wait_for(pilot, lambda: app.state.current_box("5a.fwd").unsent == "33")
    return shown


async def assert_back_at_seed_1(pilot, app, shown: str) -> None:
    await wait_for(pilot, lambda: ready(app) and "seed 1" in banner(app))
    assert statement(app) == shown  # its numbers
    await wait_for(pilot, lambda: field(app).value == "33")  # the draft
    b = box(app, "5a.fwd")
    assert b.query(".box-draft")  # said to be a draft
    assert 'for your previous answer: "7"' in text_of(b.query_one(".box-verdict-head"))
    assert text_of(b.query_one(".box-hints")).strip()  # its hint, shown again
    state = app.state.current_box("5a.fwd")
    assert (state.attempts, state.hints, state.unsent) == (1, 1, "33")
    assert app.focused is field(app)  # the cursor in the draft's box


@ui_test
async def test_a_draft_left_by_f8_and_f9_is_reached_again_from_the_palette(tmp_path):
    app = handout_app(tmp_path, open_part="5a")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        shown = await leave_a_draft_in_seed_1(pilot, app)
        await pilot.press("f8")
        await wait_for(pilot, lambda: banner(app) == "" and ready(app))
        # said at once: kept, and how to get back
        said = toasts(app, "Unsent draft kept")
        assert said and "5a (practice variant seed 1)" in said[0]
        assert f"Ctrl+P, then “{ENTRY}”" in said[0]
        assert read_drafts(tmp_path)[0].get(("seed:1", "5a.fwd")) == "33"  # on disk already
        await pilot.press("f9")  # a new seed: never seed 1 again
        await wait_for(pilot, lambda: "seed" in banner(app) and ready(app))
        assert "seed 1" not in banner(app)
        await choose_in_palette(pilot, app, ENTRY)
        await assert_back_at_seed_1(pilot, app, shown)
        # its draft is where it was: no palette entry says it is lost, one still leads there
        assert app.state.variants_with_drafts() == [("5a", "seed:1")]


@ui_test
async def test_f9_leaving_a_draft_says_so_and_the_index_reaches_it_too(tmp_path):
    app = handout_app(tmp_path, open_part="5a")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        shown = await leave_a_draft_in_seed_1(pilot, app)
        await pilot.press("f9")
        await wait_for(pilot, lambda: "seed 1" not in banner(app) and ready(app))
        said = toasts(app, "Unsent draft kept")
        assert said and f"“{ENTRY}”" in said[0]
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, IndexScreen))
        await choose_in_palette(pilot, app, ENTRY)
        await assert_back_at_seed_1(pilot, app, shown)


@ui_test
async def test_a_variant_without_a_draft_leaves_no_notice_and_no_entry(tmp_path):
    app = handout_app(tmp_path, open_part="5a")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for(pilot, lambda: ready(app))
        assert (await answer(pilot, app, "5a.fwd", "20")).startswith("✓")
        await pilot.press("f9")
        await wait_for(pilot, lambda: "seed 1" in banner(app) and ready(app))
        await pilot.press("f8")
        await wait_for(pilot, lambda: banner(app) == "" and ready(app))
        assert toasts(app, "Unsent draft kept") == []
        assert app.state.variants_with_drafts() == []


@ui_test
async def test_handin_names_a_palette_entry_that_reaches_the_draft(tmp_path, capsys, monkeypatch):
    """After a quit, handin's warning names the way back; followed in a new session, it leads
    to the variant with its numbers, answers, hints and the draft."""
    monkeypatch.setenv("HW3_TUTOR_CONFIG_DIR", str(tmp_path / "config"))
    logs = tmp_path / "logs"
    app = handout_app(logs, open_part="5a")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        shown = await leave_a_draft_in_seed_1(pilot, app)
        await pilot.press("f8")
        await wait_for(pilot, lambda: banner(app) == "" and ready(app))
        await pilot.press("f9")
        await wait_for(pilot, lambda: "seed" in banner(app) and ready(app))
        await pilot.press("ctrl+q")
    code, _, err = run_cli(
        ["handin", "--student", "alice", "--log-dir", str(logs), "-o", str(tmp_path / "h.zip")],
        capsys,
    )
    assert code == 0, err
    assert "5a, “fwd operations” (in practice variant seed 1)" in err
    way = re.search(r"Ctrl\+P, then “([^”]+)”", err)
    assert way is not None and way.group(1) == ENTRY == reopen_entry("5a", "seed:1")
    again = handout_app(logs, open_part="5a")
    async with again.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for(pilot, lambda: ready(again))
        assert "seed 1" not in banner(again)  # reopened where it was left: another seed
        await choose_in_palette(pilot, again, way.group(1))
        await assert_back_at_seed_1(pilot, again, shown)
