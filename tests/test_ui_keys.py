"""Every key does what it says (issue 15): hints belong to the focused box, a jump to the next
box is visible, a solved box can be tried again, an answer sent while a check runs is never
lost, pasted lines are joined or named, PageUp/PageDown scroll from a text area."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input, TextArea
from ui_helpers import answer, box, make_app, text_of, ui_test, verdict_body, verdict_head, wait_for
from ui_helpers import events as log_events

from tutor.ui.paste import read_paste

SIZE = (100, 40)
REAL_CONTENT = Path(__file__).resolve().parent.parent / "content"


class GatedChecker:
    """The real checker, held back until ``release`` is set (a loaded machine)."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.seen: list[str] = []

    def check(self, spec, text):
        self.seen.append(text)
        self.release.wait(10)
        from tutor.checking.judge import check

        return check(spec, text)

    def warm_up(self):
        pass

    def close(self):
        self.release.set()


# ----- hints -------------------------------------------------------------------------------


@ui_test
async def test_after_a_boxs_last_hint_ctrl_t_says_so_and_reveals_no_other_boxs_hint(tmp_path):
    app = make_app(tmp_path, open_part="1b")
    async with app.run_test(size=SIZE) as pilot:
        assert app.focused is box(app, "1b.count").query_one(Input)
        await pilot.press("ctrl+t", "ctrl+t", "ctrl+t")
        assert app.state.box("1b.count").hints == 3
        await pilot.press("ctrl+t")  # nothing more for this box
        hints = box(app, "1b.count").query_one(".box-hints")
        await wait_for(pilot, lambda: "all 3 hints for this box are shown" in text_of(hints))
        assert app.state.box("1b.choice").hints == 0  # the next box's hint stays hidden
        assert not box(app, "1b.choice").query_one(".box-hints").display
        assert app.focused is box(app, "1b.count").query_one(Input)  # the cursor stays
    assert [(h["box"], h["index"]) for h in log_events(tmp_path, "hint")] == [
        ("1b.count", 1),
        ("1b.count", 2),
        ("1b.count", 3),
    ]


@ui_test
async def test_a_hint_with_no_box_focused_goes_to_the_first_unsolved_box_and_takes_the_cursor(
    tmp_path,
):
    app = make_app(tmp_path, open_part="1b")
    async with app.run_test(size=SIZE) as pilot:
        await answer(pilot, app, "1b.count", "20")
        app.screen.set_focus(None)
        await pilot.press("ctrl+t")
        assert app.state.box("1b.choice").hints == 1 and app.state.box("1b.count").hints == 0
        assert app.focused is box(app, "1b.choice").query_one(Input)


# ----- moving on after a correct answer -----------------------------------------------------


@ui_test
async def test_the_jump_to_the_next_box_is_announced_marked_and_in_view_at_80x24(tmp_path):
    app = make_app(tmp_path, open_part="1b")
    async with app.run_test(size=(80, 24)) as pilot:
        count, choice = box(app, "1b.count"), box(app, "1b.choice")
        assert count.has_pseudo_class("focus-within") and not choice.has_pseudo_class(
            "focus-within"
        )
        await answer(pilot, app, "1b.count", "20")
        await wait_for(pilot, lambda: choice.query_one(Input).has_focus)
        assert "moved on to the next box: Which quantity matters?" in verdict_body(app, "1b.count")
        assert choice.has_pseudo_class("focus-within")  # the box the cursor is in is marked
        assert not count.has_pseudo_class("focus-within")
        body = app.screen.query_one("#part-body")
        await wait_for(pilot, lambda: body.can_view_entire(choice.query_one(Input)))
        # the marking is visible: the focused box is drawn unlike the one just left
        assert choice.styles.background != count.styles.background


@ui_test
async def test_a_late_verdict_does_not_pull_the_cursor_away_from_a_new_answer(tmp_path):
    """The race behind 'Type your answer first': a student sends an answer, starts the next
    notation in the same box, and presses Enter about a second later. The first verdict
    (correct) arrived in between and moved the cursor to the next, empty box, so that Enter
    checked the empty box instead."""
    checker = GatedChecker()
    app = make_app(tmp_path, open_part="1b", checker=checker)
    async with app.run_test(size=SIZE) as pilot:
        count = box(app, "1b.count")
        await pilot.press("2", "0", "enter")
        await wait_for(pilot, lambda: count.checking)
        # a moment later (keys typed right behind the Enter wait for its verdict: T5)
        await wait_for(pilot, lambda: app._held_for is None)
        await pilot.press("ctrl+u", *"20 ops")  # the next notation, while the check runs
        checker.release.set()
        await wait_for(pilot, lambda: not count.checking)
        await pilot.pause()
        assert app.focused is count.query_one(Input)  # still where the student is typing
        await pilot.press("enter")
        await wait_for(pilot, lambda: checker.seen == ["20", "20 ops"])
        await wait_for(pilot, lambda: "already solved" in verdict_body(app, "1b.count"))
        assert not box(app, "1b.choice").query_one(".box-verdict-head").display
    assert [a["raw"] for a in log_events(tmp_path, "attempt")] == ["20"]


