"""Help: every key, and a cheat sheet of the input language with examples taken from the content."""

from __future__ import annotations

import re
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Markdown

from tutor.content import Content
from tutor.ui import keymap


@dataclass(frozen=True)
class Topic:
    title: str
    how: str
    pattern: str  # regex an example must match


TOPICS: tuple[Topic, ...] = (
    Topic(
        "Square roots",
        "`sqrt(...)` or `√(...)`; powers with `^` (or `**`), e.g. `x^(-1/2)`.",
        r"sqrt|√|\^\(-1/2\)",
    ),
    Topic("π", "`pi` or `π`.", r"pi|π"),
    Topic(
        "Subscripts",
        "Write the index after the name: `d1` or `d_1` (also `d₁`); `n_in`, `fan_in`.",
        r"[a-z]_?[0-9₀-₉]|_[a-z]",
    ),
    Topic(
        "Orders of growth",
        "`Theta(...)` or `Θ(...)`; `O(...)` for an upper bound.",
        r"Theta|Θ|O\(",
    ),
    Topic(
        "Expectations",
        "`E[...]`; name the distribution in a subscript when it matters: "
        "`E_{z~N(0,I)}[f(mu + sigma z)]`.",
        r"E\[|E_|𝔼",
    ),
    Topic(
        "Gradients",
        "`grad f(x)`, `grad_x f(x)` or `∇_x f(x)`; the score as `grad_theta log p_theta(x)`.",
        r"grad|∇|nabla",
    ),
    Topic(
        "Units",
        "Write the unit after the number: `50 ns`, `0.05 us`; `<= 50 ns` for a bound.",
        r"\d\s*(ns|us|µs|μs|ms|s)\b",
    ),
    Topic(
        "Fractions and products",
        "`1/2d1` is one term, 1/(2d₁); `1/2 d1` (with a space) is (1/2)·d₁ — use brackets "
        "when in doubt. Products can be implicit: `2d1`, `sigma z`, `(x - mu)/sigma^2`.",
        r"/\d[a-z]|\d[a-z]|[a-z] [a-z]",
    ),
    Topic(
        "Signs and absolute values",
        "`±`, `+-` or `\\pm` for both signs (correct only when both are); `|x|` for an absolute value.",
        r"±|\+-|\\pm|\|",
    ),
    Topic(
        "LaTeX",
        "LaTeX works too: `\\frac{1}{\\sqrt{d_1}}`, `\\mathbb{E}_{z \\sim \\mathcal{N}(0, I)}[...]`, "
        "`\\boxed{...}`; a leading label such as `c =` or `g(x) =` is ignored.",
        r"\\frac|\\sqrt|\\mathbb|\\boxed",
    ),
    Topic(
        "Definitions a box knows",
        "Some boxes accept a named shorthand, e.g. `Sigma^-1` or `Σ⁻¹` for the inverse covariance in 4a.",
        r"Sigma|Σ",
    ),
    Topic(
        "Counts and choices",
        "A whole number, optionally with its noun: `20` or `20 fwd`; a choice by its letter: `b`.",
        r"^\s*\(?[a-e]\)?\s*$|^\s*\d+\s+[a-z]",
    ),
)


def examples(content: Content, pattern: str, limit: int = 3) -> list[str]:
    """Correct answers from the content that use a notation: question tests marked correct,
    accepted readings, reference answers (in that order), shortest first."""
    rx = re.compile(pattern)
    found: list[str] = []
    for box in content.boxes.values():
        candidates = [t.input for t in box.tests if t.verdict == "correct"]
        candidates += [r.answer for r in box.accept if r.verdict == "correct"]
        candidates.append(box.answer)
        for text in candidates:
            text = text.strip()
            if text and rx.search(text) and text not in found and len(text) <= 40:
                found.append(text)
    found.sort(key=len)
    # prefer variety: spread over the list rather than the three shortest
    if len(found) > limit:
        step = len(found) / limit
        found = [found[int(i * step)] for i in range(limit)]
    return found


def help_markdown(content: Content) -> str:
    lines = ["# Keys", "", "| key | what it does |", "|---|---|"]
    seen = set()
    for a in keymap.ACTIONS:
        if (a.key, a.action) in seen:
            continue
        seen.add((a.key, a.action))
        where = {"part": " (in a part)", "index": " (in the index)"}.get(a.scope, "")
        lines.append(f"| `{keymap.key_display(a.key)}` | {a.help}{where} |")
    lines += [
        "| `?` | This help (when not typing in a box) |",
        "| `Ctrl+P` | Command palette: every action, and 'open part …' |",
        "| `Tab` / `Shift+Tab` | Move between answer boxes and buttons |",
        "| `Enter` | Check the answer in the box |",
        "| `PageUp` / `PageDown` | Scroll the part (statement, hints, solution) |",
        "| `+` / `-` | In a Monte Carlo plot: double / halve the number of samples |",
        "| `[` / `]`, `{` / `}` | In the rematerialization explorer: K down / up, N down / up |",
        "| `Ctrl+N` | In a plot: the part's next plot |",
        "| `Ctrl+X` | In a slow plot (the width sweep): cancel it |",
        "",
        "Under each box, **read as** shows how your input is understood before you press Enter. "
        "An answer that cannot be read is explained and does not count as an attempt.",
        "",
        "# How to type answers",
        "",
        "Ordinary calculator syntax: `+ - * /`, `^` for powers, parentheses. "
        "A product can be written with a space (`d1 d2`) or `*`. Unicode works too.",
        "",
    ]
    for topic in TOPICS:
        ex = examples(content, topic.pattern)
        lines.append(f"**{topic.title}.** {topic.how}")
        if ex:
            lines.append("Accepted in this homework: " + ", ".join(f"`{e}`" for e in ex))
        lines.append("")
    return "\n".join(lines)


class HelpScreen(Screen):
    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Close", id="help.close"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="help-body"):
            yield Markdown(help_markdown(self.app.content), id="help-text")  # type: ignore[attr-defined]
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.sub_title = "Help"
        self.query_one("#help-body").focus()
