"""Derivations: judge a line-by-line working, each line checked against the one before.

A derivation box (``kind = "derivation"``) takes several lines, one per line of the answer
(in ``--batch``, ``\\n`` inside the JSON string). Each line is an expression or an equation in
the box's input language (its ``symbols``, ``functions`` and ``definitions``). A line may
start with ``⇔``, ``⇒``, ``<=>``, ``=>``, ``\\iff`` or "so"; that mark is ignored. The box's
``answer`` is a reference derivation: its first line is the starting point. The rules:

**Two modes.** With ``unknown = "t"`` every line is one equation, a condition on t (solving
mode). Without it every line is an expression, or a chain ``a = b = c`` of expressions that
are all equal (rewriting mode).

**Line 1** must be the starting point. In solving mode it must be the reference's first
equation up to moving terms from one side to the other: left − right of the student's line
equals ±(left − right) of the reference's, identically. (Equations that are merely equivalent
would let ``t = 50`` stand for the starting equation ``500 = 10 t``: sympy evaluates
``20·20 + 10·10`` to 500 before anything can tell the two apart, so this is the strongest rule
that still lets a student write the starting equation any way round.) In rewriting mode the
first expression must equal the reference's. A first line matching an ``accept`` entry's first
line starts another accepted reading; one matching a ``mistakes`` entry's first line gets that
entry's feedback.

**Each step** line k−1 → line k is classified, under the symbols' assumptions (positivity,
integrality from the declared domains; the unknown's too):

- *rewriting*: the two expressions are equal (random-point evaluation with
  ``tutor.checking.equivalence``, then symbolic confirmation), or they are not, and the feedback
  names a point where they differ: "at d₁ = 3 line 2 is 7.5 and line 3 is 6";
- *solving*: each equation's solution set in the unknown is found with sympy's ``solve``
  (assumptions applied; a numeric root scan over the unknown's domain when ``solve`` cannot),
  and every solution of one line is substituted into the other (random points for the other
  symbols, then symbolic confirmation). Line k−1 ⇔ line k when each line's solutions satisfy the
  other; ⇒ only (an *implication*, marked as STACK does) when line k gained solutions, as
  squaring both sides or multiplying by something that may be zero does; ⇐ only when line k
  lost solutions, as dividing by something that may be zero or keeping one root does; and the
  step fails when neither holds. The feedback names a solution of one line that is not a
  solution of the other, with the left and right sides of the other line there: "at d₁ = 3,
  c = 0.5774 line 2 holds, but in line 3 the left side is 0.5774 and the right 0.3333".
  When the unknown is the box's only symbol that solution would be the answer itself (the
  previous line being right), so the feedback says only how far apart the two sides are.
  ``±`` in a line stands for both signs (the union of the two solution sets). A line is
  never compared with ``<``, ``≤``, ``≈``: those lines are unreadable, with a message.

**The last line** is judged by the box's ``target`` (the value box the derivation works
out), so that box's accepted readings, known mistakes and order feedback apply: in solving mode
the last line must read ``t = value`` (either way round) and the value's text is checked; in
rewriting mode its last expression is. Without a target the last line must match the
reference's last line.

**Verdict.** Correct when line 1 is the start, every step is ⇔ and the value box grades the
last line correct. A failing step is reported at the first line that does not follow (note
``step:<k>``): partial when the last line is right anyway, else incorrect. A one-way step with
a right last line is partial (``one-way:<k>``). Steps that all follow but end on a wrong value
take the value box's verdict and feedback (``final:<its note>``). A line 1 that is not the start
is ``start`` (partial when the last line is right, otherwise incorrect), or the value box's note
as ``final:<note>`` when its last line is a known mistake there. Unreadable lines make the answer
invalid with the line and column.

sympy is imported lazily; the judge passes its own ``check`` for the value box (this module
does not import the judge).
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from tutor.checking.verdict import Verdict, invalid
from tutor.inputlang.pretty import pretty, pretty_name, show
from tutor.inputlang.reader import box_names, parse_answer
from tutor.inputlang.values import MAX_LENGTH, ParseError
from tutor.verdicts import (
    DERIVATION_FINAL,
    DERIVATION_ONE_WAY,
    DERIVATION_START,
    DERIVATION_STEP,
    DERIVATION_UNCHECKED,
)

MIN_LINES = 2
MAX_LINES = 20
POINTS = 4  # parameter points at which a solution is tried
_REL = 1e-7
_LEAD_RE = re.compile(
    r"^\s*(?:⟺|⇔|<=>|⟹|⇒|=>|∴|\\iff|\\implies|\\Rightarrow|\\Leftrightarrow|\\Longrightarrow|"
    r"\\therefore|(?:so|hence|thus|therefore)(?![A-Za-z0-9_]))\s*",
    re.I,
)
_COLUMN_RE = re.compile(r"\s*\(column \d+\)|\s+at column \d+")
# relations a derivation does not check: inequalities, "approximately", "not equal"
_BAD_RELATION_RE = re.compile(r"<=|>=|!=|[≤≥≠≈<>]|\\(?:leq?|geq?|neq?|approx|lt|gt)(?![A-Za-z])")

Judge = Callable[[Any, str], Verdict]


# --------------------------------------------------------------------------- reading lines


class LineError(Exception):
    def __init__(self, reason: str, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message
        self.line = line


@dataclass(frozen=True)
class Side:
    text: str  # as typed
    value: Any  # sympy expression with ± read as +
    minus: Any  # ... with ± read as − (None when the side has no ±)
    shown: str = ""  # how it was read, in unicode (± kept)


@dataclass(frozen=True)
class Line:
    number: int  # 1-based, counting the non-blank lines
    text: str
    sides: tuple[Side, ...]

    def readings(self) -> list[tuple[Any, ...]]:
        """The line's sides, once per sign of ``±`` (one reading when it has none)."""
        plus = tuple(s.value for s in self.sides)
        if all(s.minus is None for s in self.sides):
            return [plus]
        minus = tuple(s.value if s.minus is None else s.minus for s in self.sides)
        return [plus, minus]

    def pretty(self) -> str:
        return " = ".join(s.shown or pretty(s.value) for s in self.sides)


