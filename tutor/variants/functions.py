"""Named functions of the headless core that content may call for derived values.

A content file says ``fwd = { call = "remat.fwd", args = ["layers", "every"] }``; this registry is
the only list of what it may call. Each entry names its arguments (for messages and the guide) and
computes from the homework's own models (``tutor.homework``), so every number a text quotes comes
from the code that produces it. A function raises ``tutor.errors.UsageError`` for values its model
refuses (``remat``: K > N); the variant engine reports that as a bad parameter set.

Nothing here is loaded from content: a name that is not registered is an error.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from tutor.errors import UsageError
from tutor.homework import remat
from tutor.variants.values import Formula, Value, normalize, words


@dataclass(frozen=True)
class ContentFunction:
    name: str
    params: tuple[str, ...]
    """What each argument means, in order (content passes the names of values)."""
    doc: str
    fn: Callable[..., Value]


FUNCTIONS: dict[str, ContentFunction] = {}


def content_function(
    name: str, *params: str
) -> Callable[[Callable[..., Value]], Callable[..., Value]]:
    """Register ``fn`` under ``name`` with arguments ``params`` (its docstring is its help)."""

    def register(fn: Callable[..., Value]) -> Callable[..., Value]:
        if name in FUNCTIONS:
            raise ValueError(f"content function {name!r} is registered twice")
        FUNCTIONS[name] = ContentFunction(name, params, (fn.__doc__ or "").strip(), fn)
        return fn

    return register


class FunctionError(ValueError):
    """A call that content got wrong (unknown name, wrong number of arguments)."""


def call(name: str, args: Sequence[Value]) -> Value:
    """Call a registered function; ``UsageError`` from the model passes through (bad parameters)."""
    spec = FUNCTIONS.get(name)
    if spec is None:
        import difflib

        close = difflib.get_close_matches(name, list(FUNCTIONS), n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        raise FunctionError(
            f"there is no function '{name}' for content to call; {hint}"
            f"known: {', '.join(sorted(FUNCTIONS))}"
        )
    if len(args) != len(spec.params):
        raise FunctionError(
            f"'{name}' takes {len(spec.params)} argument(s) ({', '.join(spec.params)}), "
            f"not {len(args)}"
        )
    return normalize(spec.fn(*args))


# ----------------------------------------------------------------------------- helpers


def _whole(value: Value, what: str) -> int:
    if isinstance(value, int):
        return value
    if isinstance(value, Fraction) and value.denominator == 1:
        return int(value)
    raise UsageError(f"{what} must be a whole number, not {value!r}")


def _number(value: Value, what: str) -> int | Fraction:
    if isinstance(value, (int, Fraction)):
        return value
    raise UsageError(f"{what} must be a number, not {value!r}")


def _sub(n: int) -> str:
    return str(n).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))


def _and(items: Sequence[str], last: str = "and") -> str:
    items = list(items)
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


# ----------------------------------------------------------------------------- problem 5


def _schedule(layers: Value, every: Value) -> remat.RematSchedule:
    n = _whole(layers, "the number of layers N")
    k = _whole(every, "K (store every K-th layer)")
    return remat.schedule(n, k)  # remat.validate: the one place K <= N is checked


def _groups(layers: Value, every: Value) -> list[list[remat.RematStep]]:
    """The backward steps in runs that load the same checkpoint, split where fwd drops to 0."""
    groups: list[list[remat.RematStep]] = []
    for step in _schedule(layers, every).steps:
        last = groups[-1][-1] if groups else None
        if (
            last is not None
            and last.checkpoint == step.checkpoint
            and (last.fwd > 0) == (step.fwd > 0)
        ):
            groups[-1].append(step)
        else:
            groups.append([step])
    return groups


@content_function("remat.fwd", "layers", "every")
def _fwd(layers: Value, every: Value) -> Value:
    """fwd operations of one backward pass (the closed form q·K(K−1)/2 + r(r−1)/2)."""
    schedule = _schedule(layers, every)
    return remat.closed_form_fwd(schedule.layers, schedule.every)


@content_function("remat.loadmem", "layers", "every")
def _loadmem(layers: Value, every: Value) -> Value:
    """loadmem operations of one backward pass (one per layer)."""
    return _schedule(layers, every).loadmem


@content_function("remat.stored", "layers", "every")
def _stored(layers: Value, every: Value) -> Value:
    """Layer activations kept after the forward pass, the input not counted: ⌈N/K⌉."""
    return _schedule(layers, every).stored_activations


@content_function("remat.time", "layers", "every", "t_fwd", "t_mem")
def _time(layers: Value, every: Value, t_fwd: Value, t_mem: Value) -> Value:
    """Time of one rematerialized backward pass in ns (exact)."""
    s = _schedule(layers, every)
    return remat.exact_time(s.layers, s.every, _number(t_fwd, "t_fwd"), _number(t_mem, "t_mem"))


@content_function("remat.breakeven", "layers", "every", "t_fwd", "t_mem")
def _breakeven(layers: Value, every: Value, t_fwd: Value, t_mem: Value) -> Value:
    """The loaddisk latency (ns) at which N loads from disk take as long (exact)."""
    s = _schedule(layers, every)
    return remat.exact_breakeven(
        s.layers, s.every, _number(t_fwd, "t_fwd"), _number(t_mem, "t_mem")
    )


@content_function("remat.checkpoints", "layers", "every")
def _checkpoints(layers: Value, every: Value) -> Value:
    """The stored layer activations in words: 'a₅ and a₁₀'."""
    return _and([f"a{_sub(c)}" for c in _schedule(layers, every).checkpoints[1:]])


@content_function("remat.checkpoints_bold", "layers", "every")
def _checkpoints_bold(layers: Value, every: Value) -> Value:
    """The same in bold Markdown: '**a₅** and **a₁₀**'."""
    return _and([f"**a{_sub(c)}**" for c in _schedule(layers, every).checkpoints[1:]])


@content_function("remat.checkpoint_layers", "layers", "every")
def _checkpoint_layers(layers: Value, every: Value) -> Value:
    """The layers whose outputs are stored: '5 and 10'."""
    return _and([str(c) for c in _schedule(layers, every).checkpoints[1:]])


@content_function("remat.table", "layers", "every")
def _table(layers: Value, every: Value) -> Value:
    """The backward pass as a Markdown table: layers, the activation each starts from, fwd each."""
    rows = ["| layer | start from | fwd |", "|---|---|---|"]
    for group in _groups(layers, every):
        names = ", ".join(str(s.layer) for s in group)
        fwd = ", ".join(str(s.fwd) for s in group)
        rows.append(f"| {names} | a{_sub(group[0].checkpoint)} | {fwd} |")
    return "\n".join(rows)


@content_function("remat.fwd_terms", "layers", "every")
def _fwd_terms(layers: Value, every: Value) -> Value:
    """The total written out by layer: '0 + (4 + 3 + 2 + 1) + 0 + (4 + 3 + 2 + 1)'."""
    terms = []
    for group in _groups(layers, every):
        if group[0].fwd == 0:
            terms += ["0"] * len(group)
        elif len(group) == 1:
            terms.append(str(group[0].fwd))
        else:
            terms.append("(" + " + ".join(str(s.fwd) for s in group) + ")")
    return " + ".join(terms)


@content_function("remat.fwd_sum", "layers", "every")
def _fwd_sum(layers: Value, every: Value) -> Value:
    """The non-zero counts as a student adds them: '4+3+2+1 + 4+3+2+1'."""
    runs = ["+".join(str(s.fwd) for s in g) for g in _groups(layers, every) if g[0].fwd > 0]
    return " + ".join(runs) or "0"


@content_function("remat.segment_costs", "layers", "every")
def _segment_costs(layers: Value, every: Value) -> Value:
    """The total by segments: 'two segments of 5 cost 2 · 10 = 20'."""
    s = _schedule(layers, every)
    q, r = s.blocks
    k = s.every
    full = k * (k - 1) // 2
    text = f"{words(q)} segment{'s' if q != 1 else ''} of {k}"
    if r:
        text += f" and one of {r}"
    text += " cost " if q + (1 if r else 0) > 1 else " costs "
    text += f"{q} · {full}" if q > 1 else str(full)
    if r:
        text += f" + {r * (r - 1) // 2}"
    return text + f" = {s.fwd}"


@content_function("remat.segment_lengths", "layers", "every")
def _segment_lengths(layers: Value, every: Value) -> Value:
    """The layers of each segment between stored activations, as a sum: '5 + 5'."""
    c = _schedule(layers, every).checkpoints
    return " + ".join(str(b - a) for a, b in zip(c, c[1:], strict=False))


@content_function("remat.fetches", "layers", "every")
def _fetches(layers: Value, every: Value) -> Value:
    """Which stored tensor each layer fetches, as a Markdown list (one line a checkpoint)."""
    by_checkpoint: dict[int, list[int]] = {}
    for step in _schedule(layers, every).steps:
        by_checkpoint.setdefault(step.checkpoint, []).append(step.layer)
    lines = []
    for ckpt, layers_ in by_checkpoint.items():
        what = "the input a₀" if ckpt == 0 else f"a{_sub(ckpt)}"
        if len(layers_) == 1:
            lines.append(f"- layer {layers_[0]} fetches {what}")
        else:
            lines.append(f"- layers {_and([str(n) for n in layers_])} each fetch {what}")
    return ";\n".join(lines) + "."


@content_function("remat.fetch_names", "layers", "every")
def _fetch_names(layers: Value, every: Value) -> Value:
    """The stored tensors fetched, top first: 'a₁₀, a₅ or the input'."""
    c = _schedule(layers, every).checkpoints
    return _and([f"a{_sub(x)}" for x in reversed(c[1:])] + ["the input"], last="or")


@content_function("remat.remainder", "layers", "every")
def _remainder(layers: Value, every: Value) -> Value:
    """r in N = q·K + r: the layers of the last, shorter segment (0 when K divides N)."""
    return _schedule(layers, every).blocks[1]


@content_function("remat.ramp", "every")
def _ramp(every: Value) -> Value:
    """What one segment of K layers costs, term by term: '0 + 1 + 2 + 3 + 4'."""
    k = _whole(every, "K (store every K-th layer)")
    if k < 1:
        raise UsageError(f"K (store every K-th layer) must be at least 1 (got {k})")
    return " + ".join(str(i) for i in range(k))


@content_function("remat.hint_costs", "layers", "every")
def _hint_costs(layers: Value, every: Value) -> Value:
    """The costs by runs of layers, for a hint: 'Layers 9…6 cost 4 + 3 + 2 + 1 and layers 4…1
    cost the same again; layers 10 and 5 cost 0.'"""
    groups = _groups(layers, every)
    runs = [g for g in groups if g[0].fwd > 0]
    zeros = [g[0].layer for g in groups if g[0].fwd == 0]

    def span(g: list[remat.RematStep]) -> str:
        return str(g[0].layer) if len(g) == 1 else f"{g[0].layer}…{g[-1].layer}"

    def costs(g: list[remat.RematStep]) -> str:
        return " + ".join(str(s.fwd) for s in g)

    clusters: list[list[list[remat.RematStep]]] = []
    for g in runs:
        if clusters and costs(clusters[-1][0]) == costs(g):
            clusters[-1].append(g)
        else:
            clusters.append([g])
    phrases = []
    for c in clusters:
        noun = "layer" if len(c[0]) == 1 else "layers"
        if len(c) == 1:
            verb = "costs" if len(c[0]) == 1 else "cost"
            phrases.append(f"{noun} {span(c[0])} {verb} {costs(c[0])}")
        elif len(c) == 2:
            phrases.append(
                f"{noun} {span(c[0])} cost {costs(c[0])} and {noun} {span(c[1])} cost the same again"
            )
        else:
            phrases.append(f"{noun} {_and([span(g) for g in c])} each cost {costs(c[0])}")
    text = ", ".join(phrases)
    text = text[:1].upper() + text[1:]
    zero_noun = "layer" if len(zeros) == 1 else "layers"
    verb = "costs" if len(zeros) == 1 else "cost"
    return f"{text}; {zero_noun} {_and([str(z) for z in zeros])} {verb} 0."


