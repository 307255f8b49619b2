"""The conditions content writes over parameters, checked as the content loads, before any value
is computed: every constraint, every ``when`` of an accepted reading, a mistake or a question
test, and the cases of every ``select``.

A comparison of two words is always decided, so a misspelt name is never noticed when the
condition is computed: ``dst != sign`` compares the word 'dst' with the word 'sign' (always
true), ``dist != sgn`` compares the parameter with a word it never takes (always true too).
Here every side of a comparison is read for what it is (a name in scope, a word, a number, an
expression) and each comparison is checked against what its names can be: a word must be a
value the parameter (or the ``select``) compared with it takes, a number compared with ``=`` or
``!=`` one the parameter takes, and a bare word that is no value is a misspelt name; a word is
never compared with a number, nor with ``<``. A ``select``'s case must be a value of the name
it selects by, written as that value is written. Each problem is one ``ContentIssue`` at the
line of the condition (the element's own line in a list), with the column in its text and the
closest name or value ("did you mean 'dist'?").

``condition_issues(content)`` is called by ``tutor.variants.engine.handout`` (so by every
front end's ``load``); computing stays the rule for what a condition means
(``tutor.variants.expressions.compute.holds``).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from tutor.content.issues import ContentIssue
from tutor.content.model import Content, Part, QuestionTest, Reading
from tutor.content.params import DerivedSpec, Parameters, ParamSpec
from tutor.content.paramvalues import ParamValue, parse_number, show
from tutor.content.positions import LineLocator, format_key
from tutor.variants.expressions.compute import comparison
from tutor.variants.expressions.errors import ExpressionError, first_unknown_name, unknown_name

Kind = Literal["number", "word", "any"]

_WORD_RE = re.compile(r"""\s*(?:"([^"]*)"|'([^']*)'|([A-Za-z][A-Za-z0-9_]*))\s*""")
_OPS = {"≤": "<=", "≥": ">=", "≠": "!=", "==": "="}


@dataclass(frozen=True)
class Domain:
    """What a name in scope can be, as far as it is known before computing: a number, a word or
    either, and (for a parameter, or a select whose cases are plain values) every value, as
    written (``show``: how a select's case and a computed value are compared)."""

    name: str
    kind: Kind
    shown: tuple[str, ...] | None = None
    rule: str = ""  # the values in words ("one of gaussian, uniform, sign")

    def takes(self, value: ParamValue) -> bool:
        """Whether this name can have ``value`` (True when its values are not known)."""
        return self.shown is None or show(value) in self.shown


def _kind(values: tuple[ParamValue, ...]) -> Kind:
    words = [isinstance(v, str) for v in values]
    return "word" if all(words) else "number" if not any(words) else "any"


def _param_domain(p: ParamSpec) -> Domain:
    values = p.values()
    return Domain(p.name, _kind(values), tuple(show(v) for v in values), p.rule())


def _derived_domain(d: DerivedSpec) -> Domain:
    if d.how == "expr":
        return Domain(d.name, "number")
    if d.how == "text":
        return Domain(d.name, "word")
    if d.how == "select":
        values = tuple(dict.fromkeys(v for _, v in d.cases))
        if all(not isinstance(v, str) or "{{" not in v for v in values):
            shown = tuple(show(v) for v in values)
            listed = ", ".join(repr(v) if isinstance(v, str) else v for v in shown)
            return Domain(d.name, _kind(values), shown, f"the value of one of its cases: {listed}")
    return Domain(d.name, "any")


def domains(*declared: Parameters | None) -> dict[str, Domain]:
    """Every name the declarations make, in order, with what it can be."""
    out: dict[str, Domain] = {}
    for parameters in declared:
        if not parameters:
            continue
        for p in parameters.params:
            out[p.name] = _param_domain(p)
        for d in parameters.derived:
            out[d.name] = _derived_domain(d)
        for name in parameters.broken:  # reported where declared; any use is fine here
            out.setdefault(name, Domain(name, "any"))
    return out


# -- one condition ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Side:
    how: Literal["name", "word", "number", "expr"]
    text: str  # the name, the word, the number as written, or the expression
    column: int  # where it starts in the condition (from 1)
    quoted: bool = False
    number: ParamValue | None = None


def _side(text: str, start: int, end: int, names: Mapping[str, Domain]) -> _Side:
    piece = text[start:end]
    m = _WORD_RE.fullmatch(piece)
    if m:
        quoted = m.group(3) is None
        group = 1 if m.group(1) is not None else 2 if quoted else 3
        word = m.group(group)
        column = start + m.start(group) + 1
        if not quoted and word in names:
            return _Side("name", word, column)
        return _Side("word", word, column, quoted)
    lead = len(piece) - len(piece.lstrip())
    number = parse_number(piece)
    if number is not None and "_" not in piece:
        return _Side("number", piece.strip(), start + lead + 1, number=number)
    return _Side("expr", piece, start + lead + 1)


