"""Proof blocks: judge an ordered choice of blocks against a dependency graph.

A proof box (``kind = "proof"``) has ``blocks`` (each with the keys of the blocks it uses,
``depends``) and ``distractors`` (plausible wrong steps, each with its own feedback). The
student's answer is the chosen keys in order, ``"a c b e"`` (spaces, commas or arrows between
them), so the command line and ``--batch`` grade it like any other answer.

Grading, as in PrairieLearn's dependency-graph grading of ``pl-order-blocks``:

- **correct**: every block, no distractor, and each block after every block it uses, directly
  or through others (any topological order of the graph, not only the reference one);
- otherwise the **edit distance** to the nearest correct order (``distance``): the fewest
  insertions and deletions of single blocks that turn the answer into some topological order of
  all the blocks (moving a block is two edits). The score is (n - edits)/n for n blocks, floored at
  0 (PrairieLearn's partial credit); the verdict is partial when the score is at least
  ``PARTIAL_SCORE`` (at least half of a proof in the right place), else incorrect.

The minimum over all topological orders is computed exactly, in polynomial time
(``tutor.checking.proof.distance`` says how).

Feedback never shows the full order: it quotes a chosen distractor's own feedback, names the
first block that cannot stand where it is (a block it needs comes later), says how many blocks
are still missing (not which: that would sort the pool's real blocks from its distractors), and
gives the number of edits. A ``mistakes`` entry whose answer is an exact order gives targeted
feedback for that order; an ``accept`` entry counts an exact order as its verdict.

Only the standard library is imported.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tutor.checking.proof.distance import Distance, distance
from tutor.checking.proof.graph import Graph, graph
from tutor.checking.proof.order import AnswerError, format_order, read_order
from tutor.checking.verdict import Verdict, invalid
from tutor.notes import PROOF_DISTRACTOR, PROOF_MISPLACED, PROOF_MISSING
from tutor.verdicts import VerdictName

PARTIAL_SCORE = 0.5  # the least score that is "partly right"


def _short(text: str, limit: int = 48) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def first_misplaced(order: Sequence[str], g: Graph) -> tuple[str, str] | None:
    """(block, a block it needs that comes later) for the first block of ``order`` that
    cannot stand where it is; a block it names directly is preferred."""
    position = {k: i for i, k in enumerate(order)}
    for i, key in enumerate(order):
        if key not in g.needs:
            continue
        later = [d for d in g.needs[key] if position.get(d, -1) > i]
        if later:
            direct = [d for d in later if d in g.direct[key]]
            pick = min(direct or later, key=lambda d: position[d])
            return key, pick
    return None


def _exact(box: Any, order: Sequence[str]) -> Any:
    """The accept or mistakes entry whose answer is exactly this order, if any."""
    g = graph(box)
    for r in (*box.accept, *box.mistakes):
        try:
            if read_order(r.answer, g) == list(order):
                return r
        except AnswerError:
            continue
    return None


def check_proof(box: Any, answer: str) -> Verdict:
    """Judge an order of blocks for a proof box (a ``tutor.content.BoxSpec``)."""
    g = graph(box)
    try:
        order = read_order(answer, g)
    except AnswerError as exc:
        return invalid(exc.reason, exc.message)
    shown = format_order(order)
    d = distance(order, g)
    entry = _exact(box, order)
    if entry is not None:
        kind = "accept" if entry in box.accept else "mistake"
        feedback = entry.feedback or _edits_sentence(d)
        return Verdict(entry.verdict, feedback, shown, f"{kind}:{entry.note}")
    if d.edits == 0:
        text = "Correct: every block comes after the blocks it uses."
        if box.feedback:
            text += " " + box.feedback
        return Verdict("correct", text, shown, "correct")

    verdict: VerdictName = "partial" if d.score >= PARTIAL_SCORE else "incorrect"
    parts: list[str] = []
    chosen = [k for k in order if k in g.distractors]
    by_key = {x.key: x for x in box.distractors}
    for key in chosen:
        parts.append(f"({key}) does not belong in this proof: {by_key[key].feedback}")
    misplaced = first_misplaced(order, g)
    if misplaced is not None:
        block, needed = misplaced
        parts.append(
            f"({block}) “{_short(g.texts[block])}” cannot stand where it is: it uses "
            f"({needed}), which comes later."
        )
    missing = len([k for k in g.blocks if k not in order])
    if missing:
        parts.append(
            f"{missing} block{'s' if missing != 1 else ''} from the pool "
            f"{'are' if missing != 1 else 'is'} still missing."
        )
    parts.append(_edits_sentence(d))
    if chosen:
        note = f"{PROOF_DISTRACTOR}:{chosen[0]}"
    elif misplaced is not None:
        note = f"{PROOF_MISPLACED}:{misplaced[0]}"
    else:
        note = PROOF_MISSING
    return Verdict(verdict, " ".join(parts), shown, note)


def _edits_sentence(d: Distance) -> str:
    n = d.edits
    return (
        f"Your proof is {n} edit{'s' if n != 1 else ''} from the nearest correct one "
        "(adding or removing a block is one edit; moving a block is two)."
    )