def split_lines(answer: str) -> list[str]:
    """The non-blank lines of an answer."""
    return [ln for ln in answer.replace("\r\n", "\n").replace("\r", "\n").split("\n") if ln.strip()]


def _split_sides(text: str) -> list[tuple[int, str]]:
    """Split a line at its top-level '=' signs: [(column, side text)]."""
    bad = _BAD_RELATION_RE.search(text)
    if bad:
        raise LineError(
            "syntax",
            f"'{bad.group(0)}' is not checked in a derivation: write each step as an equation "
            "with '='.",
        )
    sides: list[tuple[int, str]] = []
    depth, start, i = 0, 0, 0
    while i < len(text):
        ch = text[i]
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "=" and depth == 0:
            end = i
            if i > 0 and text[i - 1] == ":":  # ":=" reads as "="
                end = i - 1
            sides.append((start, text[start:end]))
            if i + 1 < len(text) and text[i + 1] == "=":  # "==" reads as "="
                i += 1
            start = i + 1
        i += 1
    sides.append((start, text[start:]))
    return sides


def read_line(number: int, text: str, ctx: Any) -> Line:
    """Read one line into its sides. Raises ``LineError`` saying where it cannot be read."""
    import sympy as sp

    if len(text) > MAX_LENGTH:
        raise LineError(
            "too-long", f"Line {number} is {len(text)} characters; the limit is {MAX_LENGTH}."
        )
    lead = _LEAD_RE.match(text)
    offset = lead.end() if lead else 0
    body = text[offset:]
    sides: list[Side] = []
    try:
        pieces = _split_sides(body)
    except LineError as exc:
        raise LineError(exc.reason, f"Line {number}: {exc.message}", number) from None
    for col, piece in pieces:
        if not piece.strip():
            raise LineError(
                "syntax",
                f"Line {number}: one side of '=' is empty.\n  {text}\n  "
                + " " * (offset + col)
                + "^",
                number,
            )
        try:
            parsed = parse_answer(piece, ctx)
        except ParseError as exc:
            caret = ""
            if exc.column is not None:
                caret = f"\n  {text}\n  " + " " * (offset + col + exc.column) + "^"
            # columns count within one side of the line: the caret shows where instead
            message = _COLUMN_RE.sub("", exc.message)
            raise LineError(exc.reason, f"Line {number}: {message}{caret}", number) from None
        value = parsed.value
        if parsed.dists or parsed.tail or not isinstance(value, sp.Basic):
            raise LineError(
                "kind",
                f"Line {number}: each side must be an expression in this box's symbols "
                f"(I read {pretty(value) or 'a distribution'}).",
                number,
            )
        typed = show(parsed.tree) if parsed.tree is not None else pretty(value)
        if parsed.both_signs:
            plus, minus = parsed.with_sign(1).value, parsed.with_sign(-1).value
            sides.append(Side(piece.strip(), plus, minus, typed))
        else:
            sides.append(Side(piece.strip(), value, None, typed))
    return Line(number, text.strip(), tuple(sides))