# ----------------------------------------------------------------------------- problem 1


def _frac_text(c: Fraction) -> tuple[str, str, str]:
    """A rational as (input text, Unicode, LaTeX)."""
    if c.denominator == 1:
        return str(c.numerator), str(c.numerator).replace("-", "−"), str(c.numerator)
    sign = "-" if c < 0 else ""
    p, q = abs(c.numerator), c.denominator
    return f"{sign}{p}/{q}", f"{sign}{p}/{q}".replace("-", "−"), f"{sign}\\frac{{{p}}}{{{q}}}"


def _pi_power(c: Fraction, k: int) -> Value:
    """c·π^k for k in -2..1, written exactly: 2/pi, 1/(2*pi), pi/2, 4/pi^2."""
    if c == 0 or k == 0:
        return normalize(c)
    p, q = c.numerator, c.denominator
    approx = float(c) * math.pi**k
    if k > 0:
        num = "pi" if p == 1 else f"{p}*pi"
        text = num if q == 1 else f"{num}/{q}"
        pnum = "π" if p == 1 else f"{p}π"
        pretty = pnum if q == 1 else f"{pnum}/{q}"
        latex = (
            ("\\pi" if p == 1 else f"{p}\\pi")
            if q == 1
            else f"\\frac{{{'' if p == 1 else p}\\pi}}{{{q}}}"
        )
        return Formula(text, pretty, approx, latex)
    power = "" if k == -1 else f"^{-k}"
    ppower = "" if k == -1 else "²"
    den = f"pi{power}" if q == 1 else f"({q}*pi{power})"
    pden = f"π{ppower}" if q == 1 else f"({q}π{ppower})"
    lden = f"\\pi{power}" if q == 1 else f"{q}\\pi{power}"
    return Formula(f"{p}/{den}", f"{p}/{pden}", approx, f"\\frac{{{p}}}{{{lden}}}")


