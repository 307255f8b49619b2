"""Help: every key, and a cheat sheet of the input language with examples taken from the content."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from tutor.content.loader import Content
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
        "`E_{z~N(0,I)}[h(a + b z)]`.",
        r"E\[|E_|𝔼",
    ),
    Topic(
        "Gradients",
        "`grad h(x)`, `grad_x h(x)` or `∇_x h(x)`; a score as `grad_theta log q_theta(x)`.",
        r"grad|∇|nabla",
    ),
    Topic(
        "Units",
        "Write the unit after the number: `12 ns`, `0.012 us`; `<= 12 ns` for a bound.",
        r"\d\s*(ns|us|µs|μs|ms|s)\b",
    ),
    Topic(
        "Fractions and products",
        "`1/2d1` is one term, 1/(2d₁); `1/2 d1` (with a space) is (1/2)·d₁ — use brackets "
        "when in doubt. Products can be implicit: `2d1`, `sigma z`, `(x - a)/b^2`.",
        r"/\d[a-z]|\d[a-z]|[a-z] [a-z]",
    ),
    Topic(
        "Signs and absolute values",
        "`±`, `+-` or `\\pm` for both signs (correct only when both are); `|x|` for an absolute value.",
        r"±|\+-|\\pm|\|",
    ),
    Topic(
        "LaTeX",
        "LaTeX works too: `\\frac{3}{\\sqrt{d_2}}`, `\\mathbb{E}_{z \\sim \\mathcal{N}(0, I)}[...]`, "
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
        "A whole number, optionally with its noun: `7` or `7 fwd`; a choice by its letter: `b`.",
        r"^\s*\(?[a-e]\)?\s*$|^\s*\d+\s+[a-z]",
    ),
)


def examples(
    content: Content, pattern: str, solved: Iterable[str] = (), limit: int = 3
) -> list[str]:
    """Right answers, as students typed them, from the boxes the student has already solved
    (question tests marked correct, accepted readings, reference answers): examples taken from
    the content that never give away an answer still to find. Shortest first, spread out."""
    rx = re.compile(pattern)
    found: list[str] = []
    for box_id in sorted(set(solved)):
        box = content.boxes.get(box_id)
        if box is None:
            continue
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


_WHERE = (
    ("app", "Everywhere"),
    ("part", "In a part"),
    ("index", "In the index"),
    ("plot", "In a plot or explorer"),
    ("help", "Help, cards, review"),
    ("cards", None),
    ("review", None),
    ("confirm", "In a yes/no question"),
)


def _keys_shown(keys: keymap.UserKeymap, binding_id: str) -> str:
    shown = [keymap.key_display(k) for k in keys.key(binding_id).split(",") if k]
    text = " or ".join(f"`{k}`" for k in dict.fromkeys(shown))
    return text + (" *(yours)*" if binding_id in keys.keys else "")


def keys_markdown(keys: keymap.UserKeymap) -> list[str]:
    """The key table (the keys in force, the student's keymap applied) and how to change them."""
    lines = ["# Keys", ""]
    for scope, heading in _WHERE:
        if heading is not None:
            lines += ["", f"**{heading}**", ""]
        if scope == "app":
            lines.append("- `Ctrl+P` command palette: every action, and 'open part …'")
            lines.append("- `Tab` / `Shift+Tab` move between answer boxes and buttons")
        if scope == "part":
            lines.append("- `Enter` check the answer in the box")
        if scope == "index":
            lines.append("- `Enter` open the highlighted part or box")
        for a in keymap.ACTIONS:
            if a.scope == scope:
                what = a.help[0].lower() + a.help[1:]
                lines.append(f"- {_keys_shown(keys, a.id)} {what} · id `{a.id}`")
    where = keys.path if keys.path is not None else f"{keymap.CONFIG_DIR_ENV}/keymap.toml"
    lines += [
        "",
        "## Your own keys",
        "",
        f"Put a `[keymap]` table in `{where}` (the directory can be set with "
        f"`${keymap.CONFIG_DIR_ENV}`), one line per binding id from the table above, "
        "then start the tutor again:",
        "",
        "```toml",
        "[keymap]",
        '"tutor.hint" = "f2"',
        '"tutor.solution" = "f3,ctrl+o"   # two keys',
        "```",
        "",
        "Keys used while typing an answer must be function keys or Ctrl combinations. "
        "A line that cannot be used (an unknown id, a key bound twice on one screen) is "
        "reported when the tutor starts, and that binding keeps its default key.",
    ]
    if keys.keys:
        mine = ", ".join(f"`{i}`" for i in keys.keys)
        lines += ["", f"In force from your keymap: {mine}."]
    if keys.problems:
        lines += ["", "Not applied:", ""]
        lines += ["- `" + p.replace("`", "'") + "`" for p in keys.problems]
    lines.append("")
    return lines


def help_markdown(
    content: Content,
    keys: keymap.UserKeymap = keymap.DEFAULT,
    solved: Iterable[str] = (),
) -> str:
    solved = tuple(solved)
    lines = keys_markdown(keys)
    lines += [
        "# Reading your answers",
        "",
        "Under each box, **read as** shows how your input is understood before you press Enter. "
        "An answer that cannot be read is explained and does not count as an attempt.",
        "",
        "# How to type answers",
        "",
        "Ordinary calculator syntax: `+ - * /`, `^` for powers, parentheses. "
        "A product can be written with a space (`d1 d2`) or `*`. Unicode works too. "
        "The examples below are made up, so they give no answer away; as you solve boxes, "
        "your solved answers, in the forms the tutor accepts, are added as examples.",
        "",
    ]
    for topic in TOPICS:
        ex = examples(content, topic.pattern, solved)
        lines.append(f"**{topic.title}.** {topic.how}")
        if ex:
            lines.append("From boxes you have solved: " + ", ".join(f"`{e}`" for e in ex))
        lines.append("")
    return "\n".join(lines)


class HelpScreen(Screen):
    CSS_PATH = "../pages.tcss"
    BINDINGS = keymap.bindings("help")

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="help-body"):
            state = self.app.state  # type: ignore[attr-defined]
            solved = [b for b in self.app.content.boxes if state.box(b).status == "correct"]  # type: ignore[attr-defined]
            text = help_markdown(self.app.content, self.app.user_keymap, solved)  # type: ignore[attr-defined]
            # One widget drawing the whole page (Rich's Markdown): Textual's Markdown widget
            # made ~270 widgets of it, and laying them out took 0.5–0.9 s to open the help.
            from rich.markdown import Markdown as RichMarkdown

            yield Static(RichMarkdown(text, code_theme="ansi_dark"), id="help-text")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.sub_title = "Help"
        self.query_one("#help-body").focus()
