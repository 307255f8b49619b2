"""Key names: a key as the student writes it (``Ctrl+T``, ``?``) read into Textual's name
(``ctrl+t``, ``question_mark``), and a key written back for people; whether a key would type a
character into an answer box."""

from __future__ import annotations

import unicodedata

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
