"""Pilot tests of the proof widget and the derivation box, driven as a student would: keys
first (pick from the pool, move, remove, check), the mouse where it is offered; the verdicts,
the log, resuming, and how both read at 80×24."""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.widgets import OptionList, Static, TextArea
from ui_helpers import UI_CONTENT, answer, events, text_of, ui_test, wait_for

from tutor.content.loader import load_content
from tutor.ui.app import TutorApp
from tutor.ui.checking import InProcessChecker
from tutor.ui.widgets.answerbox import AnswerBox
from tutor.ui.widgets.derivationbox import DerivationBox
from tutor.ui.widgets.proofbox import ProofBox, pool_order

REASONING = Path(__file__).parent / "ui_reasoning"
SIZE = (100, 40)


def reasoning_content(tmp_path: Path) -> Path:
    """The UI test content plus a problem with a proof box and a derivation box."""
    directory = tmp_path / "content"
    directory.mkdir(exist_ok=True)
    for source in (*UI_CONTENT.glob("*.toml"), *REASONING.glob("*.toml")):
        shutil.copy(source, directory / source.name)
    return directory


def make_app(tmp_path: Path, **kwargs) -> TutorApp:
    kwargs.setdefault("checker", InProcessChecker())
    kwargs.setdefault("warm_up", False)
    kwargs.setdefault("preview_delay", 0.05)
    content = load_content(reasoning_content(tmp_path))
    return TutorApp(content, tmp_path / "logs", **kwargs)


def proof_box(app) -> ProofBox:
    return app.screen.query_one(ProofBox)


def head(widget: AnswerBox) -> str:
    return text_of(widget.query_one(".box-verdict-head"))


def body(widget: AnswerBox) -> str:
    return text_of(widget.query_one(".box-verdict"))


@ui_test
async def test_a_student_builds_a_proof_with_the_keyboard(tmp_path):
    app = make_app(tmp_path, open_part="7a")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        box = proof_box(app)
        assert app.focused is box.pool_list  # an empty proof: the cursor starts in the pool
        # Enter on the highlighted pool block adds it; typing a key adds that block
        order = pool_order(box.spec)
        await pilot.press("enter")
        assert box.proof == [order[0]]
        box.proof.clear()
        box._rebuild(0, 0)
        await pilot.press("c", "a", "b")
        assert box.proof == ["c", "a", "b"]
        # in the proof, Shift+↑ moves the highlighted block up: c to the end
        box.proof_list.focus()
        box.proof_list.highlighted = 0
        await pilot.press("shift+down", "shift+down")
        assert box.proof == ["a", "b", "c"]
        # a distractor, then Delete takes it out again
        await pilot.press("x")
        assert box.proof == ["a", "b", "c", "x"]
        box.proof_list.focus()
        box.proof_list.highlighted = 3
        await pilot.press("delete")
        assert box.proof == ["a", "b", "c"]
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.state.box("7a.proof").attempts == 1 and not box.checking)
        assert head(box).startswith("✓ Correct")
        assert "every block comes after the blocks it uses" in body(box)
        # the part asks for an explanation: the worked solution waits for it (it would
        # write it for the student), and says so
        assert not app.screen.query_one("#solution").display
        assert "now write your explanation below" in body(box)
        assert app.screen.query_one("#explain").display
        # and the cursor goes there: left in the proof, a paste meant for the explanation
        # went into the solved box
        await wait_for(pilot, lambda: app.focused is app.screen.query_one("#explanation"))
        assert "↓ The cursor moved on to your explanation." in body(box)
    attempt = events(tmp_path / "logs", "attempt")[0]
    assert (attempt["box"], attempt["raw"], attempt["verdict"]) == ("7a.proof", "a b c", "correct")


