"""Every key the tutor answers to, with a stable binding id (the student's own keymap, which
remaps them by id: ``tutor.ui.userkeymap``; key names: ``tutor.ui.keynames``).

Keys are chosen so they work while the cursor is in an answer box or a text area: function
keys and ctrl combinations that Textual's Input and TextArea leave free.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from textual.binding import Binding

from tutor.paths import CONFIG_DIR_ENV  # noqa: F401 - the help screen names it from here


@dataclass(frozen=True)
class Action:
    id: str  # binding id, e.g. "tutor.hint"
    key: str  # Textual key string (comma-separated for several keys)
    action: str  # action name on the screen or app
    label: str  # footer label (short)
    help: str  # one line for the help screen and the command palette
    scope: str  # "app" | "part" | "index" | "plot" | "help" | "cards" | "review" | "confirm"
    show: bool = True  # shown in the footer
    # how much the footer needs it: when the keys do not fit the terminal's width, the highest
    # ranks are left out first (they stay in F1's help and the Ctrl+P palette); 0: always shown
    rank: int = 2
    priority: bool = False
    typing: bool = False  # must work while the cursor is in an answer box or text area


ACTIONS: tuple[Action, ...] = (
    Action("tutor.hint", "ctrl+t", "hint", "Hint", "Reveal the next hint for this box", "part",
           typing=True, rank=1),
    Action(
        "tutor.solution",
        "ctrl+o",
        "solution",
        "Solution",
        "Show the worked solution (asks first if you have not solved the part)",
        "part",
        typing=True,
        rank=1,
    ),
    Action("tutor.plot", "ctrl+g", "plot", "Plot", "Open this part's plot or explorer", "part",
           typing=True, rank=2),
    Action("tutor.cards", "ctrl+r", "cards", "Cards", "Reference cards (papers, tables)", "part",
           typing=True, rank=3),
    Action("tutor.next", "ctrl+n", "next_part", "Next", "Go to the next part", "part",
           typing=True),
    Action("tutor.previous", "ctrl+b", "previous_part", "Prev", "Go to the previous part", "part",
           typing=True, rank=3),
    Action("tutor.index", "escape", "index", "Index", "Back to the index of problems", "part",
           typing=True, rank=1),  # the way out: kept before Plot, Next, Prev, Review, Cards
    Action("tutor.variant", "f9", "variant", "Variant",
           "Practise on another variant of this part: new numbers (once a box is solved)",
           "part", typing=True, rank=1),
    Action("tutor.handout", "f8", "handout", "Handout",
           "Back from a practice variant to the handout's numbers", "part", typing=True, rank=1),
    # priority: PageUp/PageDown scroll the part even from a text area (which would move its
    # cursor by a page instead)
    Action("part.page-up", "pageup", "scroll_body(-1)", "Page up",
           "Scroll the part up (statement, hints, solution)", "part", show=False,
           priority=True, typing=True),
    Action("part.page-down", "pagedown", "scroll_body(1)", "Page down",
           "Scroll the part down", "part", show=False, priority=True, typing=True),
    Action("tutor.continue", "c", "continue", "Continue", "Continue where you left off", "index",
           rank=1),
    # priority: the outline would take them to scroll sideways
    Action("index.fold", "left", "unfold(False)", "Fold",
           "Fold it again (on a part or a box: go to the line that holds it)", "index",
           priority=True, rank=3),
    Action("index.unfold", "right", "unfold(True)", "Unfold",
           "Unfold the highlighted problem or part into its parts or boxes",
           "index", priority=True, rank=3),
    Action(
        "tutor.index-cards", "ctrl+r", "cards", "Cards", "Reference cards (papers, tables)", "index"
    ),
    Action("tutor.review", "ctrl+l", "review", "Review", "Your history: attempts, hints, time",
           "app", priority=True, typing=True, rank=3),
    Action("tutor.help", "f1", "help", "Help", "Keys and how to type answers", "app",
           priority=True, typing=True, rank=0),
    Action("tutor.help-alt", "question_mark", "help", "Help",
           "This help (when not typing in a box)", "app", show=False),
    Action("tutor.quit", "ctrl+q", "quit", "Quit", "Quit (your progress is saved)", "app",
           priority=True, typing=True, rank=0),
    Action("plot.close", "escape", "close", "Back", "Back from the plot", "plot", rank=1),
    Action("plot.cancel", "ctrl+x", "cancel", "Cancel",
           "Cancel the build under way (the width sweep, a Monte Carlo plot)", "plot"),
    Action("plot.more", "plus,equals_sign", "samples(2)", "More samples",
           "Double the Monte Carlo samples", "plot"),
    Action("plot.fewer", "minus", "samples(0.5)", "Fewer samples",
           "Halve the Monte Carlo samples", "plot"),
    Action("plot.rebuild", "ctrl+r", "rebuild", "Rebuild", "Build the plot again", "plot",
           rank=3),
    Action("plot.next", "ctrl+n", "next_plot", "Next plot", "The part's next plot", "plot"),
    Action("plot.k-down", "left_square_bracket", "step('every', -1)", "K−",
           "Remat explorer: checkpoint every K−1 layers", "plot"),
    Action("plot.k-up", "right_square_bracket", "step('every', 1)", "K+",
           "Remat explorer: checkpoint every K+1 layers", "plot"),
    Action("plot.n-down", "left_curly_bracket", "step('layers', -1)", "N−",
           "Remat explorer: one layer fewer", "plot"),
    Action("plot.n-up", "right_curly_bracket", "step('layers', 1)", "N+",
           "Remat explorer: one layer more", "plot"),
    Action("help.close", "escape,q", "app.pop_screen", "Close", "Close the help", "help", rank=1),
    Action("cards.close", "escape", "app.pop_screen", "Back", "Close the cards", "cards",
           rank=1),
    Action("review.close", "escape", "app.pop_screen", "Back", "Close the review", "review",
           rank=1),
    Action("confirm.yes", "y", "answer(True)", "Yes", "Yes, in a question", "confirm",
           rank=0),
    Action("confirm.no", "n,escape", "answer(False)", "No", "No, in a question", "confirm",
           rank=0),
)  # fmt: skip

BY_ID: Mapping[str, Action] = MappingProxyType({a.id: a for a in ACTIONS})

# The scopes active together on each screen (a key may be bound only once per screen).
SCREENS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "part": ("app", "part"),
        "index": ("app", "index"),
        "plot": ("app", "plot"),
        "help": ("app", "help"),
        "cards": ("app", "cards"),
        "review": ("app", "review"),
        "confirm": ("app", "confirm"),
    }
)

# Keys Textual itself uses everywhere: the command palette, copy/quit, focus movement.
RESERVED: Mapping[str, str] = MappingProxyType(
    {
        "ctrl+p": "the command palette",
        "ctrl+c": "copy",
        "tab": "moving between boxes",
        "shift+tab": "moving between boxes",
    }
)

# Keys an answer box or text area uses for editing (Textual's Input and TextArea bindings).
EDITING_KEYS = frozenset(
    """alt+backspace alt+delete backspace ctrl+a ctrl+backspace ctrl+d ctrl+e ctrl+k
    ctrl+left ctrl+right ctrl+shift+a ctrl+shift+k ctrl+shift+left ctrl+shift+right ctrl+u
    ctrl+v ctrl+w ctrl+x ctrl+y ctrl+z delete down end enter f6 f7 home left right up space
    shift+down shift+end shift+home shift+left shift+right shift+up super+backspace super+c
    super+x super+y super+z""".split()
)


def bindings(scope: str) -> list[Binding]:
    """Textual bindings for one scope, each with its id (so a keymap can remap it)."""
    return [
        Binding(a.key, a.action, a.label, show=a.show, id=a.id, priority=a.priority)
        for a in ACTIONS
        if a.scope == scope
    ]
