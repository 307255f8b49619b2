"""One part of a problem: statement, answer boxes, hints, explanation/rubric, reflections, solution."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import (
    Button,
    Checkbox,
    Markdown,
    Static,
    TextArea,
)
from textual.worker import Worker

from tutor.content.model import Part
from tutor.plots.spec import HeldBack, answer_figures
from tutor.sessions.drafts import EXPLANATION, REFLECTION, RUBRIC
from tutor.ui import keymap
from tutor.ui.access import tutor_app
from tutor.ui.hiddenkeys import take_refused_key
from tutor.ui.screens.modals import ConfirmScreen
from tutor.ui.state import PLOT_FREE_KINDS, TutorState, ticks_text
from tutor.ui.widgets.answerbox import AnswerBox, widget_id
from tutor.ui.widgets.boxes import box_widget
from tutor.ui.widgets.editing import PRESS_KEYS, OrderedTextArea, TypingButton, button_beside
from tutor.ui.widgets.footer import TutorFooter
from tutor.ui.widgets.header import TutorHeader
from tutor.ui.widgets.rubric import PointBox, PointText

if TYPE_CHECKING:  # the proof widget is imported when a part has a proof box
    from tutor.ui.widgets.proofbox import ProofBox

EXPLAIN_SAVED = "Compare it with the key points and save the self-assessment to keep it there."
REFLECT_SAVED = "It is logged when you leave this part or press Save reflections."

PREPARE_AFTER = 0.4
"""Seconds after a part (or variant) is shown before the next variant is made ahead."""

COMPACT_HEIGHT = 30
"""Below this many rows the part is laid out compactly: no breadcrumb and title (the header
shows them), no line naming the plot and cards (the footer's keys do), notes on the handout
folded, so a box fits under the statement of most parts."""


def _plain(value: object) -> object:
    """A variant's value as a plot's input takes it (exact fractions as floats)."""
    from fractions import Fraction

    return float(value) if isinstance(value, Fraction) else value


def _solution_text(part: Part) -> str:
    text = part.solution
    if part.reading:
        text += f"\n\n**Reading taken:** {part.reading.strip()}"
    return text


def _open_above_note(prompt: str) -> str:
    """The note under a verdict that a box above it (``prompt``) is still to solve."""
    return f"↑ Still open above: {prompt}"


def _safe(ident: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in ident)


def _draft_notice(area_id: str, saved_how: str) -> Static:
    """The line over an explanation or reflection (the area ``area_id``) that holds an
    unsent draft."""
    return Static(
        f"Unsent draft, kept from before: not in your log yet. {saved_how}",
        id=f"draft-{area_id}",
        classes="box-draft area-draft",
        markup=False,
    )


class PartScreen(Screen):
    CSS_PATH = "../part.tcss"
    BINDINGS = [
        *keymap.bindings("part"),
        # from an explanation or a reflection: its button (a working's box checks it itself)
        Binding(PRESS_KEYS, "press_beside", "Check", show=False),
    ]
    # on_mount focuses the right box without scrolling: the statement stays in view (Textual's
    # auto-focus would centre the first box and scroll the statement away)
    AUTO_FOCUS = ""

    def __init__(self, part_id: str, focus_box: str | None = None) -> None:
        super().__init__(name=f"part-{part_id}")
        self.part_id = part_id
        self.focus_box = focus_box
        self._keep_top = False  # new numbers shown: the page from its top (_show_current)
        self._reflect_text: dict[str, str] = {}
        self._reflect_initial: dict[str, str] = {}
        # set after the first refresh: a screen is replaced (another variant, the handout) only
        # once it is fully mounted (a key repeat must not tear down a screen still mounting)
        self.ready = False
        self._solution_stale: str | None = None  # a variant's solution, rendered when shown
        self.preparing = False  # the next practice variant is being made ahead of time

    @property
    def state(self) -> TutorState:
        return tutor_app(self).state

    @property
    def part(self) -> Part:
        part = self.state.current_part(self.part_id)  # the variant shown, else the handout
        assert part is not None
        return part

    def compose(self) -> ComposeResult:
        part = self.part
        state = self.state
        problem = next(p for p in state.content.problems if p.id == part.problem_id)
        compact = self.app.size.height < COMPACT_HEIGHT
        self.set_class(compact, "-compact")
        yield TutorHeader()
        if not tutor_app(self).saving:
            yield Static(
                tutor_app(self).unsaved_message,
                classes="unsaved",
                markup=False,
            )
        body = VerticalScroll(id="part-body")
        body.can_focus = False  # Tab goes from box to box; PageUp/PageDown scroll the part
        with body:
            yield Static(f"Problem {problem.id} · {problem.title}", classes="crumb", markup=False)
            yield Static(f"{part.id}  {part.title}", classes="part-title", markup=False)
            banner = self._variant_banner()
            # always there (hidden for the handout): another variant updates it in place
            shown = Static(banner, id="variant-banner", classes="variant-banner", markup=False)
            shown.display = bool(banner)
            yield shown
            yield Markdown(part.statement, classes="statement")
            yield from self._errata(part, compact)
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
            delay = tutor_app(self).preview_delay
            for box_id in part.boxes:
                yield box_widget(state.current_spec(box_id), state.current_box(box_id), delay=delay)
            if part.explain is not None:
                yield from self._compose_explain(part)
            if part.reflect:
                yield from self._compose_reflect(part)
            with Vertical(id="solution"):
                yield Static("Worked solution", classes="section-title")
                yield Markdown(_solution_text(part), id="solution-text")
        yield TutorFooter()

    def _errata(self, part: Part, compact: bool) -> list[Widget]:
        """The part's notes on the handout (folded on a small screen)."""
        notes = [
            Static(f"Note on the handout: {note}", classes="erratum", markup=False)
            for note in part.errata
        ]
        if notes and compact:
            from textual.widgets import Collapsible

            n = len(notes)
            return [
                Collapsible(
                    *notes,
                    title=f"{n} note{'s' if n != 1 else ''} on the handout (Enter opens)",
                    collapsed=True,
                    id="errata",
                )
            ]
        return list(notes)

    def _compose_explain(self, part: Part) -> ComposeResult:
        assert part.explain is not None
        saved = self.state.assessments.get(part.id)
        draft = self.state.area_unsent(EXPLANATION, part.id)
        with Vertical(id="explain"):
            yield Static("Your explanation", classes="section-title")
            yield Static(part.explain.prompt, classes="explain-prompt", markup=False)
            if draft is not None:
                yield _draft_notice("explanation", EXPLAIN_SAVED)
            text = draft if draft is not None else saved.text if saved else ""
            area = OrderedTextArea(text, id="explanation", classes="explain-text")
            yield area
            # out of the Tab order (Tab goes on to the next box); Ctrl+S in the area presses it
            yield TypingButton(
                "Compare with the key points (Ctrl+S)",
                id="compare",
                variant="primary",
                areas=[area],
            )
            with Vertical(id="rubric"):
                yield Static(
                    "Tick each key point your explanation makes: Space ticks the highlighted "
                    "one, Tab moves to the next. Then save.",
                    classes="hint-line",
                )
                ticked = self.state.area_unsent(RUBRIC, part.id)  # ticks not saved yet
                for i, point in enumerate(part.explain.points):
                    if ticked is not None:
                        value = ticked[i : i + 1] == "1"
                    else:
                        value = bool(saved and i < len(saved.points) and saved.points[i])
                    with Horizontal(classes="rubric-point"):
                        yield PointBox("", value, id=f"point-{i}", compact=True)
                        yield PointText(point, i)
                yield Button("Save self-assessment", id="save-assessment", variant="success")
                yield Static("", id="assessment-status", markup=False)

    def _compose_reflect(self, part: Part) -> ComposeResult:
        areas: list[TextArea] = []
        with Vertical(id="reflect"):
            yield Static("Reflection (not graded)", classes="section-title")
            for r in part.reflect:
                text = self.state.reflection_text(r.id, r.prefill)
                self._reflect_initial[r.id] = text  # what leaving the part does not log
                draft = self.state.area_unsent(REFLECTION, r.id)
                if draft is not None:
                    text = draft
                self._reflect_text[r.id] = text
                prompt = r.prompt
                if r.prefill == "hours" and r.id not in self.state.reflections:
                    hours = self.state.hours
                    if hours is not None and hours >= 0.05:
                        prompt += f"  (prefilled from your session logs: {hours:.1f} h)"
                    else:
                        prompt += "  (your session logs show less than 3 minutes so far)"
                yield Static(prompt, classes="reflect-prompt", markup=False)
                if draft is not None:
                    yield _draft_notice(f"reflect-{_safe(r.id)}", REFLECT_SAVED)
                area = OrderedTextArea(text, id=f"reflect-{_safe(r.id)}", classes="reflect-text")
                areas.append(area)
                yield area
            # out of the Tab order; Ctrl+S in a reflection presses it
            yield TypingButton(
                "Save reflections (Ctrl+S)", id="save-reflections", variant="primary", areas=areas
            )

    def _set_ready(self) -> None:
        self.ready = True

    def _prepare_next(self) -> None:
        """Once this variant is painted, render its worked solution (hidden) and make the next
        practice variant in a worker while the student works on this one (either would slow
        the painting down; rendering the solution when a verdict comes would move the screen
        under the verdict)."""
        self.set_timer(PREPARE_AFTER, self._render_solution)
        if self.state.is_parameterized(self.part_id):
            self.preparing = True
            self.set_timer(PREPARE_AFTER, self._start_preparing)

    def _render_solution(self) -> Any:
        """Render a variant's worked solution if not yet: the awaitable of the rendering (the
        Markdown mounts its blocks later), or None when it was rendered already."""
        if self._solution_stale is None:
            return None
        text, self._solution_stale = self._solution_stale, None
        return self.query_one("#solution-text", Markdown).update(text)

    async def _keep_in_view(self, rendering: Any, widget: Any) -> None:
        """Once the solution is laid out below it, bring ``widget`` (a verdict) back into view:
        a solution rendered as the verdict came could leave the verdict below the screen."""
        await rendering
        self.call_after_refresh(widget.scroll_visible, animate=False)

    def _start_preparing(self) -> None:
        from functools import partial

        self.run_worker(
            partial(self.state.prepare_next_variant, self.part_id),
            thread=True,
            group="next-variant",
            exit_on_error=False,  # only a head start: new_variant makes it if this failed
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "next-variant" and event.worker.is_finished:
            self.preparing = any(
                w.group == "next-variant" and not w.is_finished for w in self.workers
            )

    def on_mount(self) -> None:
        self.call_after_refresh(self._set_ready)
        self._prepare_next()
        self.state.open_part(self.part_id)
        part = self.part
        self.sub_title = f"{part.id} · {part.title}"
        if self.state.solution_seen(self.part_id) or (
            part.boxes and self.state.solution_unlocked(part)
        ):
            self._show_solution(scroll=False)
        if (
            part.explain is not None
            and self.part_id not in self.state.assessments
            and self.state.area_unsent(RUBRIC, self.part_id) is None  # ticked: shown again
        ):
            self.query_one("#rubric").display = False
        self._focus_first()

    def _focus_first(self) -> None:
        part = self.part
        target = self.focus_box if self.focus_box in part.boxes else None
        if target is None:
            target = next(
                (b for b in part.boxes if self.state.current_box(b).status != "correct"),
                part.boxes[0] if part.boxes else None,
            )
        if target is not None:
            box = next(self.query(f"#{widget_id(target)}").results(AnswerBox), None)
            try:
                if box is None:
                    raise NoMatches(target)
                box.focus_input(scroll_visible=False)
            except NoMatches:  # the box has not composed its input yet (a busy machine)
                self.call_after_refresh(self._focus_first)
                return
            # the statement stays at the top, but the box must be on screen too (80×24)
            self.call_after_refresh(self._reveal_focused_box)
            self.call_after_refresh(tutor_app(self).part_opened, self)
            return
        areas = self.query(TextArea)
        if areas:
            areas.first().focus(scroll_visible=False)
        self.call_after_refresh(tutor_app(self).part_opened, self)

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.height < COMPACT_HEIGHT, "-compact")

    def _reveal_focused_box(self) -> None:
        """Scroll as little as needed to show the focused box's prompt and input. When new
        numbers were just shown, the page is shown from its top: on a large terminal as it
        is (the banner and the statement with the new numbers), on a small one as far down
        as the box needs (keys typed must be seen; the notice says the new numbers)."""
        body = self.query_one("#part-body", VerticalScroll)
        if self._keep_top:  # from the top: as much of the banner and statement as fits
            self._keep_top = False
            body.scroll_to(y=0, animate=False, immediate=True)
            if not tutor_app(self).small_screen():
                return  # room for the statement: read first (the box is a Tab or PageDown away)
        focused = self.focused
        if focused is None:
            return
        box = focused.parent
        while box is not None and not isinstance(box, AnswerBox):
            box = box.parent
        if box is None:
            return
        if not body.can_view_entire(box.query_one(".box-prompt")):
            body.scroll_to_widget(box.query_one(".box-prompt"), animate=False)
        if not body.can_view_entire(focused):
            body.scroll_to_widget(focused, animate=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide keys that do nothing in this part (keeps the footer short at 80 columns)."""
        part = self.part
        if action == "hint":
            return bool(part.boxes)
        if action == "plot":
            return bool(part.plot)
        if action == "cards":
            return bool(part.cards)
        if action == "variant":
            if not self.state.is_parameterized(self.part_id):
                return False
            return True if self._may_practise() or parameters == (True,) else False
        if action == "handout":
            return self.state.variant(self.part_id) is not None
        if action == "next_part":
            return self.state.neighbour(part.id, +1) is not None
        if action == "previous_part":
            return self.state.neighbour(part.id, -1) is not None
        return True

    async def on_key(self, event: events.Key) -> None:
        """A key whose action this part hides from the footer still answers: it says why it
        does nothing here (no hints in a free-text part, a variant before solving, the last
        part), or does what it can (the cards of every part), instead of being swallowed."""
        refused = take_refused_key(self, "part", event)
        if refused is None:
            return
        name, params = refused
        result = getattr(self, f"action_{name}")(*params)
        if result is not None:
            await result

    def on_answer_box_checked(self, event: AnswerBox.Checked) -> None:
        try:
            self._answer_checked(event)
        finally:
            # the keys typed since Enter go where the cursor is now: the focus asked for
            # above is given by the app's queue, before this
            app = tutor_app(self)
            app.call_later(app.release_keys, event.box)

    def _answer_checked(self, event: AnswerBox.Checked) -> None:
        box = event.box
        if self.state.current_box(box.box_id).status == "correct":
            # trying another notation in a solved box: judged and shown, not recorded
            self.state.checked_unrecorded(box.box_id, event.answer)
            tutor_app(self).save_drafts_soon()  # checked: no draft to keep across a quit
            box.show_draft_notice()
            box.add_note(
                "This box is already solved: this check is shown but not recorded, so "
                "try any notation you like."
            )
            return
        self.state.record_attempt(box.box_id, event.answer, event.verdict)
        tutor_app(self).save_drafts_soon()  # sent: its draft leaves the file now
        box.refresh_status()
        self._refresh_pools()
        part = self.part
        if event.verdict.verdict != "correct":
            return
        if self.state.is_parameterized(part.id):
            self.refresh_bindings()  # "another variant" is offered once a box is solved
        # a box below said this one was still open: no longer
        for other in self.query(AnswerBox):
            if other is not box:
                other.drop_note(_open_above_note(box.spec.prompt))
        # the student is still where the answer was sent from, with that answer in the box: a
        # verdict that arrives late must not pull the cursor away from where they type now
        still_here = self._focused_box() == box.box_id and box.answer_text() == event.answer
        if self.state.explanation_pending(part):
            box.add_note(
                "Every box of this part is correct: now write your explanation below and "
                "compare it with the key points; the worked solution follows."
            )
            if still_here and self._move_to_explanation(box):
                box.add_note("↓ The cursor moved on to your explanation.")
        elif self.state.all_correct(part):
            rendering = self._show_solution(scroll=False)
            box.add_note(
                "Every box of this part is correct: the worked solution is below "
                f"({self.app.key_for('tutor.solution')} jumps to it)."
            )
            if rendering is not None:
                self.run_worker(self._keep_in_view(rendering, box.query_one(".box-verdict")))
        nxt = self._next_unsolved(box.box_id)
        above = self._open_above(box.box_id) if nxt is None else None
        if above is not None:
            box.add_note(_open_above_note(self.state.current_spec(above).prompt))
        # Move on only if the student is still there (an Enter meant for one box would reach
        # another).
        if nxt is None or not still_here:
            return
        target = self.query_one(f"#{widget_id(nxt)}", AnswerBox)
        target.focus_input(scroll_visible=False)
        box.add_note(f"↓ The cursor moved on to the next box: {target.spec.prompt}")
        self.call_after_refresh(self._show_verdict_and_next, box, nxt)

    def on_proof_box_pool_asked(self, event: ProofBox.PoolAsked) -> None:
        """Show a proof box's held-back pool only once the student confirms (as the worked
        solution before the part is solved)."""
        event.stop()
        self.app.push_screen(
            ConfirmScreen(
                "Show the blocks now?",
                f"Some blocks state the answers of {event.waiting}, which you have not solved "
                "yet. Answering those first usually teaches more; the blocks then appear by "
                "themselves.",
                yes="Show them",
                no="Not yet",
            ),
            lambda yes: event.box.show_pool(bool(yes)),
        )

    def on_derivation_box_working_asked(self, event: Any) -> None:
        """Check a working whose first line states answers not solved yet only once the
        student confirms (as the proof blocks that state them): it tells whether they are
        right, and is logged as asked."""
        event.stop()
        self.app.push_screen(
            ConfirmScreen(
                "Check your working now?",
                f"Your working starts from the answers of {event.waiting}, which you have not "
                "solved yet; checking it tells you whether they are right. Answering those "
                "first usually teaches more.",
                yes="Check anyway",
                no="Not yet",
            ),
            lambda yes: event.box.check_anyway(bool(yes), event.answer),
        )

    def _refresh_pools(self) -> None:
        """Show the pool of each proof box whose held-back blocks are no longer a give-away
        (the boxes they state were just solved, or a worked solution was just shown)."""
        from tutor.ui.widgets.proofbox import ProofBox

        for proof in self.query(ProofBox):
            proof.refresh_gate()

    def _next_unsolved(self, after: str) -> str | None:
        """The next box not yet correct below ``after`` (the cursor never jumps back up, out
        of sight of the verdict just given)."""
        boxes = list(self.part.boxes)
        i = boxes.index(after) if after in boxes else -1
        for box_id in boxes[i + 1 :]:
            if self.state.current_box(box_id).status != "correct":
                return box_id
        return None

    def _open_above(self, before: str) -> str | None:
        """The first box not yet correct above ``before``."""
        boxes = list(self.part.boxes)
        i = boxes.index(before) if before in boxes else 0
        return next((b for b in boxes[:i] if self.state.current_box(b).status != "correct"), None)

    def _move_to_explanation(self, box: AnswerBox) -> bool:
        """The last box is solved and the part asks for an explanation: the cursor goes to
        it (left in the solved box, a paste meant for the explanation replaced the answer).
        Whether it moved."""
        areas = self.query("#explanation").results(TextArea)
        area = next(areas, None)
        if area is None or not area.display:
            return False
        area.focus(scroll_visible=False)
        self.call_after_refresh(self._show_verdict_and_explanation, box, area)
        return True

    def _show_verdict_and_explanation(self, box: AnswerBox, area: TextArea) -> None:
        """Keep the verdict just given in view, and the explanation the cursor moved to."""
        body = self.query_one("#part-body", VerticalScroll)
        body.scroll_to_widget(box.query_one(".box-verdict-head"), animate=False, top=True)
        if not body.can_view_entire(area):
            body.scroll_to_widget(area, animate=False)

    def _show_verdict_and_next(self, box: AnswerBox, next_id: str) -> None:
        """Keep the verdict just given in view, and bring the box the cursor moved to in too
        (the student always sees where their typing goes)."""
        body = self.query_one("#part-body", VerticalScroll)
        # the verdict at the top (a proof box can be taller than the screen), the next box under it
        body.scroll_to_widget(box.query_one(".box-verdict-head"), animate=False, top=True)
        self.call_after_refresh(self._reveal_focused_box)

    def _focused_box(self) -> str | None:
        node = self.focused
        while node is not None:
            if isinstance(node, AnswerBox):
                return node.box_id
            node = node.parent
        return None

    def action_hint(self) -> None:
        """The next hint of the focused box (never another box's); with no box focused, the
        first box not yet solved, which then takes the cursor."""
        part = self.part
        if not part.boxes:
            self.notify("This part has no hints: it asks for your own words.")
            return
        box_id = self._focused_box()
        if box_id is None:
            box_id = self.state.next_hint_box(part)
            if box_id is None:
                return
            self.query_one(f"#{widget_id(box_id)}", AnswerBox).focus_input()
        widget = self.query_one(f"#{widget_id(box_id)}", AnswerBox)
        revealed = self.state.reveal_hint(box_id)
        if revealed is None:  # said in the box: a notice at 80×24 can cover the verdict
            n = len(self.state.current_spec(box_id).hints)
            solution = f"{self.app.key_for('tutor.solution')} shows the worked solution."
            widget.refresh_hints(
                f"No more hints: all {n} hints for this box are shown. {solution}"
                if n
                else f"This box has no hints. {solution}"
            )
        else:
            widget.refresh_hints()
        # at once, after this refresh (when the hints are laid out): a scroll deferred past it
        # was lost when hints came in quick succession, the newest left below the screen's edge
        self.call_after_refresh(
            widget.query_one(".box-hints").scroll_visible, animate=False, immediate=True
        )

    def action_solution(self) -> None:
        part = self.part
        if self.query_one("#solution").display and self.state.solution_seen(part.id):
            self.query_one("#solution").scroll_visible(top=True)
            return
        if self.state.solution_unlocked(part):
            self._show_solution(asked=True)
            return

        def answer(yes: bool | None) -> None:
            if yes:
                self._show_solution(asked=True)

        if self.state.explanation_pending(part):
            detail = (
                "Your boxes are right; the solution would write much of your explanation for "
                "you. Comparing it with the key points first usually teaches more."
            )
        else:
            detail = (
                "You have not solved this part yet. Trying once more, or taking a hint "
                f"({self.app.key_for('tutor.hint')}), usually teaches more."
            )
        self.app.push_screen(
            ConfirmScreen("Show the worked solution now?", detail, yes="Show it", no="Keep trying"),
            answer,
        )

    def _show_solution(self, scroll: bool = True, asked: bool = False) -> Any:
        """Show the worked solution; the awaitable of its rendering when it was not rendered
        yet (shown before the screen was idle), else None."""
        self.state.reveal_solution(self.part_id, asked=asked)
        sol = self.query_one("#solution")
        rendering = self._render_solution()
        sol.display = True
        self._refresh_pools()
        if scroll:
            self.call_after_refresh(sol.scroll_visible, top=True)
        return rendering

    def _variant_banner(self) -> str:
        variant = self.state.variant(self.part_id)
        if variant is None:
            return ""
        from tutor.variants.practice import what_changes

        back = self.app.key_for("tutor.handout")
        again = self.app.key_for("tutor.variant")
        return (
            f"Practice variant, seed {variant.seed}: {variant.describe()}. "
            f"{what_changes(variant)} "
            f"{again}: another variant · {back}: back to the handout."
            if variant.seed is not None
            else f"Practice variant: {variant.describe()}. {back}: back to the handout."
        )

    def _may_practise(self) -> bool:
        """Another variant is offered once a box of the part is solved (or in a variant)."""
        if self.state.variant(self.part_id) is not None:
            return True
        return any(self.state.current_box(b).status == "correct" for b in self.part.boxes)

    async def action_variant(self, practice: bool = False) -> None:
        """Another variant of this part: new numbers, empty boxes, its own hints and solution.
        ``practice=True`` (the command palette's practice mode) works before solving too."""
        if not self.ready:
            return  # still mounting (a repeated key): the variant asked for is on its way
        if not self.state.is_parameterized(self.part_id):
            self.notify("This part has no other variants: its numbers are fixed.")
            return
        if not (practice or self._may_practise()):
            self.notify(
                "Solve a box of this part first, or use the command palette's "
                "'Practice: another variant' to practise now.",
                title="Another variant",
            )
            return
        if self.still_checking():
            return
        self.keep_what_is_typed()
        self.save_reflections()
        left = self.state.drafts_left_by_leaving(self.part_id)
        variant = self.state.new_variant(self.part_id)
        back = f"{self.app.key_for('tutor.handout')}: back to the handout."
        if variant is None:  # every other variant has the numbers shown now
            from tutor.variants.practice import no_other_variant

            self.notify(
                f"{no_other_variant(self.state.variant(self.part_id))} {back}",
                title="Another variant",
                severity="warning",
            )
            return
        await self._show_current(from_top=True)
        # said where it is seen on any screen: the banner may be above
        again = (
            "You have seen every variant of this part; this one again. "
            if self.state.variant_repeated
            else ""
        )
        self.notify(
            f"{again}Seed {variant.seed}: {variant.describe()}. {back}",
            title="Practice variant",
        )
        self._say_drafts_left(left)

    async def action_handout(self) -> None:
        if not self.ready:
            return
        if self.state.variant(self.part_id) is None:
            self.notify("This part already shows the handout's numbers.")
            return
        if self.still_checking():
            return
        self.keep_what_is_typed()
        self.save_reflections()
        left = self.state.drafts_left_by_leaving(self.part_id)
        self.state.show_variant(self.part_id, None)
        await self._show_current(from_top=True)
        self.notify("The handout's numbers again; your answers to them are as you left them.")
        self._say_drafts_left(left)

    def _say_drafts_left(self, left: list[tuple[str, str]]) -> None:
        """F9 or F8 left practice variants holding unsent drafts: say they are kept and how to
        get back to them (F9 never draws their seeds again)."""
        from tutor.sessions.drafts import how_to_reopen
        from tutor.sessions.logformat import variant_words

        if not left:
            return
        tutor_app(self).save_drafts_soon()  # kept on disk now, not after a pause
        where = "; ".join(f"{part} (practice variant {variant_words(key)})" for part, key in left)
        ways = "; ".join(how_to_reopen(part, key) for part, key in left)
        self.notify(
            f"What you typed and did not send in {where} is kept as a draft. To get back to "
            f"it with its numbers: {ways}.",
            title="Unsent draft kept",
            severity="warning",
            timeout=12,
            markup=False,
        )

    async def reopen_variant(self, key: str) -> None:
        """Show this part at the practice variant ``key`` again (one holding an unsent draft,
        chosen in the command palette), in place, the cursor in the draft's box."""
        from tutor.sessions.logformat import variant_words

        if not self.ready or self.still_checking():
            return
        shown = self.state.variant(self.part_id)
        if shown is not None and shown.key == key:
            self.notify(f"This part shows practice variant {variant_words(key)} already.")
            return
        self.keep_what_is_typed()
        self.save_reflections()
        left = self.state.drafts_left_by_leaving(self.part_id)
        if not self.state.reopen_variant(self.part_id, key):
            self.notify(
                f"Practice variant {variant_words(key)} could not be made again with this "
                "content; its draft stays kept.",
                severity="warning",
                markup=False,
            )
            return
        asked = self.focus_box
        self.focus_box = next(iter(self.state.draft_boxes(self.part_id)), asked)
        try:
            await self._show_current()
        finally:
            self.focus_box = asked
        self.notify(
            f"Practice variant {variant_words(key)} again, with your answers and your draft "
            f"as you left them. {self.app.key_for('tutor.handout')}: back to the handout.",
            title="Practice variant",
            markup=False,
        )
        self._say_drafts_left(left)

    def still_checking(self) -> bool:
        """An answer of this variant is being checked: its verdict is shown and recorded
        before the numbers change (never lost, never judged against the next variant)."""
        if any(b.checking for b in self.query(AnswerBox)):
            self.notify("An answer is still being checked: its verdict first, then try again.")
            return True
        return False

    async def _show_current(self, from_top: bool = False) -> None:
        """Show the variant the state now holds for this part, in place: the same screen with
        its banner, title, statement, notes, boxes and explanation prompts replaced (composing
        a whole new screen, header and footer included, took 3–5 times longer). The worked
        solution is rendered when it is shown. ``from_top``: the page is shown from its top, as
        far down as the cursor's box needs (trial tui3 T15: after F9 the page stayed scrolled
        down at the box, the banner and the changed statement above it, off screen)."""
        self.ready = False
        self._keep_top = from_top
        part = self.part
        body = self.query_one("#part-body", VerticalScroll)
        # one layout and one paint for the lot (each mount would otherwise lay out the screen)
        with self.app.batch_update():
            banner = self._variant_banner()
            shown = self.query_one("#variant-banner", Static)
            shown.update(banner)
            shown.display = bool(banner)
            self.query_one(".part-title", Static).update(f"{part.id}  {part.title}")
            self.sub_title = f"{part.id} · {part.title}"
            statement = self.query_one(".statement", Markdown)
            state = self.state
            specs = [state.current_spec(b) for b in part.boxes]
            shown = list(self.query(AnswerBox))
            # the same boxes in another variant: shown in place, no widgets made or styled
            reuse = len(shown) == len(specs) and all(
                w.can_show(spec) for w, spec in zip(shown, specs, strict=True)
            )
            # the notes on the handout: new texts in the same widgets when they are as many
            errata = list(self.query(".erratum").results(Static))
            same_notes = len(errata) == len(part.errata)
            for widget, note in zip(errata if same_notes else (), part.errata, strict=False):
                widget.update(f"Note on the handout: {note}")
            await body.remove_children(
                [
                    w
                    for w in body.children
                    if (isinstance(w, AnswerBox) and not reuse)
                    or (not same_notes and (w.has_class("erratum") or w.id == "errata"))
                ]
            )
            updating = statement.update(part.statement)
            notes = [] if same_notes else self._errata(part, self.has_class("-compact"))
            if notes:
                await body.mount_all(notes, after=statement)
            if reuse:
                for widget, spec in zip(shown, specs, strict=True):
                    widget.show_spec(spec, state.current_box(spec.id))
            elif specs:
                delay = tutor_app(self).preview_delay
                boxes = [
                    box_widget(spec, state.current_box(spec.id), delay=delay) for spec in specs
                ]
                after_boxes = next(
                    w
                    for w in (
                        *self.query("#explain"),
                        *self.query("#reflect"),
                        self.query_one("#solution"),
                    )
                )
                await body.mount_all(boxes, before=after_boxes)
            if part.explain is not None:
                self.query_one(".explain-prompt", Static).update(part.explain.prompt)
                for text in self.query(PointText):
                    if text.index < len(part.explain.points):
                        text.update(part.explain.points[text.index])
            self._solution_stale = _solution_text(part)  # rendered once this one is painted
            self.query_one("#solution").display = False
            await updating
        self.state.open_part(self.part_id)
        if self.state.solution_seen(self.part_id) or (
            part.boxes and self.state.solution_unlocked(part)
        ):
            self._show_solution(scroll=False)
        body.scroll_home(animate=False, immediate=True)  # before the box is revealed below
        self.refresh_bindings()
        self._focus_first()
        self.call_after_refresh(self._set_ready)
        self._prepare_next()

    def action_plot(self) -> None:
        if not self.part.plot:
            self.notify("This part has no plot.", severity="warning")
            return
        initial, note, back = self._plot_setting()
        tutor_app(self).open_plot(self.part.plot, self.part_id, initial, note, back)

    def _held_answers(self, problem: Any, parts: frozenset[str]) -> dict[str, frozenset[float]]:
        """The numbers ``parts`` are answered with, in the handout and in the variant each
        shows now: a plot stating one of them is held back wherever it is set."""
        found: dict[str, frozenset[float]] = {}
        for p in problem.parts:
            if p.id not in parts:
                continue
            keys = [self.state.content.boxes[b].answer for b in p.boxes]
            shown = self.state.variant(p.id)
            if shown is not None:
                keys += [shown.box(b).answer for b in p.boxes]
            found[p.id] = answer_figures(keys)
        return found

    def _plot_setting(self) -> tuple[dict, str, HeldBack | None]:
        """Where the part's plot opens (at the variant shown; for the handout, at another
        setting until the parts whose answers it shows are solved), why, and what it holds
        back: the answers of the problem's parts not solved yet (nor their solution seen), at
        the numbers the student is working with."""
        from tutor.ui.widgets.proofbox import box_label

        part = self.part
        problem = next(p for p in self.state.content.problems if p.id == part.problem_id)
        open_boxes = {p.id: self.state.open_for_plots(p) for p in problem.parts}
        unsettled = frozenset(p for p, boxes in open_boxes.items() if boxes)
        missing = {  # a part partly solved: the boxes still missing, named as on its screen
            p.id: tuple(
                box_label(spec := self.state.current_spec(b), spec.part_id)
                for b in open_boxes[p.id]
            )
            for p in problem.parts
            if open_boxes[p.id]
            and len(open_boxes[p.id])
            < sum(1 for b in p.boxes if self.state.current_spec(b).kind not in PLOT_FREE_KINDS)
        }
        variant = self.state.variant(self.part_id)
        values: dict = {}
        if variant is not None:
            # the problem's parts share the variant (1a's variances, 1b's law: the 1c plot
            # draws both); this part's own values win
            for sibling in self.state.content.parts():
                other = self.state.variant(sibling.id)
                if other is not None and sibling.problem_id == self.part.problem_id:
                    values.update({k: _plain(v) for k, v in other.values.items()})
            values.update({k: _plain(v) for k, v in variant.values.items()})
        elif self.state.is_parameterized(self.part_id):
            # the content's own handout numbers (variant 0), so the plots follow its defaults;
            # the problem's other parts' too (the 1c plot draws 1a's and 1b's), this part's win
            from tutor.variants import engine

            raw = self.state.content.templates
            for sibling in problem.parts:
                if sibling.id != self.part_id and self.state.is_parameterized(sibling.id):
                    there = engine.instantiate(raw, sibling.id)
                    values.update({k: _plain(v) for k, v in there.values.items()})
            handout = engine.instantiate(raw, self.part_id)
            values.update({k: _plain(v) for k, v in handout.values.items()})
        back = (
            HeldBack(unsettled, values, self._held_answers(problem, unsettled), missing)
            if unsettled
            else None
        )
        if variant is not None:
            return values, f"Opened at this practice variant: {variant.describe()}.", back
        from tutor.ui.plotsetting import held_back_setting, part_plots

        specs = part_plots(self.part_id, part.plot) if part.plot else []
        other = held_back_setting(self.state.content.templates, self.part_id, values, specs, back)
        if other is not None:
            setting = ", ".join(f"{k} = {v}" for k, v in other.items() if v != values[k])
            return (
                other,
                f"Opened at {setting}, not the handout's numbers, so it does not give away "
                f"problem {problem.id}'s answers before you have solved every part; change the "
                "inputs to explore.",
                back,
            )
        return values, "", back  # the handout's own numbers, as the content sets them

    def action_cards(self) -> None:
        first = self.part.cards[0] if self.part.cards else ""
        tutor_app(self).action_cards(first)

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
        tutor_app(self).open_part_screen(target)

    def action_index(self) -> None:
        self.save_reflections()
        tutor_app(self).action_index()

    def action_press_beside(self) -> None:
        button = button_beside(self, self.focused)
        if button is not None:
            button.press()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "compare":
            self._compare()
        elif event.button.id == "save-assessment":
            self._save_assessment()
        elif event.button.id == "save-reflections":
            if self.save_reflections(explicit=True):
                self.notify("Reflections saved." + self._hours_read())
            else:
                self.notify("Nothing new to save.")

    def _compare(self) -> None:
        """Show the key points to compare the explanation with: once it is written, and, while
        the part's boxes are not all solved (the points state their answers), once asked."""
        part = self.part
        if not self.query_one("#explanation", TextArea).text.strip():
            self.notify("Write your explanation first: the key points are to compare it with.")
            return

        def show(yes: bool | None = True) -> None:
            if not yes:
                return
            rubric = self.query_one("#rubric")
            rubric.display = True
            self.call_after_refresh(rubric.scroll_visible)
            self.query_one("#point-0", Checkbox).focus()

        if not part.boxes or self.state.all_correct(part) or self.state.solution_seen(part.id):
            show()
            return
        self.app.push_screen(
            ConfirmScreen(
                "Show the key points now?",
                "They state the answers of this part's boxes, and you have not solved them "
                "all yet.",
                yes="Show them",
                no="Not yet",
            ),
            show,
        )

    def _save_assessment(self) -> None:
        part = self.part
        assert part.explain is not None
        points = [
            self.query_one(f"#point-{i}", Checkbox).value for i in range(len(part.explain.points))
        ]
        text = self.query_one("#explanation", TextArea).text
        self.state.save_assessment(part.id, points, text)
        self._area_changed(EXPLANATION, part.id, text, self.query_one("#explanation", TextArea))
        tutor_app(self).save_drafts_soon()  # in the log now: its draft leaves the file
        got = sum(points)
        saved = f"Saved: your explanation makes {got} of {len(points)} key points."
        if self.state.solution_unlocked(part) or self.state.solution_seen(part.id):
            self.query_one("#assessment-status", Static).update(saved)
            self._show_solution()  # solved (and now assessed), or asked for before: not asked
            return
        # boxes still open: the worked solution states their answers, so it opens only when
        # asked for (and is logged as asked), as with its key, never by itself here
        self.query_one("#assessment-status", Static).update(
            f"{saved} The worked solution opens once every box is solved "
            f"({self.app.key_for('tutor.solution')} shows it sooner, after asking)."
        )

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        """An explanation or a reflection changed: kept as a draft (saved once the student
        pauses) until it is in the log. (A derivation box handles its own.)"""
        area = event.text_area
        text = area.text
        if area.id == "explanation":
            self._area_changed(EXPLANATION, self.part_id, text, area)
            return
        for r in self.part.reflect:
            if area.id == f"reflect-{_safe(r.id)}":
                self._reflect_text[r.id] = text
                if text == self._reflect_initial.get(r.id):
                    self.state.area_drafts.pop((REFLECTION, r.id), None)  # as it was: no draft
                else:
                    self.state.set_area_draft(REFLECTION, r.id, text)
                self._area_changed(REFLECTION, r.id, None, area)

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        """A key point ticked or not: the ticks are kept as a draft until the self-assessment
        is saved (nothing the student did is lost when they leave first)."""
        part = self.part
        if part.explain is None or not (event.checkbox.id or "").startswith("point-"):
            return
        ticks = [
            self.query_one(f"#point-{i}", Checkbox).value for i in range(len(part.explain.points))
        ]
        self.state.set_area_draft(RUBRIC, part.id, ticks_text(ticks))
        tutor_app(self).drafts_changed()

    def _area_changed(self, kind: str, ident: str, text: str | None, area: TextArea) -> None:
        """Keep what an area holds (``text``; None: kept already) as its draft, drop its
        draft notice once it is no draft, and have the drafts saved."""
        if text is not None:
            self.state.set_area_draft(kind, ident, text)
        if self.state.area_unsent(kind, ident) is None:
            self.query(f"#draft-{area.id}").remove()
        tutor_app(self).drafts_changed()

    def keep_what_is_typed(self) -> None:
        """Read what every box and text area of the part holds now into the drafts, at once:
        at a quit, the last keys may be in a box whose change was not handled yet."""
        for answer_box in self.query(AnswerBox):
            try:
                answer_box.keep_draft()
            except Exception:  # noqa: BLE001 - a box half put together: it has its draft
                continue
        for area in self.query(TextArea):
            if area.id == "explanation":
                self.state.set_area_draft(EXPLANATION, self.part_id, area.text)
            for r in self.part.reflect:
                if area.id == f"reflect-{_safe(r.id)}":
                    self._reflect_text[r.id] = area.text

    def on_screen_suspend(self) -> None:
        tutor_app(self).save_drafts_soon()  # a plot, help or another screen over this one

    def on_unmount(self) -> None:
        tutor_app(self).save_drafts_soon()  # another part, the index

    def _hours_read(self) -> str:
        """How the hours a student wrote are read for the class's summary (they are saved as
        written either way)."""
        from tutor.sessions.reportedhours import reported_hours

        said = []
        for r in self.part.reflect:
            text = self._reflect_text.get(r.id, "").strip()
            if r.prefill != "hours" or not text:
                continue
            hours = reported_hours(text)
            if hours is None:
                said.append(
                    " Your hours could not be read as one number of hours (e.g. 12, 1h30, "
                    "about 9): they are kept as written, but left out of the class's hours."
                )
            else:
                said.append(f" Your hours read as {hours:g} h.")
        return "".join(said)

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
        if wrote:  # in the log now: no longer drafts
            for notice in self.query("#reflect .area-draft"):
                notice.remove()
            tutor_app(self).save_drafts_soon()
        return wrote
