r"""Control characters in texts: a TOML escape that ate a LaTeX command.

In a basic TOML string (double quotes, or three of them) TOML reads \t, \n, \f, \b and \r as
control characters, so '\theta' arrives as a TAB and 'heta', '\frac' as a form feed and 'rac'.
Nothing else fails: the text just shows wrong. The invisible Unicode format characters (bidi
overrides and isolates such as U+202E, zero-width ones such as U+200B and U+FEFF) are refused
the same way: they reorder or hide what the student reads. Every such character in a text is
reported (a newline only where it completes a LaTeX command such as \nabla), with the command it
came from and its column; the same slip more than once on a line is one issue naming every column.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tutor.content.issues import ContentIssue
from tutor.content.positions import LineLocator, format_key
from tutor.wording import said_list

if TYPE_CHECKING:
    from tutor.content.loader import _FileReader


_ESCAPED = {"\t": "t", "\n": "n", "\f": "f", "\b": "b", "\r": "r"}
_CONTROL_NAMES = {
    "\t": "a TAB",
    "\n": "a line break",
    "\f": "a form feed",
    "\b": "a backspace",
    "\r": "a carriage return",
    "\x1b": "an escape character (ESC)",
    "\x7f": "a delete character (DEL)",
}
# LaTeX commands an author may write (math and text), by their first letter after the backslash
_LATEX_COMMANDS = frozenset(
    """theta tau times text textbf textit textrm tfrac tilde top to triangle tan tanh tt
    nabla neq neg nu not notin newline nleq ngeq nolimits nonumber nexists nsubseteq
    frac forall flat
    beta bar big bigl bigr bigg binom boldsymbol bm bf bullet bot backslash begin bmatrix
    rho right rangle rm rightarrow rceil rfloor rvert rVert""".split()
)
# After a line break only the unmistakable ones: a line may well start with 'e.g.' or 'u ='
_AFTER_NEWLINE_MIN = 2
# Unicode format characters a text never needs and that change how it shows: the bidi
# overrides, embeddings and isolates (which reorder what follows: U+202E shows "ab" as "ba")
# and the zero-width characters (invisible: a word looks like another)
_FORMAT_NAMES = {
    "\u200b": "a zero-width space (U+200B)",
    "\u200c": "a zero-width non-joiner (U+200C)",
    "\u200d": "a zero-width joiner (U+200D)",
    "\u200e": "a left-to-right mark (U+200E)",
    "\u200f": "a right-to-left mark (U+200F)",
    "\u061c": "an Arabic letter mark (U+061C)",
    "\u202a": "a left-to-right embedding (U+202A)",
    "\u202b": "a right-to-left embedding (U+202B)",
    "\u202c": "a pop directional formatting (U+202C)",
    "\u202d": "a left-to-right override (U+202D)",
    "\u202e": "a right-to-left override (U+202E)",
    "\u2060": "a word joiner (U+2060)",
    "\u2066": "a left-to-right isolate (U+2066)",
    "\u2067": "a right-to-left isolate (U+2067)",
    "\u2068": "a first strong isolate (U+2068)",
    "\u2069": "a pop directional isolate (U+2069)",
    "\ufeff": "a zero-width no-break space (U+FEFF, a byte order mark)",
}
_CONTROL_RE = re.compile("[\x00-\x1f\x7f" + "".join(_FORMAT_NAMES) + "]")
_LETTERS_RE = re.compile(r"[A-Za-z]*")
_CONTROL_FIX = (
    "write the field as a literal string '''…''' (backslashes kept as typed), or double "
    'the backslash in a "…" string (\\\\{cmd})'
)


def _corrupted_command(value: str, at: int) -> str | None:
    """The LaTeX command a control character at ``at`` is left of ('theta'), if any."""
    ch = value[at]
    letter = _ESCAPED.get(ch)
    if letter is None:
        return None
    m = _LETTERS_RE.match(value, at + 1)
    rest = m.group(0) if m else ""
    command = letter + rest
    if command not in _LATEX_COMMANDS:
        return None
    if ch == "\n":
        after = value[at + 1 + len(rest) : at + 2 + len(rest)]
        if len(rest) < _AFTER_NEWLINE_MIN and after not in ("_", "^", "{", "\\"):
            return None  # "\nu_i" is ν; a line starting "u = ..." is text
    return command


def control_character_issues(reader: _FileReader, data: dict, text: str) -> None:
    """Report every control character in the strings of one parsed file (see above).

    A question test's input may hold control characters on purpose (what a student could
    paste); there only a corrupted LaTeX command is reported.
    """
    lines = text.splitlines()
    lefts: list[str] = []  # built on the first line break met (see _one_line_string)
    for path, value in _strings(data, ()):
        test_input = len(path) >= 2 and path[-1] == "input" and "tests" in path
        if "\n" in value and not lefts:
            lefts.append(_one_line_lefts(lines))
        # (line, what is there) -> the columns it is at: the same slip twice on a line is
        # one issue naming both places
        found: dict[tuple[int | None, str, str], list[int]] = {}
        for m in _CONTROL_RE.finditer(value):
            ch, at = m.group(0), m.start()
            command = _corrupted_command(value, at)
            if command is None and ch == "\n" and not test_input:
                if _one_line_string(reader.locator, lines, path, lefts[0]):
                    line = _value_line(reader.locator, lines, path, value, at)
                    message = (
                        'has a line break in a one-line "…" string: the TOML escape \\n; '
                        'write the text over several lines in a """…""" string, or '
                        "double the backslash if it was meant as one"
                    )
                    reader.issues.append(
                        ContentIssue(
                            reader.name, line, format_key(path), message, "control-character"
                        )
                    )
                    break  # once per string
                continue
            if command is None and (ch == "\n" or test_input):
                continue
            name = _CONTROL_NAMES.get(ch) or _FORMAT_NAMES.get(
                ch, f"the control character U+{ord(ch):04X}"
            )
            if command is not None:
                letters = _LETTERS_RE.match(value, at + 1)
                shown = letters.group(0) if letters else ""
                what = f"{name} followed by '{shown}'"
                rest = (
                    f": TOML read the '\\{command}' of a "
                    f'"…" string as the escape \\{_ESCAPED[ch]}; '
                    + _CONTROL_FIX.format(cmd=command)
                )
            elif ch in _ESCAPED:
                what = name
                rest = (
                    f' (the TOML escape \\{_ESCAPED[ch]} in a "…" string, or typed '
                    "into the file); remove it, or if it stands for a backslash, "
                    + _CONTROL_FIX.format(cmd=_ESCAPED[ch] + "…")
                )
            elif ch in _FORMAT_NAMES:
                what = name
                rest = (
                    ", an invisible character that changes how the text shows (bidi "
                    "overrides reorder it, zero-width ones hide in a word); remove it"
                )
            else:
                what, rest = name, ", which a terminal would act on; remove it"
            line = _value_line(reader.locator, lines, path, value, at)
            found.setdefault((line, what, rest), []).append(_value_column(value, at))
        for (line, what, rest), columns in found.items():
            if len(columns) == 1:
                where = f" at column {columns[0]}"
            else:
                where = f" at columns {said_list([str(c) for c in columns])}"
                rest = rest.replace("remove it, or if it stands", "remove them, or if they stand")
                rest = rest.replace("remove it", "remove them")
            reader.issues.append(
                ContentIssue(
                    reader.name,
                    line,
                    format_key(path),
                    f"has {what}{where} of the text{rest}",
                    "control-character",
                )
            )


def _value_column(value: str, at: int) -> int:
    """The column (from 1) of character ``at`` of a string, on its line of the text (a line
    break that is an eaten \\n of a LaTeX command does not start a line, as in ``_value_line``)."""
    start = at
    while start > 0 and not (
        value[start - 1] == "\n" and _corrupted_command(value, start - 1) is None
    ):
        start -= 1
    return at - start + 1


MAX_TEXT_CHARS = 20_000
"""The longest text a content string may hold (the shipped ones are under 2,000 characters): a
student reads a text on a screen, and a huge one (a pasted file) slows every check of it."""


def text_size_issues(reader: _FileReader, data: dict) -> None:
    """One issue for each string of the file longer than ``MAX_TEXT_CHARS``, at its line."""
    for path, value in _strings(data, ()):
        if len(value) > MAX_TEXT_CHARS:
            reader.issue(
                path,
                f"is {len(value):,} characters long; a text holds at most {MAX_TEXT_CHARS:,} "
                "(shorten it, or split it over several parts or cards)",
            )


def _strings(node: object, path: tuple):
    """(key path, string) of every string in a parsed TOML document."""
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, path + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _strings(value, path + (i,))


_OPENS_MULTILINE_RE = re.compile(r"(\"\"\"|''')\s*$")


_NEWLINE_ESCAPE_RE = re.compile(r"\\(?:n|u000[aA]|U0000000[aA])")


def _one_line_lefts(lines: list[str]) -> str:
    """What stands left of the ``=`` on every line that opens a one-line "…" string with an
    escape that may be a line break (``\\n``, ``\\u000A``), joined by NULs. A one-line string
    holds a line break only through such an escape on its own line, so a key that occurs in none
    of them is not a one-line string with a line break (see ``_one_line_string``)."""
    lefts = []
    for line in lines:
        if "\\" not in line:
            continue
        left, eq, rest = line.partition("=")
        opening = rest.lstrip()
        if (
            eq
            and opening.startswith('"')
            and not opening.startswith('"""')
            and _NEWLINE_ESCAPE_RE.search(rest)
        ):
            lefts.append(left)
    return "\0".join(lefts)


