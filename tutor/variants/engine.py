"""Practice variants: a part's parameters sampled with a seed, its values computed, its texts filled.

Variant 0 is the handout: every parameter at its default. ``handout(content)`` is the content as
the tutor shows it (every parameterized part rendered at its defaults, nothing else changed) and
``load(directory)`` loads and renders in one step; front ends use it where they used
``load_content``. ``instantiate(content, part, seed=S)`` or ``params={...}`` gives one variant of
one part: its parameter values, its derived values, and the part and its boxes with every text
filled (a box spec the checker judges as it is). See docs/ARCHITECTURE.md, "Variants".

Problem-level parameters are drawn from the problem's id and the seed, so the parts of a problem
share their numbers for the same seed (5c's break-even uses 5a's and 5b's counts)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType

from tutor.content.issues import ContentError, ContentIssue
from tutor.content.loader import load_content
from tutor.content.model import BoxSpec, Content, Part, QuestionTest, Reading
from tutor.content.params import Parameters
from tutor.content.paramvalues import ParamValue, show
from tutor.content.positions import LineLocator, format_key
from tutor.variants.conditions import condition_issues
from tutor.variants.derive import compute
from tutor.variants.errors import ConstraintError, ParamError, VariantContentError
from tutor.variants.expressions.compute import holds
from tutor.variants.expressions.errors import ExpressionError
from tutor.variants.render import render, render_tree
from tutor.variants.sampling import coerce, sample
from tutor.variants.scopes import Scope, defaults, is_parameterized, problem_of, scopes
from tutor.variants.seeds import HANDOUT_SEED
from tutor.variants.values import Value, normalize, to_json, write

_CACHE_SIZE = 256


@dataclass(frozen=True)
class Variant:
    """One variant of one part, ready to show and to check."""

    part_id: str
    seed: int | None
    """0 for the handout, the seed it was drawn with, or None for parameters set by hand."""
    params: Mapping[str, ParamValue]
    """The part's parameters (its problem's, then its own) in declaration order."""
    values: Mapping[str, Value]
    """Parameters and derived values: what the templates were filled with."""
    part: Part
    boxes: Mapping[str, BoxSpec]
    """The part's boxes, rendered, by id (in the part's order)."""
    defaults: Mapping[str, ParamValue] = field(default_factory=dict)
    labels: Mapping[str, str] = field(default_factory=dict)
    """Parameter -> the label the content gives it ("law of the inputs"), where it gives one."""
    entries: Mapping[str, Mapping[str, tuple[int, ...]]] = field(default_factory=dict)
    """Box -> "accept", "mistakes", "tests" -> the index in the file of each entry the box has
    here, for the boxes whose entries a ``when`` left out (an entry's index in the box is not
    its index in the file then)."""

    @property
    def is_handout(self) -> bool:
        return dict(self.params) == dict(self.defaults)

    @property
    def key(self) -> str:
        """A short stable name: ``handout``, ``seed:7`` or ``set:layers=12,every=4``."""
        if self.is_handout:
            return "handout"
        if self.seed is not None:
            return f"seed:{self.seed}"
        changed = [f"{n}={show(v)}" for n, v in self.params.items() if self.defaults.get(n) != v]
        return "set:" + ",".join(changed)

    def box(self, box_id: str) -> BoxSpec:
        return self.boxes[box_id]

    def params_json(self) -> dict[str, int | float | str]:
        return {name: to_json(normalize(value)) for name, value in self.params.items()}

    def to_json(self) -> dict:
        """``{"part", "seed", "params", "boxes": {BOX: {"answer"}}}`` (``hw3-tutor variant --json``)."""
        return {
            "part": self.part_id,
            "seed": self.seed,
            "params": self.params_json(),
            "boxes": {box_id: {"answer": box.answer} for box_id, box in self.boxes.items()},
        }

    def describe(self) -> str:
        """``layers = 12, every = 4, t_fwd = 20, t_mem = 10``."""
        return ", ".join(f"{n} = {write(normalize(v))}" for n, v in self.params.items())


_cache: dict[tuple, Variant] = {}


def instantiate(
    content: Content,
    part_id: str,
    *,
    seed: int | None = None,
    params: Mapping[str, object] | None = None,
) -> Variant:
    """One variant of a part: drawn with ``seed`` (0 or nothing: the handout) or with ``params``
    set by hand (the others at their defaults). Raises ``ParamError`` for bad parameters."""
    if seed is not None and params:
        raise ParamError("give a seed or parameters, not both")
    raw = content.templates
    problem, _, part = problem_of(raw, part_id)
    if not is_parameterized(raw, part_id) and (params or seed not in (None, HANDOUT_SEED)):
        raise ParamError(f"part {part_id} has no parameters: it has only the handout (seed 0)")
    asked = tuple(sorted((str(k), repr(v)) for k, v in (params or {}).items()))
    key = (id(raw), raw.content_hash, part_id, seed, asked)
    cached = _cache.get(key)
    if cached is not None:
        return cached
    chosen: dict[str, ParamValue]
    if params:
        chosen = {**defaults(raw, part_id), **coerce(raw, part_id, params)}
        seed_used: int | None = None
    else:
        seed_used = HANDOUT_SEED if seed is None else seed
        chosen = sample(raw, part_id, seed_used)
    values = compute(scopes(raw, part_id), chosen)
    boxes: dict[str, BoxSpec] = {}
    entries: dict[str, Mapping[str, tuple[int, ...]]] = {}
    for b in part.boxes:
        if b in raw.boxes:
            box, kept = _only_when(render_tree(raw.boxes[b], values), values, b, problem.source)
            target = box.target_box
            if target is not None:
                # a derivation's last line is judged by its value box as this variant has it:
                # only the readings and mistakes whose when holds here
                narrowed, _ = _only_when(target, values, target.id, problem.source)
                box = replace(box, target_box=narrowed)
            boxes[b] = box
            if kept:
                entries[b] = kept
    variant = Variant(
        part_id=part_id,
        seed=seed_used,
        params=MappingProxyType(dict(chosen)),
        values=MappingProxyType(values),
        part=render_tree(part, values),
        boxes=MappingProxyType(boxes),
        defaults=MappingProxyType(defaults(raw, part_id)),
        labels=MappingProxyType(
            {
                spec.name: spec.label
                for declared in (problem.parameters, part.parameters)
                if declared
                for spec in declared.params
                if spec.label
            }
        ),
        entries=MappingProxyType(entries),
    )
    if len(_cache) >= _CACHE_SIZE:
        _cache.pop(next(iter(_cache)))
    _cache[key] = variant
    return variant


def _only_when(
    box: BoxSpec, values: Mapping[str, Value], box_id: str, file: str
) -> tuple[BoxSpec, dict[str, tuple[int, ...]]]:
    """The box with the readings and tests whose ``when`` does not hold here left out, and the
    indices (in the file) of the entries kept, for each of accept, mistakes and tests, when some
    were left out (``VariantContentError`` at the ``when`` in ``file`` for one that cannot be
    computed)."""

    def keep(key: str, j: int, item: Reading | QuestionTest) -> bool:
        for k, condition in enumerate(item.when):
            try:
                if not holds(condition, values):
                    return False
            except ExpressionError as exc:
                path = ("boxes", box_id, key, j, "when") + ((k,) if len(item.when) > 1 else ())
                raise VariantContentError(str(exc), file, path) from None
        return True

    readings: tuple[Reading, ...] = (*box.accept, *box.mistakes)
    if not any(r.when for r in readings) and not any(t.when for t in box.tests):
        return box, {}
    entries: tuple[tuple[str, tuple[Reading | QuestionTest, ...]], ...] = (
        ("accept", box.accept),
        ("mistakes", box.mistakes),
        ("tests", box.tests),
    )
    indices = {
        key: tuple(j for j, item in enumerate(items) if keep(key, j, item))
        for key, items in entries
    }
    kept = replace(
        box,
        accept=tuple(box.accept[j] for j in indices["accept"]),
        mistakes=tuple(box.mistakes[j] for j in indices["mistakes"]),
        tests=tuple(box.tests[j] for j in indices["tests"]),
    )
    for readings in (kept.accept, kept.mistakes):
        notes = [r.note for r in readings]
        twice = sorted({n for n in notes if notes.count(n) > 1})
        if twice:
            raise VariantContentError(
                f"box {box_id}: note '{twice[0]}' applies twice in this variant; "
                "make the entries' when conditions exclude each other"
            )
    left_out = any(len(indices[k]) < len(getattr(box, k)) for k in indices)
    return kept, (indices if left_out else {})


def box_variant(
    content: Content,
    box_id: str,
    *,
    seed: int | None = None,
    params: Mapping[str, object] | None = None,
) -> BoxSpec:
    """The box ``box_id`` as it is in a variant (``ParamError`` for an unknown box or bad values)."""
    raw = content.templates
    if box_id not in raw.boxes:
        raise ParamError(f"unknown box {box_id!r}")
    return instantiate(raw, raw.boxes[box_id].part_id, seed=seed, params=params).boxes[box_id]


def handout(content: Content) -> Content:
    """The content as the tutor shows it: every parameterized problem and part at its defaults.

    Raises ``ContentError`` (file, line, key) when the defaults cannot be computed or break a
    constraint, as for any other content that does not load.
    """
    raw = content.templates
    # what a condition says is checked before anything is computed with it: a misspelt name in
    # a when or a constraint compares two words, which computes (and is always true)
    declared = condition_issues(raw)
    if not any(p.parameters for p in raw.problems) and not any(p.parameters for p in raw.parts()):
        if declared:
            raise ContentError(declared, raw.directory)
        return raw
    issues: list[ContentIssue] = []
    problems = []
    boxes = dict(raw.boxes)
    for problem in raw.problems:
        parts = []
        problem_values: dict[str, Value] = {}
        if problem.parameters:
            scope = Scope("problem", problem.id, problem.parameters, problem.source, ("problem",))
            try:
                problem_values = compute((scope,), {})
            except (ParamError, VariantContentError) as exc:
                issues.append(_issue(raw, problem.source, ("problem",), exc))
        for i, part in enumerate(problem.parts):
            if not (problem.parameters or part.parameters):
                parts.append(part)
                continue
            try:
                variant = instantiate(raw, part.id)
            except (ParamError, VariantContentError) as exc:
                issues.append(_issue(raw, problem.source, ("parts", i), exc))
                parts.append(part)
                continue
            parts.append(variant.part)
            boxes.update(variant.boxes)
        rendered = replace(problem, parts=tuple(parts))
        if problem_values:
            rendered = replace(
                rendered,
                title=render(problem.title, problem_values),
                summary=render(problem.summary, problem_values),
            )
        problems.append(rendered)
    if issues or declared:
        # a problem's declaration that cannot be computed fails each of its parts the same way:
        # one error for each declaration (the first, with the values it was computed for)
        once = {(i.file, i.line, i.key): i for i in reversed(issues)}
        computed = sorted(once.values(), key=issues.index)
        # a condition found wrong above fails when computed too: said once, as found above
        said = {(i.file, i.key) for i in declared}
        broken = [f"the constraint '{c}'" for c in _constraints_at(raw, said)]
        computed = [
            i
            for i in computed
            if (i.file, i.key) not in said and not any(b in i.message for b in broken)
        ]
        raise ContentError(declared + computed, raw.directory)
    return Content(
        problems=tuple(problems),
        boxes=boxes,
        cards=raw.cards,
        directory=raw.directory,
        content_hash=raw.content_hash,
        raw=raw,
    )


def _constraints_at(raw: Content, keys: set[tuple[str, str]]) -> list[str]:
    """The constraints at these (file, key) places."""
    out = []
    for problem in raw.problems:
        declared: list[tuple[tuple, Parameters | None]] = [(("problem",), problem.parameters)]
        declared += [(("parts", i), part.parameters) for i, part in enumerate(problem.parts)]
        for at, parameters in declared:
            for j, text in enumerate(parameters.constraints if parameters else ()):
                if (problem.source, format_key(at + ("constraints", j))) in keys:
                    out.append(text)
    return out


def _issue(raw: Content, file: str, path: tuple, exc: Exception) -> ContentIssue:
    fix = ""
    if isinstance(exc, VariantContentError) and exc.file:
        path, message = exc.path, exc.detail
    elif isinstance(exc, ConstraintError) and exc.file:
        # at the constraint's own line, once for all the parts that share it
        path = exc.path
        message = (
            f"the handout's parameters (the defaults) break the constraint "
            f"'{exc.constraint}' ({exc.values})"
        )
        fix = (
            "change a default in the params so that the constraint holds, or change the "
            "constraint if these values are meant to be allowed"
        )
    else:
        message = f"the handout's parameters: {exc}"
    line = None
    try:
        text = (Path(raw.directory) / file).read_text(encoding="utf-8")
        line = LineLocator(text).element_line(path)
    except (OSError, ValueError):  # changed since it was loaded
        pass
    return ContentIssue(file, line, format_key(path), message, fix=fix)


def load(
    directory: str | Path,
    known_plots: set[str] | None = None,
    parse: Callable[[str], dict] | None = None,
) -> Content:
    """``load_content`` then ``handout``: the content as the tutor shows it (``ContentError``).
    ``parse`` is ``load_content``'s (the tutor's cached TOML parser)."""
    return handout(load_content(directory, known_plots=known_plots, parse=parse))
