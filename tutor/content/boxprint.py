"""What grades one box, as a fingerprint: a hash of everything the checker reads of the box.

``box_fingerprint(content, box_id)`` hashes the box's kind, key, accepted readings and known
mistakes (answer, verdict, note, conditions), definitions, givens, symbols, unit, choices,
proof blocks and distractors, a derivation's target box (by its own fingerprint), and the
parameters of its part and problem (a variant's key is made from them). It leaves out what only
shows: the prompt, hints, feedback texts, question tests, titles, statements, points. The tutor
writes it with each logged attempt (``box_key``), so a regrade can tell "this box's key changed"
from "the content changed elsewhere, this box did not" (``tutor.sessions.regrade``).
"""

from __future__ import annotations

import hashlib
import weakref
from dataclasses import replace

from tutor.content.model import BoxSpec, Content, Reading

BOX_KEY_DIGITS = 16  # hex digits of a box's fingerprint in a log
# id of a content -> (a weak reference to it, its boxes' fingerprints)
_CACHE: dict[int, tuple[weakref.ref[Content], dict[str, str]]] = {}
_CACHE_SIZE = 8


def _reading(r: Reading) -> tuple:
    return (r.answer, r.verdict, r.note, r.when)


def _grading(box: BoxSpec, content: Content, depth: int = 0) -> str:
    target = box.target_box
    if target is None and box.target:
        target = content.boxes.get(box.target)
    graded = replace(
        box,
        prompt="",
        hints=(),
        feedback="",
        order_feedback="",
        tests=(),
        accept=(),
        mistakes=(),
        distractors=(),
        target_box=None,
    )
    part = content.part(box.part_id)
    problem = next((p for p in content.problems if part is not None and part in p.parts), None)
    return repr(
        (
            graded,
            tuple(_reading(r) for r in box.accept),
            tuple(_reading(r) for r in box.mistakes),
            tuple((d.key, d.text) for d in box.distractors),
            part.parameters if part is not None else None,
            problem.parameters if problem is not None else None,
            _grading(target, content, depth + 1) if target is not None and depth < 3 else None,
        )
    )


def box_fingerprints(content: Content) -> dict[str, str]:
    """Every box's fingerprint (``BOX_KEY_DIGITS`` hex digits), computed once per content (the
    templates: a practice variant's box has its handout box's fingerprint)."""
    content = content.templates
    cached = _CACHE.get(id(content))
    if cached is not None and cached[0]() is content:
        return cached[1]
    found = {
        box_id: hashlib.sha256(_grading(box, content).encode()).hexdigest()[:BOX_KEY_DIGITS]
        for box_id, box in content.boxes.items()
    }
    if len(_CACHE) >= _CACHE_SIZE:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[id(content)] = (weakref.ref(content), found)
    return found


def box_fingerprint(content: Content, box_id: str) -> str | None:
    """The fingerprint of what grades ``box_id`` (None when the content has no such box)."""
    return box_fingerprints(content).get(box_id)
