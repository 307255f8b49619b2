"""The tutor echoes an answer back (the "read as" preview, the verdict's caret line) bounded
and escaped (Pilot): a long paste is an excerpt that fits the box, with the caret under the
character the checker points at; what a terminal would obey is shown, never obeyed."""

from __future__ import annotations

import unicodedata

from textual import events
from textual.widgets import Input
from ui_helpers import answer, box, make_app, paste, text_of, ui_test, verdict_body, wait_for

SIZE = (80, 24)
HOSTILE = "\x1b]0;owned\x07\x1b[2J\u202e"


def cells(text: str) -> int:
    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
        for c in text
    )


@ui_test
async def test_a_long_paste_is_previewed_by_its_start_and_its_end_on_one_line(tmp_path):
    app = make_app(tmp_path, open_part="1a")
    async with app.run_test(size=SIZE) as pilot:
        long = "d1 + " * 90 + "d2"  # 452 characters; read as 91 terms
        b = await paste(pilot, app, "1a.value", long)
        preview = b.query_one(".box-preview")
        await wait_for(pilot, lambda: text_of(preview).startswith("read as: d₁ + d₁"))
        shown = text_of(preview)
        assert "\n" not in shown and cells(shown) < b.content_size.width  # never wraps
        assert shown.endswith("d₁ + d₂") and " characters) … " in shown
        assert preview.size.height == 1


@ui_test
async def test_the_verdict_points_into_a_long_answer_with_a_bounded_caret_line(tmp_path):
    app = make_app(tmp_path, open_part="1a")
    async with app.run_test(size=SIZE) as pilot:
        long = "d1 + " * 60 + "q" + " + d2" * 30  # the unknown name in the middle
        await answer(pilot, app, "1a.value", long)
        lines = verdict_body(app, "1a.value").splitlines()
        caret = next(line for line in lines if line.strip() == "^")
        shown = lines[lines.index(caret) - 1]
        width = box(app, "1a.value").content_size.width
        assert cells(shown) < width and cells(caret) < width
        assert shown.strip().startswith("…") and shown.endswith("…")
        assert shown[caret.index("^") - 2 : caret.index("^") + 3] == "+ q +"


@ui_test
async def test_escape_sequences_and_bidi_overrides_are_shown_never_obeyed(tmp_path):
    app = make_app(tmp_path, open_part="1a")
    async with app.run_test(size=SIZE) as pilot:
        b = await paste(pilot, app, "1a.value", "d1 " + HOSTILE)
        preview = b.query_one(".box-preview")
        await wait_for(pilot, lambda: text_of(preview).startswith("cannot read yet:"))
        assert "U+001B" in text_of(preview)  # named, never sent raw
        await answer(pilot, app, "1a.value", "d1 " + HOSTILE)
        body = verdict_body(app, "1a.value")
        lines = body.splitlines()
        caret = next(line for line in lines if line.strip() == "^")
        shown = lines[lines.index(caret) - 1]
        assert shown.strip() == "d1 \\x1b]0;owned\\x07\\x1b[2J\\u202e"
        assert shown[caret.index("^") :].startswith("\\x1b]0;")  # under the first escape
        for text in (body, text_of(preview)):
            assert "\x1b" not in text and "\u202e" not in text and "\x07" not in text


@ui_test
async def test_the_lines_a_paste_leaves_out_are_named_escaped_and_bounded(tmp_path):
    app = make_app(tmp_path, open_part="1a")
    async with app.run_test(size=SIZE) as pilot:
        field = box(app, "1a.value").query_one(Input)
        field.focus()
        field.post_message(events.Paste("d1 + d2\n" + HOSTILE + "x" * 300 + " end"))
        await wait_for(pilot, lambda: any("Not pasted" in n.message for n in app._notifications))
        note = next(n.message for n in app._notifications if "Not pasted" in n.message)
        left = note.split("Not pasted: ", 1)[1]
        assert left.startswith("\\x1b]0;owned\\x07") and left.endswith("x end")
        assert "\x1b" not in note and "\u202e" not in note and len(left) <= 80


@ui_test
async def test_why_an_answer_cannot_be_read_yet_is_said_whole_at_80_columns(tmp_path):
    app = make_app(tmp_path, open_part="1a")
    async with app.run_test(size=(80, 24)) as pilot:
        b = await paste(pilot, app, "1a.value", "d1*d")
        preview = b.query_one(".box-preview")
        await wait_for(pilot, lambda: text_of(preview).startswith("cannot read yet:"))
        said = text_of(preview)
        assert "…" not in said
        # the list of names the box knows, to its end
        assert said.rstrip().endswith(("exp.", "exp)."))