@ui_test
async def test_an_answer_sent_while_a_check_runs_is_checked_next_not_dropped(tmp_path):
    checker = GatedChecker()
    app = make_app(tmp_path, open_part="1a", checker=checker)
    async with app.run_test(size=SIZE) as pilot:
        value = box(app, "1a.value")
        await pilot.press(*"d1 d2", "enter")
        await wait_for(pilot, lambda: value.checking)
        await pilot.press("ctrl+u", *"d1", "enter")  # sent before the first verdict is in
        checker.release.set()
        await wait_for(pilot, lambda: checker.seen == ["d1 d2", "d1"])
        await wait_for(pilot, lambda: verdict_head(app, "1a.value").startswith("✓"))
        await wait_for(pilot, lambda: len(log_events(tmp_path, "attempt")) == 2)  # and logged
    assert [a["raw"] for a in log_events(tmp_path, "attempt")] == ["d1 d2", "d1"]


@ui_test
async def test_a_solved_box_can_be_tried_again_without_changing_the_first_solve(tmp_path):
    app = make_app(tmp_path, open_part="1a")
    async with app.run_test(size=SIZE) as pilot:
        await answer(pilot, app, "1a.value", "d1")
        assert app.state.box("1a.value").attempts == 1
        await answer(pilot, app, "1a.value", "d_1")  # another notation: judged and shown
        assert verdict_head(app, "1a.value").startswith("✓")
        assert "already solved" in verdict_body(app, "1a.value")
        await answer(pilot, app, "1a.value", "2 d1")  # even a wrong one
        assert verdict_head(app, "1a.value").startswith("◐")
        state = app.state.box("1a.value")
        assert (state.status, state.attempts) == ("correct", 1)
        assert state.last is not None and state.last.answer == "d1"
    assert [a["raw"] for a in log_events(tmp_path, "attempt")] == ["d1"]


# ----- pasting ----------------------------------------------------------------------------


def test_pasted_lines_that_continue_one_expression_are_joined():
    assert read_paste("d1 +\n(2/pi) d1 (d1 - 1)").text == "d1 + (2/pi) d1 (d1 - 1)"
    assert read_paste("sqrt(pi/2\n)/d1").text == "sqrt(pi/2 )/d1"
    assert read_paste("E_{z~N(0,I)}[\n  f(mu + sigma z)\n]").text == (
        "E_{z~N(0,I)}[ f(mu + sigma z) ]"
    )
    assert read_paste("d1\n+ d2\n\n").joined == 2


@pytest.mark.parametrize(
    ("pasted", "line", "dropped"),
    [
        (
            "Answer:\n$c = \\frac{\\sqrt{\\pi/2}}{d_1}$",
            "Answer: $c = \\frac{\\sqrt{\\pi/2}}{d_1}$",
            (),
        ),
        ("The answer is\n$$\nc = 1/d_1\n$$\nDone", "The answer is $$ c = 1/d_1 $$", ("Done",)),
        ("\\[\nc = 1\n\\]\nThis is it", "\\[ c = 1 \\]", ("This is it",)),
    ],
)
def test_a_label_line_and_display_math_paste_as_one_answer(pasted, line, dropped):
    """A chat's "Answer:" on a line of its own kept only "Answer:" (the formula dropped)."""
    got = read_paste(pasted)
    assert (got.text, got.dropped) == (line, dropped)


def test_pasted_lines_that_are_separate_answers_are_named_not_joined():
    pasted = read_paste("d1\nd2\nthe answer is above")
    assert (pasted.text, pasted.dropped) == ("d1", ("d2", "the answer is above"))


