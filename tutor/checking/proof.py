"""Proof blocks: judge an ordered choice of blocks against a dependency graph.

A proof box (``kind = "proof"``) has ``blocks`` (each with the keys of the blocks it uses,
``depends``) and ``distractors`` (plausible wrong steps, each with its own feedback). The
student's answer is the chosen keys in order, ``"a c b e"`` (spaces, commas or arrows between
them), so the command line and ``--batch`` grade it like any other answer.

Grading, as in PrairieLearn's dependency-graph grading of ``pl-order-blocks``:

- **correct**: every block, no distractor, and each block after every block it uses, directly
  or through others (any topological order of the graph, not only the reference one);
- otherwise the **edit distance** to the nearest correct order: the fewest insertions and
  deletions of single blocks that turn the answer into some topological order of all the
  blocks (moving a block is two edits). The score is (n - edits)/n for n blocks, floored at
  0 (PrairieLearn's partial credit); the verdict is partial when the score is at least
  ``PARTIAL_SCORE`` (at least half of a proof in the right place), else incorrect.

The minimum over all topological orders is computed exactly and in polynomial time, not by
enumerating orders. Keeping a subsequence of the answer costs nothing when it can be extended
to a topological order, which holds exactly when no kept block stands before one of its
(transitive) prerequisites. Call positions i < j in *conflict* when the block at j is a
prerequisite of the block at i. Conflict is transitive (i < j < k with conflicts i-j and j-k
gives a prerequisite chain, so i-k), hence a strict partial order on positions, and the
largest conflict-free subsequence is a maximum antichain of it. By Dilworth's theorem (in
Fulkerson's form) its size is m - M, where m is the number of real blocks in the answer and M
a maximum matching of the bipartite graph with an edge i -> j per conflict. So

    edits = (blocks in the answer - kept) + (blocks in the graph - kept),  kept = m - M.

A box has at most ``MAX_BLOCKS`` blocks and distractors (the loader enforces it), which bounds
the matching at a few thousand steps; ``tests/test_proof.py`` checks the result against brute
force over every topological order of small random graphs.

Feedback never shows the full order: it quotes a chosen distractor's own feedback, names the
first block that cannot stand where it is (a block it needs comes later), says how many blocks
are still missing (not which: that would sort the pool's real blocks from its distractors), and
gives the number of edits. A ``mistakes`` entry whose answer is an exact order gives targeted
feedback for that order; an ``accept`` entry counts an exact order as its verdict.

Only the standard library is imported.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from tutor.checking.verdict import Verdict, invalid
from tutor.content.loader import prerequisites
from tutor.verdicts import PROOF_DISTRACTOR, PROOF_MISPLACED, PROOF_MISSING

MAX_BLOCKS = 40  # blocks and distractors in one box (the loader refuses more)
MAX_ANSWER = 2000  # characters of one answer
PARTIAL_SCORE = 0.5  # the least score that is "partly right"
_SEPARATORS = re.compile(r"(?:\s|,|;|→|->|⟶|=>|⇒|>|\.)+")
_WRAPPED = re.compile(r"^\(([^()]*)\)$|^\[([^\[\]]*)\]$")


# --------------------------------------------------------------------------- the graph


@dataclass(frozen=True)
class Graph:
    """A proof box's blocks, their transitive prerequisites and its distractors."""

    blocks: tuple[str, ...]  # keys, in the content's order
    needs: Mapping[str, frozenset[str]]  # key -> every block it uses, directly or not
    direct: Mapping[str, tuple[str, ...]]  # key -> the blocks it names in depends
    distractors: tuple[str, ...]
    texts: Mapping[str, str]  # every key (block or distractor) -> its text


@lru_cache(maxsize=64)
def graph(box: Any) -> Graph:
    direct = {b.key: tuple(b.depends) for b in box.blocks}
    texts = {b.key: b.text for b in box.blocks}
    texts.update({d.key: d.text for d in box.distractors})
    return Graph(
        blocks=tuple(b.key for b in box.blocks),
        needs=prerequisites(direct),
        direct=direct,
        distractors=tuple(d.key for d in box.distractors),
        texts=texts,
    )


def is_topological(order: Sequence[str], g: Graph) -> bool:
    """Every block exactly once, no distractor, each after everything it needs."""
    if len(order) != len(g.blocks) or set(order) != set(g.blocks):
        return False
    seen: set[str] = set()
    for key in order:
        if not g.needs[key] <= seen:
            return False
        seen.add(key)
    return True


