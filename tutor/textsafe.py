"""Text from outside, made safe to print: the one escaping function for terminal output.

Session logs, content files, file names and what a student typed can hold characters a
terminal obeys instead of showing: escape sequences (``ESC ] 52`` sets the clipboard, others
retitle the window or clear the screen), carriage returns that overwrite a line, bidirectional
overrides that reorder what is read, lone surrogates that cannot even be encoded. Everything
the command line prints that came from outside goes through :func:`visible`, which shows
such characters as escapes (``\\x1b``, ``\\r``, ``\\u202e``), never raw, and cuts long text
with a marker saying how much was left out. :func:`json_text` is its counterpart for JSON
output: valid JSON (no ``NaN``), UTF-8 encodable, the same characters escaped by JSON's own
``\\u`` notation.

Only the standard library is imported; this module sits in the bottom layer.
"""

from __future__ import annotations

import json
import math
import os
import re
from typing import Any, Final

DEFAULT_LIMIT: Final = 200  # characters of one field shown in a terminal report
ELLIPSIS: Final = "…"

# anything but printable ASCII (with or without newline and tab): only these need a look
_SUSPECT = re.compile(r"[^ -~]")
_SUSPECT_LINES = re.compile(r"[^ -~\n\t]")
_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


class Cut(str):
    """A string cut short when it was read, knowing how many characters it lost.

    Readers keep a bounded prefix of an oversized field; :func:`visible` and
    :func:`full_length` count the characters left out, so the marker stays truthful.
    """

    omitted: int

    def __new__(cls, text: str, omitted: int) -> Cut:
        self = super().__new__(cls, text)
        self.omitted = omitted
        return self

    def __reduce__(self) -> tuple:
        return (Cut, (str(self), self.omitted))


def full_length(text: str) -> int:
    """The length ``text`` had before a reader cut it."""
    return len(text) + getattr(text, "omitted", 0)


def bounded(text: str, limit: int) -> str:
    """``text`` itself when at most ``limit`` characters, else its first ``limit`` as a
    :class:`Cut` (what a reader keeps of a field)."""
    if len(text) <= limit:
        return text
    return Cut(text[:limit], full_length(text) - limit)


def more_marker(omitted: int) -> str:
    """The marker put after a cut text."""
    return f"{ELLIPSIS} ({omitted:,} more characters)"


def escape_char(ch: str) -> str:
    """How one character that must not reach a terminal raw is shown."""
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (a file name, via surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _escape_match(match: re.Match[str]) -> str:
    ch = match.group()
    return ch if ch.isprintable() else escape_char(ch)


def _as_text(text: object) -> str:
    if isinstance(text, str):
        return text
    if isinstance(text, os.PathLike):
        text = os.fspath(text)
    if isinstance(text, (bytes, bytearray)):
        return bytes(text).decode("utf-8", "surrogateescape")
    return str(text)


def _cut(text: object, limit: int | None) -> tuple[str, int]:
    """The part of ``text`` to show (a plain ``str``) and how many characters are left out."""
    text = _as_text(text)
    omitted = getattr(text, "omitted", 0)
    if limit is not None and len(text) > limit:
        omitted += len(text) - limit
        text = text[:limit]
    return str(text), omitted


def _escape(text: str, newlines: bool) -> str:
    pattern = _SUSPECT_LINES if newlines else _SUSPECT
    return pattern.sub(_escape_match, text) if pattern.search(text) else text


def visible(text: object, limit: int | None = DEFAULT_LIMIT, *, newlines: bool = False) -> str:
    """``text`` as it may be printed to a terminal.

    Control characters (C0, DEL, C1: so every ANSI/OSC escape sequence), format characters
    (bidirectional overrides and isolates, zero-width characters, the BOM), line and paragraph
    separators, lone surrogates and anything else not printable are shown as escapes
    (``\\x1b``, ``\\u202e``, a byte of a non-UTF-8 file name as ``\\xff``); everything else,
    backslashes included, as it is. With ``newlines=True`` line breaks and tabs are kept (a
    carriage return never is). Text longer than ``limit`` characters is cut, with a marker
    saying how many were left out (a :class:`Cut` counts what its reader dropped).
    """
    shown, omitted = _cut(text, limit)
    shown = _escape(shown, newlines)
    return shown + more_marker(omitted) if omitted else shown


def quoted(text: object, limit: int | None = DEFAULT_LIMIT) -> str:
    """A student's text quoted on one line: ``"…"`` with :func:`visible`'s escapes, and the
    marker of a cut text after the closing quote."""
    shown, omitted = _cut(text, limit)
    return f'"{_escape(shown, False)}"' + (more_marker(omitted) if omitted else "")


def json_safe(value: Any, _depth: int = 0) -> Any:
    """``value`` with what JSON cannot hold replaced: non-finite floats become ``None``,
    tuples lists, keys strings; nested deeper than 64 levels becomes ``None``."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if value is None or isinstance(value, (str, int, bool)):
        return value
    if _depth > 64:
        return None
    if isinstance(value, dict):
        return {str(k): json_safe(v, _depth + 1) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v, _depth + 1) for v in value]
    if isinstance(value, os.PathLike):
        return os.fspath(value) if isinstance(os.fspath(value), str) else str(value)
    return str(value)


# characters JSON leaves raw with ensure_ascii=False that a terminal would obey or that are
# invisible; outside strings JSON text is ASCII, so each one sits inside a string
_JSON_SUSPECT = re.compile(r"[^\n -~]")


def _json_escape(match: re.Match[str]) -> str:
    ch = match.group()
    if ch.isprintable():
        return ch
    code = ord(ch)
    if code <= 0xFFFF:  # lone surrogates included: JSON writes them as \udXXX
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def json_text(value: Any, **kwargs: Any) -> str:
    """``value`` as JSON text that is valid (no ``NaN`` or ``Infinity``), encodes as UTF-8
    whatever strings it holds, and shows no control, format or unprintable character raw
    (they are written as JSON ``\\u`` escapes, which read back as the same characters).
    Readable Unicode stays as it is. ``kwargs`` go to ``json.dumps`` (``indent``...)."""
    text = json.dumps(json_safe(value), ensure_ascii=False, allow_nan=False, **kwargs)
    return _JSON_SUSPECT.sub(_json_escape, text) if _JSON_SUSPECT.search(text) else text
