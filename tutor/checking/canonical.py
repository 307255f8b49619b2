"""Canonical forms: a box's parsed reference, readings and mistakes, and how two are compared.

``prepare(box)`` reads a box's names, measure and candidate answers once (cached). ``canonical``
turns a parsed answer into the form its kind compares: a sympy expression or ``Order``, an
expectation over a standard normal (``Std``) or a named density (``Dens``), a reparameterization
(``Map``) or a number with its precision (``Quantity``). ``equal``, ``approx`` and
``baseline_equal`` compare two such forms with the equivalence engine. Shared by the judge and
the diagnosis.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from tutor.checking.precision import to_precision
from tutor.inputlang.reader import box_names, parse_answer
from tutor.inputlang.rules import UNITS
from tutor.inputlang.values import Density, Expectation, Normal, Order, Parsed, ParseError
from tutor.verdicts import VerdictName


@dataclass(frozen=True)
class Candidate:
    parsed: Parsed
    value: Any  # canonical form, see canonical
    verdict: VerdictName
    note: str
    feedback: str


class Prepared:
    """A box's context, domains and parsed candidates (cached per box)."""

    def __init__(self, box: Any):
        from tutor.checking.sampling import Domain

        self.box = box
        self.names = box_names(box)
        if self.names.errors:  # a box definition can't be read: a content bug
            raise ParseError("content", "; ".join(self.names.errors))
        if self.names.measure_error is not None:
            raise self.names.measure_error
        self.measure = self.names.measure
        self.domains = {
            self.names.symbols[s.name]: Domain(s.domain[0], s.domain[1], s.integer)
            for s in box.symbols
        }
        self.width = self.names.symbols.get(box.width) if box.width else None
        # an expectation box asks for the integrand alone (4a's g(x)) when its key is one
        self.asks_integrand = box.kind == "expectation" and _key_is_integrand(self, box.answer)
        self.errors: list[str] = []  # content readings that can't be read (validate shows them)
        self.reference = self.candidate(box.answer, "correct", "correct", "")
        found = [self.reference]
        for r in box.accept:
            found.append(self.candidate(r.answer, r.verdict, f"accept:{r.note}", r.feedback))
        for r in box.mistakes:
            found.append(self.candidate(r.answer, r.verdict, f"mistake:{r.note}", r.feedback))
        self.candidates = [c for c in found if c is not None]

    def parse(self, text: str) -> Parsed:
        return parse_answer(text, self.names)

    def candidate(
        self, text: str, verdict: VerdictName, note: str, feedback: str
    ) -> Candidate | None:
        try:
            parsed = self.parse(text)
            value = canonical(self, parsed)
        except ParseError as exc:
            self.errors.append(f"{note}: cannot read {text!r}: {exc.message}")
            return None
        return Candidate(parsed, value, verdict, note, feedback)


def _key_is_integrand(prep: Prepared, text: str) -> bool:
    """Is the key written without an expectation around it (the box asks for the integrand)?"""
    try:
        return not isinstance(prep.parse(text).value, Expectation)
    except ParseError:  # the key can't be read: the reference says so
        return False


@lru_cache(maxsize=256)
def prepare(box: Any) -> Prepared:
    return Prepared(box)


@dataclass(frozen=True)
class Std:
    """An expectation over a standard normal Z (mean kept to tell restatements apart)."""

    mean: Any
    body: Any  # function of Z
    # the integrand alone, typed where the box asks for the expectation (never equal to one)
    bare: bool = False


@dataclass(frozen=True)
class Dens:
    name: str
    param: Any
    value: Any
    body: Any  # function of X
    bare: bool = False  # as Std's


@dataclass(frozen=True)
class Map:
    """A reparameterization: x = map(Z) with Z standard normal."""

    body: Any
    # p(z) depends on the parameter of the box's family (μ in p_μ): the randomness still moves
    # with it, which the reparameterization exists to avoid (never equal to one that does not)
    moves: bool = False


@dataclass(frozen=True)
class Quantity:
    value: float
    exact: Any
    decimals: int
    bound: str | None
    unit: str | None


def dummies() -> tuple[Any, Any]:
    import sympy as sp

    return sp.Symbol("Z_", real=True), sp.Symbol("X_", real=True)


def kind_error(box: Any, what: str) -> ParseError:
    return ParseError("kind", what)


