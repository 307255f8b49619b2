"""Reading a problem's or part's parameters from its TOML table, every issue with its key path.

``read_parameters`` reads ``params``, ``derived`` and ``constraints`` through the loader's file
reader (which knows each key's line); ``when_of`` reads a reading's or test's ``when``. Nothing
is evaluated here and no code is loaded from a content file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any, Protocol

from tutor.content.params import (
    DERIVED_KEYS,
    MAX_GRID,
    PARAM_KEYS,
    RESERVED_NAMES,
    DerivedSpec,
    Parameters,
    ParamSpec,
)
from tutor.content.paramvalues import ParamValue, from_toml, not_finite, show
from tutor.content.placeholders import suggest

_NAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


class Reader(Protocol):
    """What the loader's file reader offers (``tutor.content.loader._FileReader``)."""

    def issue(self, path: tuple, message: str) -> None: ...

    def check_keys(self, table: dict, known: tuple[str, ...], path: tuple, what: str) -> None: ...

    def typo_reported(self, path: tuple, key: str) -> bool: ...


def read_parameters(reader: Reader, table: Mapping[str, Any], path: tuple) -> Parameters | None:
    """Read ``params``, ``derived`` and ``constraints`` from a problem or part table."""
    if not any(k in table for k in ("params", "derived", "constraints")):
        return None
    params: list[ParamSpec] = []
    broken: list[str] = []
    seen: set[str] = set()
    ptable = table.get("params", {})
    if not isinstance(ptable, dict):
        reader.issue(
            path + ("params",), "must be a table: write [..params] with one line a parameter"
        )
        ptable = {}
    for name, spec in ptable.items():
        ppath = path + ("params", name)
        if not _good_name(reader, name, ppath, seen):
            continue
        param = _read_param(reader, name, spec, ppath)
        if param is not None:
            params.append(param)
        else:
            broken.append(name)
    derived: list[DerivedSpec] = []
    dtable = table.get("derived", {})
    if not isinstance(dtable, dict):
        reader.issue(
            path + ("derived",), "must be a table: write [..derived] with one line a value"
        )
        dtable = {}
    known = set(seen)
    for name, spec in dtable.items():
        dpath = path + ("derived", name)
        if not _good_name(reader, name, dpath, seen):
            continue
        item = _read_derived(reader, name, spec, dpath, known)
        known.add(name)
        if item is not None:
            derived.append(item)
        else:
            broken.append(name)
    constraints: list[str] = []
    raw = table.get("constraints", [])
    if not isinstance(raw, list):
        reader.issue(
            path + ("constraints",),
            'must be a list of strings, e.g. constraints = ["every < layers"]',
        )
        raw = []
    for i, text in enumerate(raw):
        if not isinstance(text, str) or not text.strip():
            reader.issue(
                path + ("constraints", i), 'must be a comparison in quotes, e.g. "every < layers"'
            )
        else:
            constraints.append(text)
    return Parameters(tuple(params), tuple(derived), tuple(constraints), tuple(broken))


def _good_name(reader: Reader, name: str, path: tuple, seen: set[str]) -> bool:
    if not _NAME_RE.match(name):
        reader.issue(
            path, f"'{name}' is not a name; use letters, digits and '_', starting with a letter"
        )
        return False
    if name in RESERVED_NAMES:
        reader.issue(path, f"'{name}' is a name of the input language; choose another")
        return False
    if name in seen:
        reader.issue(
            path, f"'{name}' is declared twice; give each parameter and value its own name"
        )
        return False
    seen.add(name)
    return True


