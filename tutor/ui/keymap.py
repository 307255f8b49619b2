"""Every key the tutor answers to, with a stable binding id (Textual keymaps can remap by id).

Keys are chosen so they work while the cursor is in an answer box or a text area: function
keys and ctrl combinations that Textual's Input and TextArea leave free.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True)
class Action:
    id: str  # binding id, e.g. "tutor.hint"
    key: str  # Textual key string
    action: str  # action name on the screen or app
    label: str  # footer label (short)
    help: str  # one line for the help screen and the command palette
    scope: str  # "app" | "part" | "index" | "plot"


ACTIONS: tuple[Action, ...] = (
    Action("tutor.hint", "ctrl+t", "hint", "Hint", "Reveal the next hint for this box", "part"),
    Action(
        "tutor.solution",
        "ctrl+o",
        "solution",
        "Solution",
        "Show the worked solution (asks first if you have not solved the part)",
        "part",
    ),
    Action("tutor.plot", "ctrl+g", "plot", "Plot", "Open this part's plot or explorer", "part"),
    Action("tutor.cards", "ctrl+r", "cards", "Cards", "Reference cards (papers, tables)", "part"),
    Action("tutor.next", "ctrl+n", "next_part", "Next", "Go to the next part", "part"),
    Action("tutor.previous", "ctrl+b", "previous_part", "Prev", "Go to the previous part", "part"),
    Action("tutor.index", "escape", "index", "Index", "Back to the index of problems", "part"),
    Action("tutor.open", "enter", "open_selected", "Open", "Open the selected part", "index"),
    Action("tutor.continue", "c", "continue", "Continue", "Continue where you left off", "index"),
    Action(
        "tutor.index-cards", "ctrl+r", "cards", "Cards", "Reference cards (papers, tables)", "index"
    ),
    Action(
        "tutor.review", "ctrl+l", "review", "Review", "Your history: attempts, hints, time", "app"
    ),
    Action("tutor.help", "f1", "help", "Help", "Keys and how to type answers", "app"),
    Action("tutor.quit", "ctrl+q", "quit", "Quit", "Quit (your progress is saved)", "app"),
)


def bindings(scope: str) -> list[Binding]:
    out = [
        Binding(a.key, a.action, a.label, id=a.id, priority=a.scope == "app")
        for a in ACTIONS
        if a.scope == scope and a.id != "tutor.open"
    ]
    if scope == "app":
        out.append(Binding("question_mark", "help", "Help", show=False, id="tutor.help-alt"))
    return out


def key_display(key: str) -> str:
    """How a key is written for people: ctrl+t -> Ctrl+T."""
    parts = key.split("+")
    return "+".join(p.upper() if len(p) == 1 else p.capitalize() for p in parts)
