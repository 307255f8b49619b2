"""Unsent drafts: what a student typed and did not send is kept when they move to another part,
on disk a moment after they pause (no quit needed: a killed terminal loses nothing), and is
back in its box or text area (said to be a draft) when the tutor starts again. A draft is
never an attempt and never judged."""

from __future__ import annotations

import json

import pytest
from test_ui_reasoning import make_app as make_reasoning_app
from test_ui_reasoning import proof_box
from textual.widgets import Button, Input
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


# ----- kept while the student works: no exit needed ------------------------------------------

WAIT = 30.0  # seconds: generous, for a loaded machine (the save comes ~1 s after a pause)


def kept(logs) -> dict:
    """What drafts.json holds now (read as the next start would)."""
    return read_drafts(logs)[0]


@ui_test
async def test_what_is_typed_is_on_disk_a_moment_later_and_gone_once_sent(tmp_path):
    logs = tmp_path / "logs"
    app = make_app(logs, open_part="1a")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: bool(app.screen.query(Input)))
        field(app, "1a.value").focus()
        await pilot.press(*"d1*d2")
        # the app is still running: nothing has quit, the file holds what was typed
        await wait_for(pilot, lambda: kept(logs) == {("handout", "1a.value"): "d1*d2"}, WAIT)
        await pilot.press("backspace", *"1")
        await wait_for(pilot, lambda: kept(logs) == {("handout", "1a.value"): "d1*d1"}, WAIT)
        await pilot.press("enter")  # sent: an attempt in the log, no longer a draft
        await wait_for(pilot, lambda: not (logs / DRAFTS_FILE).exists(), WAIT)
        assert [a["raw"] for a in events(logs, "attempt")] == ["d1*d1"]
        assert app.is_running


@ui_test
async def test_an_explanation_typed_is_kept_and_back_after_a_crash(tmp_path):
    import shutil

    logs, crashed = tmp_path / "logs", tmp_path / "crashed"
    app = make_app(logs, open_part="1c")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: bool(app.screen.query("#explanation")))
        app.screen.query_one("#explanation").focus()
        await pilot.press(*"the rms averages")
        await wait_for(
            pilot, lambda: kept(logs) == {("explanation", "1c"): "the rms averages"}, WAIT
        )
        shutil.copytree(logs, crashed)  # the disk as a killed tutor leaves it
    again = make_app(crashed, open_part="1c")
    async with again.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: bool(again.screen.query("#explanation")))
        area = again.screen.query_one("#explanation")
        assert area.text == "the rms averages"
        notice = again.screen.query_one("#explain .area-draft")
        assert "Unsent draft, kept from before" in text_of(notice)
        notes = [n.message for n in again._notifications]
        assert any("back where you typed it (1c)" in n for n in notes), notes
        # saved with the self-assessment: in the log, so no longer a draft
        again.screen.query_one("#compare", Button).press()
        await wait_for(pilot, lambda: again.screen.query_one("#rubric").display)
        again.screen.query_one("#save-assessment", Button).press()
        await wait_for(pilot, lambda: not (crashed / DRAFTS_FILE).exists(), WAIT)
        assert not again.screen.query("#explain .area-draft")
    (sa,) = events(crashed, "self_assessment")
    assert sa["text"] == "the rms averages"


@ui_test
async def test_a_reflection_typed_is_kept_and_back_after_a_crash(tmp_path):
    import shutil

    logs, crashed = tmp_path / "logs", tmp_path / "crashed"
    app = make_app(logs, open_part="6a")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: bool(app.screen.query("#reflect-6a-sources")))
        app.screen.query_one("#reflect-6a-sources").focus()
        await pilot.press(*"the notes")
        # the untouched prefilled hours are not a draft
        await wait_for(
            pilot, lambda: kept(logs) == {("reflection", "6a.sources"): "the notes"}, WAIT
        )
        shutil.copytree(logs, crashed)
    assert events(logs, "reflection") == []  # not logged: the first app never left the part
    again = make_app(crashed, open_part="6a")
    async with again.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: bool(again.screen.query("#reflect-6a-sources")))
        assert again.screen.query_one("#reflect-6a-sources").text == "the notes"
        assert "Unsent draft" in text_of(again.screen.query_one("#reflect .area-draft"))
        await pilot.press("escape")  # leaving the part logs it: no longer a draft
        await wait_for(pilot, lambda: not (crashed / DRAFTS_FILE).exists(), WAIT)
    reflections = {e["prompt"]: e["text"] for e in events(crashed, "reflection")}
    assert reflections == {"6a.sources": "the notes"}