def _read_param(reader: Reader, name: str, spec: object, path: tuple) -> ParamSpec | None:
    if not isinstance(spec, dict):
        reader.issue(path, "must be a table like { default = 10, range = [6, 24] }")
        return None
    reader.check_keys(spec, PARAM_KEYS, path, "a parameter")
    if "default" not in spec:
        if not reader.typo_reported(path, "default"):
            reader.issue(path, "missing key 'default' (the handout's value); add default = ...")
        return None
    default = from_toml(spec["default"])
    if default is None and not_finite(spec["default"]):
        reader.issue(
            path + ("default",),
            f"{not_finite(spec['default'])} is not allowed: give a finite number",
        )
        return None
    if default is None:
        reader.issue(path + ("default",), "must be a number or a word in quotes")
        return None
    label = spec.get("label", "")
    if not isinstance(label, str):
        reader.issue(path + ("label",), "must be a string")
        label = ""
    has_choices, has_range = "choices" in spec, "range" in spec
    if has_choices == has_range:
        misspelt = any(reader.typo_reported(path, k) for k in ("choices", "range"))
        if not (misspelt and not has_choices and not has_range):
            reader.issue(
                path,
                "give exactly one sampling rule: choices = [...] or range = [low, high] (with step)",
            )
        return None
    if has_choices:
        raw = spec["choices"]
        values = [from_toml(v) for v in raw] if isinstance(raw, list) else []
        odd = [not_finite(v) for v in raw] if isinstance(raw, list) else []
        if any(odd):
            reader.issue(
                path + ("choices",),
                f"{next(x for x in odd if x)} is not allowed: give finite numbers or words",
            )
            return None
        if not values or any(v is None for v in values):
            reader.issue(path + ("choices",), "must be a non-empty list of numbers or words")
            return None
        choices = tuple(v for v in values if v is not None)
        quoted = [v for v in choices if _quoted_number(v)]
        if quoted and len(quoted) < len(choices) and not all(isinstance(v, str) for v in choices):
            reader.issue(
                path + ("choices",),
                f"mixes numbers and strings: {_quote(quoted[0])} is a string (in quotes), not a "
                f"number; write the numbers without quotes, e.g. choices = "
                f"[{', '.join(v if isinstance(v, str) else show(v) for v in choices[:3])}, ...]",
            )
            return None
        if len({show(c) for c in choices}) != len(choices):
            reader.issue(path + ("choices",), "lists a value twice; list each value once")
        if "step" in spec:
            reader.issue(path + ("step",), "only applies to a range; remove it")
        param = ParamSpec(name, default, choices=choices, label=label)
    else:
        raw = spec["range"]
        bounds = [from_toml(v) for v in raw] if isinstance(raw, list) else []
        odd = [not_finite(v) for v in raw] if isinstance(raw, list) else []
        if len(bounds) == 2 and any(odd):
            reader.issue(
                path + ("range",),
                f"{next(x for x in odd if x)} is not allowed: give a finite bound, "
                "e.g. range = [6, 24]",
            )
            return None
        if len(bounds) != 2 or any(b is None or isinstance(b, str) for b in bounds):
            reader.issue(path + ("range",), "must be two numbers [low, high], e.g. range = [6, 24]")
            return None
        low, high = (b for b in bounds if b is not None and not isinstance(b, str))
        step = from_toml(spec.get("step", 1))
        if step is None and not_finite(spec.get("step")):
            reader.issue(
                path + ("step",),
                f"{not_finite(spec.get('step'))} is not allowed: give a finite step, e.g. step = 0.25",
            )
            return None
        if step is None or isinstance(step, str) or step <= 0:
            reader.issue(path + ("step",), "must be a positive number, e.g. step = 0.25")
            return None
        if not low < high:
            reader.issue(path + ("range",), f"low {show(low)} is not below high {show(high)}")
            return None
        span = (Fraction(high) - Fraction(low)) / Fraction(step)
        if span.denominator != 1:
            reader.issue(
                path + ("step",),
                f"the range {show(low)}..{show(high)} is not a whole number of steps of {show(step)}",
            )
            return None
        if span + 1 > MAX_GRID:
            reader.issue(path + ("range",), f"holds {int(span) + 1:,} values; at most {MAX_GRID:,}")
            return None
        param = ParamSpec(name, default, low=low, high=high, step=step, label=label)
    if not param.allows(default):
        numbers = param.choices is None or all(not isinstance(c, str) for c in param.choices)
        if numbers and _quoted_number(default):
            reader.issue(
                path + ("default",),
                f"is the string {_quote(default)} (in quotes), not a number; "
                f"write default = {str(default).strip()}",
            )
            return None
        words = bool(param.choices) and all(isinstance(c, str) for c in param.choices)
        if words and not isinstance(default, str) and all(map(_quoted_number, param.choices)):
            reader.issue(
                path + ("choices",),
                f"are strings (in quotes) but the default {show(default)} is a number; write the "
                f"choices without quotes, e.g. choices = [{', '.join(map(str, param.choices[:3]))}"
                ", ...]",
            )
            return None
        reader.issue(
            path + ("default",),
            f"the default {show(default)} is not allowed by the rule ({param.rule()}); "
            "the handout's value must be one a variant can take",
        )
        return None
    return param