@ui_test
async def test_a_wrong_order_names_the_misplaced_block_and_a_distractor_its_flaw(tmp_path):
    app = make_app(tmp_path, open_part="7a")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        box = proof_box(app)
        await pilot.press("b", "a", "c")
        await pilot.press("f5")
        await wait_for(pilot, lambda: app.state.box("7a.proof").attempts == 1 and not box.checking)
        assert head(box).startswith("✗")  # two edits of three blocks
        assert "(b)" in body(box) and "uses (a), which comes later" in body(box)
        assert "a → b → c" not in body(box)  # the order is never given away
        # the mouse: highlight b in the proof and press the Down button
        box.proof_list.highlighted = 0
        await pilot.click(".proof-down")
        assert box.proof == ["a", "b", "c"]
        await pilot.press("x")
        await pilot.click(".proof-check")
        await wait_for(pilot, lambda: app.state.box("7a.proof").attempts == 2 and not box.checking)
        assert head(box).startswith("◐ Partly right")
        assert "The x_i may be negative or zero" in body(box)
    notes = [a["note"] for a in events(tmp_path / "logs", "attempt")]
    assert notes == ["misplaced:b", "distractor:x"]


@ui_test
async def test_a_resumed_proof_shows_the_blocks_it_had(tmp_path):
    app = make_app(tmp_path, open_part="7a")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("a", "c", "ctrl+s")
        box = proof_box(app)
        await wait_for(pilot, lambda: app.state.box("7a.proof").attempts == 1 and not box.checking)
    again = make_app(tmp_path, open_part="7a")
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        box = proof_box(again)
        assert box.proof == ["a", "c"]
        assert head(box).startswith("✗") or head(box).startswith("◐")
        assert "a" not in [o.id for o in box.pool_list._options if o.id]


@ui_test
async def test_a_student_writes_a_derivation_line_by_line(tmp_path):
    app = make_app(tmp_path, open_part="7b")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        box = app.screen.query_one(DerivationBox)
        box.focus_input()
        await pilot.press(*"3x + 4 = 10", "enter", *"3x = 14", "enter", *"x = 14/3")
        preview = box.query_one(".box-preview")
        await wait_for(pilot, lambda: "3  x = 14/3" in text_of(preview))
        assert "1  3·x + 4 = 10" in text_of(preview)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.state.box("7b.derive").attempts == 1 and not box.checking)
        assert head(box).startswith("✗")
        assert "Line 2 does not follow from line 1: the value of x that solves" in body(box)
        assert "Lines: 1 ✓  2 ✗" in body(box)
        # fix line 2 and 3 (Ctrl+A selects all in the text area, then retype)
        area = box.query_one(TextArea)
        area.text = "3x + 4 = 10\n3x = 6\nx = 2"
        await pilot.press("f5")
        await wait_for(pilot, lambda: app.state.box("7b.derive").attempts == 2 and not box.checking)
        assert head(box).startswith("✓ Correct")
        assert "Lines: 1 ✓  2 ⇔  3 ⇔" in body(box)
    raws = [a["raw"] for a in events(tmp_path / "logs", "attempt")]
    assert raws[-1] == "3x + 4 = 10\n3x = 6\nx = 2"


@ui_test
async def test_a_derivation_checked_at_once_still_shows_each_lines_reading(tmp_path):
    """Pasted and checked before the preview's pause is over: after the verdict, the numbered
    reading of every line is shown (the verdict reads only the last line)."""
    app = make_app(tmp_path, open_part="7b")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        box = app.screen.query_one(DerivationBox)
        box.focus_input()
        box.query_one(TextArea).text = "3x + 4 = 10\n3x = 6\nx = 2"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.state.box("7b.derive").attempts == 1 and not box.checking)
        preview = box.query_one(".box-preview")
        await wait_for(pilot, lambda: "3  x = 2" in text_of(preview))
        assert "1  3·x + 4 = 10" in text_of(preview)


@ui_test
async def test_an_unreadable_line_is_pointed_at_and_costs_no_attempt(tmp_path):
    app = make_app(tmp_path, open_part="7b")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        box = app.screen.query_one(DerivationBox)
        box.query_one(TextArea).text = "3x + 4 = 10\nx = 2 +* 1"
        await pilot.click(".derivation-check")
        await wait_for(pilot, lambda: box.query_one(".box-verdict-head").display)
        assert "could not read" in head(box)
        assert "Line 2" in body(box) and "^" in body(box)
        assert app.state.box("7b.derive").attempts == 0