# --------------------------------------------------------------------------- numbers


def _fmt(x: float) -> str:
    if abs(x - round(x)) <= 1e-9 * max(1.0, abs(x)):
        return str(int(round(x)))
    return f"{x:.4g}"


def _nice(dom: Any, rng: random.Random) -> float:
    """A sample of a domain that reads well in feedback (whole numbers, one decimal)."""
    if dom.integer:
        lo, hi = math.ceil(dom.low), math.floor(dom.high)
        return float(rng.randint(lo, min(hi, max(lo, 12))))
    x = dom.sample(rng)
    for digits in (0, 1, 2):
        y = round(x, digits)
        if dom.low <= y <= dom.high and y != 0:
            return y
    return x


def _point_text(env: dict, order: list[Any]) -> str:
    shown = [f"{pretty_name(s.name)} = {_fmt(env[s].real)}" for s in order if s in env]
    return ", ".join(shown)


# --------------------------------------------------------------------------- the box


@dataclass(frozen=True)
class Start:
    sides: tuple[Any, ...]  # reference first line (the + reading)
    verdict: str
    note: str  # "correct", "accept:<n>", "mistake:<n>"
    feedback: str


class Prepared:
    """A derivation box's language, domains, unknown and starting lines (cached per box)."""

    def __init__(self, box: Any) -> None:
        from tutor.checking.equivalence import Domain

        self.box = box
        self.ctx = box_names(box)
        self.errors = list(self.ctx.errors)
        self.domains = {
            self.ctx.symbols[s.name]: Domain(s.domain[0], s.domain[1], s.integer)
            for s in box.symbols
        }
        self.unknown = self.ctx.symbols.get(box.unknown) if box.unknown else None
        self.starts: list[Start] = []
        self.reference: list[Line] = []
        entries = [(box.answer, "correct", "correct", "")]
        entries += [(r.answer, r.verdict, f"accept:{r.note}", r.feedback) for r in box.accept]
        entries += [(r.answer, r.verdict, f"mistake:{r.note}", r.feedback) for r in box.mistakes]
        for text, verdict, note, feedback in entries:
            try:
                lines = self.read(text)
            except LineError as exc:
                self.errors.append(f"{note}: {exc.message}")
                continue
            if note == "correct":
                self.reference = lines
            self.starts.append(Start(lines[0].readings()[0], verdict, note, feedback))

    def read(self, answer: str) -> list[Line]:
        lines = split_lines(answer)
        out = [read_line(i, text, self.ctx) for i, text in enumerate(lines, start=1)]
        if self.unknown is not None:
            for line in out:
                if len(line.sides) != 2:
                    what = "no '='" if len(line.sides) == 1 else "more than one '='"
                    raise LineError(
                        "syntax",
                        f"Line {line.number} has {what}: in this box every line is one "
                        f"equation in {pretty_name(self.unknown.name)}.",
                        line.number,
                    )
        return out

    @property
    def symbols(self) -> list[Any]:
        return sorted(self.domains, key=lambda s: s.name)


@lru_cache(maxsize=32)
def prepare(box: Any) -> Prepared:
    return Prepared(box)


# --------------------------------------------------------------------------- numeric helpers


_FUNCS = "_functions"  # the concrete functions standing in for f, g, ... at one point


def _eval(expr: Any, env: dict) -> float | None:
    """``expr`` at a point; the unknown functions are the same for every expression
    evaluated at that point (and at copies of it, ``{**env, u: value}``)."""
    from tutor.checking.equivalence import FunctionSet, Unsupported, _usable, evaluate

    funcs = env.get(_FUNCS)
    if funcs is None:
        funcs = env[_FUNCS] = FunctionSet(random.Random(7))
    try:
        v = evaluate(expr, env, funcs)
    except (ZeroDivisionError, OverflowError, ValueError, Unsupported):
        return None
    return v.real if _usable(v) else None


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= _REL * max(abs(a), abs(b), 1e-9) or abs(a - b) <= 1e-12


