"""A verdict speaks only for the answer it judged: once the box holds another answer (typed
over, blocks added, working edited) the verdict is dimmed and labelled as the previous
answer's, and it is plain again when the box holds the judged answer again. One rule for every
kind of box (``AnswerBox.refresh_stale``)."""

from __future__ import annotations

from test_ui_reasoning import make_app as make_reasoning_app
from test_ui_reasoning import proof_box
from textual.widgets import Input
from ui_helpers import answer, box, make_app, text_of, ui_test, verdict_head, wait_for

from tutor.ui.widgets.derivationbox import DerivationBox


def stale(widget) -> bool:
    head = widget.query_one(".box-verdict-head")
    return widget.verdict_is_stale and head.has_class("-stale")


@ui_test
async def test_a_text_verdict_is_marked_as_the_previous_answers_while_another_is_typed(tmp_path):
    app = make_app(tmp_path / "logs", open_part="1a")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert (await answer(pilot, app, "1a.value", "d1*d2")).startswith("✗")
        b = box(app, "1a.value")
        field = b.query_one(Input)
        assert not stale(b)
        # clear the box and type the right answer without Enter: its reading shows, and the
        # ✗ under it is said to be for the previous answer, dimmed
        field.value = ""
        await pilot.press(*"d1")
        await wait_for(pilot, lambda: "read as: d₁" in text_of(b.query_one(".box-preview")))
        assert stale(b)
        assert verdict_head(app, "1a.value").startswith(
            'for your previous answer: "d1*d2" — press Enter to check this one'
        )
        assert "✗ Not right yet." in verdict_head(app, "1a.value")
        assert b.query_one(".box-verdict").has_class("-stale")
        # back to the judged text: the verdict is its own again
        await pilot.press("backspace", "backspace", *"d1*d2")
        await wait_for(pilot, lambda: not b.verdict_is_stale)
        assert verdict_head(app, "1a.value") == "✗ Not right yet."
        assert not b.query_one(".box-verdict").has_class("-stale")
        # Enter on another answer checks it: a verdict of its own, not marked
        field.value = ""
        await pilot.press(*"d1")
        assert stale(b)
        await pilot.press("enter")
        await wait_for(pilot, lambda: verdict_head(app, "1a.value").startswith("✓"))
        assert not stale(b)


@ui_test
async def test_a_proof_verdict_is_marked_once_a_block_is_added_after_it(tmp_path):
    app = make_reasoning_app(tmp_path, open_part="7a")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        b = proof_box(app)
        await pilot.press("a", "b", "c", "ctrl+s")
        await wait_for(pilot, lambda: app.state.box("7a.proof").attempts == 1 and not b.checking)
        head = b.query_one(".box-verdict-head")
        assert text_of(head) == "✓ Correct." and not stale(b)
        # adding a block (Enter on it: letters no longer change a solved proof): the ✓ was
        # for the proof without it
        b.pool_list.focus()
        b.pool_list.highlighted = b.pool_list.get_option_index("x")
        await pilot.press("enter")
        assert b.proof == ["a", "b", "c", "x"]
        assert stale(b)
        assert text_of(head).startswith(
            "for your previous answer: a → b → c — press Ctrl+S to check this one"
        )
        # taking it out again: the ✓ is this proof's again
        b.proof_list.focus()
        b.proof_list.highlighted = 3
        await pilot.press("delete")
        assert b.proof == ["a", "b", "c"]
        assert not stale(b) and text_of(head) == "✓ Correct."


@ui_test
async def test_a_derivation_verdict_is_marked_while_the_working_is_edited(tmp_path):
    app = make_reasoning_app(tmp_path, open_part="7b")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        b = app.screen.query_one(DerivationBox)
        b.focus_input()
        await pilot.press(*"3x + 4 = 10", "enter", *"3x = 6", "ctrl+s")
        await wait_for(pilot, lambda: app.state.box("7b.derive").attempts == 1 and not b.checking)
        assert not stale(b)
        await pilot.press("enter", *"x = 2")
        assert stale(b)
        head = text_of(b.query_one(".box-verdict-head"))
        assert head.startswith('for your previous answer: "3x + 4 = 10" … (2 lines) — press Ctrl+S')


@ui_test
async def test_an_emptied_box_does_not_offer_to_check_this_one(tmp_path):
    """Trial tui3 T10: Ctrl+A, Del in a derivation box after a check said "press Ctrl+S to
    check this one" about the empty box: it says the box is empty, and the key again once
    something is typed."""
    app = make_reasoning_app(tmp_path, open_part="7b")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        b = app.screen.query_one(DerivationBox)
        b.focus_input()
        await pilot.press(*"3x + 4 = 10", "enter", *"3x = 6", "ctrl+s")
        await wait_for(pilot, lambda: app.state.box("7b.derive").attempts == 1 and not b.checking)
        head = b.query_one(".box-verdict-head")
        await pilot.press("ctrl+a", "delete")
        await wait_for(pilot, lambda: stale(b))
        said = text_of(head)
        assert said.startswith('for your previous answer: "3x + 4 = 10" … (2 lines)'), said
        assert "the box is empty now" in said and "check this one" not in said
        await pilot.press(*"x = 2")
        await wait_for(pilot, lambda: "press Ctrl+S to check this one" in text_of(head))
