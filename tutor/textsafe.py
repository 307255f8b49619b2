"""Text from outside, made safe to print: the one escaping function for terminal output.

Session logs, content files, file names and what a student typed can hold characters a
terminal obeys instead of showing: escape sequences (``ESC ] 52`` sets the clipboard, others
retitle the window or clear the screen), carriage returns that overwrite a line, bidirectional
overrides that reorder what is read, lone surrogates that cannot even be encoded. Everything
the command line prints that came from outside goes through :func:`visible`, which shows
such characters as escapes (``\\x1b``, ``\\r``, ``\\u202e``), never raw, and cuts long text
with a marker saying how much was left out. A student's answer echoed back goes through
:func:`excerpt` (its start and its end when long) or :func:`pointed` (a window around the
column the checker points at, and the caret line under it), so it always fits one line.
:func:`json_text` is the counterpart of :func:`visible` for JSON output: valid JSON (no
``NaN``), UTF-8 encodable, the same characters escaped by JSON's own ``\\u`` notation.

Only the standard library is imported; this module sits in the bottom layer.
"""

from __future__ import annotations

import json
import math
import os
import re
import unicodedata
from typing import Any, Final

DEFAULT_LIMIT: Final = 200  # characters of one field shown in a terminal report
ECHO_WIDTH: Final = 68  # terminal cells of a student's answer echoed on one line (80 less a label)
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


def cut_like(text: str, source: str) -> str:
    """``text``, made from ``source`` (respaced, normalized, one of its lines): a :class:`Cut`
    that lost what ``source`` lost when its reader cut it, so every display of it still says
    how many characters the original had beyond what is shown."""
    omitted = getattr(source, "omitted", 0)
    return Cut(text, omitted) if omitted and not getattr(text, "omitted", 0) else text


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


def _cells(text: str) -> int:
    """How many terminal cells ``text`` takes: wide characters two, combining marks none."""
    if text.isascii():
        return len(text)
    return sum(
        0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        for ch in text
    )


def _unit(ch: str) -> tuple[str, int]:
    """One character as shown (escaped when a terminal would obey it) and its cells."""
    shown = ch if ch.isprintable() else escape_char(ch)
    return shown, _cells(shown)


def _fits(text: str, width: int) -> bool:
    """Whether ``text``, shown, takes at most ``width`` cells (counted no further than that)."""
    if len(text) > 8 * width:  # combining marks take no cell, but never eight to a cell
        return False
    cells = 0
    for ch in text:
        cells += _unit(ch)[1]
        if cells > width:
            return False
    return True


def _walk(text: str, start: int, step: int, width: int) -> list[tuple[str, int]]:
    """The characters from ``text[start]`` on (``step`` 1) or back (-1), shown, while they
    fit in ``width`` cells."""
    out: list[tuple[str, int]] = []
    cells = 0
    i = start
    while 0 <= i < len(text) and len(out) < 4 * width:  # marks take no cell, nor many to one
        unit = _unit(text[i])
        if cells + unit[1] > width:
            break
        out.append(unit)
        cells += unit[1]
        i += step
    return out


def _joined(units: list[tuple[str, int]]) -> str:
    return "".join(shown for shown, _ in units)


def _width(units: list[tuple[str, int]]) -> int:
    return sum(cells for _, cells in units)