# --------------------------------------------------------------------------- edit distance


@dataclass(frozen=True)
class Distance:
    edits: int  # insertions + deletions to the nearest correct order
    kept: int  # blocks of the answer a nearest correct order keeps, in place
    blocks: int  # blocks in the graph

    @property
    def score(self) -> float:
        """(n - edits)/n, floored at 0: PrairieLearn's partial credit."""
        if not self.blocks:
            return 0.0
        return max(0.0, (self.blocks - self.edits) / self.blocks)


def _max_matching(n: int, edges: Sequence[Sequence[int]]) -> int:
    """Maximum matching of a bipartite graph (left i -> right j), by augmenting paths."""
    match_right: list[int] = [-1] * n

    def augment(i: int, seen: list[bool]) -> bool:
        for j in edges[i]:
            if seen[j]:
                continue
            seen[j] = True
            if match_right[j] < 0 or augment(match_right[j], seen):
                match_right[j] = i
                return True
        return False

    return sum(1 for i in range(n) if augment(i, [False] * n))


def distance(order: Sequence[str], g: Graph) -> Distance:
    """The edit distance from ``order`` (distinct keys) to the nearest topological order of
    all of ``g``'s blocks (see the module docstring for why this is exact)."""
    real = [k for k in order if k in g.needs]
    m = len(real)
    # conflict i -> j (i < j): the block at j is needed by the block at i but comes after it
    edges = [[j for j in range(i + 1, m) if real[j] in g.needs[real[i]]] for i in range(m)]
    kept = m - _max_matching(m, edges)
    edits = (len(order) - kept) + (len(g.blocks) - kept)
    return Distance(edits, kept, len(g.blocks))


# --------------------------------------------------------------------------- reading answers


class AnswerError(ValueError):
    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


def read_order(text: str, g: Graph) -> list[str]:
    """The keys of an answer, in order. Keys are matched exactly, or ignoring case when that
    is unambiguous; ``(a)`` and ``[a]`` read as ``a``. Raises ``AnswerError``."""
    if not text.strip():
        raise AnswerError("empty", "The answer is empty: choose blocks for your proof.")
    if len(text) > MAX_ANSWER:
        raise AnswerError(
            "too-long", f"That answer is {len(text)} characters long; the limit is {MAX_ANSWER}."
        )
    known = list(g.blocks) + list(g.distractors)
    folded: dict[str, list[str]] = {}
    for key in known:
        folded.setdefault(key.lower(), []).append(key)
    out: list[str] = []
    for raw in _SEPARATORS.split(text.strip()):
        if not raw:
            continue
        m = _WRAPPED.match(raw)
        token = (m.group(1) or m.group(2) or "").strip() if m else raw.strip("()[]")
        if not token:
            continue
        if token in known:
            key = token
        elif len(folded.get(token.lower(), ())) == 1:
            key = folded[token.lower()][0]
        else:
            shown = ", ".join(sorted(known))
            raise AnswerError(
                "syntax", f"There is no block '{token}' in this box. Its blocks are {shown}."
            )
        if key in out:
            raise AnswerError(
                "syntax", f"Block ({key}) is used twice; a proof uses each block at most once."
            )
        out.append(key)
    if not out:
        raise AnswerError("empty", "The answer is empty: choose blocks for your proof.")
    return out


def format_order(order: Sequence[str]) -> str:
    """How an order is shown and logged: its keys with arrows between them."""
    return " → ".join(order)


# --------------------------------------------------------------------------- judging


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

    verdict = "partial" if d.score >= PARTIAL_SCORE else "incorrect"
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


def correct_orders(box: Any, limit: int = 1000) -> list[tuple[str, ...]]:
    """Up to ``limit`` topological orders of a proof box's blocks (for validate and tests)."""
    g = graph(box)
    out: list[tuple[str, ...]] = []

    def extend(prefix: list[str], left: set[str]) -> None:
        if len(out) >= limit:
            return
        if not left:
            out.append(tuple(prefix))
            return
        placed = set(prefix)
        for key in g.blocks:
            if key in left and g.needs[key] <= placed:
                prefix.append(key)
                left.discard(key)
                extend(prefix, left)
                left.add(key)
                prefix.pop()

    extend([], set(g.blocks))
    return out
