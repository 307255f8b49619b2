"""The student's own keymap: ``keymap.toml`` in the tutor's config directory
(``$HW3_TUTOR_CONFIG_DIR``, else the platform's user config dir) remaps any binding by id::

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
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from tutor.ui.keymap import ACTIONS, BY_ID, EDITING_KEYS, RESERVED, SCREENS, Action
from tutor.ui.keynames import BadKey, is_printable, key_display, normalize_key

KEYMAP_FILE = "keymap.toml"


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