def canonical(prep: Prepared, parsed: Parsed) -> Any:
    """The comparable form of a parsed answer for this box's kind."""
    box = prep.box
    kind = box.kind
    value = parsed.value
    if kind in ("number", "count"):
        return quantity(prep, parsed)
    if kind == "choice":
        raise kind_error(box, "choice boxes are not parsed")
    if kind == "reparam":
        return reparam_canonical(prep, parsed)
    if value is None:
        raise ParseError("kind", "I found a distribution but no answer: write the expression too.")
    if prep.measure is not None or isinstance(value, Expectation):
        return expectation_canonical(prep, parsed)
    if isinstance(value, (Normal, Density)):
        raise ParseError("kind", "This box wants an expression, not a distribution.")
    return value  # sympy expression or Order


def power_label_problem(box: Any, parsed: Parsed) -> ParseError | None:
    """``c² = …`` in a box that asks for c is judged as c² (its root against the key), unless
    what it gives is not one plain value: then it is refused, whatever the key."""
    import sympy as sp

    if parsed.label_power == 1 or box.kind not in ("expression", "order"):
        return None
    if not isinstance(parsed.value, sp.Basic) or parsed.both_signs or parsed.members:
        return ParseError("kind", f"That gives {parsed.label_shown}, not the quantity asked.")
    return None


def expectation_canonical(prep: Prepared, parsed: Parsed) -> Any:
    import sympy as sp

    var, dist, body = expectation_parts(prep, parsed)
    body = _location_gradients(prep, body)
    z, x = dummies()
    # no E[…] around it where the box asks for the expectation: a random quantity, not the
    # expectation (the measure only says what it is over; the judge says what is missing)
    bare = not isinstance(parsed.value, Expectation) and not prep.asks_integrand
    if isinstance(dist, Normal):
        return Std(dist.mean, body.xreplace({var: dist.mean + sp.sqrt(dist.var) * z}), bare)
    return Dens(dist.name, dist.param, dist.value, body.xreplace({var: x}), bare)


def expectation_parts(prep: Prepared, parsed: Parsed) -> tuple[Any, Any, Any]:
    """(variable, distribution, integrand) of an expectation answer, with the box's measure
    filling in what the answer leaves out (an integrand alone is read over the box's measure;
    where the box asks for the expectation, ``expectation_canonical`` marks it ``bare``)."""
    value = parsed.value
    if isinstance(value, Order):
        raise ParseError("kind", "This box wants an expectation or its integrand, not an order.")
    if isinstance(value, (Normal, Density)):
        raise ParseError("kind", "This box wants an expectation, not just a distribution.")
    if isinstance(value, Expectation):
        var, dist, body = value.var, value.dist, value.body
    else:
        var, dist, body = None, None, value
    declared = {d.var: d.dist for d in parsed.dists if d.var is not None}
    m = prep.measure
    if var is None:
        stated = [v for v in declared if v in body.free_symbols]
        if m is not None and m.var in body.free_symbols:
            var = m.var
        elif len(stated) == 1:  # "E[f(μ + σZ)], Z ~ N(0, I)": over the variable stated
            var = stated[0]
        elif m is not None and dist is None:
            var = m.var
        else:
            loose = [
                s
                for s in body.free_symbols
                if s.name in declared or s.name in ("z", "x", "x0", "epsilon")
            ]
            var = loose[0] if len(loose) == 1 else None
    if dist is None:
        dist = declared.get(var)
    if dist is None and m is not None:
        dist = m.dist
    if dist is None or var is None:
        raise ParseError("kind", "Say what the expectation is over, as in E_{z ~ N(0, I)}[...].")
    return var, dist, body


