"""One part of a problem: statement, answer boxes, hints, explanation/rubric, reflections, solution."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import (
    Button,
    Checkbox,
    Footer,
    Header,
    Markdown,
    Static,
    TextArea,
)

from tutor.content.loader import Part
from tutor.ui import keymap
from tutor.ui.screens.modals import ConfirmScreen
from tutor.ui.state import TutorState
from tutor.ui.widgets.answerbox import AnswerBox, widget_id
from tutor.ui.widgets.boxes import box_widget


def _safe(ident: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in ident)


class PointText(Static):
    """A rubric point's text (wraps); clicking it ticks the checkbox beside it."""

    def __init__(self, text: str, index: int) -> None:
        super().__init__(text, classes="point-text", markup=False)
        self.index = index

    def on_click(self, event: events.Click) -> None:
        box = self.screen.query_one(f"#point-{self.index}", Checkbox)
        box.toggle()
        box.focus()


class PointBox(Checkbox):
    """A rubric checkbox whose mark is a tick or blank, so it does not rely on colour alone."""

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]  # noqa: N802 (Textual's name)
        return "✓" if self.value else " "


class PartScreen(Screen):
    CSS_PATH = "../part.tcss"
    BINDINGS = keymap.bindings("part")
    # on_mount focuses the right box without scrolling: the statement stays in view (Textual's
    # auto-focus would centre the first box and scroll the statement away)
    AUTO_FOCUS = ""

    def __init__(self, part_id: str, focus_box: str | None = None) -> None:
        super().__init__(name=f"part-{part_id}")
        self.part_id = part_id
        self.focus_box = focus_box
        self._reflect_text: dict[str, str] = {}
        self._reflect_initial: dict[str, str] = {}

    @property
    def state(self) -> TutorState:
        return self.app.state  # type: ignore[attr-defined]

    @property
    def part(self) -> Part:
        part = self.state.content.part(self.part_id)
        assert part is not None
        return part

    # ----- layout ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        part = self.part
        state = self.state
        problem = next(p for p in state.content.problems if p.id == part.problem_id)
        yield Header()
        if not self.app.saving:  # type: ignore[attr-defined]
            yield Static(
                self.app.unsaved_message,  # type: ignore[attr-defined]
                classes="unsaved",
                markup=False,
            )
        body = VerticalScroll(id="part-body")
        body.can_focus = False  # Tab goes from box to box; PageUp/PageDown scroll the part
        with body:
            yield Static(f"Problem {problem.id} · {problem.title}", classes="crumb", markup=False)
            yield Static(f"{part.id}  {part.title}", classes="part-title", markup=False)
            yield Markdown(part.statement, classes="statement")
            for note in part.errata:
                yield Static(f"Note on the handout: {note}", classes="erratum", markup=False)
            extras = []
            if part.plot:
                extras.append(f"{self.app.key_for('tutor.plot')}: plot '{part.plot}'")
            if part.cards:
                titles = ", ".join(
                    state.content.cards[c].title for c in part.cards if c in state.content.cards
                )
                extras.append(f"{self.app.key_for('tutor.cards')}: reference — {titles}")
            if extras:
                yield Static("   ".join(extras), classes="part-extras", markup=False)
            delay = self.app.preview_delay  # type: ignore[attr-defined]
            for box_id in part.boxes:
                yield box_widget(state.spec(box_id), state.box(box_id), delay=delay)
            if part.explain is not None:
                yield from self._compose_explain(part)
            if part.reflect:
                yield from self._compose_reflect(part)
            with Vertical(id="solution"):
                yield Static("Worked solution", classes="section-title")
                text = part.solution
                if part.reading:
                    text += f"\n\n**Reading taken:** {part.reading.strip()}"
                yield Markdown(text, id="solution-text")
        yield Footer(compact=True, show_command_palette=False)

    def _compose_explain(self, part: Part) -> ComposeResult:
        assert part.explain is not None
        saved = self.state.assessments.get(part.id)
        with Vertical(id="explain"):
            yield Static("Your explanation", classes="section-title")
            yield Static(part.explain.prompt, classes="explain-prompt", markup=False)
            yield TextArea(saved.text if saved else "", id="explanation", classes="explain-text")
            yield Button("Compare with the key points", id="compare", variant="primary")
            with Vertical(id="rubric"):
                yield Static(
                    "Tick each key point your explanation makes (Tab, Space), then save.",
                    classes="hint-line",
                )
                for i, point in enumerate(part.explain.points):
                    value = bool(saved and i < len(saved.points) and saved.points[i])
                    with Horizontal(classes="rubric-point"):
                        yield PointBox("", value, id=f"point-{i}", compact=True)
                        yield PointText(point, i)
                yield Button("Save self-assessment", id="save-assessment", variant="success")
                yield Static("", id="assessment-status", markup=False)

    def _compose_reflect(self, part: Part) -> ComposeResult:
        with Vertical(id="reflect"):
            yield Static("Reflection (not graded)", classes="section-title")
            for r in part.reflect:
                text = self.state.reflection_text(r.id, r.prefill)
                self._reflect_text[r.id] = text
                self._reflect_initial[r.id] = text
                prompt = r.prompt
                if r.prefill == "hours" and r.id not in self.state.reflections:
                    hours = self.state.hours
                    if hours is not None and hours >= 0.05:
                        prompt += f"  (prefilled from your session logs: {hours:.1f} h)"
                    else:
                        prompt += "  (your session logs show less than 3 minutes so far)"
                yield Static(prompt, classes="reflect-prompt", markup=False)
                yield TextArea(text, id=f"reflect-{_safe(r.id)}", classes="reflect-text")
            yield Button("Save reflections", id="save-reflections", variant="primary")

    def on_mount(self) -> None:
        self.state.open_part(self.part_id)
        part = self.part
        self.sub_title = f"{part.id} · {part.title}"
        if self.part_id in self.state.solutions or (
            part.boxes and self.state.solution_unlocked(part)
        ):
            self._show_solution(scroll=False)
        if part.explain is not None and self.part_id not in self.state.assessments:
            self.query_one("#rubric").display = False
        self._focus_first()

    def _focus_first(self) -> None:
        part = self.part
        target = self.focus_box if self.focus_box in part.boxes else None
        if target is None:
            target = next(
                (b for b in part.boxes if self.state.box(b).status != "correct"),
                part.boxes[0] if part.boxes else None,
            )
        if target is not None:
            self.query_one(f"#{widget_id(target)}", AnswerBox).focus_input(scroll_visible=False)
            return
        areas = self.query(TextArea)
        if areas:
            areas.first().focus(scroll_visible=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide keys that do nothing in this part (keeps the footer short at 80 columns)."""
        part = self.part
        if action == "hint":
            return bool(part.boxes)
        if action == "plot":
            return bool(part.plot)
        if action == "cards":
            return bool(part.cards)
        if action == "next_part":
            return self.state.neighbour(part.id, +1) is not None
        if action == "previous_part":
            return self.state.neighbour(part.id, -1) is not None
        return True

    # ----- answers -----------------------------------------------------------------------

    def on_answer_box_checked(self, event: AnswerBox.Checked) -> None:
        box = event.box
        self.state.record_attempt(box.box_id, event.answer, event.verdict)
        box.refresh_status()
        part = self.part
        if event.verdict.verdict == "correct":
            if self.state.all_correct(part):
                self._show_solution(scroll=False)
                box.add_note(
                    "Every box of this part is correct: the worked solution is below "
                    f"({self.app.key_for('tutor.solution')} jumps to it)."
                )
            nxt = next(
                (b for b in part.boxes if self.state.box(b).status != "correct"),
                None,
            )
            if nxt is not None and nxt != box.box_id:
                # on to the next box, but the verdict just given stays in view
                self.query_one(f"#{widget_id(nxt)}", AnswerBox).focus_input(scroll_visible=False)
                self.call_after_refresh(self._show_verdict_and_next, box, nxt)

    def _show_verdict_and_next(self, box: AnswerBox, next_id: str) -> None:
        body = self.query_one("#part-body", VerticalScroll)
        nxt = self.query_one(f"#{widget_id(next_id)}", AnswerBox)
        if nxt.region.y > box.region.y:  # below: the judged box at the top, the next under it
            body.scroll_to_widget(box, animate=False, top=True)
        else:
            body.scroll_to_widget(box, animate=False)

    def _focused_box(self) -> str | None:
        node = self.focused
        while node is not None:
            if isinstance(node, AnswerBox):
                return node.box_id
            node = node.parent
        return None

    # ----- actions -----------------------------------------------------------------------

    def action_hint(self) -> None:
        part = self.part
        if not part.boxes:
            self.notify("This part has no hints: it asks for your own words.")
            return
        box_id = self.state.next_hint_box(part, self._focused_box())
        if box_id is None:
            return
        revealed = self.state.reveal_hint(box_id)
        if revealed is None:
            self.notify("Every hint for this part is already shown.", severity="warning")
            return
        widget = self.query_one(f"#{widget_id(box_id)}", AnswerBox)
        widget.refresh_hints()
        self.call_after_refresh(widget.query_one(".box-hints").scroll_visible, animate=False)

    def action_solution(self) -> None:
        part = self.part
        if self.query_one("#solution").display and part.id in self.state.solutions:
            self.query_one("#solution").scroll_visible(top=True)
            return
        if self.state.solution_unlocked(part):
            self._show_solution(asked=True)
            return

        def answer(yes: bool | None) -> None:
            if yes:
                self._show_solution(asked=True)

        self.app.push_screen(
            ConfirmScreen(
                "Show the worked solution now?",
                "You have not solved this part yet. Trying once more, or taking a hint "
                f"({self.app.key_for('tutor.hint')}), usually teaches more.",
                yes="Show it",
                no="Keep trying",
            ),
            answer,
        )

    def _show_solution(self, scroll: bool = True, asked: bool = False) -> None:
        self.state.reveal_solution(self.part_id, asked=asked)
        sol = self.query_one("#solution")
        sol.display = True
        if scroll:
            self.call_after_refresh(sol.scroll_visible, top=True)

    def action_plot(self) -> None:
        if not self.part.plot:
            self.notify("This part has no plot.", severity="warning")
            return
        self.app.open_plot(self.part.plot, self.part_id)  # type: ignore[attr-defined]

    def action_cards(self) -> None:
        first = self.part.cards[0] if self.part.cards else ""
        self.app.action_cards(first)  # type: ignore[attr-defined]

    def action_scroll_body(self, direction: int) -> None:
        body = self.query_one("#part-body", VerticalScroll)
        if direction < 0:
            body.scroll_page_up(animate=False)
        else:
            body.scroll_page_down(animate=False)

    def action_next_part(self) -> None:
        self._go(+1)

    def action_previous_part(self) -> None:
        self._go(-1)

    def _go(self, step: int) -> None:
        target = self.state.neighbour(self.part_id, step)
        if target is None:
            self.notify("This is the last part." if step > 0 else "This is the first part.")
            return
        self.save_reflections()
        self.app.open_part_screen(target)  # type: ignore[attr-defined]

    def action_index(self) -> None:
        self.save_reflections()
        self.app.action_index()  # type: ignore[attr-defined]

    # ----- explanation and reflection ------------------------------------------------------

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "compare":
            rubric = self.query_one("#rubric")
            rubric.display = True
            self.call_after_refresh(rubric.scroll_visible)
            self.query_one("#point-0", Checkbox).focus()
        elif event.button.id == "save-assessment":
            self._save_assessment()
        elif event.button.id == "save-reflections":
            if self.save_reflections(explicit=True):
                self.notify("Reflections saved.")
            else:
                self.notify("Nothing new to save.")

    def _save_assessment(self) -> None:
        part = self.part
        assert part.explain is not None
        points = [
            self.query_one(f"#point-{i}", Checkbox).value for i in range(len(part.explain.points))
        ]
        text = self.query_one("#explanation", TextArea).text
        self.state.save_assessment(part.id, points, text)
        got = sum(points)
        self.query_one("#assessment-status", Static).update(
            f"Saved: your explanation makes {got} of {len(points)} key points."
        )
        self._show_solution()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        for r in self.part.reflect:
            if event.text_area.id == f"reflect-{_safe(r.id)}":
                self._reflect_text[r.id] = event.text_area.text

    def save_reflections(self, explicit: bool = False) -> bool:
        """Log every reflection that changed.

        Also called when leaving the part or quitting; then an untouched prefilled answer is
        not logged as if the student had written it.
        """
        wrote = False
        for r in self.part.reflect:
            text = self._reflect_text.get(r.id, "")
            if not explicit and text == self._reflect_initial.get(r.id):
                continue
            if text.strip() or r.id in self.state.reflections:
                wrote |= self.state.save_reflection(r.id, text)
                self._reflect_initial[r.id] = text
        return wrote
