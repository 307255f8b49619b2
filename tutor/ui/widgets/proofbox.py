"""A proof box: build a proof from a pool of blocks, keyboard first.

Two lists, one above the other so long blocks wrap at 80 columns: the proof being built and
the pool it is built from (the real blocks and the distractors, in a fixed shuffled order
that never hints at the proof's order). Enter on a pool block (or typing its key) adds it to
the end of the proof; Shift+↑/↓ (or ``[``/``]``) move the proof's selected block and Delete or
Backspace puts it back in the pool, from either list (a block added by its letter leaves the
keyboard in the pool: those keys act on the proof all the same). The list the keyboard is in
says so in its title, and the proof's selected block has its own colour. Ctrl+S or F5 checks.
Every key has a button for the mouse; the buttons are out of the Tab order (Tab goes on to the
next box or the explanation, not through five buttons). The answer checked and logged is the keys in order (``"a c b e"``), the same text
``hw3-tutor grade`` and ``--batch`` take.

Some blocks state the answers of other boxes (the box's ``after``: by default the boxes above
it in its part). Until those are solved, or their worked solution was seen, the pool is held
back: a line names the boxes by their prompts, and a button shows the pool anyway after asking
(as the worked solution does before the part is solved).
"""

from __future__ import annotations

import hashlib

from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.message import Message
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from tutor.content.model import BoxSpec
from tutor.ui.access import tutor_app
from tutor.ui.state import BoxState
from tutor.ui.widgets.answerbox import AnswerBox
from tutor.wording import said_list

KEYS_LINE = "Enter or key: add · Shift+↑↓ or [ ]: move · Del: remove · Ctrl+S: check"
PROOF_LABEL = "Your proof"
POOL_LABEL = "Blocks to choose from (some do not belong)"
HERE = "  ◀ keyboard here"


class MouseButton(Button):
    """A proof box's button: for the mouse, never focused (its key does the same)."""

    can_focus = False


def pool_order(spec: BoxSpec) -> list[str]:
    """Every block and distractor key, in a shuffled order fixed per box (never by key or by
    the reference order, so the pool gives nothing away)."""
    keys = [b.key for b in spec.blocks] + [d.key for d in spec.distractors]

    def rank(key: str) -> str:
        return hashlib.sha256(f"{spec.id}\0{key}".encode()).hexdigest()

    return sorted(keys, key=rank)


def box_label(spec: BoxSpec, part_id: str) -> str:
    """A box named by its prompt (never its answer), its part said when not ``part_id``:
    "“E[RMS²(y′)]”", "“g(x)” in 4a"."""
    prompt = " ".join(spec.prompt.split()).rstrip(" =:") or spec.id
    return f"“{prompt}”" + ("" if spec.part_id == part_id else f" in {spec.part_id}")


def read_keys(spec: BoxSpec, answer: str) -> list[str]:
    """The keys of a saved answer that this box still has (a resumed proof)."""
    known = {b.key for b in spec.blocks} | {d.key for d in spec.distractors}
    out: list[str] = []
    for token in answer.replace(",", " ").replace("→", " ").split():
        if token in known and token not in out:
            out.append(token)
    return out


