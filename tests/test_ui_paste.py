"""A multi-line paste from a chat into a one-line box: the chat's sentences before the answer
("Sure! Here is the answer.") are left out and the line holding the answer is kept, said on
screen; nothing pasted is lost silently."""

from __future__ import annotations

import pytest
from shipped_content import handout
from textual import events
from textual.widgets import Input
from ui_helpers import answer, box, ui_test, verdict_head, wait_for

from tutor.ui.app import TutorApp
from tutor.ui.checking import InProcessChecker
from tutor.ui.paste import is_prose, read_paste
from tutor.ui.screens.part import PartScreen
from tutor.ui.widgets.answerbox import AnswerBox

SIZE = (100, 40)
CHAT = "Sure! Here is the answer.\nThe constant is $c = \\frac{1}{\\sqrt{d_1}}$."


def test_the_line_holding_the_answer_is_kept_not_the_chats_preamble():
    got = read_paste(CHAT)
    assert got.text == "The constant is $c = \\frac{1}{\\sqrt{d_1}}$."
    assert got.skipped == ("Sure! Here is the answer.",) and got.dropped == ()
    got = read_paste("Sure!\nHere you go.\nc = 1/sqrt(d1)\nHope this helps!")
    assert (got.text, got.skipped, got.dropped) == (
        "c = 1/sqrt(d1)",
        ("Sure!", "Here you go."),
        ("Hope this helps!",),
    )


@pytest.mark.parametrize(
    ("pasted", "text"),
    [
        ("Only words here.\nAnd more words.", "Only words here."),  # no answer line: the first
        ("The answer is\n$$\nc = 1/d_1\n$$", "The answer is $$ c = 1/d_1 $$"),  # continues
        ("d1\nd2", "d1"),
    ],
)
def test_lines_that_are_not_a_preamble_paste_as_before(pasted, text):
    assert read_paste(pasted).text == text and read_paste(pasted).skipped == ()


@pytest.mark.parametrize(
    ("line", "prose"),
    [
        ("Sure! Here is the answer.", True),
        ("Sure!", True),
        ("the answer is above", True),
        ("c = 1/sqrt(d1)", False),
        ("d1", False),
        ("pi.", False),
        ("The constant is $c$.", False),
        ("x", False),
    ],
)
def test_a_line_of_prose_has_words_only(line, prose):
    assert is_prose(line) is prose


@ui_test
async def test_pasting_a_chats_answer_into_a_one_line_box_keeps_the_value(tmp_path):
    app = TutorApp(
        handout(),
        tmp_path,
        checker=InProcessChecker(),
        warm_up=False,
        preview_delay=0.05,
        open_part="1a",
    )
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PartScreen) and app.screen.ready)
        for earlier in ("1a.value", "1a.scaling"):  # the c = box is shown after these
            assert (await answer(pilot, app, earlier, app.state.spec(earlier).answer)).startswith(
                "✓"
            )
        await wait_for(
            pilot, lambda: any(b.box_id == "1a.constant" for b in app.screen.query(AnswerBox))
        )
        field = box(app, "1a.constant").query_one(Input)
        field.focus()
        field.post_message(events.Paste(CHAT))
        await wait_for(pilot, lambda: field.value.startswith("The constant is"))
        await wait_for(
            pilot,
            lambda: any(
                "holding the answer" in n.message
                and "Not pasted: Sure! Here is the answer." in n.message
                for n in app._notifications
            ),
        )
        await pilot.press("enter")
        await wait_for(pilot, lambda: verdict_head(app, "1a.constant") != "")
        assert verdict_head(app, "1a.constant").startswith("✓")