def _valid_for(sym: Any, value: float) -> bool:
    """Does ``value`` respect the assumptions of ``sym`` (positive, integer)?"""
    if sym.is_positive and value <= 0:
        return False
    if sym.is_integer and abs(value - round(value)) > 1e-9 * max(1.0, abs(value)):
        return False
    return True


def _param_points(prep: Prepared, exclude: Any, n: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    params = [s for s in prep.symbols if s is not exclude]
    return [{s: complex(_nice(prep.domains[s], rng)) for s in params} for _ in range(n)]


# --------------------------------------------------------------------------- rewriting mode


@dataclass(frozen=True)
class Step:
    status: str  # "equivalent" | "implies" | "implied-by" | "fails" | "unchecked"
    line: int  # the later line
    detail: str  # what to show (a concrete point) when the step is not "equivalent"
    inside: bool = False  # the sides of one line (a chain a = b = c) are not all equal


def _differ(prep: Prepared, a: Any, b: Any) -> tuple[bool | None, dict | None]:
    """Are expressions a and b equal? (True/False/None, a point where they differ)."""
    from tutor.checking.equivalence import equivalent

    symbols = sorted(a.free_symbols | b.free_symbols, key=lambda s: s.name)
    agree = 0
    for env in _param_points(prep, None, 24, seed=11):
        env = {s: env.get(s, complex(1.0)) for s in symbols}
        va, vb = _eval(a, env), _eval(b, env)
        if va is None or vb is None:
            continue
        if not _close(va, vb):
            return False, {**env, "_a": va, "_b": vb}
        agree += 1
        if agree >= 5:
            break
    if agree == 0:
        return None, None
    return (True if equivalent(a, b, prep.domains) else False), None


def _rewrite_step(prep: Prepared, prev: Line | None, line: Line) -> Step:
    """Each side of ``line`` equals the one before it (the previous line's last side first;
    with no previous line, only the sides of ``line`` itself are compared)."""
    pairs = []
    lead = 0 if prev is None else 1
    for sign in range(max(len(prev.readings()) if prev else 1, len(line.readings()))):
        chain = list(line.readings()[min(sign, len(line.readings()) - 1)])
        if prev is not None:
            p = prev.readings()[min(sign, len(prev.readings()) - 1)]
            chain = [p[-1], *chain]
        pairs += [(chain[i], chain[i + 1], i + 1 - lead) for i in range(len(chain) - 1)]
    for a, b, i in pairs:
        same, env = _differ(prep, a, b)
        if same is None:
            return Step("unchecked", line.number, "", inside=i > 0)
        if not same:
            if env is None:
                return Step("fails", line.number, "the expressions are not equal", inside=i > 0)
            where = _point_text(env, prep.symbols)
            at = f"at {where} " if where else ""
            if i == 0:
                what = (
                    f"{at}line {prev.number if prev else 0} is {_fmt(env['_a'])} and line "
                    f"{line.number} is {_fmt(env['_b'])}"
                )
            else:
                what = (
                    f"{at}the sides of line {line.number} are {_fmt(env['_a'])} and "
                    f"{_fmt(env['_b'])}"
                )
            return Step("fails", line.number, what, inside=i > 0)
    return Step("equivalent", line.number, "")


# --------------------------------------------------------------------------- solving mode

ALL = "all"  # an identity: every value of the unknown is a solution


@dataclass
class Solutions:
    exprs: list[Any] | str | None  # symbolic solutions, ALL, or None when sympy could not solve
    readings: list[tuple[Any, Any]]  # (lhs, rhs) for each sign of ±


def _solutions(prep: Prepared, line: Line) -> Solutions:
    import sympy as sp

    from tutor.checking.equivalence import equivalent

    u = prep.unknown
    readings = [(r[0], r[1]) for r in line.readings()]
    out: list[Any] = []
    for lhs, rhs in readings:
        f = lhs - rhs
        if f == 0 or equivalent(lhs, rhs, prep.domains):
            return Solutions(ALL, readings)
        if u not in f.free_symbols:
            continue  # false for the values tried: no solution
        try:
            found = sp.solve(f, u, simplify=False)
        except (NotImplementedError, ValueError, TypeError, sp.PolynomialError):
            return Solutions(None, readings)
        if not isinstance(found, list) or any(
            not isinstance(s, sp.Basic) or s.has(sp.Piecewise) or u in s.free_symbols for s in found
        ):
            return Solutions(None, readings)
        out += [s for s in found if s not in out]
    return Solutions(out, readings)


def _holds(lhs: Any, rhs: Any, env: dict) -> tuple[bool | None, float | None, float | None]:
    a, b = _eval(lhs, env), _eval(rhs, env)
    if a is None or b is None:
        return None, a, b
    return _close(a, b), a, b


def _scan_roots(prep: Prepared, lhs: Any, rhs: Any, env: dict) -> list[float]:
    """Real roots of lhs − rhs in the unknown over its domain (sign changes, then bisection)."""
    u = prep.unknown
    dom = prep.domains[u]
    lo, hi = dom.low, dom.high
    if lo > 0 and hi / lo > 50:
        grid = [lo * (hi / lo) ** (i / 800) for i in range(801)]
    else:
        grid = [lo + (hi - lo) * i / 800 for i in range(801)]

    def f(x: float) -> float | None:
        e = dict(env)
        e[u] = complex(x)
        a, b = _eval(lhs, e), _eval(rhs, e)
        return None if a is None or b is None else a - b

    roots: list[float] = []
    prev_x, prev_f = None, None
    for x in grid:
        fx = f(x)
        if fx is None:
            prev_x, prev_f = None, None
            continue
        if fx == 0:
            roots.append(x)
        elif prev_f is not None and (prev_f < 0) != (fx < 0):
            a, b, fa = prev_x, x, prev_f
            for _ in range(80):
                m = (a + b) / 2
                fm = f(m)
                if fm is None:
                    break
                if (fm < 0) == (fa < 0):
                    a, fa = m, fm
                else:
                    b = m
            roots.append((a + b) / 2)
        prev_x, prev_f = x, fx
    if dom.integer:
        roots = [float(round(r)) for r in roots if abs(r - round(r)) < 1e-6]
    return roots


def _values_at(prep: Prepared, sols: Solutions, env: dict) -> list[float] | None:
    """The solutions of a line at one point of the other symbols (ALL -> None)."""
    if sols.exprs == ALL:
        return None
    u = prep.unknown
    if sols.exprs is None:
        found: list[float] = []
        for lhs, rhs in sols.readings:
            found += _scan_roots(prep, lhs, rhs, env)
        return found
    out = []
    for s in sols.exprs:
        v = _eval(s, env)
        if v is not None and _valid_for(u, v):
            out.append(v)
    return out


def _satisfies(sols: Solutions, env: dict) -> tuple[bool | None, float | None, float | None]:
    """Does the point satisfy the line (one of its ± readings)?"""
    first: tuple[bool | None, float | None, float | None] = (None, None, None)
    for i, (lhs, rhs) in enumerate(sols.readings):
        ok, a, b = _holds(lhs, rhs, env)
        if ok:
            return ok, a, b
        if i == 0 or first[0] is None:
            first = (ok, a, b)
    return first


def _implies(prep: Prepared, a: Solutions, b: Solutions) -> tuple[bool | None, dict | None]:
    """Is every solution of line a a solution of line b? (answer, a counterexample point)"""
    u = prep.unknown
    if a.exprs == ALL:
        if b.exprs == ALL:
            return True, None
        rng = random.Random(5)
        for env in _param_points(prep, u, 12, seed=5):
            env[u] = complex(_nice(prep.domains[u], rng))
            ok, lv, rv = _satisfies(b, env)
            if ok is False:
                return False, {**env, "_l": lv, "_r": rv}
        return None, None
    tried = 0
    for env in _param_points(prep, u, POINTS * 3, seed=3):
        values = _values_at(prep, a, env)
        if values is None:
            continue
        for v in values:
            point = {**env, u: complex(v)}
            ok, lv, rv = _satisfies(b, point)
            if ok is None:
                continue
            if not ok:
                return False, {**point, "_l": lv, "_r": rv}
            tried += 1
        if tried >= POINTS * 2:
            break
    if a.exprs is not None and not a.exprs:
        return True, None  # no solution at all: implies anything
    if tried == 0:
        if a.exprs is None:
            return True, None  # no root in the domain at any point: nothing to carry over
        return None, None
    if not _confirm(prep, a, b):
        return None, None
    return True, None


def _confirm(prep: Prepared, a: Solutions, b: Solutions) -> bool:
    """Symbolic confirmation that each solution of a satisfies b: the equivalence engine
    (random points, then expand/cancel/simplify, then high precision) on b with the solution
    substituted. Numeric roots (sympy could not solve a) stand on the numeric evidence."""
    from tutor.checking.equivalence import equivalent

    if not isinstance(a.exprs, list):
        return True
    u = prep.unknown
    for s in a.exprs:
        if not any(
            equivalent(lhs.subs(u, s), rhs.subs(u, s), prep.domains) for lhs, rhs in b.readings
        ):
            return False
    return True


def _solve_step(prep: Prepared, prev: Line, line: Line, cache: dict) -> Step:
    u = prep.unknown
    sa = cache.setdefault(prev.number, _solutions(prep, prev))
    sb = cache.setdefault(line.number, _solutions(prep, line))
    fwd, witness_f = _implies(prep, sa, sb)
    bwd, witness_b = _implies(prep, sb, sa)
    order = [s for s in prep.symbols if s is not u] + [u]
    if fwd and bwd:
        return Step("equivalent", line.number, "")
    if fwd and bwd is False:
        where = _point_text(witness_b, order)
        return Step(
            "implies",
            line.number,
            f"line {line.number} holds at {where} but line {prev.number} does not (its left "
            f"side is {_fmt(witness_b['_l'])} and its right {_fmt(witness_b['_r'])}): the step "
            "gained a solution, as squaring both sides or multiplying by something that may be "
            "zero does",
        )
    # With no symbol but the unknown, a solution of the previous line is the answer itself
    # (when that line is right): say how far apart the sides are, not where.
    hide = len(order) == 1
    if bwd and fwd is False:
        where = _point_text(witness_f, order)
        held = (
            f"the value of {pretty_name(u.name)} that solves line {prev.number} does not "
            f"solve line {line.number} ({_apart(witness_f)})"
            if hide
            else f"line {prev.number} holds at {where} but line {line.number} does not (its "
            f"left side is {_fmt(witness_f['_l'])} and its right {_fmt(witness_f['_r'])})"
        )
        return Step(
            "implied-by",
            line.number,
            f"{held}: the step lost a solution, as dividing by something that may be zero or "
            "keeping only one root does",
        )
    if fwd is False:
        where = _point_text(witness_f, order)
        if hide:
            detail = (
                f"the value of {pretty_name(u.name)} that solves line {prev.number} does not "
                f"solve line {line.number}: there its two sides are {_apart(witness_f)}"
            )
        else:
            detail = (
                f"at {where} line {prev.number} holds, but in line {line.number} the left side "
                f"is {_fmt(witness_f['_l'])} and the right {_fmt(witness_f['_r'])}"
            )
        return Step("fails", line.number, detail)
    return Step("unchecked", line.number, "")


def _apart(witness: dict) -> str:
    """How far apart two sides are, relatively (without their values)."""
    a, b = witness["_l"], witness["_r"]
    gap = abs(a - b) / max(abs(a), abs(b), 1e-12)
    return f"{100 * gap:.2g}% apart" if gap < 1 else "far apart"


# --------------------------------------------------------------------------- the start


def _same_start(prep: Prepared, line: Line, start: Start) -> bool:
    from tutor.checking.equivalence import equivalent

    sides = line.readings()[0]
    if prep.unknown is None:
        return equivalent(sides[0], start.sides[0], prep.domains)
    if len(sides) != 2 or len(start.sides) != 2:
        return False
    mine = sides[0] - sides[1]
    ref = start.sides[0] - start.sides[1]
    return equivalent(mine, ref, prep.domains) or equivalent(mine, -ref, prep.domains)


# --------------------------------------------------------------------------- the last line


def _final_side(prep: Prepared, line: Line) -> Side | None:
    """The side holding the value the last line gives (``t = value`` either way round in
    solving mode; the last expression in rewriting mode), or None when it is not solved for."""
    if prep.unknown is None:
        return line.sides[-1]
    u = prep.unknown
    left, right = line.sides
    if left.value == u and u not in right.value.free_symbols:
        return right
    if right.value == u and u not in left.value.free_symbols:
        return left
    return None


def _judge_final(prep: Prepared, lines: list[Line], judge: Judge) -> Verdict:
    """The last line, by the value box (or, without one, against the reference's last line)."""
    from tutor.checking.equivalence import equivalent

    side = _final_side(prep, lines[-1])
    name = pretty_name(prep.unknown.name) if prep.unknown is not None else ""
    if side is None:
        return Verdict(
            "incorrect",
            f"The last line should give {name} alone on one side, as in {name} = (a value), "
            f"with no {name} on the other side: finish solving.",
            "",
            f"{DERIVATION_FINAL}:unsolved",
        )
    target = prep.box.target_box
    if target is not None:
        return judge(target, side.text)
    ref = _final_side(prep, prep.reference[-1])
    if ref is not None and equivalent(side.value, ref.value, prep.domains):
        return Verdict("correct", "Correct.", side.shown, "correct")
    return Verdict(
        "incorrect",
        "The last line is not the value this derivation leads to.",
        side.shown,
        "incorrect",
    )


# --------------------------------------------------------------------------- judging

MARKS = {
    "equivalent": "⇔",
    "implies": "⇒",
    "implied-by": "⇐",
    "fails": "✗",
    "unchecked": "?",
}


def check_derivation(box: Any, answer: str, judge: Judge) -> Verdict:
    """Judge a derivation for a derivation box; ``judge(box, answer)`` checks the last value."""
    prep = prepare(box)
    if prep.errors or not prep.reference:
        return invalid(
            "content", "This box's reference derivation can't be read; tell your instructor."
        )
    if len(answer) > MAX_LINES * (MAX_LENGTH + 1):
        return invalid(
            "too-long", f"That answer is {len(answer)} characters long; it is too long to check."
        )
    texts = split_lines(answer)
    if not texts:
        return invalid("empty", "The answer is empty: write your derivation, one step a line.")
    if len(texts) > MAX_LINES:
        return invalid(
            "too-long", f"That is {len(texts)} lines; a derivation has at most {MAX_LINES}."
        )
    try:
        lines = prep.read(answer)
    except LineError as exc:
        return invalid(exc.reason, exc.message)
    shown = " | ".join(line.pretty() for line in lines)
    if len(lines) < MIN_LINES:
        return invalid(
            "lines",
            "Write the derivation over at least two lines: the starting "
            + ("equation" if prep.unknown is not None else "expression")
            + " first, then each step on a line of its own.",
        )
    start = next((s for s in prep.starts if _same_start(prep, lines[0], s)), None)
    steps: list[Step] = []
    cache: dict = {}
    if prep.unknown is None and len(lines[0].sides) > 1:
        inside = _rewrite_step(prep, None, lines[0])
        if inside.status != "equivalent":
            steps.append(inside)
    for prev, line in zip(lines, lines[1:], strict=False):
        if steps and steps[-1].status in ("fails", "unchecked"):
            break
        if prep.unknown is None:
            step = _rewrite_step(prep, prev, line)
        else:
            step = _solve_step(prep, prev, line, cache)
        steps.append(step)
        if step.status in ("fails", "unchecked"):
            break
    final = _judge_final(prep, lines, judge)
    return _verdict(prep, lines, start, steps, final, shown)


def _marks(start_ok: bool, steps: list[Step]) -> str:
    """One mark per line: ✓/✗ for the start, then how each line follows from the one before."""
    first = "✓" if start_ok else "✗"
    if steps and steps[0].line == 1:  # line 1 itself is not an equality
        first = MARKS[steps[0].status]
    marks = [f"1 {first}"]
    marks += [f"{s.line} {MARKS[s.status]}" for s in steps if s.line > 1]
    return "Lines: " + "  ".join(marks)


def _verdict(
    prep: Prepared,
    lines: list[Line],
    start: Start | None,
    steps: list[Step],
    final: Verdict,
    shown: str,
) -> Verdict:
    box = prep.box
    final_ok = final.verdict == "correct"
    failing = next((s for s in steps if s.status in ("fails", "unchecked")), None)
    one_way = next((s for s in steps if s.status in ("implies", "implied-by")), None)
    marks = _marks(start is not None and not start.note.startswith("mistake:"), steps)
    said: list[str] = []
    if failing is not None:
        if failing.status == "fails" and failing.inside:
            said.append(f"Line {failing.line} is not an equality: {failing.detail}.")
        elif failing.inside:
            said.append(
                f"I could not check that the sides of line {failing.line} are equal; "
                "break it into smaller steps."
            )
        elif failing.status == "fails":
            said.append(
                f"Line {failing.line} does not follow from line {failing.line - 1}: "
                f"{failing.detail}."
            )
        else:
            said.append(
                f"I could not check that line {failing.line} follows from line "
                f"{failing.line - 1}; break that step into smaller ones."
            )
    if start is not None and start.note.startswith("mistake:"):
        text = " ".join([start.feedback or "Line 1 starts from a known wrong equation.", *said])
        return Verdict(start.verdict, f"{text}\n{marks}", shown, start.note)
    if start is None:
        what = "equation" if prep.unknown is not None else "expression"
        head = (
            f"Line 1 is not the starting {what} this box asks for (moving terms from one side "
            "to the other is fine; solve it in the lines that follow)."
        )
        if (
            failing is None
            and final.verdict != "correct"
            and final.note.startswith(("mistake:", "accept:"))
        ):
            text = " ".join([head, final.feedback])
            return Verdict(
                final.verdict, f"{text}\n{marks}", shown, f"{DERIVATION_FINAL}:{final.note}"
            )
        verdict = "partial" if final_ok and failing is None else "incorrect"
        if final_ok and failing is None:
            head = "Your last line is right, but " + head[0].lower() + head[1:]
        return Verdict(verdict, " ".join([head, *said]) + f"\n{marks}", shown, DERIVATION_START)
    if failing is not None:
        note = f"{DERIVATION_STEP if failing.status == 'fails' else DERIVATION_UNCHECKED}:{failing.line}"
        verdict = "partial" if final_ok else "incorrect"
        if final_ok:
            said.append("Your last line is right, but the working does not get there.")
        return Verdict(verdict, " ".join(said) + f"\n{marks}", shown, note)
    if not final_ok:
        head = "Each step follows from the one before, but the last line is not right."
        if final.note.endswith(":unsolved"):
            head = "Each step follows from the one before."
        elif final.verdict == "partial":
            head = "Each step follows from the one before; the last line is partly right."
        text = " ".join([head, final.feedback])
        note = (
            final.note
            if final.note.startswith(DERIVATION_FINAL + ":")
            else f"{DERIVATION_FINAL}:{final.note}"
        )
        verdict = "incorrect" if final.verdict == "invalid" else final.verdict
        return Verdict(verdict, f"{text}\n{marks}", shown, note)
    if one_way is not None:
        arrow = MARKS[one_way.status]
        text = (
            f"The last line is right, but line {one_way.line} follows only one way ({arrow}): "
            f"{one_way.detail}. Every step should be an equivalence (⇔)."
        )
        return Verdict("partial", f"{text}\n{marks}", shown, f"{DERIVATION_ONE_WAY}:{one_way.line}")
    verdict = start.verdict
    note = (
        start.note
        if start.note != "correct"
        else (final.note if final.note.startswith("accept:") else "correct")
    )
    if start.note == "correct" and final.verdict == "correct" and final.note.startswith("accept:"):
        verdict = "correct"
    text = "Correct: every line follows from the one before, and the last one is the answer."
    if start.feedback:
        text += " " + start.feedback
    elif final.note.startswith("accept:") and final.feedback:
        text += " " + final.feedback
    if box.feedback:
        text += " " + box.feedback
    return Verdict(verdict, f"{text}\n{marks}", shown, note)


# --------------------------------------------------------------------------- preview


@dataclass(frozen=True)
class LineReading:
    """How one line of a derivation reads, before it is judged (the live preview)."""

    number: int
    ok: bool
    text: str  # the reading, or why the line cannot be read


def preview_lines(box: Any, answer: str) -> list[LineReading]:
    """Each non-blank line read on its own (nothing is judged): what the preview shows."""
    ctx = box_names(box)
    unknown = box.unknown
    out = []
    for number, text in enumerate(split_lines(answer)[:MAX_LINES], start=1):
        try:
            line = read_line(number, text, ctx)
        except LineError as exc:
            first = exc.message.split("\n", 1)[0]
            out.append(LineReading(number, False, first.split(": ", 1)[-1]))
            continue
        if unknown and len(line.sides) != 2:
            out.append(LineReading(number, False, "write one equation, with one '='"))
            continue
        out.append(LineReading(number, True, line.pretty()))
    return out
