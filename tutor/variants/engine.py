"""Practice variants: a part's parameters sampled with a seed, its values computed, its texts filled.

Variant 0 is the handout: every parameter at its default. ``handout(content)`` is the content as
the tutor shows it (every parameterized part rendered at its defaults, nothing else changed) and
``load(directory)`` loads and renders in one step; front ends use it where they used
``load_content``. ``instantiate(content, part, seed=S)`` or ``params={...}`` gives one variant of
one part: its parameter values, its derived values, and the part and its boxes with every text
filled (a box spec the checker judges as it is). See docs/ARCHITECTURE.md, "Variants".

Problem-level parameters are drawn from the problem's id and the seed, so the parts of a problem
share their numbers for the same seed (5c's break-even uses 5a's and 5b's counts).
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from fractions import Fraction
from pathlib import Path
from types import MappingProxyType

from tutor.content.loader import (
    BoxSpec,
    Content,
    ContentError,
    ContentIssue,
    LineLocator,
    Part,
    Problem,
    QuestionTest,
    Reading,
    format_key,
    load_content,
)
from tutor.content.params import Parameters, ParamSpec
from tutor.content.paramvalues import ParamValue, exact, show
from tutor.content.placeholders import PLACEHOLDER_RE
from tutor.errors import UsageError, UserError
from tutor.variants import functions
from tutor.variants.expressions.compute import evaluate, holds
from tutor.variants.expressions.errors import ExpressionError
from tutor.variants.render import render, render_tree
from tutor.variants.values import Value, normalize, to_json, write

HANDOUT_SEED = 0
MAX_SEED = 2**63 - 1
MAX_DRAWS = 2000
"""Parameter sets drawn for one seed before giving up (constraints rejecting too many)."""
_CACHE_SIZE = 256


class ParamError(UsageError):
    """Parameters a variant cannot have (unknown name, out of range, K > N, a broken constraint)."""


class VariantContentError(UserError):
    """The content's own parameter declarations cannot be computed (a content bug)."""

    exit_code = 1

    def __init__(self, message: str, file: str = "", path: tuple = ()):
        super().__init__(f"{file}: {format_key(path)}: {message}" if file else message)
        self.file, self.path, self.detail = file, path, message


@dataclass(frozen=True)
class Scope:
    """One level of declarations: a problem's (shared by its parts) or a part's own."""

    kind: str  # "problem" | "part"
    id: str
    parameters: Parameters
    file: str
    path: tuple  # where it is declared: ("problem",) or ("parts", i)


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


# ----------------------------------------------------------------------------- scopes


def _problem_of(content: Content, part_id: str) -> tuple[Problem, int, Part]:
    for problem in content.problems:
        for i, part in enumerate(problem.parts):
            if part.id == part_id:
                return problem, i, part
    known = ", ".join(p.id for p in content.parts())
    raise ParamError(f"there is no part {part_id!r}; the parts are {known}")


def scopes(content: Content, part_id: str) -> tuple[Scope, ...]:
    """The declarations a part sees: its problem's, then its own (either may be absent)."""
    problem, index, part = _problem_of(content.templates, part_id)
    out = []
    if problem.parameters:
        out.append(Scope("problem", problem.id, problem.parameters, problem.source, ("problem",)))
    if part.parameters:
        out.append(Scope("part", part.id, part.parameters, problem.source, ("parts", index)))
    return tuple(out)


def param_specs(content: Content, part_id: str) -> tuple[ParamSpec, ...]:
    """Every parameter a part has (its problem's first), in declaration order."""
    return tuple(p for s in scopes(content, part_id) for p in s.parameters.params)


def is_parameterized(content: Content, part_id: str) -> bool:
    return bool(param_specs(content, part_id))


def parameterized_parts(content: Content) -> tuple[str, ...]:
    return tuple(p.id for p in content.templates.parts() if is_parameterized(content, p.id))


def defaults(content: Content, part_id: str) -> dict[str, ParamValue]:
    return {p.name: p.default for p in param_specs(content, part_id)}


# ----------------------------------------------------------------------------- values


_computed: dict[tuple, dict[str, Value]] = {}


def compute(scope_list: tuple[Scope, ...], params: Mapping[str, ParamValue]) -> dict[str, Value]:
    """Check ``params`` against their rules, compute the derived values, check the constraints.

    Raises ``ParamError`` for parameters a variant cannot have and ``VariantContentError`` when a
    declaration itself cannot be computed. Results are cached (the parts of a problem share them).
    """
    # keyed by the declarations' values (frozen, hashable): equal declarations, equal results
    key = (
        tuple(s.parameters for s in scope_list),
        tuple(sorted((k, show(v)) for k, v in params.items())),
    )
    cached = _computed.get(key)
    if cached is not None:
        return dict(cached)
    values = _compute(scope_list, params)
    if len(_computed) >= 4 * _CACHE_SIZE:
        _computed.pop(next(iter(_computed)))
    _computed[key] = values
    return dict(values)


