"""One answer box: the input, a live "read as" preview, the verdict and the hints revealed so far.

The preview is debounced and asked of the checker from a thread worker (the real checker reads
it in a time-bounded process of its own: ``tutor.ui.checking``), and a stale reading (the text
changed meanwhile, or the answer was checked) is dropped, so typing is never delayed. Enter sends the
answer to the checker in a thread worker; a spinner shows while it runs.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, LoadingIndicator, Static

from tutor.content.model import BoxSpec
from tutor.textsafe import ECHO_WIDTH, excerpt, pointed, quoted, visible
from tutor.ui.access import tutor_app
from tutor.ui.state import GLYPHS, UNTRIED, BoxState
from tutor.ui.widgets.editing import OrderedInput
from tutor.variants.handoutkey import tell_handout_value

MAX_NOTES = 3  # remarks on how an answer was read, shown under its preview

if TYPE_CHECKING:  # the reader arrives with the first preview or verdict, after the first paint
    from tutor.checking.readas import ReadAs

VERDICT_HEAD = {
    "correct": "✓ Correct.",
    "partial": "◐ Partly right.",
    "incorrect": "✗ Not right yet.",
    "invalid": "⚠ I could not read this answer. It does not count as an attempt.",
}

# What to type, never the shape of an answer: no example that could pass for one (F1 has
# the made-up examples), no name a box may not use, and no claim about what kind of object
# the answer is beyond the box's kind (4a's g(x) is not an expectation).
PLACEHOLDER = {
    "expression": "a formula (F1: how to type one)",
    "number": "a number",
    "count": "a whole number",
    "choice": "the letter of your choice",
    "expectation": "a formula; F1 shows how to write E, ∇ and subscripts",
    "order": "an order of growth: Θ(…) or O(…)",
    "reparam": "g(z, μ) = …, then a comma and the law of z",
}


def widget_id(box_id: str) -> str:
    """A Textual-safe id for a box id like ``5a.fwd``."""
    return "box-" + "".join(c if c.isalnum() or c in "-_" else "-" for c in box_id)


EDITED_GLYPH = "✎"


def stale_head(label: str, empty: bool, check_key: str) -> str:
    """The line over a verdict shown for the previous answer (``label``): the key that checks
    what the box holds now, or, when it holds nothing (trial tui3 T10: "press Ctrl+S to check
    this one" under an emptied box), that it is empty."""
    if empty:
        return f"for your previous answer: {label} — the box is empty now"
    return f"for your previous answer: {label} — press {check_key} to check this one"


"""A solved box's glyph while it holds another answer than the one judged correct."""


class BoxPreview(Static):
    """A box's "read as" line(s). When it changes size while the student works in its box, the
    box keeps what they read next in view once the new size is laid out (a derivation's
    preview grows a line a step: scrolled before that layout, its last line stayed below an
    80×24 screen)."""

    def on_resize(self, event: events.Resize) -> None:
        box = self.parent
        if isinstance(box, AnswerBox) and box.has_focus_within and self.display:
            box.keep_reading_in_view()


class CheckFailed(Exception):
    pass


class _ErrorVerdict:
    """Shown when the checker itself failed (a bug, not the student's fault); not an attempt."""

    def __init__(self, message: str) -> None:
        self.verdict = "invalid"
        self.feedback = message
        self.interpreted = ""
        self.note = "invalid:error"
        self.ms = 0.0
        self.column = None


class AnswerInput(OrderedInput):
    """The one-line input of a box. A multi-line paste is joined where its lines continue one
    expression; what does not fit on the line is named on screen, never dropped silently."""

    def _on_paste(self, event: events.Paste) -> None:
        from tutor.ui.paste import read_paste

        event.stop()
        event.prevent_default()  # Input's own handler would paste the first line again
        pasted = read_paste(event.text)
        if not pasted.text:
            return
        if self.selection.is_empty:
            self.insert_text_at_cursor(pasted.text)
        else:
            self.replace(pasted.text, *self.selection)
        if pasted.dropped or pasted.skipped:
            left = excerpt(" / ".join((*pasted.skipped, *pasted.dropped)), 80)
            lines = "line" if pasted.joined == 1 else f"{pasted.joined} lines, joined"
            kept = (
                f"the {lines} holding the answer (the sentences before it are not the answer)"
                if pasted.skipped
                else f"the first {lines}"
            )
            self.notify(
                f"A box takes one answer on one line: pasted {kept}. Not pasted: {left}",
                title="Pasted in part",
                severity="warning",
                markup=False,
            )
        elif pasted.joined > 1:
            self.notify(
                f"Pasted {pasted.joined} lines as one answer: they continue one expression.",
                title="Lines joined",
            )


class AnswerBox(Vertical):
    """An answer box for one ``BoxSpec``.

    A verdict speaks for the answer it judged: whenever what the box holds now (its text, its
    order of blocks, its working) differs from that answer, the verdict is dimmed and labelled
    as the previous answer's (``refresh_stale``); it is plain again once the box holds the
    judged answer again. Every kind of box shares this: a kind says only what it holds
    (``answer_text``), when two answers are the same (``same_answer``), how the judged one is
    named (``judged_label``) and which key checks (``CHECK_KEY``).
    """

    CHECK_KEY = "Enter"
    _status_shown = False  # refresh_status has run: the box holds its answer
    """The key that checks what the box holds (named in a verdict marked as the previous one's)."""

    class Checked(Message):
        """An answer was judged (posted on the UI thread)."""

        def __init__(self, box: AnswerBox, answer: str, verdict: Any) -> None:
            super().__init__()
            self.box = box
            self.answer = answer
            self.verdict = verdict

    def __init__(self, spec: BoxSpec, state: BoxState, *, delay: float = 0.15) -> None:
        # the status class from the start: set on mount, it would restyle the box once more
        super().__init__(id=widget_id(spec.id), classes=f"answer-box -status-{state.status}")
        self.spec = spec
        self.box_state = state
        self.delay = delay
        self.checking = False
        self._timer: Timer | None = None
        self._preview_for: str | None = None  # the text a preview is being read for
        # the "read as" line of the answer judged last (shown again when the box holds it again)
        self._judged_reading: tuple[str, bool] = ("", True)
        self._verdict_text = ""
        self._verdict_head = ""  # the verdict's heading, as shown for the answer it judged
        self._stale = False  # the verdict shown is for another answer than the box holds
        self._stale_empty = False  # ... and the box is empty now (nothing to check)
        self._judged: str | None = None  # the answer whose (valid) verdict is shown
        self._checking_answer: str | None = None  # the answer being checked
        self._verdict_for: str | None = None  # the answer whose verdict (any kind) is shown
        self._queued: str | None = None  # an answer sent while another was being checked
        self._shown = (
            0  # counts the specs shown (show_spec): a verdict for an earlier one is dropped
        )

    @property
    def box_id(self) -> str:
        return self.spec.id

    def focus_input(self, scroll_visible: bool = True) -> None:
        """Put the cursor where the student answers (the proof and derivation boxes have
        their own)."""
        self.query_one(Input).focus(scroll_visible=scroll_visible)

    def answer_text(self) -> str:
        """What the student has in the box now (the proof and derivation boxes have their own)."""
        return self.query_one(Input).value

    def compose(self) -> ComposeResult:
        yield Static(self._prompt_text(), classes="box-prompt", markup=False)
        if self.spec.choices:
            # one row per choice: a long choice wraps under its own text, not under the letter
            with Vertical(classes="box-choices"):
                for c in self.spec.choices:
                    with Horizontal(classes="choice"):
                        yield Static(f"({c.key})", classes="choice-key", markup=False)
                        yield Static(c.text, classes="choice-text", markup=False)
        with Horizontal(classes="box-row"):
            # the cursor comes to the end of what the box holds, never a selection of all of
            # it: a restored draft or the last answer would go at the first key typed
            yield AnswerInput(
                placeholder=self._placeholder(),
                classes="box-input",
                compact=True,
                select_on_focus=False,
            )
            yield LoadingIndicator(classes="box-spinner")
        yield BoxPreview("", classes="box-preview", markup=False)
        yield Static("", classes="box-verdict-head", markup=False)
        yield Static("", classes="box-verdict", markup=False)
        yield Static("", classes="box-hints", markup=False)

    def _placeholder(self) -> str:
        if self.spec.kind == "number" and self.spec.unit:
            return f"a number (in {self.spec.unit} unless you say otherwise)"
        return PLACEHOLDER.get(self.spec.kind, "your answer")

    def can_show(self, spec: BoxSpec) -> bool:
        """Whether ``show_spec`` can show ``spec`` in this widget: the same box in another
        variant, of the same kind, with as many choices (else a new widget is made for it)."""
        return (
            spec.id == self.spec.id
            and spec.kind == self.spec.kind
            and len(spec.choices) == len(self.spec.choices)
        )

    def show_spec(self, spec: BoxSpec, state: BoxState) -> None:
        """Show ``spec`` (the box in another variant) in place, with its state: its prompt,
        choices and hints, the answer as that state left it. A preview or check under way for
        the box shown before is dropped, never shown or recorded here."""
        self._cancel_preview()
        self._shown += 1
        self.checking = False
        self._checking_answer = self._queued = self._judged = self._verdict_for = None
        self._verdict_text = self._verdict_head = ""
        self._judged_reading = ("", True)
        self._set_stale(False)
        self.remove_class("-checking")
        self.spec, self.box_state = spec, state
        self._clear_answer()
        self._set_preview("", ok=True)
        for verdict in self.query(".box-verdict-head, .box-verdict").results(Static):
            verdict.update("")
            verdict.display = False
        self._show_state()

    def _clear_answer(self) -> None:
        """An empty answer for the spec now shown (its choices, its placeholder)."""
        for key, text, choice in zip(
            self.query(".choice-key").results(Static),
            self.query(".choice-text").results(Static),
            self.spec.choices,
            strict=True,
        ):
            key.update(f"({choice.key})")
            text.update(choice.text)
        inp = self.query_one(Input)
        inp.placeholder = self._placeholder()
        with inp.prevent(Input.Changed):
            inp.value = ""

    def on_mount(self) -> None:
        self._show_state()

    def _show_state(self) -> None:
        """The box's state: the last answer judged and its verdict, hints, status; an unsent
        draft in the box instead of the last answer, and said to be one."""
        last = self.box_state.last
        draft = self.box_state.unsent
        if last is not None or draft is not None:
            inp = self.query_one(Input)
            with inp.prevent(Input.Changed):
                inp.value = draft if draft is not None else last.answer  # type: ignore[union-attr]
            # the cursor at the end of what is restored (a box shown again in place, F8, kept
            # the cursor of the empty box: at the start)
            inp.cursor_position = len(inp.value)
        if last is not None:
            self.show_verdict(last.answer, last)
            self._judged_reading = (
                f"read as: {last.interpreted}" if last.interpreted else "",
                True,
            )
            if last.interpreted and draft is None:
                self._set_preview(f"read as: {last.interpreted}", ok=True)
        if draft is not None:
            self._start_preview(draft)
        self.show_draft_notice()
        self.refresh_hints()
        self.refresh_status()

    def show_draft_notice(self) -> None:
        """Say in the box that what it holds is an unsent draft (restored after a quit, or
        kept while the student was in another part); gone once it is sent or cleared."""
        notices = self.query(".box-draft")
        if self.box_state.unsent is None:
            notices.remove()
            return
        if notices:
            return
        notice = Static(
            f"Unsent draft, kept from before: not judged, not an attempt. "
            f"Press {self.CHECK_KEY} to check it.",
            classes="box-draft",
            markup=False,
        )
        self.mount(notice, before=self.query_one(".box-preview"))
        # the box the cursor is in: its notice in view too (at 80×24 it was below the fold)
        self.call_after_refresh(self._reveal_notice, notice)

    def _reveal_notice(self, notice: Widget) -> None:
        if notice.is_attached and self.has_focus_within:
            notice.scroll_visible(animate=False, immediate=True)

    def answer_changed(self) -> None:
        """What the box holds changed: the verdict shown may now be for the previous answer,
        and the text is kept as the box's draft (the same answer as the last one judged is no
        draft)."""
        self.refresh_stale()
        self.refresh_status()  # a solved box edited shows no ✓ for what it holds now
        self.keep_draft()
        if self.box_state.unsent is None:
            self.query(".box-draft").remove()
        tutor_app(self).drafts_changed()  # kept on disk once the student pauses

    def keep_draft(self) -> None:
        """Keep what the box holds now as its draft (the same answer as the last one judged is
        no draft). Also called at a quit, before the box has heard of its last keys."""
        text = self.answer_text()
        last = self.box_state.last
        same = last is not None and self.same_answer(text, last.answer)
        self.box_state.draft = last.answer if same and last is not None else text

    def edited_since_solved(self) -> bool:
        """The box was solved, and holds another answer now than the one judged correct (a
        proof with a block taken out, kept across a quit as a draft): its ✓ is not shown for
        what it holds."""
        last = self.box_state.last
        if self.box_state.status != "correct" or last is None or last.verdict != "correct":
            return False
        if not self._status_shown:  # composing: what it holds is not in it yet
            return False
        try:
            return not self.same_answer(self.answer_text(), last.answer)
        except Exception:  # noqa: BLE001 - not put together yet: nothing edited
            return False

    def _prompt_text(self) -> str:
        edited = self.edited_since_solved()
        glyph = EDITED_GLYPH if edited else GLYPHS[self.box_state.status]
        tail = f"   (unit: {self.spec.unit})" if self.spec.unit else ""
        if edited:
            tail += "   (changed since it was solved: check it again)"
        elif self.best_differs():
            tail += f"   ({glyph} your best so far)"
        return f"{glyph} {self.spec.prompt}{tail}"

    def best_differs(self) -> bool:
        """The mark (the best verdict so far) is not the verdict of the answer shown under it
        (◐ over "✗ Not right yet."): the prompt line then says it is the best so far."""
        state = self.box_state
        last = state.last
        return state.status != UNTRIED and last is not None and last.verdict != state.status

    def refresh_status(self) -> None:
        self._status_shown = True
        self.set_class(self.edited_since_solved(), "-edited")
        self.query_one(".box-prompt", Static).update(self._prompt_text())
        current = f"-status-{self.box_state.status}"
        stale = [f"-status-{s}" for s in GLYPHS if f"-status-{s}" != current]
        # one restyle of the box (and everything in it) at most, not one per status
        if not self.has_class(current) or any(self.has_class(c) for c in stale):
            self.remove_class(*stale, update=False)
            self.add_class(current)

    def refresh_hints(self, after: str = "") -> None:
        """Show the hints revealed so far, and ``after`` below them (say, that none is left:
        said here, in the box, rather than in a notice that could cover the verdict)."""
        n = self.box_state.hints
        hints = self.spec.hints
        lines = [f"Hint {i + 1}/{len(hints)}: {hints[i]}" for i in range(n)]
        if after:
            lines.append(after)
        widget = self.query_one(".box-hints", Static)
        widget.update("\n".join(lines))
        widget.display = bool(lines)

    def show_verdict(self, answer: str, verdict: Any) -> None:
        kind = verdict.verdict
        head = self.query_one(".box-verdict-head", Static)
        body = self.query_one(".box-verdict", Static)
        self._verdict_head = VERDICT_HEAD.get(kind, kind)
        head.display = True
        text = verdict.feedback or ""
        if kind == "correct" and text.startswith("Correct."):
            text = text[len("Correct.") :].strip()  # the heading already says so
        column = getattr(verdict, "column", None)
        text = visible(text, None, newlines=True)
        if kind == "invalid" and column is not None and 0 <= column <= len(answer):
            shown, caret = pointed(answer, column, self._echo_width())
            text = f"{text}\n  {shown}\n  {caret}"
        self._verdict_text = text
        self._judged = answer if kind != "invalid" else None
        self._verdict_for = answer
        body.update(text)
        body.display = bool(text)
        for v in VERDICT_HEAD:
            head.set_class(v == kind, f"-{v}")
            body.set_class(v == kind, f"-{v}")
        self._stale = False
        self.refresh_stale(force=True)

    def same_answer(self, a: str, b: str) -> bool:
        """Whether ``a`` and ``b`` are the same answer to check (a proof box compares keys)."""
        return a == b

    def judged_label(self, answer: str) -> str:
        """The judged answer, named on one short line."""
        return quoted(answer, 60) if answer.strip() else "an empty box"

    @property
    def verdict_is_stale(self) -> bool:
        """A verdict is shown, for another answer than the box holds now."""
        return self._stale

    def refresh_stale(self, force: bool = False) -> None:
        """Mark the verdict shown as the previous answer's when the box holds another answer,
        and unmark it when the box holds the judged answer again. Called on every change of
        what the box holds."""
        held = self.answer_text()
        if self._verdict_for is None:
            stale = False
        else:
            stale = not self.same_answer(held, self._verdict_for)
        empty = not held.strip()
        if stale != self._stale or (stale and empty != self._stale_empty) or force:
            self._stale_empty = empty
            self._set_stale(stale)

    def _set_stale(self, stale: bool) -> None:
        self._stale = stale
        head = self.query_one(".box-verdict-head", Static)
        body = self.query_one(".box-verdict", Static)
        if stale and self._verdict_for is not None:
            head.update(
                stale_head(self.judged_label(self._verdict_for), self._stale_empty, self.CHECK_KEY)
                + f"\n{self._verdict_head}"
            )
        else:
            head.update(self._verdict_head)
        head.set_class(stale, "-stale")
        body.set_class(stale, "-stale")

    def add_note(self, note: str) -> None:
        """Add a line under the verdict's feedback (e.g. where the solution is)."""
        body = self.query_one(".box-verdict", Static)
        self._verdict_text = f"{self._verdict_text}\n{note}".strip()
        body.update(self._verdict_text)
        body.display = True
        body.set_class(self._stale, "-stale")

    def drop_note(self, note: str) -> None:
        """Take out a line ``add_note`` added, once it is no longer true."""
        if note not in self._verdict_text.split("\n"):
            return
        lines = [line for line in self._verdict_text.split("\n") if line != note]
        self._verdict_text = "\n".join(lines).strip()
        body = self.query_one(".box-verdict", Static)
        body.update(self._verdict_text)
        body.display = bool(self._verdict_text)

    def _echo_width(self) -> int:
        """Cells for a line echoing the answer (after a two-cell indent): it never wraps."""
        return max(20, self.content_size.width - 4) if self.content_size.width else ECHO_WIDTH

    def keep_reading_in_view(self) -> None:
        """Scroll what the student reads next into view: the verdict once there is one (the
        preview sits above it), otherwise the preview."""
        verdict = self.query(".box-verdict")
        target = verdict.first() if verdict and verdict.first().display else None
        if target is None:
            target = self.query_one(".box-preview")
        target.scroll_visible(animate=False)

    def _set_preview(self, text: str, ok: bool, notes: tuple[str, ...] = ()) -> None:
        found = self.query(".box-preview")
        if not found:  # the box's parts are not mounted (yet, or any more): nothing to show on
            return
        widget = found.first(Static)
        # each line of it (a derivation's has one a line) is bounded: a reading to one line of
        # the box, a message saying why the answer cannot be read yet to three (it wraps), and
        # each note on how it was read to two
        # a choice read is the choice's own text: wrapped whole (to three lines), never cut in
        # the middle ("(c) Training l … (55 characters) … dth" did not say which one it was)
        width = self._echo_width() * (1 if ok and not self.spec.choices else 3)
        lines = [excerpt(line, width) for line in text.split("\n")]
        lines += [excerpt(f"({note})", self._echo_width() * 2) for note in notes[:MAX_NOTES]]
        widget.update("\n".join(lines))
        widget.set_class(not ok, "-unreadable")
        if widget.size.height < len(lines):
            # an update as the part is laid out (a working restored after a restart) was once
            # laid out at its old height: "read as:" with none of its lines under it
            self.call_after_refresh(widget.refresh, layout=True)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.scroll_visible(animate=False)
        self._cancel_preview()
        self.answer_changed()
        text = event.value
        if not text.strip():
            self._set_preview("", ok=True)
            return
        self._schedule_preview(text)

    def _schedule_preview(self, text: str) -> None:
        """Read ``text`` for the preview once the student pauses (``delay``)."""
        self._timer = self.set_timer(self.delay, partial(self._preview_due, text))

    def _preview_due(self, text: str) -> None:
        """The pause is over. On a loaded machine Enter may have been handled first: then the
        verdict (or the check under way) speaks for this text, and no preview is started.
        Back to the answer judged (a letter typed, then taken out): its reading again, never
        the reading of the text typed in between ("cannot read yet: … 'Q'" under a ✓)."""
        if self.checking and text == self._checking_answer:
            return
        if text == self._verdict_for:
            self._show_judged_reading(text)
            return
        self._start_preview(text)

    def _show_judged_reading(self, text: str) -> None:
        """Show how the answer judged (``text``, in the box again) was read."""
        reading, ok = self._judged_reading
        self._set_preview(reading, ok=ok)

    def _start_preview(self, text: str) -> None:
        self._preview_for = text
        checker = tutor_app(self).checker
        self.run_worker(
            partial(self._preview_job, checker, text),
            thread=True,
            exclusive=True,
            group="preview",
            name=f"preview {self.box_id}",
        )

    def _preview_job(self, checker: Any, text: str) -> None:
        if self._preview_for != text:
            return  # stale before it started: the student kept typing
        try:
            result = checker.read_as(self.spec, text)
        except Exception as exc:  # noqa: BLE001 - a preview must never take the app down
            from tutor.checking.readas import ReadAs

            result = ReadAs(False, f"(no preview: {exc.__class__.__name__})")
        try:
            self.app.call_from_thread(self._show_preview, text, result)
        except RuntimeError:
            pass  # the app is shutting down

    def _cancel_preview(self) -> None:
        """No preview pending or in flight is shown (a checked answer shows the checker's reading)."""
        if self._timer is not None:
            self._timer.stop()
        self._preview_for = None

    def _show_preview(self, text: str, result: ReadAs) -> None:
        if not self.is_mounted or self._preview_for != text:
            return  # stale: the student kept typing, or the answer was checked meanwhile
        if not self.query(".box-preview"):  # being put together again: show it once it is
            self.call_after_refresh(self._show_preview, text, result)
            return
        if result.ok:
            self._set_preview(f"read as: {result.text}", ok=True, notes=result.remarks)
        elif result.text:
            self._set_preview(f"cannot read yet: {result.text}", ok=False)
        else:
            self._set_preview("", ok=True)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit(event.value)

    def submit(self, answer: str) -> None:
        self._send(answer)
        if not self.checking:  # no check started: the keys typed after Enter go on now
            tutor_app(self).release_keys(self)

    def _send(self, answer: str) -> None:
        if self.checking:  # never dropped: checked when the running check ends, and said so
            if answer == self._checking_answer or not answer.strip():
                self.notify("Still checking this answer…")
            else:
                self._queued = answer
                self.notify("Still checking your previous answer; this one is checked next.")
            return
        if not answer.strip():
            self.show_verdict(answer, _ErrorVerdict("Type your answer first, then press Enter."))
            return
        if answer == self._judged:  # Enter again on the same answer: no second attempt
            self.notify("Already checked: the verdict below is for this answer.")
            self.scroll_visible(animate=False)
            return
        self._cancel_preview()
        self.query(".box-draft").remove()  # sent: no longer a draft
        self.checking = True
        self._checking_answer = answer
        self.add_class("-checking")
        checker = tutor_app(self).checker
        self.run_worker(
            partial(self._check_job, checker, self.spec, self._shown, answer, self._handout()),
            thread=True,
            group="check",
            name=f"check {self.box_id}",
        )

    def _handout(self) -> tuple[BoxSpec, str] | None:
        """In a practice variant, when the student solved the handout's box (or saw its
        solution): the handout's box and the variant's numbers, said (else None: the handout's
        key is never confirmed to a student who has not earned it)."""
        return tutor_app(self).state.handout_remark_for(self.box_id)

    def _check_job(
        self,
        checker: Any,
        spec: BoxSpec,
        shown: int,
        answer: str,
        handout: tuple[BoxSpec, str] | None = None,
    ) -> None:
        try:
            verdict = checker.check(spec, answer)
            if handout is not None:  # the handout's key typed in a variant: said so
                verdict = tell_handout_value(verdict, answer, spec, *handout, checker.check)
        except Exception as exc:  # noqa: BLE001 - shown to the student, never a crash
            verdict = _ErrorVerdict(
                f"The checker failed on this answer ({exc.__class__.__name__}: {exc}). "
                "Try writing it another way."
            )
        try:
            self.app.call_from_thread(self._judged_for, shown, answer, verdict)
        except RuntimeError:
            pass

    def _judged_for(self, shown: int, answer: str, verdict: Any) -> None:
        if shown != self._shown:  # the box shows another variant now: not its answer
            tutor_app(self).release_keys(self)
            return
        if self.is_mounted and not self.query(".box-verdict"):
            # the box is being put together again (its part redrawn): show it once it is
            self.call_after_refresh(self._judged_for, shown, answer, verdict)
            return
        self._checked(answer, verdict)

    def _checked(self, answer: str, verdict: Any) -> None:
        self.checking = False
        self.remove_class("-checking")
        self.show_verdict(answer, verdict)
        if verdict.interpreted:
            self._set_preview(f"read as: {verdict.interpreted}", ok=True)
        elif verdict.verdict == "invalid":
            self._set_preview("", ok=True)  # the verdict says why, with a caret
        self._judged_reading = (
            f"read as: {verdict.interpreted}" if verdict.interpreted else "",
            True,
        )
        # the verdict and its feedback in view (the box may be taller than the screen)
        body = self.query_one(".box-verdict", Static)
        self.call_after_refresh((body if body.display else self).scroll_visible, animate=False)
        if verdict.note != "invalid:error":
            # the part handles it (it may move the cursor on), then lets the held keys go
            self.post_message(self.Checked(self, answer, verdict))
        else:
            tutor_app(self).release_keys(self)
        queued, self._queued = self._queued, None
        if queued is not None:  # an Enter pressed while this check ran
            self.call_after_refresh(self.submit, queued)