def reparam_canonical(prep: Prepared, parsed: Parsed) -> Map:
    import sympy as sp

    g = parsed.value
    if g is None:
        raise ParseError(
            "kind",
            "Give g too, as in g(z, μ) = (an expression in z and μ), z ∼ (its distribution).",
        )
    if not isinstance(g, sp.Basic) or isinstance(g, (Order,)):
        raise ParseError("kind", "Give g as an expression in z, and p(z) as a distribution.")
    params = {p for p, _ in prep.names.families.values() if isinstance(p, sp.Symbol)}
    for clause in parsed.dists:
        if clause.var is not None and clause.var in params:  # "μ ~ N(0, 1)": μ is no noise
            from tutor.inputlang.pretty import pretty_name

            shown = pretty_name(str(clause.var))
            raise ParseError(
                "kind",
                f"{shown} is the parameter g depends on, not a random variable: give the law of "
                f"the noise alone, as in z ∼ N(…), and leave {shown} out of it.",
            )
    dist_clause = parsed.dists[-1] if parsed.dists else None
    var = dist_clause.var if dist_clause is not None else None
    if var is None:
        var = prep.measure.var if prep.measure is not None else None
    if var is None or var not in g.free_symbols:
        names = sorted(s.name for s in g.free_symbols)
        raise ParseError(
            "kind",
            "g must depend on the noise variable of p(z)"
            + (f" (I see only {', '.join(names)})." if names else "."),
        )
    if dist_clause is None:  # half of the pair: g is right only for a p(z) not said
        raise ParseError(
            "kind",
            "Give p(z) too: the box asks for the pair, as in g(z, μ) = (an expression in z "
            "and μ), z ∼ (its distribution).",
        )
    if not isinstance(dist_clause.dist, Normal):
        raise ParseError("kind", "Give p(z) as a Gaussian, as in z ∼ N(mean, covariance).")
    z, _ = dummies()
    d = dist_clause.dist
    moves = bool(params & (sp.sympify(d.mean).free_symbols | sp.sympify(d.var).free_symbols))
    return Map(g.xreplace({var: d.mean + sp.sqrt(d.var) * z}), moves)


def quantity(prep: Prepared, parsed: Parsed) -> Quantity:
    import sympy as sp

    box = prep.box
    v = parsed.value
    if not isinstance(v, sp.Basic) or v.free_symbols or v.has(sp.Function):
        raise ParseError("kind", "This box wants a number.")
    unit = None
    units = [w for w in parsed.tail if w in UNITS]
    decimals = parsed.decimals
    if box.kind == "number":
        if len(units) > 1:
            raise ParseError("unit", "Give one unit, as in 50 ns.")
        if units:
            unit = units[0]
            if box.unit and box.unit in UNITS:
                shift = UNITS[unit] - UNITS[box.unit]
                v = v * sp.Integer(10) ** shift
                decimals -= shift  # 0.0529 μs is 52.9 ns: to a tenth of a ns
    try:
        fv = float(v)
    except (TypeError, ValueError):
        raise ParseError("kind", "This box wants a real number.") from None
    return Quantity(fv, v, decimals, parsed.bound, unit)


def domains(prep: Prepared) -> dict:
    from tutor.checking.sampling import Domain

    z, x = dummies()
    d = dict(prep.domains)
    d[z] = Domain(-2.0, 2.0)
    d[x] = Domain(-2.0, 2.0)
    return d


def equal(prep: Prepared, a: Any, b: Any) -> bool:
    """Exact equivalence of two canonical forms."""
    import sympy as sp

    from tutor.checking.equivalence import equivalent
    from tutor.checking.orders import same_order

    doms = domains(prep)
    if isinstance(a, Quantity) and isinstance(b, Quantity):
        return quantity_match(a, b)
    if isinstance(a, Order) or isinstance(b, Order):
        ea = a.expr if isinstance(a, Order) else a
        eb = b.expr if isinstance(b, Order) else b
        if not (isinstance(ea, sp.Basic) and isinstance(eb, sp.Basic)):
            return False
        if (isinstance(a, Order) and isinstance(b, Order)) or prep.box.kind == "order":
            return same_order(ea, eb, prep.width, doms)
        return False  # an order is never equal to an exact expression (order-only path)
    if isinstance(a, (Std, Dens)) and isinstance(b, (Std, Dens)) and a.bare != b.bare:
        return False  # an integrand alone is not its expectation
    if isinstance(a, Std) and isinstance(b, Std):
        if not equivalent(a.mean, b.mean, doms):
            return False
        z, _ = dummies()
        return equivalent(a.body, b.body, doms) or equivalent(
            a.body, b.body.xreplace({z: -z}), doms
        )
    if isinstance(a, Dens) and isinstance(b, Dens):
        if (a.name, a.param) != (b.name, b.param):
            return False
        if (a.value is None) != (b.value is None):
            return False
        if a.value is not None and not equivalent(a.value, b.value, doms):
            return False
        return equivalent(a.body, b.body, doms)
    if isinstance(a, Map) and isinstance(b, Map):
        if a.moves != b.moves:
            return False
        z, _ = dummies()
        return equivalent(a.body, b.body, doms) or equivalent(
            a.body, b.body.xreplace({z: -z}), doms
        )
    if isinstance(a, sp.Basic) and isinstance(b, sp.Basic):
        if prep.box.kind == "order":
            return same_order(a, b, prep.width, doms)
        return equivalent(a, b, doms)
    return False


