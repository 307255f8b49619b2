"""Where a key is in a TOML file: ``LineLocator`` maps a key path (``boxes."5a.fwd".tests[3]``)
to its line, so every content issue names file, line and key; ``format_key`` writes the path."""

from __future__ import annotations

import json
import re


def format_key(path: tuple[str | int, ...]) -> str:
    """A key path as TOML-ish text: ``boxes."5a.fwd".tests[3].verdict``."""
    out = ""
    for seg in path:
        if isinstance(seg, int):
            out += f"[{seg}]"
            continue
        text = seg if _BARE_RE.match(seg) else '"' + seg.replace('"', '\\"') + '"'
        out += ("." if out else "") + text
    return out or "(top level)"


_BARE_RE = re.compile(r"^[A-Za-z0-9_-]+$")
_HEADER_RE = re.compile(r"^\s*(\[\[?)\s*(.*?)\s*(\]\]?)\s*(#.*)?$")
_KEY_LINE_RE = re.compile(
    r"^\s*((?:[A-Za-z0-9_-]+|\"(?:[^\"\\]|\\.)*\"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|\"(?:[^\"\\]|\\.)*\"|'[^']*'))*)\s*="
)
_SEG_RE = re.compile(r"\s*([A-Za-z0-9_-]+|\"(?:[^\"\\]|\\.)*\"|'[^']*')\s*(?:\.|$)")


def _split_dotted(text: str) -> tuple[str, ...] | None:
    segs: list[str] = []
    pos = 0
    text = text.strip()
    while pos < len(text):
        m = _SEG_RE.match(text, pos)
        if not m or m.end() == pos:
            return None
        raw = m.group(1)
        if raw.startswith('"'):
            try:
                raw = json.loads(raw)
            except ValueError:
                raw = raw[1:-1]
        elif raw.startswith("'"):
            raw = raw[1:-1]
        segs.append(raw)
        pos = m.end()
    return tuple(segs)


class LineLocator:
    """Finds the line of a table header or key in a TOML text (best effort, 1-based).

    It follows TOML's table semantics far enough for content files: ``[[parts]]``
    headers are numbered, ``[parts.explain]`` belongs to the last ``[[parts]]``,
    and keys are found in the body of their table (dotted keys included).
    Lines inside multi-line strings are skipped.
    """

    def __init__(self, text: str):
        # Indexed on the first question: content that loads cleanly never asks one, and
        # indexing every file took about 40 % of loading the content (the tutor's start-up).
        self._text: str | None = text
        self._source = text  # kept for ``element_line``
        self._tables: list[tuple[tuple, int]] = []
        self._keys: list[tuple[int, tuple, tuple[str, ...]]] = []
        # the same, by path, so that a question is a few dictionary look-ups (see ``line``)
        self._table_line: dict[tuple, int] = {}  # table path -> its first header's line
        self._key_line: dict[tuple, int] = {}  # full key path -> its first line
        self._under_line: dict[tuple, int] = {}  # a path a key is on or goes into -> first line

    def _index(self) -> None:
        text, self._text = self._text, None
        if text is None:
            return
        self._tables = [((), 0)]  # (resolved path, header line)
        self._keys = []  # (line, table path, key path)
        arrays: dict[tuple, int] = {}
        current: tuple = ()
        in_string: str | None = None
        for number, line in enumerate(text.splitlines(), start=1):
            if in_string is not None:
                if _closes(line, in_string):
                    in_string = None
                continue
            header = _HEADER_RE.match(line)
            if (
                header
                and header.group(1) in ("[", "[[")
                and len(header.group(1)) == len(header.group(3))
            ):
                segs = _split_dotted(header.group(2))
                if segs is not None:
                    resolved: list = []
                    for i, seg in enumerate(segs):
                        resolved.append(seg)
                        last = i == len(segs) - 1
                        if last and header.group(1) == "[[":
                            key = tuple(resolved)
                            arrays[key] = arrays.get(key, -1) + 1
                            resolved.append(arrays[key])
                        elif tuple(resolved) in arrays:
                            resolved.append(arrays[tuple(resolved)])
                    current = tuple(resolved)
                    self._tables.append((current, number))
                    continue
            km = _KEY_LINE_RE.match(line)
            if km:
                segs = _split_dotted(km.group(1))
                if segs:
                    self._keys.append((number, current, segs))
                rest = line[km.end() :]
                for quote in ('"""', "'''"):
                    if rest.count(quote) % 2 == 1:
                        in_string = quote
                        break
        for table, number in self._tables:
            self._table_line.setdefault(table, number)
        for number, table, segs in self._keys:
            full = table + segs
            self._key_line.setdefault(full, number)
            for n in range(len(table) + 1, len(full) + 1):
                self._under_line.setdefault(full[:n], number)

    def line(self, path: tuple) -> int | None:
        """The line of the key at ``path``, else of its closest enclosing table."""
        self._index()
        path = tuple(path)
        # the closest enclosing table (its first header), then the key line that matches the
        # most of the path beyond it: a key the path goes into (n = len(path)), else a key at a
        # shorter prefix of the path; the first such line in the file wins
        best_len, best_line = -1, None
        for n in range(len(path), -1, -1):
            number = self._table_line.get(path[:n])
            if number is not None:
                best_len, best_line = n, number
                break
        if len(path) > best_len:
            number = self._under_line.get(path)
            if number is not None:
                return number or None
            for n in range(len(path) - 1, best_len, -1):
                number = self._key_line.get(path[:n])
                if number is not None:
                    return number or None
        return best_line or None

    def element_line(self, path: tuple) -> int | None:
        """The line of a list's element (``path`` ends in its index: ``constraints[3]`` in a
        list written over several lines), else ``line(path)``."""
        path = tuple(path)
        start = self.line(path[:-1]) if path and isinstance(path[-1], int) else None
        if start is None:
            return self.line(path)
        found = _element_start(self._source.splitlines()[start - 1 :], path[-1])
        return start + found if found is not None else self.line(path)


def _element_start(lines: list[str], index: int) -> int | None:
    """Where (lines after the first) the element ``index`` of the list that starts on the first
    line after its ``=`` begins: strings, comments and nested brackets skipped over."""
    depth, count, seen = 0, -1, False
    text = "\n".join(lines)
    i = text.find("=")
    if i < 0:
        return None
    i += 1
    while i < len(text):
        ch = text[i]
        if ch == "#":
            i = text.find("\n", i)
            if i < 0:
                return None
            continue
        if depth == 1 and not ch.isspace() and ch not in ",]" and not seen:
            count, seen = count + 1, True
            if count == index:
                return text.count("\n", 0, i)
        if ch in "\"'":
            quote = text[i : i + 3] if text[i : i + 3] in ('"""', "'''") else ch
            j = i + len(quote)
            while j < len(text) and not text.startswith(quote, j):
                j += 2 if quote == '"' and text[j] == "\\" else 1
            i = j + len(quote)
            continue
        if ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
            if depth == 0:
                return None
        elif ch == "," and depth == 1:
            seen = False
        elif ch == "\n" and depth == 0:
            return None
        i += 1
    return None


def _closes(line: str, quote: str) -> bool:
    return line.count(quote) % 2 == 1