def _without_leading_marks(units: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """``units`` (read left to right) less the combining marks at the start, whose base was
    cut off."""
    k = 0
    while k < len(units) and units[k][1] == 0 and unicodedata.combining(units[k][0]):
        k += 1
    return units[k:]


def _ends(text: str, width: int) -> tuple[str, str, str]:
    """The start and the end of a long ``text`` (shown) in ``width`` cells, and what goes
    between them: ``… (N characters) …``, N counting what lies between (spaces at a cut
    among them), or a bare ``…`` where ``width`` has no room for that."""
    marker_room = len(_left_out(len(text)))
    short = width - marker_room < 8
    room = max(2, width - (1 if short else marker_room))
    head = _walk(text, 0, 1, (room + 1) // 2)
    tail = _without_leading_marks(_walk(text, len(text) - 1, -1, room // 2)[::-1])
    while head and head[-1][0] == " ":
        head.pop()
    while tail and tail[0][0] == " ":
        tail.pop(0)
    count = len(text) - len(head) - len(tail)
    return _joined(head), ELLIPSIS if short else _left_out(count), _joined(tail)


def _left_out(count: int) -> str:
    return f" {ELLIPSIS} ({count:,} characters) {ELLIPSIS} "


def excerpt(text: object, width: int = ECHO_WIDTH) -> str:
    """A student's text echoed on one line of at most ``width`` cells, escaped as by
    :func:`visible`: whole when it fits, else its start and its end around
    ``… (N characters) …``, N counting the characters left out. A text its reader cut (a
    :class:`Cut`) has no end to show: its start, and the marker of all it lost."""
    text = _as_text(text)
    total = full_length(text)
    if total > len(text):
        kept = _walk(text, 0, 1, max(1, width - len(more_marker(total))))
        return _joined(kept) + more_marker(total - len(kept))
    if _fits(text, width):
        return _escape(str(text), False)
    head, between, tail = _ends(str(text), width)
    return head + between + tail


def pointed(text: object, column: int, width: int = ECHO_WIDTH) -> tuple[str, str]:
    """Where the checker points in a student's text: the text on one line of at most
    ``width`` cells, and a line with a ``^`` under ``text[column]`` (just after the text
    when ``column`` is its length), each to be printed from the same column.

    The text is escaped as by :func:`visible` (the caret goes under an escape's backslash);
    too long to fit, it is a window around the column, ``…`` marking each end that was cut.
    Wide characters take two cells, combining marks none, as a terminal shows them."""
    text = str(_as_text(text))
    column = min(max(column, 0), len(text))
    if _fits(text, width - 1):  # a cell spare for a caret after the end
        return _escape(text, False), " " * _width(_walk(text, 0, 1, width)[:column]) + "^"
    room = max(1, width - 2)  # less a "…" at each end
    target = [_unit(text[column])] if column < len(text) else []
    room -= _width(target) if target else 1  # past the end, the caret takes a cell
    left = _walk(text, column - 1, -1, room * 2 // 3)  # more of what led to the error
    right = _walk(text, column + len(target), 1, room - _width(left))
    left += _walk(text, column - 1 - len(left), -1, room - _width(left) - _width(right))
    left = _without_leading_marks(left[::-1])
    lo, hi = column - len(left), column + len(target) + len(right)
    head = ELLIPSIS if lo > 0 else ""
    line = head + _joined(left + target + right) + (ELLIPSIS if hi < len(text) else "")
    return line, " " * (len(head) + _width(left)) + "^"


def quoted(text: object, limit: int | None = DEFAULT_LIMIT) -> str:
    """A student's text quoted on one line: ``"…"`` with :func:`visible`'s escapes. Longer
    than ``limit``, its start and its end each quoted, around ``… (N characters) …``; cut
    by its reader (a :class:`Cut`, whose end is lost), its start and the marker of a cut."""
    text = _as_text(text)
    if limit is not None and len(text) > limit and not getattr(text, "omitted", 0):
        head, between, tail = _ends(str(text), limit)
        return f'"{head}"{between}"{tail}"'
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


_SENTENCE_END = re.compile(r"[.!?…][)\]”’\"']*(?=\s|$)")


def wrapped(text: str, width: int) -> list[str]:
    """``text`` as lines of at most ``width`` cells (``_wrapped``): a table cell written out
    line by line is as tall as it is measured."""
    return _wrapped(text, max(1, width))


def _wrapped(text: str, width: int) -> list[str]:
    """``text`` as lines of at most ``width`` cells: its own lines, each wrapped at spaces
    (a word wider than the line is broken), as a terminal widget wraps words."""
    out: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            while _cells(word) > width:  # a word wider than the line: broken where it ends
                if line:
                    out.append(line)
                    line = ""
                cut = len(word)
                while cut > 1 and _cells(word[:cut]) > width:
                    cut -= 1
                out.append(word[:cut])
                word = word[cut:]
            if not line:
                line = word
            elif _cells(line) + 1 + _cells(word) <= width:
                line = f"{line} {word}"
            else:
                out.append(line)
                line = word
        out.append(line.rstrip())
    return out


def shortened(text: str, width: int, lines: int) -> str:
    """``text`` as it is when, wrapped at ``width`` cells, it takes at most ``lines`` lines;
    else cut after the last sentence that fits, or, when not even the first one does, at a
    word with "…" (a notice at 80×24 was cut mid-sentence with no sign). The text kept is
    the text's own start: its line breaks are not written out."""
    width = max(4, width)
    if len(_wrapped(text, width)) <= lines:
        return text
    lines = max(1, lines)
    for m in reversed(list(_SENTENCE_END.finditer(text))):
        kept = text[: m.end()].rstrip()
        if len(_wrapped(kept, width)) <= lines:
            return kept
    wrapped = _wrapped(text, width)[:lines]
    last = wrapped[-1]
    if _cells(last) + 1 > width:  # no room for the mark: the last word goes
        head, _, _ = last.rpartition(" ")
        last = head or last
        while last and _cells(last) + 1 > width:
            last = last[:-1]
    # the text's start up to where the last line kept ends (its own spaces and breaks)
    at = 0
    for line in wrapped[:-1]:
        at = text.index(line, at) + len(line)
    at = text.index(last, at) + len(last) if last else at
    return text[:at].rstrip(" ,;:—-\n") + ELLIPSIS
