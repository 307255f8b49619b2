"""Help: every key, and the input language's cheat sheet with examples taken from the content.

The cheat sheet is ``tutor.inputlang.rules.RULES``, the reading rules written down once; the
tests read every answer it shows and check the reading the rule states for it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from tutor.content.model import Content
from tutor.inputlang.rules import RULES, Rule, illustrates
from tutor.ui import keymap, keynames, userkeymap
from tutor.ui.access import tutor_app
from tutor.ui.widgets.footer import TutorFooter
from tutor.ui.widgets.header import TutorHeader


def examples(content: Content, rule: Rule, solved: Iterable[str] = (), limit: int = 3) -> list[str]:
    """Right answers, as students typed them, from the boxes the student has already solved
    (question tests marked correct, accepted readings, reference answers) that show ``rule``'s
    notation (``rules.illustrates``): examples taken from the content that never give away an
    answer still to find. Shortest first, spread out."""
    found: list[str] = []
    for box_id in sorted(set(solved)):
        box = content.boxes.get(box_id)
        if box is None or box.kind in ("proof", "derivation", "choice"):
            continue  # orders of keys, workings and choice letters are no typing examples
        names = {s.name for s in box.symbols} | set(box.functions)
        names |= {name for name, _ in box.definitions}
        candidates = [t.input for t in box.tests if t.verdict == "correct"]
        candidates += [r.answer for r in box.accept if r.verdict == "correct"]
        candidates.append(box.answer)
        for text in candidates:
            text = text.strip()
            if _trick(text):
                continue  # "fan_in/fan_in": a test that a disguised 1 reads as 1, no example
            if (
                text
                and text not in found
                and len(text) <= 40
                and "\n" not in text
                and illustrates(rule, text, names, box.kind)
            ):
                found.append(text)
    found.sort(key=len)
    # prefer variety: spread over the list rather than the three shortest
    if len(found) > limit:
        step = len(found) / limit
        found = [found[int(i * step)] for i in range(limit)]
    return found


def _trick(text: str) -> bool:
    """A question test that disguises its value (``x/x``, ``Theta(√n/√n)``)."""
    inner = re.sub(r"^\s*(?:Theta|Θ|O|Omega|Ω)\s*\((.*)\)\s*$", r"\1", text)
    parts = inner.replace(" ", "").split("/")
    return len(parts) == 2 and parts[0] == parts[1] and bool(parts[0])


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


def _keys_shown(keys: userkeymap.UserKeymap, binding_id: str) -> str:
    shown = [keynames.key_display(k) for k in keys.key(binding_id).split(",") if k]
    text = " or ".join(f"`{k}`" for k in dict.fromkeys(shown))
    return text + (" *(yours)*" if binding_id in keys.keys else "")


def _plots_it_works_in(action: str) -> str:
    """For a plot key that changes a setting only some plots have: " (in the plots of 1a,
    …)", the parts from the plots' registry; "" for a key every plot takes."""
    from tutor.plots import registry
    from tutor.ui.screens.plot import action_param
    from tutor.wording import said_list

    param = action_param(action)
    if param is None:
        return ""
    return f" (in the plots of {said_list(registry.parts_with(param))})"


def keys_markdown(keys: userkeymap.UserKeymap) -> list[str]:
    """The key table (the keys in force, the student's keymap applied) and how to change them."""
    lines = ["# Keys", ""]
    for scope, heading in _WHERE:
        if heading is not None:
            lines += ["", f"**{heading}**", ""]
        if scope == "app":
            lines.append("- `Ctrl+P` command palette: every action, and 'open part …'")
            lines.append(
                "- `Tab` / `Shift+Tab` move from box to box; in a working, an explanation or "
                "a reflection `Ctrl+S` or `F5` presses the button under it"
            )
        if scope == "part":
            lines.append("- `Enter` check the answer in the box")
        if scope == "index":
            lines.append("- `Enter` open the highlighted part or box")
            lines.append("- `Space` unfold or fold the highlighted problem or part")
        for a in keymap.ACTIONS:
            if a.scope == scope:
                what = a.help[0].lower() + a.help[1:]
                if scope == "plot":
                    what += _plots_it_works_in(a.action)
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
    keys: userkeymap.UserKeymap = userkeymap.DEFAULT,
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
    for rule in RULES:
        lines.append(f"**{rule.title}.** {rule.how}")
        ex = examples(content, rule, solved)
        if ex:
            lines.append("From boxes you have solved: " + ", ".join(f"`{e}`" for e in ex))
        lines.append("")
    lines += REASONING_HELP
    return "\n".join(lines)