@ui_test
async def test_both_widgets_read_well_at_80_by_24(tmp_path):
    app = make_app(tmp_path, open_part="7a")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        box = proof_box(app)
        await pilot.press("a")
        await pilot.pause()
        # a long block wraps inside the width instead of running off the screen
        assert box.proof_list.region.width <= 80
        lines = box.proof_list.render_lines(box.proof_list.region.reset_offset)
        text = "\n".join(line.text for line in lines)
        assert "1. (a) For every real number u" in text
        assert "non-negative" in text  # the wrapped rest of the block
        assert box.query_one(".proof-keys").region.width <= 76
        assert isinstance(app.focused, OptionList)


def pool_on_screen(box: ProofBox) -> str:
    """The pool's blocks as the student sees them ("" while the pool is held back)."""
    if not box.pool_list.region.height:
        return ""
    lines = box.pool_list.render_lines(box.pool_list.region.reset_offset)
    return "\n".join(line.text for line in lines)


@ui_test
async def test_the_pool_is_held_back_until_the_box_it_gives_away_is_solved(tmp_path):
    app = make_app(tmp_path, open_part="7c")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        box = proof_box(app)
        gate = text_of(box.query_one(".proof-gate-text"))
        # the box above is named by its prompt, never by its answer
        assert "appear once you have solved “x”" in gate and "3" not in gate
        assert pool_on_screen(box) == "" and "x = 3" not in text_of(app.screen)
        # typing a block's key or checking does nothing while the pool is held back
        await pilot.press("d", "ctrl+s")
        await pilot.pause()
        assert box.proof == [] and app.state.box("7c.proof").attempts == 0
        # a wrong answer above: still held back
        await answer(pilot, app, "7c.value", "7/2")
        assert pool_on_screen(box) == ""
        assert (await answer(pilot, app, "7c.value", "3")).startswith("✓")
        await wait_for(pilot, lambda: "x = 3" in pool_on_screen(box))
        assert not box.query_one(".proof-gate").display
        # the cursor moved on to the proof: straight into the pool, where a key adds a block
        assert app.focused is box.pool_list
        await pilot.press("s")
        assert box.proof == ["s"]


@ui_test
async def test_the_pool_shows_before_solving_only_once_the_student_confirms(tmp_path):
    from tutor.ui.screens.modals import ConfirmScreen

    app = make_app(tmp_path, open_part="7c")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        box = proof_box(app)
        box.focus_input()
        await pilot.pause()
        assert "proof-show" in app.focused.classes  # the held-back box offers its button
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "x" in text_of(app.screen.query_one("#detail"))
        await pilot.press("n")  # keep trying: still held back
        await wait_for(pilot, lambda: not isinstance(app.screen, ConfirmScreen))
        assert pool_on_screen(box) == ""
        # the cursor is back on the button, which takes a press once its press effect is over
        button = box.query_one(".proof-show")
        await wait_for(pilot, lambda: app.focused is button and not button.has_class("-active"))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: "x = 3" in pool_on_screen(box))
        assert app.focused is box.pool_list
        assert app.state.box("7c.value").status == "untried"  # nothing solved for it
        await pilot.press("ctrl+q")
    # the choice is in the log: after a restart the pool is shown without asking again
    assert [e["box"] for e in events(tmp_path / "logs", "pool_shown")] == ["7c.proof"]
    again = make_app(tmp_path, open_part="7c")
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await wait_for(pilot, lambda: "x = 3" in pool_on_screen(proof_box(again)))


@ui_test
async def test_the_worked_solution_seen_shows_the_pool(tmp_path):
    app = make_app(tmp_path, open_part="7c")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        box = proof_box(app)
        assert pool_on_screen(box) == ""
        await pilot.press("ctrl+o")  # asks first: the part is not solved
        await pilot.press("y")
        await wait_for(pilot, lambda: "x = 3" in pool_on_screen(box))


