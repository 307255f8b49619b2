"""Box specs built directly from the domain notes, for checker tests independent of content/."""

from __future__ import annotations

from tutor.content.model import BoxSpec, Reading, SymbolSpec

D = (SymbolSpec("d1", (1, 4096), True), SymbolSpec("d2", (1, 4096), True))
P4 = (
    SymbolSpec("mu", (-2, 2), positive=False),
    SymbolSpec("sigma", (0.3, 2)),
    SymbolSpec("x", (-2, 2), positive=False),
    SymbolSpec("z", (-2, 2), positive=False),
    SymbolSpec("x0", (-2, 2), positive=False),
)
FAMILY = "p_mu = N(mu, sigma^2 I)"


def r(answer: str, note: str, verdict: str = "incorrect", feedback: str = "") -> Reading:
    return Reading(answer, note, feedback or f"feedback for {note}", verdict)


B1A_CONSTANT = BoxSpec(
    id="1a.constant",
    kind="expression",
    prompt="c",
    answer="1/sqrt(d1)",
    symbols=D,
    width="d1",
    accept=(r("-1/sqrt(d1)", "negative-sign", "correct"),),
    mistakes=(r("1/d1", "variance-not-constant"), r("sqrt(2/d1)", "he-init", "partial")),
)
B1B_VALUE = BoxSpec(
    id="1b.value",
    kind="expression",
    prompt="E[RMS²(y')]",
    answer="d1 + (2/pi)*d1*(d1-1)",
    symbols=D,
    width="d1",
    order="partial",
    order_feedback="Right order; give the exact value.",
    mistakes=(
        r("d1", "independent-input"),
        r("d1 + (2/pi)*d1^2", "cross-terms-d1-squared"),
        r("(2/pi)*d1^2", "leading-term-only"),
        r("d1^2", "no-constant"),
        r("sqrt(2/pi)*d1", "rms-not-squared"),
        r("(pi/2)*d1^2", "inverted-constant"),
    ),
)
B1B_CONSTANT = BoxSpec(
    id="1b.constant",
    kind="expression",
    prompt="c",
    answer="sqrt(pi/2)/d1",
    symbols=D,
    width="d1",
    order="partial",
    accept=(r("1/sqrt(d1 + (2/pi)*d1*(d1-1))", "squared-reading", "correct"),),
    mistakes=(
        r("1/d1", "scaling-only", "partial"),
        r("1/sqrt(d1)", "init-constant"),
        r("pi/(2*d1^2)", "squared-constant"),
        r("sqrt(2/pi)/d1", "inverted-constant"),
    ),
)
B3B = BoxSpec(
    id="3b.sp",
    kind="order",
    prompt="SP Adam LR",
    answer="Theta(1)",
    symbols=(SymbolSpec("fan_in", (1, 4096), True),),
    width="fan_in",
    mistakes=(r("1/fan_in", "mup-entry"), r("1/sqrt(fan_in)", "sqrt")),
)
B4A = BoxSpec(
    id="4a.g",
    kind="expectation",
    prompt="g(x)",
    answer="f(x)*(x - mu)/sigma^2",
    symbols=P4,
    functions=("f",),
    measure="x ~ p_mu, " + FAMILY,
    definitions=(("Sigma", "sigma^2"),),
    mistakes=(
        r("f(x)*(x-mu)", "missing-variance"),
        r("f(x)*(x-mu)/sigma", "divides-by-sigma"),
        r("f(x)*(mu-x)/sigma^2", "sign-flip"),
        r("(x-mu)/sigma^2", "missing-f"),
        r("grad f(x)", "pathwise", "partial"),
    ),
)
B4B = BoxSpec(
    id="4b.F",
    kind="expectation",
    prompt="F(μ)",
    answer="E_{z ~ N(0, I)}[f(mu + sigma z)]",
    symbols=P4,
    functions=("f",),
    measure="z ~ N(0, I), " + FAMILY,
    mistakes=(
        r("E_{z ~ N(0, I)}[f(mu + z)]", "drops-sigma"),
        r("E_{z ~ N(0, I)}[f(mu + sigma^2 z)]", "variance-not-sd"),
        r("E_{z ~ N(0, I)}[f(sigma z - mu)]", "wrong-shift"),
        r("E_{x ~ p_mu}[f(x)]", "restates-F"),
    ),
)
B4C = BoxSpec(
    id="4c.gradF",
    kind="expectation",
    prompt="∇F(μ)",
    answer="E_{x0 ~ p_{mu=0}}[grad f(mu + x0)]",
    symbols=P4,
    functions=("f",),
    measure="x0 ~ p_{mu=0}, " + FAMILY,
    mistakes=(
        r("E_{z ~ N(0, I)}[sigma grad f(mu + sigma z)]", "extra-sigma"),
        r("E_{x0 ~ p_{mu=0}}[grad f(x0)]", "no-shift"),
        r("E_{x0 ~ p_{mu=0}}[f(mu + x0) x0 / sigma^2]", "score-recentred", "partial"),
    ),
)
B4D = BoxSpec(
    id="4d.gradF",
    kind="expectation",
    prompt="∇F(θ)",
    answer="E_{x ~ p_theta}[f(x) grad_theta log p_theta(x)]",
    symbols=(
        SymbolSpec("theta", (-2, 2), positive=False),
        SymbolSpec("x", (-2, 2), positive=False),
    ),
    functions=("f", "p"),
    measure="x ~ p_theta",
    mistakes=(
        r("E_{x ~ p_theta}[grad_theta log p_theta(x)]", "score-alone"),
        r("E_{x ~ p_theta}[f(x) grad_theta p_theta(x)]", "no-division"),
    ),
)
B4E = BoxSpec(
    id="4e.special",
    kind="reparam",
    prompt="g, p(z)",
    answer="g(z, mu) = mu + sigma z, z ~ N(0, I)",
    symbols=(
        SymbolSpec("mu", (-2, 2), positive=False),
        SymbolSpec("sigma", (0.3, 2)),
        SymbolSpec("z", (-2, 2), positive=False),
    ),
    measure="z ~ N(0, I)",
    accept=(r("g(z, mu) = mu + z, z ~ N(0, sigma^2 I)", "variance-in-p", "correct"),),
    mistakes=(r("g(z, mu) = mu + z, z ~ N(0, I)", "unit-sigma"),),
)
B5A = BoxSpec(
    id="5a.fwd",
    kind="count",
    prompt="fwd",
    answer="20",
    nouns=("fwd", "forward"),
    mistakes=(r("45", "only-input-stored"), r("30", "counts-initial-forward")),
)
B5C = BoxSpec(
    id="5c.loaddisk",
    kind="number",
    prompt="t",
    answer="50 ns",
    unit="ns",
    bound="upper",
    accept=(r("490/9 ns", "input-in-memory", "partial"),),
    mistakes=(
        r("40 ns", "drops-loadmem"),
        r("500 ns", "total-not-per-load"),
        r("25 ns", "divides-by-fwd"),
    ),
)
