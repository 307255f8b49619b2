"""Judging an answer of the shipped content the way a student meets it: the verdict, with the
preview checked to read it the same (``judged``)."""

from __future__ import annotations

import shipped_content

from tutor.checking.judge import check
from tutor.checking.readas import read_as
from tutor.checking.verdict import Verdict

BOXES = shipped_content.handout().boxes


def judged(box: str, answer: str) -> Verdict:
    """The verdict on ``answer`` in the handout's ``box``. The preview agrees with it: it reads
    what the judge reads (the same "read as" line; a derivation's preview numbers its lines,
    a proof's shows blocks) and refuses what the judge refuses as unreadable."""
    spec = BOXES[box]
    v = check(spec, answer)
    if spec.kind == "proof":  # a proof's preview is its blocks, drawn by the UI
        return v
    preview = read_as(spec, answer)
    if v.verdict == "invalid":
        assert not preview.ok, (preview, v)
    else:
        assert preview.ok, (preview, v)
        if spec.kind != "derivation":
            assert preview.text == v.interpreted, (preview, v)
    return v