def _times_root(m: Fraction, inner: str, pinner: str, linner: str, value: float) -> Value:
    """m·√(inner), written as a person does: sqrt(2/pi), 2*sqrt(2/pi), sqrt(pi/2)/2."""
    p, q = m.numerator, m.denominator
    root, proot, lroot = f"sqrt({inner})", f"√({pinner})", f"\\sqrt{{{linner}}}"
    text, pretty, latex = root, proot, lroot
    if p != 1:
        text, pretty, latex = f"{p}*{root}", f"{p}{proot}", f"{p}{lroot}"
    if q != 1:
        text, pretty, latex = f"{text}/{q}", f"{pretty}/{q}", f"\\frac{{{latex}}}{{{q}}}"
    return Formula(text, pretty, float(m) * value, latex)


def _law_scale(dist: Value, s: Value) -> tuple[str, Fraction]:
    from tutor.homework.scaling import laws

    if not isinstance(dist, str) or dist not in laws.INPUT_LAWS:
        raise UsageError(f"the input law must be one of {', '.join(laws.INPUT_LAWS)}, not {dist!r}")
    scale = Fraction(_number(s, "the scale s"))
    if scale <= 0:
        raise UsageError(f"the scale s must be positive (got {s})")
    return dist, scale


@content_function("scaling.second_moment", "dist", "s")
def _second_moment(dist: Value, s: Value) -> Value:
    """E[x²] of the input law (gaussian N(0, s²), uniform on [−s, s], sign ±s)."""
    from tutor.homework.scaling import laws

    return laws.second_moment(*_law_scale(dist, s))