@ui_test
async def test_a_multi_line_paste_says_what_it_left_out(tmp_path):
    app = make_app(tmp_path, open_part="1a")
    async with app.run_test(size=SIZE) as pilot:
        inp = box(app, "1a.value").query_one(Input)
        inp.post_message(events.Paste("d1 *\n d2\nsecond answer"))
        await wait_for(pilot, lambda: inp.value == "d1 * d2")
        await wait_for(
            pilot, lambda: any("Not pasted: second answer" in n.message for n in app._notifications)
        )


# ----- scrolling and the rubric ---------------------------------------------------------------


@ui_test
async def test_page_down_and_up_scroll_the_part_from_a_text_area(tmp_path):
    app = make_app(tmp_path, open_part="6a")
    async with app.run_test(size=(80, 16)) as pilot:
        area = app.screen.query_one("#reflect-6a-sources", TextArea)
        area.focus()
        await pilot.pause()
        body = app.screen.query_one("#part-body")
        top = body.scroll_y
        await pilot.press("pagedown")
        await wait_for(pilot, lambda: body.scroll_y > top)
        assert area.cursor_location == (0, 0)  # the text area's cursor did not move instead
        await pilot.press("pageup")
        await wait_for(pilot, lambda: body.scroll_y == top)


@ui_test
async def test_the_rubric_says_which_key_ticks_and_that_key_ticks_the_highlighted_point(tmp_path):
    app = make_app(tmp_path, open_part="1c")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.click("#compare")  # nothing written yet: nothing to compare
        assert not app.screen.query_one("#rubric").display
        app.screen.query_one("#explanation", TextArea).text = "the sizes add up coherently"
        app.screen.query_one("#compare").press()  # (a click may land on the toast above it)
        await wait_for(pilot, lambda: app.screen.query_one("#rubric").display)
        app.screen.query_one("#point-0").focus()
        instruction = text_of(app.screen.query_one("#rubric .hint-line"))
        assert "Space ticks the highlighted one" in instruction and "Tab moves" in instruction
        await pilot.press("space")  # as it says: the highlighted (first) point
        assert app.screen.query_one("#point-0").value
        await pilot.press("tab", "space")  # then the next one
        assert app.screen.query_one("#point-1").value


# ----- warming up -----------------------------------------------------------------------------


def test_the_warm_up_checks_every_box_kind_in_the_checker_before_the_student_does():
    from tutor.content.loader import load_content
    from tutor.paths import packaged_content_dir
    from tutor.ui.warm import warm_up

    content = load_content(packaged_content_dir())

    class Recording:
        def __init__(self):
            self.started = False
            self.checked: list[tuple[str, str]] = []

        def warm_up(self):
            self.started = True

        def check(self, box, answer):
            assert self.started  # the process first, then real checks in it
            from tutor.checking.judge import check

            self.checked.append((box.id, check(box, answer).verdict))
            return None

    checker = Recording()
    assert warm_up(checker, content, "4b") == len(checker.checked) > 0
    kinds = {content.boxes[b].kind for b, _ in checker.checked}
    assert kinds == {box.kind for box in content.boxes.values()}  # every kind's path
    assert checker.checked[0] == ("4b.F", "correct")  # the part opened first comes first
    verdicts = {v for _, v in checker.checked}
    assert "correct" in verdicts and "incorrect" in verdicts  # right answers and mistakes


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
@ui_test
async def test_right_and_left_unfold_and_fold_the_index_as_in_a_tree(tmp_path, size):
    """Right did nothing on the index (only Space unfolded a part), and neither key was in
    the help."""
    from textual.widgets import Tree

    from tutor.ui.screens.help import keys_markdown

    app = make_app(tmp_path / "logs")
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        tree = app.screen.query_one("#outline", Tree)
        await wait_for(pilot, lambda: tree.cursor_node is not None)
        tree.move_cursor(tree.root.children[0])
        node = tree.cursor_node
        node.collapse()
        await pilot.pause()
        await pilot.press("right")
        assert node.is_expanded
        await pilot.press("right")  # unfolded: on to its first line
        assert tree.cursor_node is node.children[0]
        await pilot.press("left")  # a line inside: back to the one that holds it
        assert tree.cursor_node is node
        await pilot.press("left")
        assert not node.is_expanded
        footer = " ".join(str(k.render()) for k in app.screen.query("FooterKey"))
        assert "→ Unfold" in footer and "← Fold" in footer, footer
        assert footer.rstrip().endswith("Help"), footer
    help_text = "\n".join(keys_markdown(app.user_keymap))
    assert "`Right` unfold the highlighted" in help_text and "`Left` fold it" in help_text
    assert "`Space` unfold or fold" in help_text


