"""A variant's values: its parameters checked against their rules, its derived values computed
(a safe expression over the parameters, a text template, or a registered core function) and
its constraints checked. Computed sets are cached."""

from __future__ import annotations

import re
from collections.abc import Mapping

from tutor.content.paramvalues import ParamValue, show
from tutor.content.placeholders import PLACEHOLDER_RE
from tutor.errors import UsageError
from tutor.variants import functions
from tutor.variants.errors import ConstraintError, ParamError, VariantContentError
from tutor.variants.expressions.compute import evaluate, holds
from tutor.variants.expressions.errors import ExpressionError
from tutor.variants.render import render
from tutor.variants.scopes import Scope
from tutor.variants.values import Value, normalize, write

_CACHE_SIZE = 256


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
    later = {d.name for s in scope_list for d in s.parameters.derived}
    for s in scope_list:
        for d in s.parameters.derived:
            try:
                values[d.name] = _derive(d, values)
            except UsageError as exc:  # the model refuses these parameters (remat: K > N)
                raise ParamError(f"{exc} ({listing(specs, values)})") from None
            except (ExpressionError, functions.FunctionError, ZeroDivisionError) as exc:
                # a set a constraint rules out is refused, not a content error: a constraint
                # on the parameters keeps 1/(layers - 12) from ever seeing layers = 12
                _check(scope_list, specs, values, skip=later)
                raise VariantContentError(
                    f"{exc} ({listing(specs, values)})", s.file, s.path + ("derived", d.name)
                ) from None
            later.discard(d.name)
    _check(scope_list, specs, values)
    return values


_NAME_RE = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


def _check(
    scope_list: tuple[Scope, ...], specs, values: dict[str, Value], skip=frozenset()
) -> None:
    """Check the constraints (but those naming a value in ``skip``, not computed yet):
    ``ParamError`` for one the values break, ``VariantContentError`` at the constraint's own
    line for one that cannot be computed."""
    for s in scope_list:
        for i, c in enumerate(s.parameters.constraints):
            if skip and set(_NAME_RE.findall(c)) & skip:
                continue
            try:
                ok = holds(c, values)
            except ExpressionError as exc:
                raise VariantContentError(str(exc), s.file, s.path + ("constraints", i)) from None
            if not ok:
                raise ConstraintError(
                    c, listing(specs, values, c), s.file, s.path + ("constraints", i)
                )


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


def listing(specs, values: Mapping[str, Value], constraint: str | None = None) -> str:
    shown = [p.name for p in specs]
    if constraint is not None:
        mentioned = _NAME_RE.findall(constraint)
        shown += [n for n in mentioned if n in values and n not in shown]
    return ", ".join(f"{n} = {write(values[n])}" for n in shown if n in values)
