"""The tutor's in-session state: what the student has done, kept in step with the session log.

This module is plain Python (no Textual) so it can be tested without an app. The UI asks it
what to show (box status, hints revealed, whether the solution may be shown) and tells it what
the student did (an attempt, a hint, a solution, a self-assessment, a reflection); every such
event is written to the session log as it happens.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tutor.content.boxprint import box_fingerprint
from tutor.content.model import BoxSpec, Content, Part

if TYPE_CHECKING:
    from tutor.sessions.progress import Progress

# Status of one answer box, from worst to best.
UNTRIED, INCORRECT, PARTIAL, CORRECT = "untried", "incorrect", "partial", "correct"
STATUS_RANK = {UNTRIED: 0, INCORRECT: 1, PARTIAL: 2, CORRECT: 3}
GLYPHS = {UNTRIED: "○", INCORRECT: "✗", PARTIAL: "◐", CORRECT: "✓"}
PLOT_FREE_KINDS = ("proof", "derivation")  # boxes whose answers no plot states
STATUS_WORDS = {
    UNTRIED: "not tried",
    INCORRECT: "wrong",
    PARTIAL: "partly right",
    CORRECT: "correct",
}


@dataclass
class LastCheck:
    """The most recent judged answer in a box (shown again when the part is reopened)."""

    answer: str
    verdict: str
    feedback: str
    interpreted: str
    note: str


@dataclass
class BoxState:
    status: str = UNTRIED
    attempts: int = 0
    hints: int = 0
    last: LastCheck | None = None
    # what the box holds as the student left it (None: untouched), kept while they move
    # between parts and, when unsent, across a quit (tutor.sessions.drafts)
    draft: str | None = None
    # the text last sent to the checker from this box, whatever came of it (recorded, shown
    # but not recorded in a solved box, refused as unreadable): sent, so never a draft
    checked: str | None = None

    @property
    def unsent(self) -> str | None:
        """The box's text when it is an unsent draft: typed, not empty, and neither the answer
        last judged (what the box shows without it) nor the text last checked. Never an
        attempt, never judged."""
        draft = self.draft
        if draft is None or not draft.strip():
            return None
        if self.last is not None and draft == self.last.answer:
            return None
        if draft == self.checked:
            return None
        return draft


@dataclass
class Assessment:
    points: list[bool]
    text: str


@dataclass
class TutorState:
    """Everything the UI needs to know about the student's progress."""

    content: Content
    log: Any  # tutor.sessionlog.SessionLog (or anything with the same methods)
    boxes: dict[str, BoxState] = field(default_factory=dict)
    solutions: set[str] = field(default_factory=set)
    assessments: dict[str, Assessment] = field(default_factory=dict)
    reflections: dict[str, str] = field(default_factory=dict)
    last_part: str | None = None
    past_seconds: float = 0.0  # time spent in earlier sessions (idle gaps excluded)
    # practice variants (issue 10): the variant each part shows now (absent: the handout), the
    # boxes of every variant tried, apart from the handout's (variant key, box) -> state,
    # and the solutions seen in variants (part, variant key)
    variants: dict[str, Any] = field(default_factory=dict)  # part id -> tutor.variants Variant
    variant_boxes: dict[tuple[str, str], BoxState] = field(default_factory=dict)
    variant_solutions: set[tuple[str, str]] = field(default_factory=set)
    variant_seeds: dict[str, int] = field(default_factory=dict)  # problem id -> highest seed
    # problem id -> the seeds of every variant shown (or tried, in an earlier session): "new
    # numbers" prefers others; ``variant_repeated``: the last one it showed had been seen
    variant_seen: dict[str, set[int]] = field(default_factory=dict)
    variant_repeated: bool = False
    # unsent drafts read at start for boxes this content does not have: kept as they were
    other_drafts: dict[tuple[str, str], str] = field(default_factory=dict)
    # what a part's explanation or a reflection holds as the student left it, (area, id) ->
    # text (areas: tutor.sessions.drafts.AREAS); an unsent draft when not what the log has
    area_drafts: dict[tuple[str, str], str] = field(default_factory=dict)
    # the proof boxes whose pool the student asked to see before solving the boxes it waits
    # for (box, variant key or None for the handout); for this session only
    pools_shown: set[tuple[str, str | None]] = field(default_factory=set)
    # problems whose log says which numbers they were left at (reopened there on start)
    left_known: set[str] = field(default_factory=set)
    # variants are made on the UI thread and ahead of time in a worker (prepare_next_variant):
    # one at a time, so the engine's cache is never written by two threads at once
    _making: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    @property
    def hours(self) -> float | None:
        """Hours spent on the homework so far, this session included (problem 6c)."""
        current = float(getattr(self.log, "active_seconds", 0.0) or 0.0)
        total = self.past_seconds + current
        return total / 3600.0 if total > 0 else None

    def __post_init__(self) -> None:
        for box_id in self.content.boxes:
            self.boxes.setdefault(box_id, BoxState())

    @classmethod
    def restore(cls, content: Content, log: Any, progress: Progress | None) -> TutorState:
        """Build the state from the progress rebuilt from earlier session logs."""
        state = cls(content=content, log=log)
        if progress is None:
            return state
        for box_id, bp in progress.boxes.items():
            if box_id not in state.boxes:
                continue  # a box that no longer exists in the content
            box = state.boxes[box_id]
            best = bp.best if bp.best in STATUS_RANK else UNTRIED
            box.status = best
            box.attempts = bp.attempts
            box.hints = min(bp.hints, len(content.boxes[box_id].hints))
            box.last = _last_check(bp)
        state.solutions = set(progress.solutions_seen)
        for part_id, sa in progress.self_assessments.items():
            state.assessments[part_id] = Assessment([bool(p) for p in sa.points], sa.text)
        state.reflections = dict(progress.reflections)
        last = progress.last_part
        state.last_part = last if last and content.part(last) is not None else None
        state.past_seconds = max(0.0, float(progress.seconds))
        state._restore_variants(progress)
        return state

    def _restore_variants(self, progress: Progress) -> None:
        for key, boxes in getattr(progress, "variants", {}).items():
            for box_id, bp in boxes.items():
                if box_id not in self.content.boxes:
                    continue
                best = bp.best if bp.best in STATUS_RANK else UNTRIED
                self.variant_boxes[(key, box_id)] = BoxState(
                    best, bp.attempts, bp.hints, _last_check(bp)
                )
            if key.startswith("seed:") and key[5:].isdigit():
                for box_id in boxes:
                    part = self._part_of_box(box_id)
                    if part is not None:
                        seeds = self.variant_seeds
                        seeds[part.problem_id] = max(seeds.get(part.problem_id, 0), int(key[5:]))
                        self.variant_seen.setdefault(part.problem_id, set()).add(int(key[5:]))
        self.variant_solutions = set(getattr(progress, "variant_solutions", ()))
        self.pools_shown = set(getattr(progress, "pools_shown", ()))
        self._reopen_where_left(progress)

    def _reopen_where_left(self, progress: Progress) -> None:
        """Show each problem at the numbers it was last opened with: the practice variant, or
        the handout's (F8 is remembered), whether or not a draft is there. A problem whose log
        never said (logs from before ``part_opened`` named a variant) is left to the drafts."""
        from tutor.sessions.logformat import HANDOUT_KEY

        tagged = set(getattr(progress, "parts_left_tagged", ()))
        last: dict[str, tuple[str, str]] = {}  # problem -> (part, variant key), latest wins
        for part_id, key in getattr(progress, "parts_left", {}).items():
            part = self.content.part(part_id)
            if part is None or not self.is_parameterized(part_id):
                continue  # a part with fixed numbers says nothing of its problem's variant
            if part_id in tagged:
                self.left_known.add(part.problem_id)
            last[part.problem_id] = (part_id, key)
        for part_id, key in last.values():
            if key != HANDOUT_KEY:
                self._reopen(part_id, key)

    def restore_drafts(self, drafts: dict[tuple[str, str], str]) -> list[tuple[str, str]]:
        """Put unsent drafts ((variant key, box id) -> text, or (area, id) -> text) back in
        their boxes' and areas' state; the keys of those restored. A draft for a box or an area
        the content does not have is kept aside and written back, never lost."""
        from tutor.sessions.drafts import AREAS
        from tutor.sessions.logformat import HANDOUT_KEY

        restored = []
        for (variant, box_id), text in drafts.items():
            if self._is_area(variant, box_id):
                self.area_drafts[(variant, box_id)] = text
                if self.area_unsent(variant, box_id) is not None:
                    restored.append((variant, box_id))
                continue
            if box_id not in self.content.boxes or variant in AREAS:
                self.other_drafts[(variant, box_id)] = text
                continue
            if variant == HANDOUT_KEY:
                box = self.boxes[box_id]
            else:
                box = self.variant_boxes.setdefault((variant, box_id), BoxState())
            box.draft = text
            if box.unsent is not None:
                restored.append((variant, box_id))
        self._reopen_draft_variants([k for k in restored if k[0] != HANDOUT_KEY])
        return restored

    def _reopen_draft_variants(self, keys: list[tuple[str, str]]) -> None:
        """Show again the practice variants unsent drafts were typed in (the last seed of a
        problem when several): the draft is back in its box, at its numbers, where the student
        left it (F8 still leads to the handout's)."""
        chosen: dict[str, tuple[str, str]] = {}  # problem -> (variant key, part id)
        for variant, box_id in sorted(keys, key=lambda k: _seed_order(k[0])):
            part = self._part_of_box(box_id)
            if part is not None and part.problem_id in self.left_known:
                continue  # the log says where the student left it: reopened there
            if part is not None and not self._is_area(variant, box_id):
                chosen[part.problem_id] = (variant, part.id)
        for variant, part_id in chosen.values():
            self._reopen(part_id, variant)

    def _reopen(self, part_id: str, key: str) -> None:
        """Show ``part_id`` at the practice variant ``key`` names (``seed:7``, ``set:…``), if it
        can be rebuilt: a variant (from the log or a draft) never keeps the tutor from starting."""
        how = variant_how(key)
        if how is None:
            return
        try:
            self.show_variant(part_id, self._instantiate(part_id, **how))
        except Exception:  # noqa: BLE001 - see above
            return

    def reopen_variant(self, part_id: str, key: str) -> bool:
        """Show ``part_id`` (and its problem's parts) at the practice variant ``key`` again:
        its numbers, and the answers, hints and drafts kept under its key. Whether it could
        be rebuilt (else nothing changed)."""
        self._reopen(part_id, key)
        shown = self.variants.get(part_id)
        return shown is not None and shown.key == key

    def variants_with_drafts(self) -> list[tuple[str, str]]:
        """(part id, variant key) of every practice variant a box of which holds an unsent
        draft, in the content's order of parts, then by seed: each is reached again with
        ``reopen_variant`` (F9 never draws a seed again, F8 leads to the handout)."""
        order = {p.id: i for i, p in enumerate(self.content.parts())}
        found = set()
        for (key, box_id), box in self.variant_boxes.items():
            part = self._part_of_box(box_id)
            if part is not None and box.unsent is not None and variant_how(key) is not None:
                found.add((part.id, key))
        return sorted(found, key=lambda pk: (order[pk[0]], _seed_order(pk[1])))

    def drafts_left_by_leaving(self, part_id: str) -> list[tuple[str, str]]:
        """The practice variants with an unsent draft that the problem of ``part_id`` shows
        now, (part id, variant key): what F9 or F8 there would leave behind."""
        part = self.content.part(part_id)
        if part is None:
            return []
        shown = {
            (pid, v.key)
            for pid, v in self.variants.items()
            if (p := self.content.part(pid)) is not None and p.problem_id == part.problem_id
        }
        return [pk for pk in self.variants_with_drafts() if pk in shown]

    def draft_boxes(self, part_id: str) -> list[str]:
        """The boxes of ``part_id`` holding an unsent draft in the variant it shows now."""
        part = self.content.part(part_id)
        if part is None:
            return []
        return [b for b in part.boxes if self.current_box(b).unsent is not None]

    def draft_variant(self, key: tuple[str, str]) -> str | None:
        """The practice variant a restored draft was typed in, said ("seed 1"), or None."""
        from tutor.sessions.logformat import HANDOUT_KEY, variant_words

        variant, box_id = key
        if variant == HANDOUT_KEY or self._is_area(variant, box_id):
            return None
        return variant_words(variant)

    def unsent_drafts(self) -> dict[tuple[str, str], str]:
        """Every unsent draft, (variant key, box id) -> text, to keep across a quit."""
        from tutor.sessions.logformat import HANDOUT_KEY

        out = dict(self.other_drafts)
        for area, ident in self.area_drafts:
            text = self.area_unsent(area, ident)
            if text is not None:
                out[(area, ident)] = text
        for box_id, box in self.boxes.items():
            if box.unsent is not None:
                out[(HANDOUT_KEY, box_id)] = box.unsent
        for (variant, box_id), box in self.variant_boxes.items():
            if box.unsent is not None:
                out[(variant, box_id)] = box.unsent
        return out

    def _is_area(self, area: str, ident: str) -> bool:
        """Whether the content has this explanation or rubric (a part's id) or reflection (a
        prompt's)."""
        from tutor.sessions.drafts import EXPLANATION, REFLECTION, RUBRIC

        if area in (EXPLANATION, RUBRIC):
            part = self.content.part(ident)
            return part is not None and part.explain is not None
        if area == REFLECTION:
            return any(r.id == ident for p in self.content.parts() for r in p.reflect)
        return False

    def set_area_draft(self, area: str, ident: str, text: str) -> None:
        """What an explanation or a reflection holds now (the student typed in it)."""
        self.area_drafts[(area, ident)] = text

    def area_unsent(self, area: str, ident: str) -> str | None:
        """The text of an explanation or reflection when it is an unsent draft: typed, not
        empty, and not what the log holds for it (the self-assessment's text, the reflection
        saved)."""
        from tutor.sessions.drafts import EXPLANATION, RUBRIC

        text = self.area_drafts.get((area, ident))
        if text is None or not text.strip():
            return None
        if area == EXPLANATION:
            saved = self.assessments.get(ident)
            logged = saved.text if saved is not None else None
        elif area == RUBRIC:
            saved = self.assessments.get(ident)
            logged = ticks_text(saved.points) if saved is not None else None
            if logged is None and "1" not in text:
                return None  # nothing ticked, nothing saved: no draft
        else:
            logged = self.reflections.get(ident)
        return None if text == logged else text

    def draft_part(self, key: tuple[str, str]) -> str:
        """The part a draft is in (for the notice that lists them)."""
        from tutor.sessions.drafts import EXPLANATION, REFLECTION, RUBRIC

        first, ident = key
        if first in (EXPLANATION, RUBRIC):
            return ident
        if first == REFLECTION:
            part = next(
                (p for p in self.content.parts() if any(r.id == ident for r in p.reflect)), None
            )
            return part.id if part is not None else ident
        part = self._part_of_box(ident)
        return part.id if part is not None else ident.split(".", 1)[0]

    def _part_of_box(self, box_id: str) -> Part | None:
        return next((p for p in self.content.parts() if box_id in p.boxes), None)

    def variant(self, part_id: str) -> Any:
        """The practice variant part ``part_id`` shows now, or None (the handout)."""
        return self.variants.get(part_id)

    def current_part(self, part_id: str) -> Part | None:
        v = self.variants.get(part_id)
        return v.part if v is not None else self.content.part(part_id)

    def current_spec(self, box_id: str) -> BoxSpec:
        part = self._part_of_box(box_id)
        v = self.variants.get(part.id) if part is not None else None
        return v.boxes[box_id] if v is not None else self.content.boxes[box_id]

    def current_box(self, box_id: str) -> BoxState:
        """The box's state in the variant its part shows (the handout's when none)."""
        part = self._part_of_box(box_id)
        v = self.variants.get(part.id) if part is not None else None
        if v is None:
            return self.boxes[box_id]
        return self.variant_boxes.setdefault((v.key, box_id), BoxState())

    def variant_tag(self, part_id: str | None) -> Any:
        """What the log records of the part's variant (None for the handout)."""
        v = self.variants.get(part_id) if part_id else None
        if v is None:
            return None
        from tutor.sessions.logformat import VariantTag

        return VariantTag(v.seed, v.params_json())

    def variants_solved(self, part: Part) -> int:
        """Practice variants of ``part`` with every box solved."""
        if not part.boxes:
            return 0
        keys = {key for key, _ in self.variant_boxes}
        return sum(
            1
            for key in keys
            if all(
                (b := self.variant_boxes.get((key, box_id))) is not None and b.status == CORRECT
                for box_id in part.boxes
            )
        )

    def show_variant(self, part_id: str, variant: Any) -> None:
        """Show ``variant`` for ``part_id`` and the problem's other parameterized parts (they
        share its numbers); ``None`` returns them to the handout."""
        part = self.content.part(part_id)
        if part is None:
            return
        siblings = [p.id for p in self.content.parts() if p.problem_id == part.problem_id]
        for pid in siblings:
            self.variants.pop(pid, None)
        if variant is None:
            return
        self.variants[part_id] = variant
        if variant.seed:
            seeds = self.variant_seeds
            seeds[part.problem_id] = max(seeds.get(part.problem_id, 0), variant.seed)
            self.variant_seen.setdefault(part.problem_id, set()).add(variant.seed)
        from tutor.variants.scopes import is_parameterized

        raw = self.content.templates
        for pid in siblings:
            if pid != part_id and is_parameterized(raw, pid):
                if variant.seed is not None:
                    self.variants[pid] = self._instantiate(pid, seed=variant.seed)
                else:
                    self.variants[pid] = self._instantiate(pid, params=variant.params_json())

    def _instantiate(self, part_id: str, **how: Any) -> Any:
        from tutor.variants import engine

        with self._making:
            return engine.instantiate(self.content.templates, part_id, **how)

    def _next_seed(self, part: Part) -> int | None:
        """The seed "next variant" shows: past the problem's highest seed so far, with numbers
        other than those the part shows now, and other than every variant seen when there are
        such, and never one that asks the handout's question; None when the part has no other
        numbers than those it shows."""
        from tutor.variants.practice import next_practice_seed

        shown = self.variants.get(part.id)
        avoid = [dict(shown.params)] if shown is not None else []
        after = self.variant_seeds.get(part.problem_id, 0)
        seen = self._seen_params(part)
        with self._making:  # it makes variants (never one the handout's question)
            return next_practice_seed(self.content.templates, part.id, after, avoid, seen)

    def _seen_params(self, part: Part) -> list[dict]:
        """The parameters of ``part`` in every variant of its problem seen so far."""
        from tutor.errors import UserError
        from tutor.variants.sampling import sample

        found = []
        for seed in sorted(self.variant_seen.get(part.problem_id, ())):
            try:
                found.append(sample(self.content.templates, part.id, seed))
            except UserError:  # a seed this content cannot draw: nothing seen
                continue
        return found

    def prepare_next_variant(self, part_id: str) -> None:
        """Make ahead of time the variant ``new_variant(part_id)`` would show next, and its
        problem's other parts at the same seed (the engine keeps them): asking for it then only
        shows it. Slow the first time (sympy for some derived values); for a worker thread."""
        from tutor.variants import engine

        part = self.content.part(part_id)
        raw = self.content.templates
        if part is None or not engine.is_parameterized(raw, part_id):
            return
        seed = self._next_seed(part)
        if seed is None:
            return
        for sibling in self.content.parts():
            if sibling.problem_id == part.problem_id and engine.is_parameterized(raw, sibling.id):
                self._instantiate(sibling.id, seed=seed)

    def new_variant(self, part_id: str) -> Any:
        """A fresh practice variant of the part (the next seed of its problem), shown now; None
        (and nothing changed) when the part has no numbers other than those it shows.
        ``variant_repeated`` says whether its numbers had been seen (every other seen)."""
        from tutor.variants.scopes import is_parameterized

        part = self.content.part(part_id)
        raw = self.content.templates
        self.variant_repeated = False
        if part is None or not is_parameterized(raw, part_id):
            return None
        seed = self._next_seed(part)
        if seed is None:
            return None
        variant = self._instantiate(part_id, seed=seed)
        seen = self._seen_params(part)
        self.variant_repeated = any(dict(variant.params) == p for p in seen)
        self.show_variant(part_id, variant)
        return variant

    def is_parameterized(self, part_id: str) -> bool:
        from tutor.variants.scopes import is_parameterized

        raw = self.content.templates
        return is_parameterized(raw, part_id)

    def solution_seen(self, part_id: str) -> bool:
        v = self.variants.get(part_id)
        if v is None:
            return part_id in self.solutions
        return (part_id, v.key) in self.variant_solutions

    def handout_key_earned(self, box_id: str) -> bool:
        """Whether the student may be told an answer is the handout's key for ``box_id``: the
        handout's box is solved, or its part's worked solution was seen in the handout. Else a
        practice variant that said "that is the handout's value" would confirm the handout's
        key to a student who has not earned it (an unlimited, uncounted checker for it)."""
        if box_id not in self.content.boxes:
            return False
        if self.boxes[box_id].status == CORRECT:
            return True
        part = self._part_of_box(box_id)
        return part is not None and part.id in self.solutions

    def handout_remark_for(self, box_id: str) -> tuple[BoxSpec, str] | None:
        """In a practice variant, for a student who solved the handout's box (or saw its
        solution): the handout's box and the variant's numbers, said, to tell them an answer
        is the handout's value (``tutor.variants.handoutkey``); otherwise None, and a
        handout's value is answered as any wrong answer is. The one place this is decided."""
        part = self._part_of_box(box_id)
        variant = self.variants.get(part.id) if part is not None else None
        if variant is None or not self.handout_key_earned(box_id):
            return None
        return self.content.boxes[box_id], variant.describe()

    def _variant_key(self, box_id: str) -> str | None:
        part = self._part_of_box(box_id)
        v = self.variants.get(part.id) if part is not None else None
        return v.key if v is not None else None

    def pool_waits_for(self, box_id: str) -> list[str]:
        """The boxes that proof box ``box_id`` still holds its pool back for, or that
        derivation box ``box_id`` asks before checking a working for (its first line states
        their answers): those of its ``after`` that are not solved and whose part's worked
        solution was not seen (each in the variant its part shows now). None once the student
        asked to see the pool or to check anyway (``show_pool``), checked in this box already
        (the pool was on screen; the working was checked), or saw this part's solution."""
        spec = self.current_spec(box_id)
        if spec.kind not in ("proof", "derivation") or not spec.after:
            return []
        own = self.current_box(box_id)
        part = self._part_of_box(box_id)
        if (
            own.attempts
            or own.status != UNTRIED
            or own.last is not None
            or (box_id, self._variant_key(box_id)) in self.pools_shown
            or (part is not None and self.solution_seen(part.id))
        ):
            return []
        waiting = []
        for other in spec.after:
            if other not in self.content.boxes or self.current_box(other).status == CORRECT:
                continue
            home = self._part_of_box(other)
            if home is not None and self.solution_seen(home.id):
                continue
            waiting.append(other)
        return waiting

    def show_pool(self, box_id: str) -> None:
        """The student asked to see proof box ``box_id``'s pool, or to check derivation box
        ``box_id``'s working, before solving what it waits for (in the variant its part shows
        now): logged (``pool_shown``), so a restart keeps the choice and the trace says so."""
        key = (box_id, self._variant_key(box_id))
        if key in self.pools_shown:
            return
        self.pools_shown.add(key)
        part = self._part_of_box(box_id)
        tag = self.variant_tag(part.id if part is not None else None)
        if tag is None:
            self.log.pool_shown(box_id)
        else:
            self.log.pool_shown(box_id, variant=tag)

    def box(self, box_id: str) -> BoxState:
        return self.boxes[box_id]

    def spec(self, box_id: str) -> BoxSpec:
        return self.content.boxes[box_id]

    def part_status(self, part: Part) -> str:
        """A part's status: correct when every box is, untried when none was tried."""
        if not part.boxes:
            done = (
                part.id in self.assessments
                or any(r.id in self.reflections for r in part.reflect)
                or part.id in self.solutions
            )
            return CORRECT if done else UNTRIED
        statuses = [self.boxes[b].status for b in part.boxes]
        if all(s == CORRECT for s in statuses):
            return CORRECT
        if all(s == UNTRIED for s in statuses):
            return UNTRIED
        if any(s in (CORRECT, PARTIAL) for s in statuses):
            return PARTIAL
        return INCORRECT

    def part_hints(self, part: Part) -> int:
        return sum(self.boxes[b].hints for b in part.boxes)

    def open_for_plots(self, part: Part) -> list[str]:
        """The boxes of ``part`` whose answers a plot can state (a value, a growth, a
        constant: not a proof's order nor a working) that are not solved in the variant it
        shows, none once its worked solution was seen there: what its plots hold back for
        (trial tui3 T9: 1a's plot was held "until you solve 1b" with 1b's three value boxes
        solved, its working not)."""
        if self.solution_seen(part.id):
            return []
        return [
            b
            for b in part.boxes
            if self.current_spec(b).kind not in PLOT_FREE_KINDS
            and self.current_box(b).status != CORRECT
        ]

    def all_correct(self, part: Part) -> bool:
        """Every box correct, in the variant the part shows (the handout's when none)."""
        return bool(part.boxes) and all(self.current_box(b).status == CORRECT for b in part.boxes)

    def solution_unlocked(self, part: Part) -> bool:
        """The solution may be shown without asking: every box correct and, where the part
        asks for an explanation, the explanation compared with the key points (the worked
        solution would write it for the student); without boxes, the explanation assessed."""
        if part.boxes:
            if not self.all_correct(part):
                return False
            return part.explain is None or part.id in self.assessments
        return part.id in self.assessments or bool(part.reflect)

    def explanation_pending(self, part: Part) -> bool:
        """Every box is correct and the part's explanation is still to be compared."""
        return (
            part.explain is not None
            and self.all_correct(part)
            and (part.id not in self.assessments)
        )

    def summary(self) -> tuple[int, int, int, int, int]:
        """(boxes correct, graded boxes, parts done, parts, hints used)."""
        parts = self.content.parts()
        graded = [b for p in parts for b in p.boxes]
        correct = sum(1 for b in graded if self.boxes[b].status == CORRECT)
        done = sum(1 for p in parts if self.part_status(p) == CORRECT)
        hints = sum(self.boxes[b].hints for b in graded)
        return correct, len(graded), done, len(parts), hints

    def neighbour(self, part_id: str, step: int) -> str | None:
        ids = [p.id for p in self.content.parts()]
        if part_id not in ids:
            return None
        i = ids.index(part_id) + step
        return ids[i] if 0 <= i < len(ids) else None

    def resume_part(self) -> str | None:
        """Where to continue: the last part opened, else the first part not done."""
        if self.last_part:
            return self.last_part
        for part in self.content.parts():
            if self.part_status(part) != CORRECT:
                return part.id
        return None

    def next_hint_box(self, part: Part, focused: str | None = None) -> str | None:
        """Which box a hint request is for: the focused one (even when its hints are all
        shown: a hint never goes to another box than the one the student is in); with no box
        focused, the first not yet correct that has a hint left, else the first not correct."""
        if focused in part.boxes:
            return focused
        unsolved = [b for b in part.boxes if self.current_box(b).status != CORRECT]
        for box_id in unsolved:
            if self.current_box(box_id).hints < len(self.current_spec(box_id).hints):
                return box_id
        if unsolved:
            return unsolved[0]
        return part.boxes[0] if part.boxes else None

    def open_part(self, part_id: str) -> None:
        """The part is shown (again): logged with the variant it shows, where a restart
        reopens it."""
        self.last_part = part_id
        self.log.part_opened(part_id, variant=self.variant_tag(part_id))

    def record_attempt(self, box_id: str, answer: str, verdict: Any) -> BoxState:
        """Record a judged answer. Invalid answers are logged but never count as attempts."""
        part = self._part_of_box(box_id)
        tag = self.variant_tag(part.id if part is not None else None)
        self.log.attempt(
            box_id,
            answer,
            verdict.verdict,
            verdict.note,
            verdict.ms,
            feedback=verdict.feedback,
            interpreted=verdict.interpreted,
            box_key=box_fingerprint(self.content, box_id),
            **({"variant": tag} if tag is not None else {}),
        )
        box = self.current_box(box_id)
        box.checked = answer
        if verdict.verdict == "invalid":
            return box
        box.attempts += 1
        box.last = LastCheck(
            answer, verdict.verdict, verdict.feedback, verdict.interpreted, verdict.note
        )
        if STATUS_RANK.get(verdict.verdict, 0) > STATUS_RANK[box.status]:
            box.status = verdict.verdict
        return box

    def checked_unrecorded(self, box_id: str, answer: str) -> None:
        """An answer judged and shown in a solved box, not recorded: sent, so not a draft."""
        self.current_box(box_id).checked = answer

    def reveal_hint(self, box_id: str) -> tuple[int, str] | None:
        """Reveal the next hint of a box: (1-based index, text), or None when all are shown."""
        box = self.current_box(box_id)
        hints = self.current_spec(box_id).hints
        if box.hints >= len(hints):
            return None
        box.hints += 1
        part = self._part_of_box(box_id)
        tag = self.variant_tag(part.id if part is not None else None)
        if tag is None:
            self.log.hint(box_id, box.hints)
        else:
            self.log.hint(box_id, box.hints, variant=tag)
        return box.hints, hints[box.hints - 1]

    def reveal_solution(self, part_id: str, asked: bool = False) -> None:
        """Show a part's solution (logged once): ``asked`` when the student asked for it,
        not when it appears by itself after the part is solved."""
        v = self.variants.get(part_id)
        if v is not None:
            if (part_id, v.key) not in self.variant_solutions:
                self.variant_solutions.add((part_id, v.key))
                self.log.solution(part_id, asked=asked, variant=self.variant_tag(part_id))
            return
        if part_id not in self.solutions:
            self.solutions.add(part_id)
            self.log.solution(part_id, asked=asked)

    def save_assessment(self, part_id: str, points: list[bool], text: str) -> None:
        self.assessments[part_id] = Assessment(list(points), text)
        self.log.self_assessment(part_id, list(points), text)

    def save_reflection(self, prompt_id: str, text: str) -> bool:
        """Log a reflection if it changed; returns whether anything was written."""
        if self.reflections.get(prompt_id) == text:
            return False
        self.reflections[prompt_id] = text
        self.log.reflection(prompt_id, text)
        return True

    def reflection_text(self, prompt_id: str, prefill: str | None) -> str:
        if prompt_id in self.reflections:
            return self.reflections[prompt_id]
        if prefill == "hours" and self.hours is not None and self.hours >= 0.05:
            return f"{self.hours:.1f}"
        return ""


def ticks_text(points: list[bool] | tuple[bool, ...]) -> str:
    """A rubric's ticks as kept in a draft: ``"0110"``."""
    return "".join("1" if p else "0" for p in points)


def _last_check(bp: Any) -> LastCheck | None:
    """The latest judged answer of a box's progress, to show again (None: none judged)."""
    if bp.latest_raw and bp.latest and bp.latest != "invalid":
        return LastCheck(
            bp.latest_raw, bp.latest, bp.latest_feedback, bp.latest_interpreted, bp.latest_note
        )
    return None


def variant_how(key: str) -> dict[str, Any] | None:
    """``engine.instantiate``'s arguments for a variant key (``seed:7``, ``set:layers=12``)."""
    if key.startswith("seed:") and key[5:].isdigit():
        return {"seed": int(key[5:])}
    if key.startswith("set:") and len(key) > 4:
        pairs = [item.split("=", 1) for item in key[4:].split(",")]
        if all(len(pair) == 2 for pair in pairs):
            return {"params": {name: value for name, value in pairs}}
    return None


def _seed_order(key: str) -> tuple[int, str]:
    return (int(key[5:]) if key.startswith("seed:") and key[5:].isdigit() else 0, key)
