"""Unsent drafts: what a student typed and did not send is kept when they move to another part
and when they quit, and is back in its box (said to be a draft) when the tutor starts again.
A draft is never an attempt and never judged."""

from __future__ import annotations

import json

from test_ui_reasoning import make_app as make_reasoning_app
from test_ui_reasoning import proof_box
from textual.widgets import Input
from ui_helpers import answer, box, events, make_app, text_of, ui_test, wait_for

from tutor.sessions.drafts import DRAFTS_FILE, read_drafts, write_drafts


def field(app, box_id: str) -> Input:
    return box(app, box_id).query_one(Input)


def draft_notice(app, box_id: str) -> str:
    notices = box(app, box_id).query(".box-draft")
    return text_of(notices.first()) if notices else ""


@ui_test
async def test_an_unsent_answer_survives_quit_and_restart_as_a_draft(tmp_path):
    logs = tmp_path / "logs"
    app = make_app(logs, open_part="1a")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert (await answer(pilot, app, "1a.value", "d1*d2")).startswith("✗")
        field(app, "1a.value").value = ""
        await pilot.press(*"DRAFT-unsent 1")
        await pilot.press("ctrl+q")  # quits at once, nothing sent
    attempts = [a["raw"] for a in events(logs, "attempt")]
    assert attempts == ["d1*d2"]  # the draft is not in the log: never an attempt
    again = make_app(logs, open_part="1a")
    async with again.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: bool(again.screen.query(Input)))
        await wait_for(pilot, lambda: field(again, "1a.value").value == "DRAFT-unsent 1")
        assert "Unsent draft, kept from before: not judged, not an attempt" in draft_notice(
            again, "1a.value"
        )
        # the verdict shown is the last answer's, and says so
        b = box(again, "1a.value")
        assert b.verdict_is_stale
        assert 'for your previous answer: "d1*d2"' in text_of(b.query_one(".box-verdict-head"))
        assert again.state.box("1a.value").attempts == 1  # not counted
        # what is sent is an answer like any other: the notice goes, the attempt counts
        field(again, "1a.value").value = "d1"
        await pilot.press("enter")
        await wait_for(pilot, lambda: again.state.box("1a.value").attempts == 2)
        assert draft_notice(again, "1a.value") == ""
    # nothing unsent at the end: no draft is kept
    assert read_drafts(logs) == ({}, [])
    assert not (logs / DRAFTS_FILE).exists()


@ui_test
async def test_a_draft_is_kept_while_moving_between_parts(tmp_path):
    app = make_app(tmp_path / "logs", open_part="1a")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: bool(app.screen.query(Input)))
        field(app, "1a.value").focus()
        await pilot.press(*"d1/2")
        await pilot.press("ctrl+n")
        await wait_for(pilot, lambda: getattr(app.screen, "part_id", "") == "1b")
        await pilot.press("ctrl+b")
        await wait_for(pilot, lambda: getattr(app.screen, "part_id", "") == "1a")
        await wait_for(pilot, lambda: bool(app.screen.query(Input)))
        assert field(app, "1a.value").value == "d1/2"
        assert "Unsent draft" in draft_notice(app, "1a.value")
    assert events(tmp_path / "logs", "attempt") == []


@ui_test
async def test_an_unsent_proof_order_is_kept_across_a_quit(tmp_path):
    app = make_reasoning_app(tmp_path, open_part="7a")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("b", "a")
        assert proof_box(app).proof == ["b", "a"]
    again = make_reasoning_app(tmp_path, open_part="7a")
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        b = proof_box(again)
        assert b.proof == ["b", "a"]
        assert b.query(".box-draft")
        assert again.state.box("7a.proof").attempts == 0
    assert events(tmp_path / "logs", "attempt") == []


def test_a_drafts_file_is_read_as_untrusted(tmp_path):
    path = tmp_path / DRAFTS_FILE
    write_drafts(tmp_path, {("handout", "1a.value"): "d1\ud800"})
    assert read_drafts(tmp_path) == ({("handout", "1a.value"): "d1\ud800"}, [])
    entries = [
        {"variant": "handout", "box": "1a.value", "text": "ok"},
        {"variant": "handout", "box": "has space", "text": "x"},
        {"variant": "handout", "box": "1a.value2", "text": ["not text"]},
        {"variant": "handout", "box": "1b.count", "text": "x" * 200_000},
        "not an entry",
    ]
    path.write_text(json.dumps({"schema": 1, "drafts": entries}))
    drafts, warnings = read_drafts(tmp_path)
    assert drafts == {("handout", "1a.value"): "ok"}
    assert len(warnings) == 1 and "4 drafts could not be read" in warnings[0]
    for bad in ("{not json", "[1, 2]", json.dumps({"schema": 9, "drafts": []}), "\udcff"):
        path.write_bytes(bad.encode("utf-8", "surrogateescape"))
        drafts, warnings = read_drafts(tmp_path)
        assert drafts == {} and len(warnings) == 1 and "no drafts restored" in warnings[0]
    path.unlink()
    path.mkdir()
    assert read_drafts(tmp_path) == ({}, [f"{path}: not a regular file; no drafts restored"])


@ui_test
async def test_a_bad_drafts_file_never_stops_the_tutor_and_is_said(tmp_path):
    logs = tmp_path / "logs"
    logs.mkdir()
    (logs / DRAFTS_FILE).write_text("{broken")
    app = make_app(logs, open_part="1a")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: bool(app.screen.query(Input)))
        assert field(app, "1a.value").value == ""
        notes = [n.message for n in app._notifications]
        assert any("no drafts restored" in n for n in notes), notes