@ui_test
async def test_a_terminated_tutor_keeps_what_was_typed_a_moment_before(tmp_path):
    """SIGTERM (and SIGHUP, the window closed) end the tutor as Ctrl+Q does, drafts kept:
    here the save after a pause is an hour away, so only the signal can keep the draft."""
    import os
    import signal

    logs = tmp_path / "logs"
    before = signal.getsignal(signal.SIGTERM)
    app = make_app(logs, open_part="1a", drafts_delay=3600)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: bool(app.screen.query(Input)))
        # the tutor's handler is in place (else the signal would end the test process)
        assert signal.getsignal(signal.SIGTERM) not in (before, signal.SIG_DFL, None)
        field(app, "1a.value").focus()
        await pilot.press(*"d1/2")
        assert not (logs / DRAFTS_FILE).exists()
        os.kill(os.getpid(), signal.SIGTERM)
        await wait_for(pilot, lambda: app.return_code is not None, WAIT)
    assert app.return_value == 128 + signal.SIGTERM
    assert kept(logs) == {("handout", "1a.value"): "d1/2"}
    assert signal.getsignal(signal.SIGTERM) == before  # put back at exit
    assert [e["event"] for e in events(logs)][-1] == "session_end"


@ui_test
async def test_drafts_that_cannot_be_kept_are_said_while_the_student_works(tmp_path):
    logs = tmp_path / "logs"
    (logs / DRAFTS_FILE).mkdir(parents=True)  # in the way: the file cannot replace it
    (logs / DRAFTS_FILE / "x").write_text("")
    app = make_app(logs, open_part="1a")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: bool(app.screen.query(Input)))
        field(app, "1a.value").focus()
        await pilot.press(*"d1")
        said = lambda: [n for n in app._notifications if n.title == "Drafts not saved"]  # noqa: E731
        await wait_for(pilot, lambda: bool(said()), WAIT)
        assert said()[0].message.startswith(f"Your unsent drafts could not be kept in {logs} (")
    assert app.drafts_problem.startswith("hw3-tutor: your unsent drafts could not be kept")


def test_explanation_and_reflection_drafts_are_read_as_untrusted(tmp_path):
    kept_ok = {("explanation", "1c"): "why", ("reflection", "6a.sources"): "notes"}
    write_drafts(tmp_path, kept_ok)
    assert read_drafts(tmp_path) == (kept_ok, [])
    entries = [
        {"area": "explanation", "id": "1c", "text": "why"},
        {"area": "essay", "id": "1c", "text": "not an area"},
        {"area": "reflection", "id": "has space", "text": "not a name"},
        {"area": "reflection", "id": "6a.hours", "text": 3},
        {"variant": "explanation", "box": "1a.value", "text": "an area is no variant"},
    ]
    (tmp_path / DRAFTS_FILE).write_text(json.dumps({"schema": 1, "drafts": entries}))
    drafts, warnings = read_drafts(tmp_path)
    assert drafts == {("explanation", "1c"): "why"}
    assert len(warnings) == 1 and "4 drafts could not be read" in warnings[0]


@ui_test
async def test_each_reflection_says_its_own_draft(tmp_path):
    logs = tmp_path / "logs"
    drafts = {("reflection", "6a.sources"): "notes", ("reflection", "6a.hours"): "4"}
    write_drafts(logs, drafts)
    app = make_app(logs, open_part="6a")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: bool(app.screen.query("#reflect-6a-sources")))
        assert len(app.screen.query("#reflect .area-draft")) == 2
        app.screen.query_one("#reflect-6a-sources").clear()  # emptied: no draft any more
        await wait_for(pilot, lambda: not app.screen.query("#draft-reflect-6a-sources"))
        assert app.screen.query("#draft-reflect-6a-hours")  # the other one still is
        await wait_for(pilot, lambda: kept(logs) == {("reflection", "6a.hours"): "4"}, WAIT)


@ui_test
async def test_typing_into_a_restored_draft_adds_to_it_and_never_replaces_it(tmp_path):
    """The cursor comes to the end of what a box holds: the first key typed into a restored
    draft (or the last answer) is added to it, not typed over a selection of all of it."""
    logs = tmp_path / "logs"
    app = make_app(logs, open_part="1a")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        field(app, "1a.value").focus()
        await pilot.press(*"d1*")
        await pilot.press("ctrl+q")
    again = make_app(logs, open_part="1a")
    async with again.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: bool(again.screen.query(Input)))
        await wait_for(pilot, lambda: field(again, "1a.value").value == "d1*")
        again.set_focus(None)
        await pilot.pause()
        field(again, "1a.value").focus()
        await pilot.pause()
        await pilot.press("d", "2")
        assert field(again, "1a.value").value == "d1*d2"


@ui_test
async def test_a_preview_or_verdict_arriving_while_its_box_is_redrawn_never_takes_the_app_down(
    tmp_path,
):
    """On a loaded machine a preview (or a verdict) can come back while its box's parts are
    being put together again; it waits for them instead of failing the app."""
    from tutor.checking.readas import ReadAs

    app = make_app(tmp_path / "logs", open_part="1a")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: bool(app.screen.query(Input)))
        b = box(app, "1a.value")
        preview = b.query_one(".box-preview")
        await preview.remove()
        b._preview_for = "d1"
        b._show_preview("d1", ReadAs(True, "d₁"))
        await pilot.pause()
        assert app.is_running and app._exception is None