def _compute(scope_list: tuple[Scope, ...], params: Mapping[str, ParamValue]) -> dict[str, Value]:
    specs = [p for s in scope_list for p in s.parameters.params]
    names = {p.name for p in specs}
    unknown = [n for n in params if n not in names]
    if unknown:
        listed = ", ".join(sorted(names)) or "none"
        raise ParamError(f"unknown parameter {unknown[0]!r}; this part's parameters are: {listed}")
    values: dict[str, Value] = {}
    for p in specs:
        value = params.get(p.name, p.default)
        if not p.allows(value):
            raise ParamError(f"{p.name} = {show(value)} is out of range: {p.rule()}")
        values[p.name] = normalize(value)
    for s in scope_list:
        for d in s.parameters.derived:
            try:
                values[d.name] = _derive(d, values)
            except UsageError as exc:  # the model refuses these parameters (remat: K > N)
                raise ParamError(f"{exc} ({_listing(specs, values)})") from None
            except (ExpressionError, functions.FunctionError, ZeroDivisionError) as exc:
                raise VariantContentError(
                    f"{exc} ({_listing(specs, values)})", s.file, s.path + ("derived", d.name)
                ) from None
    for s in scope_list:
        for c in s.parameters.constraints:
            try:
                ok = holds(c, values)
            except ExpressionError as exc:
                raise VariantContentError(str(exc), s.file, s.path + ("constraints",)) from None
            if not ok:
                raise ParamError(
                    f"the parameters break the constraint '{c}' ({_listing(specs, values, c)})"
                )
    return values


def _derive(d, values: Mapping[str, Value]) -> Value:
    if d.how == "call":
        missing = [a for a in d.args if a not in values]
        if missing:
            raise ExpressionError(f"'{missing[0]}' has no value here")
        return functions.call(d.call, [values[a] for a in d.args])
    if d.how == "select":
        key = values.get(d.select)
        chosen = next((v for c, v in d.cases if c == show(key)), None)
        if chosen is None:
            chosen = next((v for c, v in d.cases if c == "*"), None)
        if chosen is None:
            cases = ", ".join(c for c, _ in d.cases)
            raise ExpressionError(
                f'no case for {d.select} = {show(key)} (cases: {cases}); add it or a "*" case'
            )
        if not isinstance(chosen, str):
            return normalize(chosen)
        return _text(chosen, values, d.name)
    if d.how == "text":
        assert d.text is not None
        return _text(d.text, values, d.name)
    assert d.expr is not None
    return evaluate(d.expr, values, d.symbols)


def _text(template: str, values: Mapping[str, Value], name: str) -> str:
    """A derived text: its placeholders filled with the values declared before it."""
    text = render(template, values)
    left = PLACEHOLDER_RE.search(text)
    if left:
        raise ExpressionError(
            f"it uses {left.group(0)} before it is computed; declare that above {name}"
        )
    return text


def _listing(specs, values: Mapping[str, Value], constraint: str | None = None) -> str:
    shown = [p.name for p in specs]
    if constraint is not None:
        import re

        mentioned = re.findall(r"[A-Za-z][A-Za-z0-9_]*", constraint)
        shown += [n for n in mentioned if n in values and n not in shown]
    return ", ".join(f"{n} = {write(values[n])}" for n in shown if n in values)


# ----------------------------------------------------------------------------- sampling