def condition_problem(text: str, names: Mapping[str, Domain], may_use: str) -> str | None:
    """What is wrong with the condition ``text`` over ``names`` (None when nothing is): the
    condition quoted, the column and what to do. ``may_use`` says which names it may use."""
    try:
        problem = _problem(text, names, may_use)
    except ExpressionError as exc:
        problem = str(exc)
    return f"{text.strip()!r}: {problem}" if problem else None


def _problem(text: str, names: Mapping[str, Domain], may_use: str) -> str | None:
    spans, ops = comparison(text)
    sides = [_side(text, start, end, names) for start, end in spans]
    for (start, end), side in zip(spans, sides, strict=True):
        if side.how == "expr":
            unbalanced = _brackets(text, start, end)
            if unbalanced:
                return unbalanced
            stray = first_unknown_name(" " * start + text[start:end], names)
            if stray is not None:
                return str(unknown_name(stray[0], stray[1], names, may_use))
    for a, (op, _), b in zip(sides, ops, sides[1:], strict=False):
        problem = _pair(a, _OPS.get(op, op), b, names, may_use)
        if problem:
            return problem
    return None


_CLOSING = {")": "(", "]": "[", "}": "{"}


def _brackets(text: str, start: int, end: int) -> str | None:
    """A bracket of ``text[start:end]`` never closed, or closing none (what the parser says
    when the expression is computed, said here before: its side is read as a name otherwise)."""
    opened: list[int] = []
    for i in range(start, end):
        ch = text[i]
        if ch in "([{":
            opened.append(i)
        elif ch in _CLOSING:
            if not opened or text[opened[-1]] != _CLOSING[ch]:
                return f"cannot be read: '{ch}' at column {i + 1} closes no '{_CLOSING[ch]}'"
            opened.pop()
    if opened:
        return f"cannot be read: '{text[opened[0]]}' at column {opened[0] + 1} is never closed"
    return None


def _pair(a: _Side, op: str, b: _Side, names: Mapping[str, Domain], may_use: str) -> str | None:
    """What is wrong with comparing ``a`` with ``b`` (None when nothing is)."""
    if a.how == "word" and b.how == "word":
        # neither side is a name: the one most like a name is a misspelt one
        pick = sorted(
            (s for s in (a, b) if not s.quoted),
            key=lambda s: not difflib.get_close_matches(s.text, list(names), n=1),
        )
        if not pick:
            return (
                f"compares two words, '{a.text}' and '{b.text}': a condition compares a "
                f"parameter or value with a value it can take; {may_use}"
            )
        return str(unknown_name(pick[0].text, pick[0].column, names, may_use))
    if b.how == "word":  # the word on the right
        a, b = b, a
    if a.how == "word":
        other = names[b.text] if b.how == "name" else None
        if other is None or other.kind == "number":
            mean = _suggest(a.text, list(names))
            if not mean and not a.quoted:  # no name is close: say which names there are
                return str(unknown_name(a.text, a.column, names, may_use))
            what = f"{b.text}, a number" if other is not None else "a number"
            return f"compares the word '{a.text}' at column {a.column} with {what}; {mean}{may_use}"
        if op not in ("=", "!="):
            return (
                f"compares the word '{a.text}' at column {a.column} with '{op}'; words can only "
                "be compared with = or !="
            )
        if not other.takes(a.text):
            mean = _suggest(a.text, list(other.shown or ())) or _suggest(a.text, list(names))
            return (
                f"'{a.text}' at column {a.column} is not a value {other.name} takes"
                f"{_paren(other)}; {mean}compare {other.name} with one of its values"
            )
        return None
    if b.how == "name" and a.how != "name":
        a, b = b, a
    if a.how != "name":
        return None  # numbers and expressions: computed, and names checked above
    left = names[a.text]
    if b.how == "name":
        right = names[b.text]
        if {left.kind, right.kind} == {"number", "word"}:
            word, number = (left, right) if left.kind == "word" else (right, left)
            return f"compares {word.name}, a word{_paren(word)}, with {number.name}, a number"
        return None
    if left.kind == "word":
        return (
            f"compares {left.name}, a word{_paren(left)}, with the number "
            f"'{b.text.strip()}' at column {b.column}; compare it with one of its values"
        )
    if b.how == "number" and op in ("=", "!=") and b.number is not None:
        if not left.takes(b.number):
            always = "never holds" if op == "=" else "always holds"
            return (
                f"{left.name} never takes the value {b.text} (column {b.column}): it is "
                f"{_rule(left)}, so the comparison {always}; compare {left.name} with one of "
                "its values"
            )
    return None


