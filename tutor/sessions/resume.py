"""The resume's regrade: a student's progress with answers judged under other content or
another tutor version judged again, so the tutor never shows a stale ✓ (the boxes whose status
changed are named)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType

from tutor import __version__
from tutor.content.model import Content
from tutor.sessions.judgments import HANDOUT, BoxResolver, JudgeFn, Judgment, VariantRef
from tutor.sessions.progress import BoxProgress, Progress, better_verdict
from tutor.sessions.regrader import Regrader


@dataclass(frozen=True)
class BoxChange:
    """A box whose status on resume differs from what its logged verdicts said."""

    box: str
    logged: str  # best verdict by the log ("" when none)
    now: str  # best verdict today


@dataclass(frozen=True)
class RegradedProgress:
    progress: Progress
    changes: tuple[BoxChange, ...]  # boxes whose status changed, in the content's order
    rechecked: int  # answers judged again (from the cache or the checker)
    unchecked: int  # answers the checker gave no verdict on (their logged verdict kept)


def regrade_progress(
    progress: Progress,
    content: Content,
    judge: JudgeFn | None = None,
    *,
    variants: BoxResolver | None = None,
    disk: bool | Path = True,
) -> RegradedProgress:
    """Progress with each box's verdicts judged again by today's content, when some answers
    were judged under other content or another tutor version (else returned as it is, and
    nothing is imported). Only those answers are judged again; the rest were judged by this
    very key and checker. A practice variant's boxes are judged by that variant's box
    (``variants``; without it, or when the variant no longer holds, they keep their verdicts);
    ``changes`` lists the handout's boxes only (a practice variant's status is its own)."""
    current = (content.content_hash, __version__)
    if not progress.judged_elsewhere(*current):
        return RegradedProgress(progress, (), 0, 0)
    regrader = Regrader(content, judge, variants=variants, disk=disk)
    changes: list[BoxChange] = []
    counts = [0, 0]  # rechecked, unchecked
    boxes = _regraded_boxes(progress.boxes, HANDOUT, regrader, current, counts, changes)
    in_variants = {}
    for key, variant_boxes in progress.variants.items():
        params = progress.variant_params.get(key) or None
        seed = int(key[5:]) if key.startswith("seed:") and key[5:].isdigit() else None
        ref = VariantRef(key, None if params else seed, params)
        in_variants[key] = MappingProxyType(
            _regraded_boxes(variant_boxes, ref, regrader, current, counts, [])
        )
    regrader.close()  # the next start finds these judgments in the cache
    order = {box_id: n for n, box_id in enumerate(content.boxes)}
    changes.sort(key=lambda c: order.get(c.box, len(order)))
    regraded = replace(
        progress, boxes=MappingProxyType(boxes), variants=MappingProxyType(in_variants)
    )
    return RegradedProgress(regraded, tuple(changes), counts[0], counts[1])


def _regraded_boxes(
    boxes: Mapping[str, BoxProgress],
    variant: VariantRef,
    regrader: Regrader,
    current: tuple[str, str],
    counts: list[int],
    changes: list[BoxChange],
) -> dict[str, BoxProgress]:
    """``boxes`` (of ``variant``) with the answers judged elsewhere judged again."""
    out: dict[str, BoxProgress] = {}
    for box_id, bp in boxes.items():
        if box_id not in regrader.content.boxes or all(
            (h, v) == current for _, _, h, v in bp.history
        ):
            out[box_id] = bp
            continue
        verdicts: list[tuple[str, str, Judgment | None]] = []
        for raw, logged, judged_hash, judged_version in bp.history:
            j: Judgment | None = None
            if (judged_hash, judged_version) != current:
                j = regrader.judge(box_id, raw, variant)
                counts[j is None] += 1
            verdicts.append((raw, logged, j))
        new = _rebuilt(bp, verdicts)
        if new.best != bp.best:
            new = replace(new, key_changed=True)
            changes.append(BoxChange(box_id, bp.best, new.best))
        out[box_id] = new
    return out


def _rebuilt(bp: BoxProgress, verdicts: list[tuple[str, str, Judgment | None]]) -> BoxProgress:
    """A box's progress from its answers' verdicts, the way the resume replay builds it: each
    answer's new judgment, or (None) its logged verdict, which this key and checker gave."""
    best = latest = latest_raw = ""
    attempts = invalid = 0
    shown = (bp.latest_feedback, bp.latest_interpreted, bp.latest_note)
    for raw, logged, j in verdicts:
        verdict = j.verdict if j is not None else logged
        if verdict == "invalid":
            invalid += 1
        else:
            attempts += 1
            if j is not None:
                shown = (j.feedback, j.interpreted, j.note)
            elif (raw, logged) != (bp.latest_raw, bp.latest):
                shown = ("", "", "")  # judged under this key, but not the latest: no text kept
            else:
                shown = (bp.latest_feedback, bp.latest_interpreted, bp.latest_note)
        latest, latest_raw = verdict, raw
        best = better_verdict(best, verdict)
    return replace(
        bp,
        best=best,
        latest=latest,
        latest_raw=latest_raw,
        attempts=attempts,
        invalid=invalid,
        latest_feedback=shown[0],
        latest_interpreted=shown[1],
        latest_note=shown[2],
    )


def changed_boxes_text(changes: Iterable[BoxChange], words: Mapping[str, str]) -> str:
    """``1a.value: correct → wrong; 5a.fwd: wrong → correct`` (verdicts in ``words``)."""
    return "; ".join(
        f"{c.box}: {words.get(c.logged or 'untried', c.logged)} → {words.get(c.now, c.now)}"
        for c in changes
    )