@content_function("scaling.abs_mean_squared", "dist", "s")
def _abs_mean_squared(dist: Value, s: Value) -> Value:
    """(E|x|)², the value of one cross term of E[S²]: 2s²/π, s²/4 or s²."""
    from tutor.homework.scaling import laws

    r, k = laws.abs_mean_squared(*_law_scale(dist, s))
    return _pi_power(r, -k)


@content_function("scaling.abs_mean_fourth", "dist", "s")
def _abs_mean_fourth(dist: Value, s: Value) -> Value:
    """(E|x|)⁴ (the cross term squared once too often)."""
    from tutor.homework.scaling import laws

    r, k = laws.abs_mean_squared(*_law_scale(dist, s))
    return _pi_power(r * r, -2 * k)


@content_function("scaling.inverse_abs_mean_squared", "dist", "s")
def _inverse_abs_mean_squared(dist: Value, s: Value) -> Value:
    """1/(E|x|)²: π/(2s²), 4/s² or 1/s²."""
    from tutor.homework.scaling import laws

    r, k = laws.abs_mean_squared(*_law_scale(dist, s))
    return _pi_power(1 / r, k)


@content_function("scaling.abs_mean", "dist", "s")
def _abs_mean(dist: Value, s: Value) -> Value:
    """E|x|: s·√(2/π), s/2 or s."""
    law, scale = _law_scale(dist, s)
    if law == "gaussian":
        return _times_root(scale, "2/pi", "2/π", "\\frac{2}{\\pi}", math.sqrt(2 / math.pi))
    return normalize(scale / 2 if law == "uniform" else scale)