def with_densities(prep: Prepared, expr: Any) -> Any:
    """``expr`` with the box's density family written out: p(μ, x) as the Gaussian
    N(x; mean(μ), var) and p__d0 (p__d1) as its derivative in the parameter (in x), so that
    ``∇_μ log p_μ(x)`` becomes (x − μ)/σ². Remembered by the family and ``expr`` (a class's
    answers ask the same again and again; each takes sympy's derivatives)."""
    from tutor.checking.memo import recall

    families = tuple(prep.names.families.items())
    return recall(_DENSITIES, (families, expr), lambda: _written_out(families, expr), 4096)


def _density_lambdas(families: tuple[Any, ...]) -> list[tuple[Any, Any]]:
    """(function, its Lambda) for each family's density and its two derivatives, worked out
    once per family."""
    from tutor.checking.memo import recall

    def work() -> list[tuple[Any, Any]]:
        import sympy as sp

        out: list[tuple[Any, Any]] = []
        for name, (param, normal) in families:
            if not isinstance(param, sp.Symbol):
                continue
            m, x = sp.Dummy("m"), sp.Dummy("x")
            mean = sp.sympify(normal.mean).xreplace({param: m})  # the parameter wherever it
            var = sp.sympify(normal.var).xreplace({param: m})  # is: the mean, or the scale (σ²)
            pdf = sp.exp(gaussian_log_density(x, mean, var))
            out.append((sp.Function(f"{name}__d0"), sp.Lambda((m, x), sp.diff(pdf, m))))
            out.append((sp.Function(f"{name}__d1"), sp.Lambda((m, x), sp.diff(pdf, x))))
            out.append((sp.Function(name), sp.Lambda((m, x), pdf)))
        return out

    return recall(_DENSITY_LAMBDAS, families, work, 64)


def _written_out(families: tuple[Any, ...], expr: Any) -> Any:
    return _rewritten(expr, _density_lambdas(families))


def _rewritten(expr: Any, rules: list[tuple[Any, Any]]) -> Any:
    """``expr`` with each (function, Lambda) of ``rules`` applied where the function occurs."""
    for function, written in rules:
        if expr.has(function):
            expr = expr.replace(function, written)
    return expr


_DENSITIES: dict[Any, Any] = {}
_DENSITY_LAMBDAS: dict[Any, Any] = {}


def family_functions(prep: Prepared) -> frozenset[str]:
    """The names of the box's density family functions (p, and its derivatives p__d0, p__d1)."""
    import sympy as sp

    out: set[str] = set()
    for name, (param, _) in prep.names.families.items():
        if isinstance(param, sp.Symbol):
            out |= {name, f"{name}__d0", f"{name}__d1"}
    return frozenset(out)


def _location_gradients(prep: Prepared, body: Any) -> Any:
    """In a family whose parameter is its mean (p_μ(x) = q(x − μ)), ∇_x p_μ = −∇_μ p_μ: the
    gradient in x is written as the one in the parameter, so that ``−f(x) ∇_x log p_μ(x)`` is
    ``f(x) ∇_μ log p_μ(x)`` (the score, not worked out)."""
    return _rewritten(body, _location_lambdas(tuple(prep.names.families.items())))


def _location_lambdas(families: tuple[Any, ...]) -> list[tuple[Any, Any]]:
    """(p__d1, the Lambda writing it as −p__d0) for each family whose parameter is its mean,
    worked out once per family."""
    from tutor.checking.memo import recall

    def work() -> list[tuple[Any, Any]]:
        import sympy as sp

        out: list[tuple[Any, Any]] = []
        for name, (param, normal) in families:
            if not isinstance(param, sp.Symbol):
                continue
            mean, var = sp.sympify(normal.mean), sp.sympify(normal.var)
            if param in var.free_symbols or sp.diff(mean, param) != 1:
                continue
            a, b = sp.Dummy("a"), sp.Dummy("b")
            d0 = sp.Function(f"{name}__d0")
            out.append((sp.Function(f"{name}__d1"), sp.Lambda((a, b), -d0(a, b))))
        return out

    return recall(_LOCATION_LAMBDAS, families, work, 64)


_LOCATION_LAMBDAS: dict[Any, Any] = {}


def gaussian_log_density(x: Any, mean: Any, var: Any) -> Any:
    """log N(x; mean, var) in one coordinate, as sympy writes it."""
    import sympy as sp

    return -((x - mean) ** 2) / (2 * var) - sp.log(2 * sp.pi * var) / 2