def _rng(*key: object) -> random.Random:
    digest = hashlib.sha256("\x1f".join(str(k) for k in key).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def sample(content: Content, part_id: str, seed: int) -> dict[str, ParamValue]:
    """The parameters of variant ``seed`` of a part (reproducible; 0 is the handout).

    Each draw picks every parameter uniformly from its values (problem-level ones keyed by the
    problem, so a problem's parts agree); a draw that breaks a constraint, that a model refuses,
    or that is the handout itself is drawn again.
    """
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        raise ParamError(f"a seed is a whole number from 0 to {MAX_SEED}, not {seed!r}")
    scope_list = scopes(content, part_id)
    base = {p.name: p.default for s in scope_list for p in s.parameters.params}
    if seed == HANDOUT_SEED or not base:
        return base
    if all(len(p.values()) == 1 for s in scope_list for p in s.parameters.params):
        raise ParamError(f"part {part_id} has only the handout's parameter values")
    for attempt in range(MAX_DRAWS):
        drawn: dict[str, ParamValue] = {}
        for s in scope_list:
            rng = _rng(s.kind, s.id, seed, attempt)
            for p in s.parameters.params:
                values = p.values()
                drawn[p.name] = values[rng.randrange(len(values))]
        if drawn == base:
            continue
        try:
            compute(scope_list, drawn)
        except ParamError:
            continue
        return drawn
    raise ParamError(
        f"no parameter set of part {part_id} satisfies its constraints in {MAX_DRAWS} draws "
        f"(seed {seed}); loosen the constraints or widen the ranges"
    )


def coerce(content: Content, part_id: str, settings: Mapping[str, object]) -> dict[str, ParamValue]:
    """``--set`` values (text or numbers) as parameter values; unknown names are ``ParamError``."""
    specs = {p.name: p for p in param_specs(content, part_id)}
    out: dict[str, ParamValue] = {}
    for name, raw in settings.items():
        value: ParamValue | None
        spec = specs.get(name)
        if spec is None:
            import difflib

            close = difflib.get_close_matches(name, list(specs), n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            listed = ", ".join(specs) or "none"
            raise ParamError(
                f"unknown parameter {name!r}; {hint}part {part_id}'s parameters are: {listed}"
            )
        if isinstance(raw, bool):
            raise ParamError(f"{name} must be a number or a word, not {raw!r}")
        if isinstance(raw, Fraction):
            value = exact(raw)
        elif isinstance(raw, (int, float)):
            from tutor.content.paramvalues import from_toml

            value = from_toml(raw)
            if value is None:
                raise ParamError(f"{name} must be a finite number, not {raw!r}")
        elif isinstance(raw, str):
            try:
                value = spec.coerce(raw)
            except ValueError as exc:
                raise ParamError(str(exc)) from None
        else:
            raise ParamError(f"{name} must be a number or a word, not {type(raw).__name__}")
        out[name] = value
    return out


# ----------------------------------------------------------------------------- variants

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
    problem, _, part = _problem_of(raw, part_id)
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
    boxes = {
        b: _only_when(render_tree(raw.boxes[b], values), values, b)
        for b in part.boxes
        if b in raw.boxes
    }
    variant = Variant(
        part_id=part_id,
        seed=seed_used,
        params=MappingProxyType(dict(chosen)),
        values=MappingProxyType(values),
        part=render_tree(part, values),
        boxes=MappingProxyType(boxes),
        defaults=MappingProxyType(defaults(raw, part_id)),
    )
    if len(_cache) >= _CACHE_SIZE:
        _cache.pop(next(iter(_cache)))
    _cache[key] = variant
    return variant


def _only_when(box: BoxSpec, values: Mapping[str, Value], box_id: str) -> BoxSpec:
    """The box with the readings and tests whose ``when`` does not hold here left out."""

    def keep(item: Reading | QuestionTest) -> bool:
        for condition in item.when:
            try:
                if not holds(condition, values):
                    return False
            except ExpressionError as exc:
                raise VariantContentError(f"box {box_id}: when = {condition!r}: {exc}") from None
        return True

    readings: tuple[Reading, ...] = (*box.accept, *box.mistakes)
    if not any(r.when for r in readings) and not any(t.when for t in box.tests):
        return box
    kept = replace(
        box,
        accept=tuple(r for r in box.accept if keep(r)),
        mistakes=tuple(r for r in box.mistakes if keep(r)),
        tests=tuple(t for t in box.tests if keep(t)),
    )
    for readings in (kept.accept, kept.mistakes):
        notes = [r.note for r in readings]
        twice = sorted({n for n in notes if notes.count(n) > 1})
        if twice:
            raise VariantContentError(
                f"box {box_id}: note '{twice[0]}' applies twice in this variant; "
                "make the entries' when conditions exclude each other"
            )
    return kept


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


# ----------------------------------------------------------------------------- the handout


def handout(content: Content) -> Content:
    """The content as the tutor shows it: every parameterized problem and part at its defaults.

    Raises ``ContentError`` (file, line, key) when the defaults cannot be computed or break a
    constraint, as for any other content that does not load.
    """
    raw = content.templates
    if not any(p.parameters for p in raw.problems) and not any(p.parameters for p in raw.parts()):
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
    if issues:
        raise ContentError(issues, raw.directory)
    return Content(
        problems=tuple(problems),
        boxes=boxes,
        cards=raw.cards,
        directory=raw.directory,
        content_hash=raw.content_hash,
        raw=raw,
    )


def _issue(raw: Content, file: str, path: tuple, exc: Exception) -> ContentIssue:
    if isinstance(exc, VariantContentError) and exc.file:
        path, message = exc.path, exc.detail
    else:
        message = f"the handout's parameters: {exc}"
    line = None
    try:
        line = LineLocator((Path(raw.directory) / file).read_text(encoding="utf-8")).line(path)
    except OSError:
        pass
    return ContentIssue(file, line, format_key(path), message)


def load(
    directory: str | Path,
    known_plots: set[str] | None = None,
    parse: Callable[[str], dict] | None = None,
) -> Content:
    """``load_content`` then ``handout``: the content as the tutor shows it (``ContentError``).
    ``parse`` is ``load_content``'s (the tutor's cached TOML parser)."""
    return handout(load_content(directory, known_plots=known_plots, parse=parse))
