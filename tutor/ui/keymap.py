"""Every key the tutor answers to, with a stable binding id, and the student's own keymap.

Keys are chosen so they work while the cursor is in an answer box or a text area: function
keys and ctrl combinations that Textual's Input and TextArea leave free.

A student may remap any binding by id in ``keymap.toml`` in the tutor's config directory
(``$HW3_TUTOR_CONFIG_DIR``, else the platform's user config dir)::

    [keymap]
    "tutor.hint" = "f2"
    "tutor.solution" = "f3,ctrl+o"     # several keys: comma-separated (or a list)

``load_user_keymap`` reads and checks it (unknown ids, keys that are not keys, keys that would be
typed into an answer box instead, a key bound twice on one screen) and never raises: what is
wrong is reported in ``UserKeymap.problems`` and left at its default; the rest applies
(``App.set_keymap``).
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from textual.binding import Binding

from tutor.paths import CONFIG_DIR_ENV  # noqa: F401 - the help screen names it from here

KEYMAP_FILE = "keymap.toml"


@dataclass(frozen=True)
class Action:
    id: str  # binding id, e.g. "tutor.hint"
    key: str  # Textual key string (comma-separated for several keys)
    action: str  # action name on the screen or app
    label: str  # footer label (short)
    help: str  # one line for the help screen and the command palette
    scope: str  # "app" | "part" | "index" | "plot" | "help" | "cards" | "review" | "confirm"
    show: bool = True  # shown in the footer
    priority: bool = False
    typing: bool = False  # must work while the cursor is in an answer box or text area


ACTIONS: tuple[Action, ...] = (
    Action("tutor.hint", "ctrl+t", "hint", "Hint", "Reveal the next hint for this box", "part",
           typing=True),
    Action(
        "tutor.solution",
        "ctrl+o",
        "solution",
        "Solution",
        "Show the worked solution (asks first if you have not solved the part)",
        "part",
        typing=True,
    ),
    Action("tutor.plot", "ctrl+g", "plot", "Plot", "Open this part's plot or explorer", "part",
           typing=True),
    Action("tutor.cards", "ctrl+r", "cards", "Cards", "Reference cards (papers, tables)", "part",
           typing=True),
    Action("tutor.next", "ctrl+n", "next_part", "Next", "Go to the next part", "part",
           typing=True),
    Action("tutor.previous", "ctrl+b", "previous_part", "Prev", "Go to the previous part", "part",
           typing=True),
    Action("tutor.index", "escape", "index", "Index", "Back to the index of problems", "part",
           typing=True),
    Action("tutor.variant", "f9", "variant", "Variant",
           "Practise on another variant of this part: new numbers (once a box is solved)",
           "part", typing=True),
    Action("tutor.handout", "f8", "handout", "Handout",
           "Back from a practice variant to the handout's numbers", "part", typing=True),
    # priority: PageUp/PageDown scroll the part even from a text area (which would move its
    # cursor by a page instead)
    Action("part.page-up", "pageup", "scroll_body(-1)", "Page up",
           "Scroll the part up (statement, hints, solution)", "part", show=False,
           priority=True, typing=True),
    Action("part.page-down", "pagedown", "scroll_body(1)", "Page down",
           "Scroll the part down", "part", show=False, priority=True, typing=True),
    Action("tutor.continue", "c", "continue", "Continue", "Continue where you left off", "index"),
    Action(
        "tutor.index-cards", "ctrl+r", "cards", "Cards", "Reference cards (papers, tables)", "index"
    ),
    Action("tutor.review", "ctrl+l", "review", "Review", "Your history: attempts, hints, time",
           "app", priority=True, typing=True),
    Action("tutor.help", "f1", "help", "Help", "Keys and how to type answers", "app",
           priority=True, typing=True),
    Action("tutor.help-alt", "question_mark", "help", "Help",
           "This help (when not typing in a box)", "app", show=False),
    Action("tutor.quit", "ctrl+q", "quit", "Quit", "Quit (your progress is saved)", "app",
           priority=True, typing=True),
    Action("plot.close", "escape", "close", "Back", "Back from the plot", "plot"),
    Action("plot.cancel", "ctrl+x", "cancel", "Cancel",
           "Cancel a slow plot (the width sweep)", "plot"),
    Action("plot.more", "plus,equals_sign", "samples(2)", "More samples",
           "Double the Monte Carlo samples", "plot"),
    Action("plot.fewer", "minus", "samples(0.5)", "Fewer samples",
           "Halve the Monte Carlo samples", "plot"),
    Action("plot.rebuild", "ctrl+r", "rebuild", "Rebuild", "Build the plot again", "plot"),
    Action("plot.next", "ctrl+n", "next_plot", "Next plot", "The part's next plot", "plot"),
    Action("plot.k-down", "left_square_bracket", "step('every', -1)", "K−",
           "Remat explorer: checkpoint every K−1 layers", "plot"),
    Action("plot.k-up", "right_square_bracket", "step('every', 1)", "K+",
           "Remat explorer: checkpoint every K+1 layers", "plot"),
    Action("plot.n-down", "left_curly_bracket", "step('layers', -1)", "N−",
           "Remat explorer: one layer fewer", "plot", show=False),
    Action("plot.n-up", "right_curly_bracket", "step('layers', 1)", "N+",
           "Remat explorer: one layer more", "plot", show=False),
    Action("help.close", "escape,q", "app.pop_screen", "Close", "Close the help", "help"),
    Action("cards.close", "escape", "app.pop_screen", "Back", "Close the cards", "cards"),
    Action("review.close", "escape", "app.pop_screen", "Back", "Close the review", "review"),
    Action("confirm.yes", "y", "answer(True)", "Yes", "Yes, in a question", "confirm"),
    Action("confirm.no", "n,escape", "answer(False)", "No", "No, in a question", "confirm"),
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

MODIFIERS = ("ctrl", "alt", "shift", "meta", "super", "hyper")

_NAMED_KEYS = frozenset(
    """escape enter tab space backspace delete insert home end pageup pagedown up down left
    right""".split()
    + [f"f{i}" for i in range(1, 25)]
)

# Textual's short names for some characters (textual.keys.KEY_NAME_REPLACEMENTS).
_SHORT_NAMES = {
    "minus": "-",
    "plus": "+",
    "slash": "/",
    "backslash": "\\",
    "at": "@",
    "underscore": "_",
}

_DISPLAY = {
    "escape": "Esc",
    "pageup": "PageUp",
    "pagedown": "PageDown",
    "backspace": "Backspace",
    "delete": "Del",
    "space": "Space",
    "enter": "Enter",
}


def bindings(scope: str) -> list[Binding]:
    """Textual bindings for one scope, each with its id (so a keymap can remap it)."""
    return [
        Binding(a.key, a.action, a.label, show=a.show, id=a.id, priority=a.priority)
        for a in ACTIONS
        if a.scope == scope
    ]


# ----- key names ---------------------------------------------------------------------------


class BadKey(ValueError):
    """A key string that is not a key."""


def normalize_key(text: str) -> str:
    """A key as Textual names it: ``Ctrl+T`` -> ``ctrl+t``, ``?`` -> ``question_mark``.

    Raises ``BadKey`` (a ValueError) with a short reason when ``text`` is not a key.
    """
    raw = text.strip()
    if not raw:
        raise BadKey("an empty key")
    if raw == "+" or raw.endswith("++"):
        pieces = raw[:-1].split("+")[:-1] + ["+"] if raw != "+" else ["+"]
    else:
        pieces = raw.split("+")
    *mods, base = pieces
    mods = [m.strip().lower() for m in mods]
    for m in mods:
        if m not in MODIFIERS:
            raise BadKey(f"{m!r} is not a modifier (use {', '.join(MODIFIERS[:3])})")
    if len(mods) != len(set(mods)):
        raise BadKey("a modifier is repeated")
    base = base.strip()
    if not base:
        raise BadKey("the key after the last '+' is missing")
    if len(base) == 1:
        name = base.lower() if mods else base
        if not name.isalnum():
            name = _char_name(name)
    else:
        name = base.lower()
        if name in ("esc",):
            name = "escape"
        elif name in ("return",):
            name = "enter"
        elif name in ("pgup", "page_up"):
            name = "pageup"
        elif name in ("pgdn", "page_down"):
            name = "pagedown"
        if name not in _NAMED_KEYS and _char_of(name) is None:
            raise BadKey(f"{base!r} is not a key name (e.g. f2, ctrl+t, escape, pageup)")
    ordered = [m for m in MODIFIERS if m in mods]
    return "+".join([*ordered, name])


def _char_name(char: str) -> str:
    from textual.keys import _character_to_key

    return _character_to_key(char)


def _char_of(name: str) -> str | None:
    """The printable character a long key name stands for (``question_mark`` -> ``?``)."""
    if len(name) == 1:
        return name
    if name in _SHORT_NAMES:
        return _SHORT_NAMES[name]
    from textual.keys import _get_unicode_name_from_key

    try:
        char = unicodedata.lookup(_get_unicode_name_from_key(name).replace("_", " "))
    except KeyError:
        return None
    return char if len(char) == 1 and char.isprintable() else None


def is_printable(key: str) -> bool:
    """Whether pressing ``key`` would type a character into an answer box."""
    *mods, base = key.split("+")
    if any(m in ("ctrl", "alt", "meta", "super", "hyper") for m in mods):
        return False
    return base not in _NAMED_KEYS and _char_of(base) is not None


def key_display(key: str) -> str:
    """How a key is written for people: ``ctrl+t`` -> ``Ctrl+T``, ``question_mark`` -> ``?``.

    For several keys (``plus,equals_sign``) only the first is shown.
    """
    first = key.split(",")[0].strip()
    if not first:
        return ""
    *mods, base = first.split("+") if first != "+" else ["+"]
    if base in _DISPLAY:
        shown = _DISPLAY[base]
    elif len(base) == 1:
        shown = base.upper() if mods else base
    elif base in _NAMED_KEYS:
        shown = base.upper() if base.startswith("f") and base[1:].isdigit() else base.capitalize()
    else:
        shown = _char_of(base) or base
    return "+".join([*(m.capitalize() for m in mods), shown])


# ----- the student's keymap ------------------------------------------------------------------


def config_dir() -> Path:
    """The tutor's config directory: $HW3_TUTOR_CONFIG_DIR, else the platform's user config dir."""
    from tutor import paths

    return paths.config_dir()


@dataclass(frozen=True)
class UserKeymap:
    """The keymap in force: the student's remappings that were accepted, and what was not."""

    keys: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    problems: tuple[str, ...] = ()
    path: Path | None = None

    def key(self, binding_id: str) -> str:
        """The effective key string of a binding (the student's, else the default)."""
        if binding_id in self.keys:
            return self.keys[binding_id]
        action = BY_ID.get(binding_id)
        return action.key if action is not None else ""

    def display(self, binding_id: str) -> str:
        """The effective key of a binding, written for people (``F2``, ``Ctrl+T``)."""
        return key_display(self.key(binding_id))