class ProofBox(AnswerBox):
    """An answer box for a ``kind = "proof"`` box."""

    CHECK_KEY = "Ctrl+S"

    DEFAULT_CSS = """
    ProofBox .proof-label {
        margin-top: 1;
        color: $text-muted;
    }
    ProofBox OptionList {
        height: auto;  /* every block in sight: the part scrolls, not a list inside it */
        background: $boost;
        padding: 0;
    }
    ProofBox OptionList:focus {
        background: $primary 15%;
    }
    /* the proof's selected block: its own colour and bold, focused or not, never the pool's */
    ProofBox .proof-list > .option-list--option-highlighted {
        background: $warning 40%;
        text-style: bold;
    }
    ProofBox .proof-label.-here {
        color: $text;
        text-style: bold;
    }
    ProofBox .proof-keys {
        color: $text-muted;
    }
    ProofBox .proof-buttons, ProofBox .proof-work, ProofBox .proof-gate {
        height: auto;
    }
    ProofBox .proof-gate {
        margin-top: 1;
    }
    ProofBox .proof-gate-text {
        color: $text-muted;
    }
    ProofBox .proof-buttons Button {
        width: auto;
        min-width: 0;
        margin-right: 1;
    }
    """

    BINDINGS = [
        Binding("ctrl+s,f5", "check_proof", "Check", show=False),
        Binding("shift+up,left_square_bracket", "move(-1)", "Move up", show=False),
        Binding("shift+down,right_square_bracket", "move(1)", "Move down", show=False),
        Binding("delete,backspace", "remove", "Remove", show=False),
    ]

    def __init__(self, spec: BoxSpec, state: BoxState, *, delay: float = 0.15) -> None:
        super().__init__(spec, state, delay=delay)
        self.add_class("proof-box")
        self.texts = {b.key: b.text for b in spec.blocks}
        self.texts.update({d.key: d.text for d in spec.distractors})
        self.proof: list[str] = []
        self._said: dict[str, float] = {}  # notices shown, when (not repeated at once)

    def compose(self) -> ComposeResult:
        yield Static(self._prompt_text(), classes="box-prompt", markup=False)
        # shown instead of the proof and the pool while the pool is held back (refresh_gate)
        with Vertical(classes="proof-gate"):
            yield Static("", classes="proof-gate-text", markup=False)
            yield Button("Show the blocks now", classes="proof-show", compact=True)
        with Vertical(classes="proof-work"):
            yield Static(PROOF_LABEL, classes="proof-label proof-title", markup=False)
            yield OptionList(classes="proof-list", compact=True)
            yield Static(POOL_LABEL, classes="proof-label pool-title", markup=False)
            yield OptionList(classes="pool-list", compact=True)
            yield Static(KEYS_LINE, classes="proof-keys", markup=False)
            with Horizontal(classes="proof-buttons"):
                # for the mouse: out of the Tab order (every one has its key)
                for label, cls in (
                    ("Add", "proof-add"),
                    ("Up", "proof-up"),
                    ("Down", "proof-down"),
                    ("Remove", "proof-remove"),
                ):
                    yield MouseButton(label, classes=cls, compact=True)
                yield MouseButton(
                    "Check proof", classes="proof-check", variant="primary", compact=True
                )
        yield Static("", classes="box-preview", markup=False)
        yield Static("", classes="box-verdict-head", markup=False)
        yield Static("", classes="box-verdict", markup=False)
        yield Static("", classes="box-hints", markup=False)

    def _clear_answer(self) -> None:
        self.texts = {b.key: b.text for b in self.spec.blocks}
        self.texts.update({d.key: d.text for d in self.spec.distractors})
        self.proof = []

    def _show_state(self) -> None:
        last = self.box_state.last
        draft = self.box_state.unsent
        if draft is not None or last is not None:
            self.proof = read_keys(self.spec, draft if draft is not None else last.answer)  # type: ignore[union-attr]
        if last is not None:
            self.show_verdict(last.answer, last)
        self._rebuild(0, 0)
        self.show_draft_notice()
        self.refresh_gate()
        self.refresh_hints()
        self.refresh_status()

    # -- the pool held back until the boxes whose answers its blocks state are answered ----

    def waiting_for(self) -> list[str]:
        """The boxes the pool is held back for now (none: the pool is shown)."""
        return tutor_app(self).state.pool_waits_for(self.spec.id)

    @property
    def held_back(self) -> bool:
        return not self.query_one(".proof-work").display

    def _waiting_names(self, waiting: list[str]) -> str:
        state = tutor_app(self).state
        return said_list([box_label(state.current_spec(b), self.spec.part_id) for b in waiting])

    def refresh_gate(self) -> None:
        """Hold the pool back while boxes it gives away are open; show it once they are not
        (called when the box is shown and whenever an answer is judged or a solution shown)."""
        try:
            gate, work = self.query_one(".proof-gate"), self.query_one(".proof-work")
        except NoMatches:
            return  # not composed yet: its mount shows the state as it is then
        waiting = self.waiting_for()
        if waiting:
            names = self._waiting_names(waiting)
            self.query_one(".proof-gate-text", Static).update(
                f"The blocks to choose from appear once you have solved {names} (or seen "
                "the worked solution): some blocks state their answers."
            )
        was_held = not work.display
        had_focus = self.screen.focused is not None and self.screen.focused in gate.query("*")
        gate.display = bool(waiting)
        work.display = not waiting
        self.query_one(".box-preview").display = not waiting  # "your proof: 0 blocks"
        if was_held and not waiting and had_focus:
            self.pool_list.focus()

    class PoolAsked(Message):
        """The student asked to see the held-back pool (the part screen asks to confirm)."""

        def __init__(self, box: ProofBox, waiting: str) -> None:
            super().__init__()
            self.box = box
            self.waiting = waiting  # the boxes it waits for, named by their prompts

    def ask_to_show_pool(self) -> None:
        """Show the pool before its boxes are solved, once the student confirms."""
        waiting = self.waiting_for()
        if waiting:
            self.post_message(self.PoolAsked(self, self._waiting_names(waiting)))
        else:
            self.refresh_gate()

    def show_pool(self, yes: bool) -> None:
        """The student's answer to ``PoolAsked``: the pool (yes) or the button again."""
        if yes:
            tutor_app(self).state.show_pool(self.spec.id)
            self.refresh_gate()
        self.focus_input()

    @property
    def proof_list(self) -> OptionList:
        return self.query_one(".proof-list", OptionList)

    @property
    def pool_list(self) -> OptionList:
        return self.query_one(".pool-list", OptionList)

    def focus_input(self, scroll_visible: bool = True) -> None:
        if self.held_back:
            self.query_one(".proof-show", Button).focus(scroll_visible=scroll_visible)
            return
        target = self.pool_list if not self.proof else self.proof_list
        target.focus(scroll_visible=scroll_visible)

    def answer_text(self) -> str:
        return " ".join(self.proof)

    def same_answer(self, a: str, b: str) -> bool:
        """The same blocks in the same order (a logged answer may be written ``a, c, b``)."""
        return read_keys(self.spec, a) == read_keys(self.spec, b)

    def judged_label(self, answer: str) -> str:
        keys = read_keys(self.spec, answer)
        return " → ".join(keys) if keys else "no blocks"

    def _line(self, key: str, number: int | None = None) -> Table:
        """One block as a row: its number and key, then its text wrapping under itself."""
        grid = Table.grid(padding=(0, 1, 0, 0), expand=True)
        grid.add_column(no_wrap=True)
        grid.add_column(ratio=1)
        head = f"{number:>2}. ({key})" if number is not None else f"({key})"
        grid.add_row(head, Text(" ".join(self.texts[key].split())))
        return grid

    def _rebuild(self, proof_at: int | None, pool_at: int | None) -> None:
        """Show the proof and the pool again, highlighting the given rows."""
        proof, pool = self.proof_list, self.pool_list
        proof.clear_options()
        if self.proof:
            proof.add_options(
                [Option(self._line(k, i + 1), id=k) for i, k in enumerate(self.proof)]
            )
        else:
            proof.add_option(
                Option(Text("Nothing yet: add blocks from the pool below.", style="dim"))
            )
        left = [k for k in pool_order(self.spec) if k not in self.proof]
        pool.clear_options()
        if left:
            pool.add_options([Option(self._line(k), id=k) for k in left])
        else:
            pool.add_option(Option(Text("Every block is in your proof.", style="dim")))
        if self.proof and proof_at is not None:
            proof.highlighted = max(0, min(proof_at, len(self.proof) - 1))
        if left and pool_at is not None:
            pool.highlighted = max(0, min(pool_at, len(left) - 1))
        n = len(self.proof)
        self._set_preview(
            f"your proof: {n} block{'s' if n != 1 else ''}"
            + (f" ({' → '.join(self.proof)})" if self.proof else ""),
            ok=True,
        )
        self.answer_changed()  # a verdict speaks only for the order it judged

    def _pool_keys(self) -> list[str]:
        return [k for k in pool_order(self.spec) if k not in self.proof]

    def add(self, key: str) -> None:
        """Add a pool block to the end of the proof."""
        if key in self.proof or key not in self.texts:
            return
        at = self._pool_keys().index(key)
        self.proof.append(key)
        self._rebuild(len(self.proof) - 1, at)

    def remove(self, index: int) -> None:
        """Put the proof's block at ``index`` back in the pool."""
        if not 0 <= index < len(self.proof):
            return
        key = self.proof.pop(index)
        self._rebuild(index, self._pool_keys().index(key))
        if not self.proof:
            self.pool_list.focus()

    def move(self, index: int, step: int) -> None:
        """Move the proof's block at ``index`` up (step −1) or down (step +1)."""
        j = index + step
        if not (0 <= index < len(self.proof) and 0 <= j < len(self.proof)):
            return
        self.proof[index], self.proof[j] = self.proof[j], self.proof[index]
        self._rebuild(j, self.pool_list.highlighted)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_list is self.pool_list and event.option.id:
            self.add(event.option.id)

    def on_key(self, event: events.Key) -> None:
        """Typing a block's key adds it (in the pool) or highlights it (in the proof); ↑ at the
        pool's first block goes up into the proof, ↓ at the proof's last down into the pool."""
        if self._cross(event.key):
            event.stop()
            event.prevent_default()
            return
        char = event.character or ""
        if not char or not char.isalnum():
            return
        if self.screen.focused not in (self.pool_list, self.proof_list):
            return
        matches = [k for k in self.texts if k == char] or [
            k for k in self.texts if k.lower() == char.lower()
        ]
        if len(matches) != 1:
            return
        key = matches[0]
        event.stop()
        if key not in self.proof and self.box_state.status == "correct":
            # a solved proof: letters typed here were meant for somewhere else (Tab from a
            # box above lands here), and would change it silently
            self._say_once(
                "solved",
                "Your proof is already right, so letters do not add blocks here; Enter on a "
                "block still adds it.",
            )
            return
        if key in self.proof:
            self.proof_list.highlighted = self.proof.index(key)
            self.proof_list.focus()
        else:
            self.add(key)

    def _say_once(self, what: str, message: str) -> None:
        """A notice, not repeated while the last one is still on screen (a key held down)."""
        import time

        now = time.monotonic()
        if now - self._said.get(what, -1e9) < 5.0:
            return
        self._said[what] = now
        self.notify(message, markup=False)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self._say_where()

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        self._say_where()

    def _say_where(self) -> None:
        """The list the keyboard is in says so in its title (↑ from the pool's first block
        goes up into the proof: never unseen)."""
        try:
            titles = (self.query_one(".proof-title", Static), self.query_one(".pool-title", Static))
        except NoMatches:
            return
        focused = self.screen.focused
        for title, lst, text in zip(
            titles, (self.proof_list, self.pool_list), (PROOF_LABEL, POOL_LABEL), strict=True
        ):
            here = focused is lst
            title.update(text + (HERE if here else ""))
            title.set_class(here, "-here")

    def _cross(self, key: str) -> bool:
        """Move between the two lists at their edge (they are one column on screen)."""
        focused = self.screen.focused
        if not self.proof:
            return False
        if key == "up" and focused is self.pool_list and not self.pool_list.highlighted:
            self.proof_list.highlighted = len(self.proof) - 1
            self.proof_list.focus()
            return True
        last = len(self.proof) - 1
        if key == "down" and focused is self.proof_list and self.proof_list.highlighted == last:
            if self._pool_keys():
                self.pool_list.highlighted = 0
                self.pool_list.focus()
                return True
        return False

    def _proof_index(self) -> int | None:
        index = self.proof_list.highlighted
        return index if self.proof and index is not None else None

    def action_move(self, step: int) -> None:
        """Move the proof's selected block (from the pool too: the keys act on the proof)."""
        index = self._proof_index()
        if index is not None:
            self.move(index, step)
            self.proof_list.focus()

    def action_remove(self) -> None:
        """Put the proof's selected block back in the pool (from the pool too); the keyboard
        goes to the proof, where the next block is now selected."""
        index = self._proof_index()
        if index is not None:
            self.remove(index)
            if self.proof:
                self.proof_list.focus()

    def action_check_proof(self) -> None:
        self.submit_proof()

    def submit_proof(self) -> None:
        if self.held_back:
            waiting = self.waiting_for()
            if waiting:
                self.notify(
                    f"The blocks appear once you have solved {self._waiting_names(waiting)}"
                    ", or press 'Show the blocks now'.",
                    markup=False,
                )
                return
            self.refresh_gate()
        if not self.proof:
            self.notify("Add blocks to your proof first: Enter on a block in the pool.")
            return
        self.submit(self.answer_text())

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        classes = event.button.classes
        if "proof-show" in classes:
            self.ask_to_show_pool()
        elif "proof-check" in classes:
            self.submit_proof()
        elif "proof-add" in classes:
            index = self.pool_list.highlighted
            keys = self._pool_keys()
            if index is not None and 0 <= index < len(keys):
                self.add(keys[index])
        elif "proof-up" in classes:
            self.action_move(-1)
        elif "proof-down" in classes:
            self.action_move(1)
        elif "proof-remove" in classes:
            index = self._proof_index()
            if index is not None:
                self.remove(index)

    def _checked(self, answer: str, verdict) -> None:  # type: ignore[override]
        super()._checked(answer, verdict)
        self._rebuild(self._proof_index(), self.pool_list.highlighted)
