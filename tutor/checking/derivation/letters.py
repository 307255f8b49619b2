"""The question's letters in a derivation: a step between two lines that use them must hold as
a formula in them, not only at this question's values.

A derivation box may let a student write the question's quantities by name (its
``definitions`` that are numbers: ``t_fwd = "20"``, ``N = "10"``). Every line is read with
their values in place, so a step is first checked at those values. That alone lets a wrong
formula through when it happens to give the same number (``t = 5·t_mem`` after
``20·t_fwd + 10·t_mem = 10·t``, where the break-even is ``2·t_fwd + t_mem``). So a step
from a line that uses letters to a line that uses letters is checked a second time with
the letters as symbols, at random values of them (the solving mode's own machinery,
``solving.solve_step``, passed in by the judge, on the two lines so read):

- a letter both lines use is a symbol, sampled over a range around its value (whole
  numbers, so that a point reads well in feedback);
- a letter only one of the two lines uses is its value: a step may put in a value
  (``20·t_fwd + 10·t_mem = 10·t`` → ``20·20 + 10·t_mem = 10·t``), and a line of numbers
  may be said again with letters standing for the same numbers (``500 = 10·t`` → ``…``):
  such steps are checked at the question's values only, as before;
- two spellings of one quantity (``t_fwd`` and ``t_f``, ``N`` and ``L``: letters with the same
  value) are one symbol when the later line brings in a spelling the earlier did not use for
  a quantity it did use (``t = 2·t_f + t_m`` after a line in ``t_fwd`` and ``t_mem``). (When two
  different quantities happen to have the same value in a practice variant, this reading
  is weaker there: it is tried only after the first fails.)

The step keeps the weaker of the two verdicts (a failure at other values of the letters
fails it; a check sympy cannot finish there keeps the verdict at the question's values).
A step that follows only once a typed number is read as rounded (``rounding``:
``t = 1.83·t_fwd + t_mem``) is checked at random values of the letters to that number's
precision (a unit of its last digit, relative to it): ``t = 2.03·t_fwd`` fails there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from tutor.checking.derivation.chains import chain_sides
from tutor.checking.derivation.lines import Line, LineError, read_limit, read_line
from tutor.checking.derivation.step import Step
from tutor.checking.memo import recall
from tutor.inputlang.names import frozen
from tutor.inputlang.pretty import pretty_name

MAX_REMEMBERED = 4096

# ``solving.solve_step``, passed in by the judge (that module imports this one's caller)
Solve = Callable[[Any, Line, Line], Step]


@dataclass
class LetterPrep:
    """What ``solving`` needs of a box (``Prepared``'s interface), with letters as symbols."""

    unknown: Any
    domains: dict[Any, Any]
    solved: dict[Any, Any] = field(default_factory=dict)
    implied: dict[Any, Any] = field(default_factory=dict)

    @property
    def symbols(self) -> list[Any]:
        return sorted(self.domains, key=lambda s: s.name)


class Letters:
    """A box's letters (numeric definitions), its lines read with them as symbols, and the
    steps so checked (remembered by the lines' texts)."""

    def __init__(
        self, ctx: Any, domains: dict[Any, Any], unknown: Any, unit: str | None = None
    ) -> None:
        import sympy as sp

        from tutor.checking.sampling import Domain

        self.unknown = unknown
        self.unit = unit
        self.base_domains = domains
        self.values: dict[Any, Any] = {}  # letter symbol -> its value here
        self.domains: dict[Any, Any] = {}  # letter symbol -> where it is sampled
        defs = dict(ctx.definitions)
        taken = set(ctx.symbols)
        for name, value in ctx.definitions.items():
            if not isinstance(value, sp.Basic) or value.free_symbols or not value.is_number:
                continue
            if not value.is_real or name in taken:
                continue
            v = float(value)
            positive = v > 0
            sym = sp.Symbol(f"{name}", positive=True) if positive else sp.Symbol(name, real=True)
            # one name a symbol: sp.Symbol("t_fwd") never clashes with a box symbol (taken)
            defs[name] = sym
            self.values[sym] = value
            width = max(abs(v), 1.0)
            self.domains[sym] = (
                Domain(max(width / 4, 1.0) if v >= 1 else width / 4, 4 * width)
                if positive
                else Domain(-4 * width, 4 * width)
            )
        self.ctx = replace(ctx, definitions=frozen(defs)) if self.values else ctx
        self.read: dict[str, Any] = {}
        self.steps: dict[Any, Any] = {}

    def __bool__(self) -> bool:
        return bool(self.values)

    def line(self, line: Line) -> Line | None:
        """``line`` read with the letters as symbols, as one equation (a chain's kept sides);
        None when it does not read so or uses no letter."""

        def compute() -> Line | None:
            try:
                read = read_line(line.number, line.text, self.ctx, self.unit)
            except LineError:
                limit = read_limit(line.number, line.text, self.ctx, self.unit)
                if not line.limit or limit is None:
                    return None
                read = limit
            sides = read.sides
            if len(sides) > 2:
                chain = chain_sides(read, self.unknown)
                if chain is None:
                    return None
                sides = chain[0]
            if len(sides) != 2:
                return None
            # no typed numbers: a step so read is never taken as rounded
            sides = tuple(replace(s, tree=None) for s in sides)
            used = set().union(*(self._used(s) for s in sides))
            return (
                Line(line.number, line.text, sides, label=line.label)
                if used & set(self.values)
                else None
            )

        found = recall(self.read, line.text, compute, MAX_REMEMBERED)
        return None if found is None else replace(found, number=line.number, label=line.label)

    @staticmethod
    def _used(side: Any) -> set[Any]:
        out = set(getattr(side.value, "free_symbols", ()))
        if side.minus is not None:
            out |= set(getattr(side.minus, "free_symbols", ()))
        return out

    def _letters(self, line: Line) -> set[Any]:
        return {s for side in line.sides for s in self._used(side)} & set(self.values)

    def _readings(self, a: Line, b: Line) -> list[tuple[dict[Any, Any], list[Any]]]:
        """The substitutions the two lines are compared under (letters put in or merged)
        and the letters left free in each; the first reading first."""
        la, lb = self._letters(a), self._letters(b)
        shared = la & lb
        out: list[tuple[dict[Any, Any], list[Any]]] = []
        fixed = {s: self.values[s] for s in (la | lb) - shared}
        if shared:
            out.append((fixed, sorted(shared, key=lambda s: s.name)))
        # a spelling brought in by line b for a quantity line a wrote another way
        merged: dict[Any, Any] = {}
        free: set[Any] = set(shared)
        for s in lb - la:
            same = sorted((r for r in la if self.values[r] == self.values[s]), key=lambda r: r.name)
            if same:
                group = [r for r in (la | lb) if self.values[r] == self.values[s]]
                rep = same[0]
                for r in group:
                    if r is not rep:
                        merged[r] = rep
                free.add(rep)
        if merged:
            subs = {s: v for s, v in fixed.items() if s not in merged and s not in free}
            subs.update(merged)
            free -= set(merged)
            out.append((subs, sorted(free, key=lambda s: s.name)))
        return out

    def step(self, prev: Line, line: Line, concrete: Step, solve: Solve) -> Step:
        """``concrete`` (the step at the question's values), or a weaker verdict when the step
        does not hold as a formula in the letters both lines use."""
        if concrete.status in ("fails", "unchecked"):
            return concrete
        key = (
            prev.number,
            line.number,
            prev.said,
            line.said,
            prev.text,
            line.text,
            concrete.status,
        )
        if concrete.rounded is not None:
            return recall(
                self.steps, key, lambda: self._rounded(prev, line, concrete), MAX_REMEMBERED
            )
        return recall(
            self.steps, key, lambda: self._step(prev, line, concrete, solve), MAX_REMEMBERED
        )

    def _rounded(self, prev: Line, line: Line, concrete: Step) -> Step:
        """A step that follows at the question's values once a number typed in ``line`` is read
        as rounded (``t = 1.83·t_fwd + t_mem``): at random values of the shared letters, the
        later line must hold at the earlier line's solutions to within that number's precision
        (a unit of its last digit, relative to it), as a rounded coefficient allows
        (``t = 2.03·t_fwd`` does not)."""
        import random

        import sympy as sp

        a, b = self.line(prev), self.line(line)
        typed = concrete.rounded.number
        if a is None or b is None or not typed.value:
            return concrete
        tolerance = 10.0 ** (-typed.places) / abs(float(typed.value))
        u = self.unknown
        rng = random.Random(11)
        for subs, free in self._readings(a, b)[:1]:
            lhs, rhs = (s.value.xreplace(subs) for s in a.sides)
            f = sp.expand(lhs - rhs)  # a line linear in the unknown (others: as at the values)
            slope, rest = f.coeff(u, 1), f.coeff(u, 0)
            if slope == 0 or u in slope.free_symbols or sp.expand(f - slope * u - rest) != 0:
                return concrete
            roots = [-rest / slope]
            blhs, brhs = (s.value.xreplace(subs) for s in b.sides)
            for _ in range(8):
                env = {s: sp.Integer(round(self.domains[s].sample(rng))) or 1 for s in free}
                for root in roots:
                    at = {**env, u: root.xreplace(env)}
                    try:
                        x, y = complex(blhs.xreplace(at)), complex(brhs.xreplace(at))
                    except (TypeError, ValueError):
                        return concrete
                    if abs(x - y) > tolerance * max(abs(x), abs(y), 1e-12):
                        names = ", ".join(pretty_name(s.name) for s in free)
                        vals = ", ".join(f"{s.name} = {self.values[s]}" for s in free)
                        where = ", ".join(f"{pretty_name(s.name)} = {env[s]}" for s in free)
                        return Step(
                            "fails",
                            line.number,
                            f"the two lines agree at this question's values ({vals}), with "
                            f"{typed.text} read as rounded, but not as formulas in {names}: at "
                            f"{where}, the value of {pretty_name(u.name)} that solves line "
                            f"{prev.said} does not solve line {line.said}, not even "
                            f"to the precision of {typed.text}",
                        )
        return concrete

    def _mentions(self, line: Line) -> bool:
        """May ``line`` use a letter? Its sides' trees say (a side without one: perhaps)."""
        from tutor.inputlang.tree import Name, walk

        names = {s.name for s in self.values}
        for side in line.sides:
            if side.tree is None:
                return True
            if any(isinstance(n, Name) and n.name in names for n in walk(side.tree)):
                return True
        return False

    def _step(self, prev: Line, line: Line, concrete: Step, solve: Solve) -> Step:
        if not (self._mentions(prev) and self._mentions(line)):
            return concrete  # numbers on one side of the step: checked at the values
        a, b = self.line(prev), self.line(line)
        if a is None or b is None:
            return concrete
        best: Step | None = None
        best_free: list[Any] = []
        for subs, free in self._readings(a, b):
            domains = dict(self.base_domains)
            domains.update({s: self.domains[s] for s in free})
            prep = LetterPrep(self.unknown, domains)
            got = solve(prep, _subs(a, subs), _subs(b, subs))
            if got.status == "unchecked":
                continue
            if best is None or _RANK[got.status] > _RANK[best.status]:
                best, best_free = got, free
            if got.status == "equivalent":
                break
        if best is None or _RANK[best.status] >= _RANK[concrete.status]:
            return concrete
        names = ", ".join(pretty_name(s.name) for s in best_free)
        at = ", ".join(f"{pretty_name(s.name)} = {self.values[s]}" for s in best_free)
        head = (
            f"the two lines agree at this question's values ({at}), but not as formulas in {names}"
        )
        return replace(best, detail=f"{head}: {best.detail}")


_RANK = {"equivalent": 3, "implies": 2, "implied-by": 2, "unchecked": 1, "fails": 0}


def _subs(line: Line, subs: dict[Any, Any]) -> Line:
    if not subs:
        return line
    sides = tuple(
        replace(
            s,
            value=s.value.xreplace(subs),
            minus=None if s.minus is None else s.minus.xreplace(subs),
        )
        for s in line.sides
    )
    return Line(line.number, line.text, sides, label=line.label)