# Proof blocks and derivations (issue 11); the examples are made up, not from the homework.
REASONING_HELP = [
    "# Proofs from blocks",
    "",
    "A proof box gives a pool of blocks, some of which do not belong. Build the argument "
    "in **Your proof**:",
    "",
    "- `Enter` on a block in the pool, or its key (`b`), adds it at the end",
    "- `Shift+↑` / `Shift+↓` (or `[` / `]`) move the selected block of your proof (bold, "
    "in its own colour), from either list",
    "- `Delete` or `Backspace` puts it back in the pool; `↑` `↓` go between the lists (the "
    "one the keyboard is in says `◀ keyboard here`)",
    "- `Ctrl+S` or `F5` checks (the buttons under the lists do the same with the mouse; "
    "`Tab` goes past them to the next box)",
    "",
    "Any order in which every block comes after the blocks it uses is right. Otherwise you "
    "are told the first block that stands before something it uses, what is wrong with a "
    "block that does not belong, and how many edits (adding or removing a block; moving one "
    "is two) separate you from a correct proof. On the command line a proof is its keys in "
    'order: `hw3-tutor grade BOX "a c b"`.',
    "",
    "# Derivations, line by line",
    "",
    "A derivation box takes your working, one step a line (`Enter` starts a new line; "
    "`Ctrl+A` selects it all, then `Del` clears it to start again), "
    "each line an equation in the box's symbols, without units. For example, to solve "
    "3x + 4 = 10:",
    "",
    "```",
    "3x + 4 = 10",
    "3x = 6",
    "x = 2",
    "```",
    "",
    "Under the box each line shows how it is read. `Ctrl+S` or `F5` checks: line 1 must be "
    "the starting equation the box asks for, every line must be equivalent to the one before "
    "(✓ start, ⇔ follows), and the last line gives the value. The first line that does not "
    "follow is named, with the other symbols' values where it fails (\"at a = 3, the value "
    "of x that solves line 1 does not solve line 2\"), never the unknown's value there, which "
    "would give the answer away. A step that holds only "
    "one way, such as squaring "
    "a side that may be negative or dividing by something that may be zero, is marked ⇒ or "
    "⇐. A number may be rounded at its last digit, or cut short after it as a calculator "
    "shows it: `x = 0.667` (or `x ≈ 0.667`) follows from `3x = 2`, marked ≈, and the verdict "
    "says so; `x = 0.668` does not. "
    "With `hw3-tutor grade --batch`, put `\\n` between the lines in the JSON string. "
    "Working pasted from LaTeX or a chat reads too: steps split at `\\\\` or `;`, an "
    "`align` display, `&` marks and step numbers (`1.`, `(2)`, `Step 3:`) are left out.",
    "",
]


def help_page_text(app: Any) -> str:
    """The help page of ``app`` as it stands (its keymap, the boxes solved so far), made once
    per set of solved boxes: the page is the same until another box is solved."""
    state = app.state
    solved = tuple(b for b in app.content.boxes if state.box(b).status == "correct")
    texts = app.help_texts
    text = texts.get(solved)
    if text is None:
        text = help_markdown(app.content, app.user_keymap, solved)
        texts.clear()  # the one for fewer solved boxes is not asked for again
        texts[solved] = text
    return text


def warm_help(app: Any) -> None:
    """Make the help page's text and draw it once, off screen, in a background thread after
    start-up (trial tui3 T11: the first F1 took 2–3 s, later ones 0.4–0.6 s): the first
    reading of the examples, Markdown's parser and the code block's highlighter are paid
    there, not when the student presses F1."""
    import io

    from rich.console import Console
    from rich.markdown import Markdown as RichMarkdown

    text = help_page_text(app)
    console = Console(width=100, file=io.StringIO(), color_system="truecolor")
    console.print(RichMarkdown(text, code_theme=CODE_THEME))


CODE_THEME = "ansi_dark"


class HelpScreen(Screen):
    CSS_PATH = "../pages.tcss"
    BINDINGS = keymap.bindings("help")
    OPENED_BY = "help"  # the app action that opens it: its key is left out of the footer here

    def compose(self) -> ComposeResult:
        yield TutorHeader()
        with VerticalScroll(id="help-body"):
            text = help_page_text(tutor_app(self))
            # One widget drawing the whole page (Rich's Markdown): Textual's Markdown widget
            # made ~270 widgets of it, and laying them out took 0.5–0.9 s to open the help.
            from rich.markdown import Markdown as RichMarkdown

            yield Static(RichMarkdown(text, code_theme=CODE_THEME), id="help-text")
        yield TutorFooter()

    def on_mount(self) -> None:
        self.sub_title = "Help"
        self.query_one("#help-body").focus()
