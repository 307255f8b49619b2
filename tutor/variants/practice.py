"""Which variants practice offers, and what a variant changes: one rule, asked by every caller.

A practice variant of a part must ask something other than the handout: every box of the part
whose key is written from the parameters (a ``{{placeholder}}`` in its answer) must have another
key than the handout's, and the part must not read as the handout's. Boxes whose key is the same
text in every variant (a choice's letter, ``Theta(d1^2)``, a proof's order: the part's
conclusion, not its numbers) are not compared: they cannot change. The UI shows a problem's
parameterized parts at the seed chosen for one of them (problem-level numbers are shared), so a
seed is offered for a part only when each of those parts differs from the handout there
(``not_offered``). ``next_practice_seed`` is the seed "another variant" shows; ``hw3-tutor
variant --seed N`` says when N is not offered. ``same_key`` is the one comparison of a
variant's key with the handout's (``handoutkey`` asks it too).

``what_changes`` words the banner of a variant from its data: new numbers, or another value of
a word parameter (a family, a law), or both."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from tutor.content.model import BoxSpec, Content
from tutor.content.paramvalues import ParamValue, show
from tutor.content.placeholders import PLACEHOLDER_RE
from tutor.variants.engine import Variant, instantiate
from tutor.variants.errors import ParamError, VariantContentError
from tutor.variants.sampling import next_seed
from tutor.variants.scopes import is_parameterized, problem_of
from tutor.variants.seeds import HANDOUT_SEED
from tutor.wording import said_list

CARRY_OVER = "so your answers to the handout do not carry over."


def same_key(box: BoxSpec, handout: BoxSpec) -> bool:
    """Whether a variant's box has the handout's key (the same answer text, spaces aside)."""
    return box.answer.strip() == handout.answer.strip()


def handout_repeats(content: Content, variant: Variant) -> tuple[str, ...]:
    """What of ``variant`` is the handout's own: the boxes whose key is written from the
    parameters yet is the handout's, or the part's id when its texts and boxes read as the
    handout's. Empty when the variant asks something else in every such box."""
    raw = content.templates
    handout = instantiate(raw, variant.part_id)
    repeated = tuple(
        b
        for b, box in variant.boxes.items()
        if b in handout.boxes
        and PLACEHOLDER_RE.search(raw.boxes[b].answer)
        and same_key(box, handout.boxes[b])
    )
    if repeated:
        return repeated
    if variant.part == handout.part and dict(variant.boxes) == dict(handout.boxes):
        return (variant.part_id,)
    return ()


def shown_together(content: Content, part_id: str) -> tuple[str, ...]:
    """The parts shown at the seed chosen for ``part_id``: its problem's parameterized parts."""
    raw = content.templates
    problem, _, _ = problem_of(raw, part_id)
    return tuple(p.id for p in problem.parts if is_parameterized(raw, p.id))


def not_offered(content: Content, part_id: str, seed: int) -> str:
    """Why practice does not offer variant ``seed`` of ``part_id`` (one sentence), or "" when it
    does: each part shown with it at that seed asks something other than the handout. The
    handout (seed 0) is no practice variant."""
    if seed == HANDOUT_SEED:
        return "seed 0 is the handout itself"
    raw = content.templates
    same: list[str] = []
    for pid in shown_together(raw, part_id):
        try:
            variant = instantiate(raw, pid, seed=seed)
        except (ParamError, VariantContentError):
            return f"part {pid} has no variant at seed {seed}"
        same += handout_repeats(raw, variant)
    if not same:
        return ""
    boxes = [s for s in same if "." in s]
    parts = [s for s in same if "." not in s]
    said = []
    if boxes:
        have = "has" if len(boxes) == 1 else "have"
        said.append(f"{said_list(boxes)} {have} the handout's key")
    if parts:
        said.append(f"{said_list(parts)} {'reads' if len(parts) == 1 else 'read'} as the handout")
    others = sorted({s.split(".")[0] if "." in s else s for s in same} - {part_id})
    shown = ""
    if others:
        be = "is" if len(others) == 1 else "are"
        shown = f" ({said_list(others)} {be} shown with {part_id} at the same seed)"
    return f"at seed {seed}, {' and '.join(said)}{shown}"


def next_practice_seed(
    content: Content,
    part_id: str,
    after: int,
    avoid: Sequence[Mapping[str, ParamValue]] = (),
    seen: Sequence[Mapping[str, ParamValue]] = (),
) -> int | None:
    """``sampling.next_seed`` among the seeds practice offers (``not_offered`` says nothing):
    None when no seed it tries asks something other than the handout."""
    raw = content.templates
    return next_seed(
        raw, part_id, after, avoid, seen, skip=lambda s: bool(not_offered(raw, part_id, s))
    )


def no_other_variant(shown: Variant | None) -> str:
    """What "another variant" says when ``next_practice_seed`` finds none (``shown``: the
    variant the part shows now, None for the handout)."""
    if shown is None:
        return (
            "This part has no practice variant: each of its variants asks what the handout "
            "asks (the same keys)."
        )
    return (
        f"This part has no other numbers than {shown.describe()} to practise with: this is "
        "its only practice variant."
    )


def what_changes(variant: Variant) -> str:
    """The banner's sentence on what a variant changes, from its parameters: ``New numbers, so
    your answers to the handout do not carry over.``; for a word parameter (a family, a law)
    ``A different law of the inputs (sign, not gaussian), so …`` (named by its label, up to a
    colon: "the parameter: a Gaussian's mean or scale" names "the parameter"; else by its
    name), with ``and new numbers`` when numbers change too."""
    changes, numbers = [], False
    for name, value in variant.params.items():
        default = variant.defaults.get(name)
        if value == default:
            continue
        if isinstance(value, str) or isinstance(default, str):
            noun = _noun(variant.labels.get(name, "")) or name
            changes.append(f"a different {noun} ({show(value)}, not {show(default)})")
        else:
            numbers = True
    if numbers:
        changes.append("new numbers")
    if not changes:  # the handout's parameters (set by hand): nothing changes
        return ""
    text = said_list(changes)
    return f"{text[0].upper()}{text[1:]}, {CARRY_OVER}"


def _noun(label: str) -> str:
    """What a parameter's label calls it, without an article: "law of the inputs", "parameter"
    (of "the parameter: a Gaussian's mean or scale"); "" for a label too long to name it."""
    head = label.split(":", 1)[0].strip()
    words = head.split()
    if words and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    return " ".join(words) if 0 < len(words) <= 5 else ""