def _one_line_string(
    locator: LineLocator, lines: list[str], path: tuple, lefts: str | None = None
) -> bool:
    """Is the string at ``path`` written as a one-line "…" string (``key = "…"``)?

    ``lefts`` (``_one_line_lefts``, for a string that holds a line break) answers "no" without
    locating the key (indexing the file) when the key is left of no such line's ``=``."""
    if not path or not isinstance(path[-1], str):
        return False  # a list item: not located precisely enough to tell
    if lefts is not None and not ({"=", "\0"} & set(path[-1])) and path[-1] not in lefts:
        return False
    base = locator.line(path)
    if base is None or base > len(lines):
        return False
    m = re.match(
        r"\s*(?:[^=]*\.)?\s*\"?" + re.escape(path[-1]) + r"\"?\s*=\s*(\S{0,3})", lines[base - 1]
    )
    return m is not None and m.group(1).startswith('"') and not m.group(1).startswith('"""')


def _value_line(
    locator: LineLocator, lines: list[str], path: tuple, value: str, at: int
) -> int | None:
    """The file line of character ``at`` of the string at ``path`` (best effort): a list's
    element (a hint of ``hints = [...]``) from its own line, not the list's."""
    base = locator.element_line(path)
    if base is None:
        return None
    # line breaks before it, but not those that are an eaten \n of a LaTeX command
    offset = sum(1 for i in range(at) if value[i] == "\n" and _corrupted_command(value, i) is None)
    if base <= len(lines) and _OPENS_MULTILINE_RE.search(lines[base - 1]):
        offset += 1  # the text starts on the line after the opening quotes
    return min(base + offset, len(lines)) if lines else base
