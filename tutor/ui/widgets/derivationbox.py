"""A derivation box: a multi-line working, one step a line, checked line by line.

The text area takes the lines (Enter starts a new one); under it, each line as it is read,
numbered as the checker numbers them (blank lines skipped), updated a moment after typing
stops, in a thread worker. Ctrl+S, F5 or the button checks the whole working. The verdict
names the first line that does not follow, and marks every line (✓ start, ⇔ follows, ⇒/⇐ one
way only, ✗ does not follow).
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Button, LoadingIndicator, Static, TextArea

from tutor.checking.readas import ReadAs
from tutor.content.model import BoxSpec
from tutor.textsafe import quoted
from tutor.ui.access import tutor_app
from tutor.ui.state import BoxState
from tutor.ui.widgets.answerbox import AnswerBox, BoxPreview
from tutor.ui.widgets.editing import OrderedTextArea, TypingButton

KEYS_LINE = "Enter: new line · Ctrl+A: select all (Del clears) · Ctrl+S or F5: check"


class DerivationBox(AnswerBox):
    """An answer box for a ``kind = "derivation"`` box."""

    DEFAULT_CSS = """
    DerivationBox .derivation-text {
        height: 7;
        margin-top: 1;
    }
    DerivationBox .derivation-keys {
        color: $text-muted;
    }
    DerivationBox .derivation-row {
        height: auto;
    }
    DerivationBox .derivation-row Button {
        width: auto;
        min-width: 0;
        margin-right: 1;
    }
    """

    BINDINGS = [Binding("ctrl+s,f5", "check_working", "Check", show=False)]
    CHECK_KEY = "Ctrl+S"

    def __init__(self, spec: BoxSpec, state: BoxState, *, delay: float = 0.15) -> None:
        super().__init__(spec, state, delay=delay)
        self.add_class("derivation-box")

    def compose(self) -> ComposeResult:
        yield Static(self._prompt_text(), classes="box-prompt", markup=False)
        area = OrderedTextArea(
            "",
            classes="derivation-text",
            soft_wrap=True,
            tab_behavior="focus",
            placeholder="one step a line, e.g.\n3*x + 4 = 10\n3*x = 6\nx = 2",
        )
        yield area
        yield Static(KEYS_LINE, classes="derivation-keys", markup=False)
        with Horizontal(classes="derivation-row"):
            # out of the Tab order (Tab goes on to the next box): Ctrl+S or F5 checks
            yield TypingButton(
                "Check working (Ctrl+S)",
                classes="derivation-check",
                variant="primary",
                compact=True,
                areas=[area],
            )
            yield LoadingIndicator(classes="box-spinner")
        yield BoxPreview("", classes="box-preview", markup=False)
        yield Static("", classes="box-verdict-head", markup=False)
        yield Static("", classes="box-verdict", markup=False)
        yield Static("", classes="box-hints", markup=False)

    def _clear_answer(self) -> None:
        area = self.text_area
        with area.prevent(TextArea.Changed):
            area.text = ""

    def _show_state(self) -> None:
        last = self.box_state.last
        draft = self.box_state.unsent
        if draft is not None or last is not None:
            shown = draft if draft is not None else last.answer  # type: ignore[union-attr]
            area = self.text_area
            with area.prevent(TextArea.Changed):
                area.text = shown
            area.move_cursor(area.document.end)  # typing goes on at the end, as in any box
            if last is not None:
                self.show_verdict(last.answer, last)
            self._start_preview(shown)
        self.show_draft_notice()
        self.refresh_hints()
        self.refresh_status()

    @property
    def text_area(self) -> TextArea:
        return self.query_one(".derivation-text", TextArea)

    def focus_input(self, scroll_visible: bool = True) -> None:
        self.text_area.focus(scroll_visible=scroll_visible)

    def answer_text(self) -> str:
        return self.text_area.text

    def judged_label(self, answer: str) -> str:
        lines = [line for line in answer.splitlines() if line.strip()]
        if len(lines) <= 1:
            return super().judged_label(answer)
        return f"{quoted(lines[0], 40)} … ({len(lines)} lines)"

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self._cancel_preview()
        self.answer_changed()
        text = event.text_area.text
        if not text.strip():
            self._set_preview("", ok=True)
            return
        self._schedule_preview(text)

    def _show_preview(self, text: str, result: ReadAs) -> None:
        """The numbered reading of every line (read in the checker's worker, like any preview)."""
        if not self.is_mounted or self._preview_for != text:
            return
        self._set_preview(f"read as:\n{result.text}" if result.text else "", ok=result.ok)
        # the reading in view (again once its new size is laid out: ``BoxPreview.on_resize``)
        self.call_after_refresh(self.keep_reading_in_view)

    def _show_judged_reading(self, text: str) -> None:
        # a working's reading is line by line: read again (the verdict's is one line)
        self._start_preview(text)

    class WorkingAsked(Message):
        """The student checks a working whose first line states the answers of boxes not
        solved yet (its ``after``): the part screen asks first (``check_anyway``)."""

        def __init__(self, box: DerivationBox, waiting: str, answer: str) -> None:
            super().__init__()
            self.box = box
            self.waiting = waiting  # the boxes it states, named by their prompts
            self.answer = answer

    def submit(self, answer: str) -> None:
        """Check the working; before the boxes its first line states are solved (or their
        solution seen), only once the student confirms: the verdict tells whether they are
        right."""
        if answer.strip() and not self.checking and answer != self._judged:
            state = tutor_app(self).state
            waiting = state.pool_waits_for(self.spec.id)
            if waiting:
                # the proof widget's naming (by prompt, never by answer), loaded only here
                from tutor.ui.widgets.proofbox import box_label
                from tutor.wording import said_list

                names = said_list(
                    [box_label(state.current_spec(b), self.spec.part_id) for b in waiting]
                )
                self.post_message(self.WorkingAsked(self, names, answer))
                return
        super().submit(answer)

    def check_anyway(self, yes: bool, answer: str) -> None:
        """The student's answer to ``WorkingAsked``: checked and logged as asked (yes), or not."""
        if yes:
            tutor_app(self).state.show_pool(self.spec.id)
            super().submit(answer)
        self.focus_input(scroll_visible=False)

    def action_check_working(self) -> None:
        self.submit(self.answer_text())

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if "derivation-check" in event.button.classes:
            event.stop()
            self.submit(self.answer_text())

    def _checked(self, answer: str, verdict: Any) -> None:  # type: ignore[override]
        super()._checked(answer, verdict)
        # the verdict's reading is one line; the numbered reading of each line says more
        self._start_preview(answer)