def _rule(d: Domain) -> str:
    """``one of gaussian, uniform, sign``: the values a name takes, in words ("" when they are
    not known), cut short when there are many."""
    return d.rule if len(d.rule) <= 200 else d.rule[:200].rsplit(",", 1)[0] + ", …"


def _paren(d: Domain) -> str:
    """`` (one of gaussian, uniform, sign)``, or "" when the values are not known."""
    return f" ({_rule(d)})" if d.rule else ""


def _suggest(word: str, candidates: list[str]) -> str:
    close = difflib.get_close_matches(word, candidates, n=1)
    return f"did you mean '{close[0]}'? " if close else ""


# -- every condition of the content --------------------------------------------------------


_CONSTRAINT_USE = "a constraint may use the parameters and the values declared above it"


def condition_issues(content: Content) -> list[ContentIssue]:
    """Every constraint, ``when`` and select case of ``content`` (as loaded, placeholders
    unrendered) that cannot mean what it says: one issue each, at its file and line."""
    raw = content.templates
    found: list[tuple[str, tuple, str]] = []  # (file, key path, message)
    for problem in raw.problems:
        f = problem.source
        shared = domains(problem.parameters)
        found += [(f, path, m) for path, m in _declared(problem.parameters, ("problem",), shared)]
        for i, part in enumerate(problem.parts):
            names = domains(problem.parameters, part.parameters)
            found += [(f, path, m) for path, m in _declared(part.parameters, ("parts", i), names)]
            found += [(f, path, m) for path, m in _whens(raw, part, names)]
    return _located(raw, found)


def _declared(
    parameters: Parameters | None, at: tuple, names: Mapping[str, Domain]
) -> list[tuple[tuple, str]]:
    """The constraints and select cases of one problem's or part's declarations."""
    if not parameters:
        return []
    out = []
    for i, text in enumerate(parameters.constraints):
        problem = condition_problem(text, names, _CONSTRAINT_USE)
        if problem:
            out.append((at + ("constraints", i), problem))
    for d in parameters.derived:
        by = names.get(d.select or "")
        if d.how != "select" or by is None or by.shown is None:
            continue
        for key, _ in d.cases:
            if key == "*" or by.takes(key):
                continue
            number = parse_number(key)
            if by.kind != "word" and number is not None and by.takes(number):
                said = f"write it as {by.name}'s value is written, '{show(number)}'"
            else:
                mean = _suggest(key, list(by.shown or ()))
                said = f'{mean}a case is a value of {by.name}, or "*" for every other value'
            out.append(
                (
                    at + ("derived", d.name, "cases", key),
                    f"case '{key}' is not a value {by.name} takes{_paren(by)}; {said}",
                )
            )
    return out


def _whens(raw: Content, part: Part, names: Mapping[str, Domain]) -> list[tuple[tuple, str]]:
    """The ``when`` conditions of the readings, mistakes and question tests of a part's boxes."""
    out: list[tuple[tuple, str]] = []
    if not names:
        return out  # a when in a part without parameters: the loader says so
    may_use = f"a when may use the parameters and values of part {part.id} and of its problem"
    for box_id in part.boxes:
        box = raw.boxes.get(box_id)
        if box is None:
            continue
        entries: tuple[tuple[str, tuple[Reading | QuestionTest, ...]], ...] = (
            ("accept", box.accept),
            ("mistakes", box.mistakes),
            ("tests", box.tests),
        )
        for key, items in entries:
            for j, item in enumerate(items):
                path: tuple = ("boxes", box_id, key, j, "when")
                for k, text in enumerate(item.when):
                    said = condition_problem(text, names, may_use)
                    if said:
                        out.append((path + (k,) if len(item.when) > 1 else path, said))
    return out


def _located(raw: Content, found: list[tuple[str, tuple, str]]) -> list[ContentIssue]:
    locators: dict[str, LineLocator | None] = {}
    out = []
    for file, path, message in found:
        if file not in locators:
            try:
                text = (Path(raw.directory) / file).read_text(encoding="utf-8")
                locators[file] = LineLocator(text)
            except (OSError, ValueError):  # changed since it was loaded
                locators[file] = None
        locator = locators[file]
        line = locator.element_line(path) if locator else None
        out.append(ContentIssue(file, line, format_key(path), message))
    return out