@ui_test
async def test_up_and_down_cross_between_the_proof_and_the_pool_and_del_acts_on_the_proof(
    tmp_path,
):
    """Up and Down used to stay in the list they were in, so a placed block could be reached
    only by typing its letter; Del in the pool did nothing (trial s7: blocks added by their
    letter leave the keyboard in the pool, where the keys the box lists did nothing). The list
    the keyboard is in says so; Del, [ ] and Shift+↑↓ act on the proof from either list."""
    app = make_app(tmp_path, open_part="7a")
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.pause()
        box = proof_box(app)
        box.pool_list.focus()
        await pilot.press("enter")  # the first pool block into the proof
        await wait_for(pilot, lambda: len(box.proof) == 1)
        box.pool_list.focus()
        box.pool_list.highlighted = 0
        pool_title = box.query_one(".pool-title", Static)
        proof_title = box.query_one(".proof-title", Static)
        await wait_for(pilot, lambda: "keyboard here" in text_of(pool_title))
        assert "keyboard here" not in text_of(proof_title)
        await pilot.press("up")
        await wait_for(pilot, lambda: app.focused is box.proof_list)
        assert box.proof_list.highlighted == 0
        await wait_for(pilot, lambda: "keyboard here" in text_of(proof_title))
        assert "keyboard here" not in text_of(pool_title)
        await pilot.press("down")
        await wait_for(pilot, lambda: app.focused is box.pool_list)
        assert box.pool_list.highlighted == 0
        await pilot.press("delete")  # the proof's selected block, from the pool
        await wait_for(pilot, lambda: box.proof == [])


@ui_test
async def test_letters_typed_on_a_solved_proof_do_not_change_it(tmp_path):
    """Tab from a box above lands on the pool; an explanation typed there added blocks f, c, e
    to a proof that was right, silently."""
    app = make_app(tmp_path, open_part="7a")
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.pause()
        box = proof_box(app)
        box.pool_list.focus()
        await pilot.press("a", "b", "c", "ctrl+s")
        await wait_for(pilot, lambda: app.state.box("7a.proof").status == "correct")
        box.pool_list.focus()
        await pilot.press("x", "x", "x")
        assert box.proof == ["a", "b", "c"]
        await wait_for(pilot, lambda: any("already right" in n.message for n in app._notifications))
        assert sum("already right" in n.message for n in app._notifications) == 1


@ui_test
async def test_a_solved_proof_edited_shows_no_tick_for_what_it_holds_even_after_a_restart(
    tmp_path,
):
    """A block removed from a solved proof kept its ✓, and came back that way after a quit."""
    from tutor.ui.widgets.answerbox import EDITED_GLYPH

    def prompt(box) -> str:
        return text_of(box.query_one(".box-prompt"))

    app = make_app(tmp_path, open_part="7a")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        box = proof_box(app)
        box.pool_list.focus()
        await pilot.press("a", "b", "c", "ctrl+s")
        await wait_for(pilot, lambda: app.state.box("7a.proof").status == "correct")
        await wait_for(pilot, lambda: prompt(box).startswith("✓"))
        box.proof_list.focus()
        box.proof_list.highlighted = 2
        await pilot.press("delete")  # a block taken out: not the proof judged right
        assert box.proof == ["a", "b"]
        await wait_for(pilot, lambda: prompt(box).startswith(EDITED_GLYPH))
        assert "changed since it was solved" in prompt(box) and box.has_class("-edited")
        await pilot.press("ctrl+q")
    again = make_app(tmp_path, open_part="7a")
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        box = proof_box(again)
        await wait_for(pilot, lambda: box.proof == ["a", "b"])  # the draft, kept
        await wait_for(pilot, lambda: prompt(box).startswith(EDITED_GLYPH))
        # putting the block back is the proof judged right again: ✓
        box.pool_list.focus()
        box.pool_list.highlighted = box._pool_keys().index("c")
        await pilot.press("enter")
        assert box.proof == ["a", "b", "c"]
        await wait_for(pilot, lambda: prompt(box).startswith("✓"))
        assert not box.has_class("-edited")