_SCORES: dict[
    Any, Any
] = {}  # the families' scores by family: the same few, asked for again and again


def _score_in_z(prep: Prepared, z: Any) -> Any:
    """The score of the part's Gaussian family in its parameter, at x = mean + √var·z: z/σ for
    the mean (any multiple of z will do), (z² − 1)/σ for the scale. z when the part has none."""
    from tutor.checking.memo import recall

    families = tuple(prep.names.families.values())
    return recall(_SCORES, (families, z), lambda: _family_score(families, z), 64)


def _family_score(families: tuple[Any, ...], z: Any) -> Any:
    import sympy as sp

    for param, normal in families:
        if not isinstance(param, sp.Symbol):
            continue
        x = sp.Dummy("x")
        mean, var = sp.sympify(normal.mean), sp.sympify(normal.var)
        score = sp.diff(gaussian_log_density(x, mean, var), param)
        if score == 0:
            continue
        return sp.simplify(score.subs(x, mean + sp.sqrt(var) * z))
    return z


def baseline_equal(prep: Prepared, a: Any, b: Any) -> bool:
    from tutor.checking.equivalence import differ_by_baseline, equivalent

    doms = domains(prep)
    z, x = dummies()
    if isinstance(a, (Std, Dens)) and isinstance(b, (Std, Dens)) and a.bare != b.bare:
        return False
    if isinstance(a, Std) and isinstance(b, Std):
        if not equivalent(a.mean, b.mean, doms):
            return False
        return differ_by_baseline(a.body, b.body, _score_in_z(prep, z), z, doms)
    if isinstance(a, Dens) and isinstance(b, Dens) and (a.name, a.param) == (b.name, b.param):
        if a.value is not None or b.value is not None:
            return False
        import sympy as sp

        p = sp.Function(a.name)
        score = sp.Function(f"{a.name}__d0")(a.param, x) / p(a.param, x)
        if differ_by_baseline(a.body, b.body, score, x, doms):
            return True
        # the density is abstract but the key writes its score out (f(x)·(1/λ − x) for an
        # exponential's rate): the score is what multiplies f(x) in the key
        written = _score_in_key(b.body, x)
        return written is not None and differ_by_baseline(a.body, b.body, written, x, doms)
    return False


def scores_f(prep: Prepared, key: Any) -> bool:
    """Is ``key`` (a correct answer's canonical form) a score-function estimator: f times a
    constant multiple of the family's score? (Then a constant times the score added to it is
    a baseline; added to F itself or to the pathwise gradient it is only a zero-mean term.)"""
    import sympy as sp

    if isinstance(key, Dens):  # an abstract density's expectation: the general score form
        return True
    if not isinstance(key, Std):
        return False
    z, _ = dummies()
    factor = _score_in_key(key.body, None)
    if factor is None:
        return False
    try:
        ratio = sp.simplify(factor / _score_in_z(prep, z))
    except Exception:  # noqa: BLE001 - cannot tell: not said to be one
        return False
    return ratio != 0 and not ratio.has(z)


def _score_in_key(body: Any, x: Any) -> Any:
    """What multiplies f(x) in a key linear in f(x) (its score), else None (``x`` None: f of
    anything, as f(μ + σz) in an expectation over z)."""
    import sympy as sp
    from sympy.core.function import AppliedUndef

    calls = [
        c
        for c in body.atoms(AppliedUndef)
        if (c.args == (x,) if x is not None else len(c.args) == 1 and "__" not in c.func.__name__)
    ]
    if len(calls) != 1:
        return None
    stand_in = sp.Dummy("F")
    linear = body.xreplace({calls[0]: stand_in})
    score = sp.diff(linear, stand_in)
    if score == 0 or score.has(stand_in) or sp.simplify(linear - stand_in * score) != 0:
        return None
    return score


def approx(prep: Prepared, a: Any, b: Any) -> bool:
    import sympy as sp

    from tutor.checking.equivalence import approximately

    if isinstance(a, sp.Basic) and isinstance(b, sp.Basic):
        return approximately(a, b, domains(prep))
    return False


def quantity_match(a: Quantity, b: Quantity) -> bool:
    """Numbers: ``a`` (as typed) is ``b`` to the precision given (``tutor.checking.precision``:
    equal, rounded or cut short at its last digit: 54.4 for 490/9, 52.91 for 635/12)."""
    return to_precision(a.exact, a.decimals, b.exact) is not None