@ui_test
async def test_a_checked_answer_is_not_restored_as_an_unsent_draft(tmp_path):
    """What was sent is not a draft, whatever came of it: another notation tried in a solved
    box (shown, not recorded) or an answer refused as unreadable. It was restored after a quit
    as "Unsent draft … not judged", in a ✓ box."""
    logs = tmp_path / "logs"
    app = make_app(logs, open_part="1a")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert (await answer(pilot, app, "1a.value", "d1")).startswith("✓")
        await answer(pilot, app, "1a.value", "d_1 + 0")  # solved: shown, not recorded
        assert draft_notice(app, "1a.value") == ""
        await pilot.press("ctrl+q")
    assert read_drafts(logs) == ({}, [])
    again = make_app(logs, open_part="1a")
    async with again.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: bool(again.screen.query(Input)))
        await wait_for(pilot, lambda: field(again, "1a.value").value == "d1")
        assert draft_notice(again, "1a.value") == ""
        assert again.drafts_restored == []


@ui_test
async def test_an_answer_refused_as_unreadable_is_not_an_unsent_draft(tmp_path):
    logs = tmp_path / "logs"
    app = make_app(logs, open_part="1a")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await answer(pilot, app, "1a.value", "((")
        await wait_for(pilot, lambda: app.state.box("1a.value").checked == "((")
        assert draft_notice(app, "1a.value") == ""
        await pilot.press("ctrl+q")
    assert read_drafts(logs) == ({}, [])


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
@ui_test
async def test_a_part_opened_with_a_draft_shows_the_box_and_its_notice(tmp_path, size):
    """At 80×24 the restored draft sat on the last row, its "Unsent draft" notice below the
    fold with nothing to say so."""
    from shipped_content import handout

    from tutor.ui.app import TutorApp
    from tutor.ui.checking import InProcessChecker

    write_drafts(tmp_path, {("handout", "2.sp_optimum"): "a"})
    app = TutorApp(handout(), tmp_path, checker=InProcessChecker(), warm_up=False, open_part="2")
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, lambda: bool(app.screen.query(".box-draft")))
        b = box(app, "2.sp_optimum")
        notice = b.query_one(".box-draft")
        body = app.screen.query_one("#part-body")
        await wait_for(pilot, lambda: body.can_view_entire(notice))
        assert app.focused is b.query_one(Input) and body.can_view_entire(app.focused)
        assert body.can_view_entire(b.query_one(".box-prompt"))


# ----- Ctrl+Q asks nothing: nothing the student did is lost by quitting --------------------


@ui_test
async def test_ctrl_q_at_once_keeps_an_unsent_derivation_and_explanation(tmp_path):
    """Ctrl+Q quits without asking. That is safe only if nothing typed is lost: working in a
    derivation box and an explanation typed a moment before are both back after a restart."""
    from test_ui_reasoning import make_app as reasoning_app
    from textual.widgets import TextArea

    from tutor.ui.widgets.derivationbox import DerivationBox

    app = reasoning_app(tmp_path, open_part="7b")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: bool(app.screen.query(DerivationBox)))
        app.screen.query_one(DerivationBox).focus_input()
        await pilot.press(*"3x + 4 = 10", "enter", *"3x = 6")
        await pilot.press("ctrl+q")  # at once: before the drafts' pause is over
    assert events(tmp_path / "logs", "attempt") == []  # a draft is never an attempt
    again = reasoning_app(tmp_path, open_part="7b")
    async with again.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: bool(again.screen.query(DerivationBox)))
        area = again.screen.query_one(DerivationBox).query_one(TextArea)
        await wait_for(pilot, lambda: area.text == "3x + 4 = 10\n3x = 6")

    logs = tmp_path / "other"
    app = make_app(logs, open_part="1c")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: bool(app.screen.query("#explanation")))
        app.screen.query_one("#explanation").focus()
        await pilot.press(*"the rms averages")
        await pilot.press("ctrl+q")
    again = make_app(logs, open_part="1c")
    async with again.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: bool(again.screen.query("#explanation")))
        assert again.screen.query_one("#explanation").text == "the rms averages"


@ui_test
async def test_ctrl_q_while_an_answer_is_being_checked_loses_it_not(tmp_path):
    """Sent, and the check still running when the student quits: the answer is back in its
    box after a restart (judged or as a draft), never gone."""
    from test_ui_busy_enter import GatedChecker

    logs = tmp_path / "logs"
    checker = GatedChecker()
    app = make_app(logs, open_part="1a", checker=checker)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        field(app, "1a.value").focus()
        await pilot.press(*"d1*d2", "enter")
        await wait_for(pilot, lambda: checker.calls == ["d1*d2"])
        await pilot.press("ctrl+q")
        checker.gate.set()
    again = make_app(logs, open_part="1a")
    async with again.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: bool(again.screen.query(Input)))
        await wait_for(pilot, lambda: field(again, "1a.value").value == "d1*d2")