@ui_test
async def test_the_footer_at_80_columns_keeps_the_way_back_to_the_index(tmp_path):
    app = make_app(tmp_path / "logs", open_part="1a")
    async with app.run_test(size=(80, 24)) as pilot:

        def footer() -> str:
            return " ".join(str(k.render()) for k in app.screen.query("FooterKey"))

        await wait_for(pilot, lambda: footer().rstrip().endswith("Help"))
        assert "esc Index" in footer(), footer()


def test_an_index_line_cuts_the_title_not_what_follows_it():
    from tutor.ui.screens.index import PART_LINE_START, _fitted_title

    title = "The reparameterization gradient for a Gaussian family"
    extra = " · 2 hints · plot · 1 variant solved"
    shown = _fitted_title(title, 80 - len("4c") - len(extra))
    assert shown.endswith("…") and shown.startswith("The reparam")
    assert PART_LINE_START + len("4c") + len(shown) + len(extra) <= 80
    assert _fitted_title("Short", 80) == "Short"


@ui_test
async def test_index_lines_are_fitted_again_when_the_terminal_is_resized(tmp_path):
    """The parts' lines were cut to the width they were drawn at: a narrower terminal showed
    them running off the right, a wider one kept the … until the next refresh."""
    from textual.widgets import Tree

    from tutor.ui.screens.index import PART_LINE_START

    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        tree = app.screen.query_one("#outline", Tree)
        await wait_for(
            pilot, lambda: any(n.data == ("part", "1a") for n in tree.root.children[0].children)
        )
        node = next(n for n in tree.root.children[0].children if n.data == ("part", "1a"))
        assert "Feature size at initialization · plot" in str(node.label)
        await pilot.resize_terminal(40, 24)
        await wait_for(pilot, lambda: "…" in str(node.label))
        label = str(node.label)
        assert label.endswith(" · plot")
        assert PART_LINE_START + len(label) - len("○ ") - len("  ") <= 40
        problem = next(n for n in tree.root.children if n.data == ("problem", "6"))
        assert "6. Homework process" in str(problem.label)
        await pilot.resize_terminal(24, 24)  # a problem's line is fitted too
        await wait_for(pilot, lambda: "…" in str(problem.label))
        await pilot.resize_terminal(120, 40)
        await wait_for(pilot, lambda: "Feature size at initialization · plot" in str(node.label))
        assert "6. Homework process" in str(problem.label)
        assert tree.cursor_node is not None  # the outline is relabelled, not rebuilt


@ui_test
async def test_the_footer_offers_no_key_for_the_screen_already_shown(tmp_path):
    """On the help screen the footer said "f1 Help", on the review "^l Review": pressing them
    did nothing. Each is left out there, and still offered everywhere else."""
    from tutor.ui.screens.help import HelpScreen
    from tutor.ui.screens.review import ReviewScreen

    def footer() -> str:
        keys = app.screen.query_one("Footer").query("FooterKey")
        return " ".join(str(k.render()) for k in keys)

    app = make_app(tmp_path, open_part="1a")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: "Help" in footer() and "Review" in footer())
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        await wait_for(pilot, lambda: "Close" in footer())
        assert "Help" not in footer() and "Review" in footer()
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen))
        await wait_for(pilot, lambda: "Back" in footer())
        assert "Review" not in footer() and "Help" in footer()
        await pilot.press("escape", "escape")
        # back on the part: its footer is fitted to the width again (a refresh later)
        await wait_for(pilot, lambda: "Hint" in footer() and "Help" in footer())
        assert "Review" in footer()


@ui_test
async def test_a_question_shows_its_own_keys_not_the_parts(tmp_path):
    """Asked whether to show the solution, the footer still offered the part's keys (Ctrl+T
    Hint, Ctrl+O Solution, …), which did nothing while the question was open."""
    from tutor.ui.screens.modals import ConfirmScreen

    app = make_app(tmp_path, open_part="1a")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: bool(app.screen.query("Footer")))
        await pilot.press("ctrl+o")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))

        def footer() -> str:
            keys = app.screen.query_one("Footer").query("FooterKey")
            return " ".join(str(k.render()) for k in keys)

        await wait_for(pilot, lambda: "Yes" in footer())
        assert "No" in footer() and "Hint" not in footer() and "Solution" not in footer()
        assert app.screen.query_one("Footer").region.bottom == 24  # over the part's own
        await pilot.press("n")
        await wait_for(pilot, lambda: not isinstance(app.screen, ConfirmScreen))