@content_function("scaling.inverse_abs_mean", "dist", "s")
def _inverse_abs_mean(dist: Value, s: Value) -> Value:
    """1/E|x|: √(π/2)/s, 2/s or 1/s (the constant is this over d1)."""
    law, scale = _law_scale(dist, s)
    if law == "gaussian":
        return _times_root(1 / scale, "pi/2", "π/2", "\\frac{\\pi}{2}", math.sqrt(math.pi / 2))
    return normalize(2 / scale if law == "uniform" else 1 / scale)


@content_function("scaling.abs_variance", "dist", "s")
def _abs_variance(dist: Value, s: Value) -> Value:
    """Var|x| = E[x²] − (E|x|)²: s²(1 − 2/π), s²/12 or 0."""
    from tutor.homework.scaling import laws

    law, scale = _law_scale(dist, s)
    if law != "gaussian":
        r, _ = laws.abs_mean_squared(law, scale)
        return normalize(laws.second_moment(law, scale) - r)
    s2 = scale * scale
    value = float(s2) * (1 - 2 / math.pi)
    if s2 == 1:
        return Formula("1 - 2/pi", "1 − 2/π", value, "1 - \\frac{2}{\\pi}")
    text, pretty, latex = _frac_text(s2)
    text = f"({text})" if "/" in text else text
    pretty = f"({pretty})" if "/" in pretty else pretty
    return Formula(
        f"{text}*(1 - 2/pi)",
        f"{pretty}(1 − 2/π)",
        value,
        f"{latex}\\left(1 - \\frac{{2}}{{\\pi}}\\right)",
    )


# ----- problem 4: the estimators plot's own numbers (tutor.homework.estimators) ----------------
# A text that quotes what the `estimators` plot shows takes its numbers from here: the plot opens
# at the same defaults (tutor.plots.registry reads them from tutor.homework.estimators).


def _estimator_setting(mu: Value, sigma: Value, k: Value) -> tuple[float, float, int]:
    if not (
        isinstance(mu, (int, Fraction))
        and isinstance(sigma, (int, Fraction))
        and isinstance(k, (int, Fraction))
        and int(k) == k
        and k >= 1
    ):
        raise FunctionError("the estimators need numbers μ, σ > 0 and a whole dimension k ≥ 1")
    if sigma <= 0:
        raise FunctionError(f"σ must be > 0 (got {sigma})")
    return float(mu), float(sigma), int(k)


@content_function("estimators.plot_mu")
def _plot_mu() -> Value:
    """The μ (every coordinate) the `estimators` plot opens at."""
    from tutor.homework import estimators

    return normalize(estimators.DEFAULT_MU)


@content_function("estimators.plot_sigma")
def _plot_sigma() -> Value:
    """The σ the `estimators` plot opens at."""
    from tutor.homework import estimators

    return normalize(estimators.DEFAULT_SIGMA)


@content_function("estimators.plot_k")
def _plot_k() -> Value:
    """The dimension k the `estimators` plot opens at."""
    from tutor.homework import estimators

    return normalize(estimators.DEFAULT_DIMENSION)


@content_function("estimators.score_std", "mu", "sigma", "k")
def _score_std(mu: Value, sigma: Value, k: Value) -> Value:
    """Per-sample standard deviation of the score-function estimator (f = ‖x‖², one coordinate)."""
    from tutor.homework import estimators

    return normalize(math.sqrt(estimators.score_variance(*_estimator_setting(mu, sigma, k))))


@content_function("estimators.pathwise_std", "mu", "sigma", "k")
def _pathwise_std(mu: Value, sigma: Value, k: Value) -> Value:
    """Per-sample standard deviation of the pathwise estimator: 2σ."""
    from tutor.homework import estimators

    return normalize(math.sqrt(estimators.pathwise_variance(*_estimator_setting(mu, sigma, k))))