def _read_derived(
    reader: Reader, name: str, spec: object, path: tuple, known: set[str]
) -> DerivedSpec | None:
    if isinstance(spec, str):
        spec = {"expr": spec}
    if not isinstance(spec, dict):
        reader.issue(
            path,
            'must be an expression in quotes ("layers - 1") or a table such as '
            '{ call = "remat.fwd", args = ["layers", "every"] }',
        )
        return None
    reader.check_keys(spec, DERIVED_KEYS, path, "a derived value")
    ways = [k for k in ("expr", "call", "select", "text") if k in spec]
    if len(ways) != 1:
        reader.issue(
            path, 'give exactly one of expr = "...", call = "...", select = "..." or text = "..."'
        )
        return None
    for key in ("expr", "call", "select", "text"):
        if key in spec and (not isinstance(spec[key], str) or not spec[key].strip()):
            reader.issue(path + (key,), "must be a non-empty string")
            return None
    args = _names(reader, spec, "args", path)
    symbols = _names(reader, spec, "symbols", path)
    if "args" in spec and "call" not in spec:
        reader.issue(path + ("args",), 'only applies with call = "..."; remove it')
    if "symbols" in spec and "expr" not in spec:
        reader.issue(path + ("symbols",), 'only applies with expr = "..."; remove it')
    for i, arg in enumerate(args):
        if arg not in known:
            reader.issue(path + ("args", i), _unknown(arg, known, "an argument"))
    for i, sym in enumerate(symbols):
        if sym in known:
            reader.issue(
                path + ("symbols", i),
                f"'{sym}' is already a parameter or value; a free symbol needs its own name",
            )
    cases: list[tuple[str, ParamValue]] = []
    if "select" in spec:
        if spec["select"] not in known:
            reader.issue(
                path + ("select",), _unknown(spec["select"], known, "the selecting parameter")
            )
        raw = spec.get("cases")
        if not isinstance(raw, dict) or not raw:
            reader.issue(path, 'a select needs cases = { gaussian = "...", uniform = "..." }')
            return None
        for key, value in raw.items():
            v = from_toml(value)
            if v is None:
                reader.issue(path + ("cases", key), "must be a number or a text in quotes")
                continue
            cases.append((str(key), v))
    elif "cases" in spec:
        reader.issue(path + ("cases",), 'only applies with select = "..."; remove it')
    return DerivedSpec(
        name,
        expr=spec.get("expr"),
        symbols=symbols,
        call=spec.get("call"),
        args=args,
        select=spec.get("select"),
        cases=tuple(cases),
        text=spec.get("text"),
    )


def _names(reader: Reader, spec: dict, key: str, path: tuple) -> tuple[str, ...]:
    raw = spec.get(key, [])
    if not isinstance(raw, list) or not all(isinstance(a, str) and _NAME_RE.match(a) for a in raw):
        reader.issue(path + (key,), f'must be a list of names, e.g. {key} = ["layers", "every"]')
        return ()
    return tuple(raw)


def _unknown(name: str, known: set[str] | list[str], what: str) -> str:
    return f"{what} '{name}' is not a parameter or an earlier value; {suggest(name, known)}"


def when_of(reader: Reader, table: Mapping[str, Any], path: tuple) -> tuple[str, ...]:
    """A reading's or test's ``when``: one condition or a list of them (all must hold)."""
    if "when" not in table:
        return ()
    raw = table["when"]
    items = [raw] if isinstance(raw, str) else raw
    if (
        not isinstance(items, list)
        or not items
        or not all(isinstance(x, str) and x.strip() for x in items)
    ):
        reader.issue(
            path + ("when",),
            'must be a condition on the parameters, e.g. when = "dist != sign", or a list of them',
        )
        return ()
    return tuple(items)


def _quoted_number(value: object) -> bool:
    """A string that reads as a number ("8", " 2.5 "): a number written in quotes."""
    if not isinstance(value, str):
        return False
    try:
        return Decimal(value.strip()).is_finite()
    except ArithmeticError:
        return False


def _quote(value: object) -> str:
    return '"' + str(value) + '"'
