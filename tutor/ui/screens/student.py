"""The student id question, asked once on the tutor's first start (skippable)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from tutor.sessions.identity import MAX_ID_LENGTH, student_id_problem
from tutor.ui import keymap
from tutor.ui.widgets.editing import OrderedInput


class StudentIdScreen(ModalScreen["str | None"]):
    """Ask for the student id; dismisses with the id, or None when the student skips."""

    CSS_PATH = "../modal.tcss"
    # Enter saves (the input's submit); Esc skips. Letters typed go into the input.
    BINDINGS = keymap.bindings("confirm")

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static("Your student id", id="question", markup=False)
            yield Static(
                "It is written into your session logs and your hand-in (hw3-tutor handin), "
                "so your instructor can tell your work apart. Use letters, digits and "
                f". _ - @ + (up to {MAX_ID_LENGTH} characters). Skip it now and give it "
                "later with --student ID if you like.",
                id="detail",
                markup=False,
            )
            yield OrderedInput(
                placeholder="e.g. your university id", id="student-id", max_length=200
            )
            yield Static("", id="student-problem", markup=False)
            with Horizontal(id="buttons"):
                yield Button("Save (Enter)", id="yes", variant="primary", compact=True)
                yield Button("Skip (Esc)", id="no", compact=True)

    def on_mount(self) -> None:
        self.query_one("#student-id", Input).focus()

    def _save(self) -> None:
        value = self.query_one("#student-id", Input).value.strip()
        problem = student_id_problem(value)
        if problem is not None:
            self.query_one("#student-problem", Static).update(
                problem[0].upper() + problem[1:] + "."
            )
            return
        self.dismiss(value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "yes":
            self._save()
        else:
            self.dismiss(None)

    def action_answer(self, yes: bool) -> None:
        if yes:
            self._save()
        else:
            self.dismiss(None)
