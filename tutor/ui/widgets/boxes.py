"""The answer-box widget for a box spec: the kind decides (proof blocks, a derivation, or the
one-line answer box every other kind uses)."""

from __future__ import annotations

from tutor.content.model import BoxSpec
from tutor.ui.state import BoxState
from tutor.ui.widgets.answerbox import AnswerBox


def box_widget(spec: BoxSpec, state: BoxState, *, delay: float = 0.15) -> AnswerBox:
    if spec.kind == "proof":
        from tutor.ui.widgets.proofbox import ProofBox

        return ProofBox(spec, state, delay=delay)
    if spec.kind == "derivation":
        from tutor.ui.widgets.derivationbox import DerivationBox

        return DerivationBox(spec, state, delay=delay)
    return AnswerBox(spec, state, delay=delay)