DEFAULT = UserKeymap()


def load_user_keymap(directory: Path | None = None) -> UserKeymap:
    """Read ``keymap.toml`` from ``directory`` (default: ``config_dir()``). Never raises."""
    try:
        path = (directory if directory is not None else config_dir()) / KEYMAP_FILE
    except Exception as exc:  # noqa: BLE001 - no config dir at all: defaults
        return UserKeymap(problems=(f"no config directory ({exc}); using the default keys",))
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return UserKeymap(path=path)
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        return UserKeymap(problems=(f"cannot be read ({reason}); default keys",), path=path)
    return parse_keymap(raw, path)


def parse_keymap(raw: bytes | str, path: Path | None = None) -> UserKeymap:
    """Check a keymap file's text; see ``load_user_keymap``."""
    import tomllib

    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        data = tomllib.loads(text)
    except UnicodeDecodeError:
        return UserKeymap(problems=("not UTF-8 text; using the default keys",), path=path)
    except tomllib.TOMLDecodeError as exc:
        return UserKeymap(problems=(f"not valid TOML ({exc}); using the default keys",), path=path)
    problems: list[str] = []
    for name in data:
        if name != "keymap":
            problems.append(f"unknown section [{name}] ignored (use [keymap])")
    table = data.get("keymap", {})
    if not isinstance(table, dict):
        problems.append("'keymap' must be a table: [keymap]")
        table = {}
    wanted: dict[str, str] = {}
    for binding_id, value in _flatten(table):
        action = BY_ID.get(binding_id)
        if action is None:
            close = difflib.get_close_matches(binding_id, list(BY_ID), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            problems.append(f"unknown binding id {binding_id!r}{hint}")
            continue
        keys = _keys_of(binding_id, value, problems)
        if keys is None:
            continue
        bad = _unfit(action, keys)
        if bad:
            problems.append(
                f"{binding_id} = {_shown(value)}: {bad}; kept {key_display(action.key)}"
            )
            continue
        wanted[binding_id] = ",".join(keys)
    _drop_clashes(wanted, problems)
    return UserKeymap(MappingProxyType(dict(wanted)), tuple(problems), path)


def _flatten(table: dict, prefix: str = "") -> list[tuple[str, object]]:
    """``tutor.hint = "f2"`` without quotes is a nested table in TOML: read it as the id."""
    out: list[tuple[str, object]] = []
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out += _flatten(value, name + ".")
        else:
            out.append((name, value))
    return out


def _shown(value: object) -> str:
    return f'"{value}"' if isinstance(value, str) else repr(value)


def _keys_of(binding_id: str, value: object, problems: list[str]) -> list[str] | None:
    if isinstance(value, str):
        texts = value.split(",") if value.strip() not in (",",) else [value]
    elif isinstance(value, list) and all(isinstance(v, str) for v in value):
        texts = list(value)
    else:
        problems.append(f'{binding_id}: the key must be a string such as "f2", not {value!r}')
        return None
    keys: list[str] = []
    for text in texts:
        try:
            key = normalize_key(text)
        except BadKey as exc:
            problems.append(f"{binding_id} = {_shown(value)}: {exc}")
            return None
        if key not in keys:
            keys.append(key)
    if not keys:
        problems.append(f"{binding_id}: no key given (remove the line to keep the default)")
        return None
    return keys


def _unfit(action: Action, keys: list[str]) -> str:
    """Why these keys cannot serve this binding ('' when they can)."""
    for key in keys:
        if key in RESERVED:
            return f"{key_display(key)} is used for {RESERVED[key]}"
        if action.typing and is_printable(key):
            return f"{key_display(key)} would be typed into an answer box instead"
        if action.typing and key in EDITING_KEYS:
            return f"{key_display(key)} edits the text in an answer box"
    return ""


def _drop_clashes(wanted: dict[str, str], problems: list[str]) -> None:
    """A key bound twice on one screen: the student's entries involved keep their default."""
    while True:
        clash = _first_clash(wanted)
        if clash is None:
            return
        key, ids = clash
        mine = [i for i in ids if i in wanted]
        others = " and ".join(ids)
        for binding_id in mine:
            del wanted[binding_id]
            default = key_display(BY_ID[binding_id].key)
            problems.append(
                f"{key_display(key)} is bound twice ({others}); {binding_id} keeps {default}"
            )


def _first_clash(wanted: Mapping[str, str]) -> tuple[str, list[str]] | None:
    for scopes in SCREENS.values():
        owner: dict[str, str] = {}
        for action in ACTIONS:
            if action.scope not in scopes:
                continue
            for key in wanted.get(action.id, action.key).split(","):
                other = owner.get(key)
                # the same action under two ids (the index's own Cards key) is no clash
                if other is not None and BY_ID[other].action != action.action:
                    return key, [other, action.id]
                owner.setdefault(key, action.id)
    return None
