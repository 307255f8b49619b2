"""Markup that would not show as its author meant: Markdown checks of the fields the UI renders
with its Markdown widget, plain-text checks of the fields it shows as typed, and the length of
a hint (``render_issue``, ``markdown_issues``, ``plain_text_issues``, ``hint_problem``)."""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass

# A hint is "at most three short lines": three lines of this many columns.
HINT_MAX_LINES = 3
HINT_LINE_COLUMNS = 100


_FENCE_RE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.S | re.M)
_CODE_SPAN_RE = re.compile(r"(`+)(.+?)\1", re.S)


@dataclass(frozen=True)
class RenderIssue:
    """Why a text would not render well, and where in it (``at``: the index of the character
    the problem is at, None when the problem is the whole text)."""

    message: str
    at: int | None = None


def render_issue(text: str) -> RenderIssue | None:
    """Why this Markdown would not render well (and where), or None when it is fine."""
    if not text.strip():
        return RenderIssue("an empty text")
    try:
        _markdown_parser().parse(text)
    except Exception as exc:  # markdown-it raises little, but never let it escape
        return RenderIssue(f"a Markdown error ({exc})")
    # code and escapes blanked out, every other character where it was (so an index into
    # ``plain`` is one into ``text``)
    plain = _CODE_SPAN_RE.sub(_blank, _FENCE_RE.sub(_blank, text))
    plain = _ESCAPED_RE.sub(_blank, plain)
    dollars = plain.count("$")
    if dollars % 2:
        # the first line with an odd number of them: a '$' on it has no partner on its line
        start = 0
        for line in plain.splitlines(keepends=True):
            if line.count("$") % 2:
                break
            start += len(line)
        at = plain.index("$", start)
        return RenderIssue(
            f"an unbalanced '$' ({dollars} in the text, an odd number on this line: "
            f"'{_around(text, at)}'); pair every '$' or write \\$",
            at,
        )
    opened: list[int] = []
    for i, ch in enumerate(plain):
        if ch == "{":
            opened.append(i)
        elif ch == "}":
            if not opened:
                return RenderIssue(f"a '}}' with no '{{' before it: '{_around(text, i)}'", i)
            opened.pop()
    if opened:
        first = opened[0]
        count = f"{len(opened)} unclosed '{{'" + (", the first" if len(opened) > 1 else "")
        return RenderIssue(f"{count}: '{_around(text, first)}'", first)
    for m in _ABOUT_RE.finditer(plain):
        if float(m.group(1)) == float(m.group(2)):
            # "E = 2 ≈ 2": a variant's exact value given an approximation of itself
            return RenderIssue(
                f"a number shown as about itself: '{_around(text, m.start())}'; give an "
                "exact value once (a select on the value, or the 'about' filter, which adds "
                "'≈ …' only to a value whose decimal does not end)",
                m.start(),
            )
    return None


_ABOUT_RE = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s*≈\s*(\d+(?:\.\d+)?)(?!\w|\.\d)")


_ESCAPED_RE = re.compile(r"\\\\|\\[${}]")


def _blank(m: re.Match[str]) -> str:
    """The match with every character but line breaks made a space."""
    return re.sub(r"[^\n]", " ", m.group(0))


def _around(text: str, at: int) -> str:
    """The text around index ``at`` on its line, at most ``_SNIPPET_SIDE`` characters each side."""
    start = max(text.rfind("\n", 0, at) + 1, at - _SNIPPET_SIDE)
    end = text.find("\n", at)
    end = min(len(text) if end < 0 else end, at + 1 + _SNIPPET_SIDE)
    return text[start:end].strip()


# The UI renders some fields with Textual's ``Markdown`` widget (markdown-it,
# "gfm-like") and shows the others as plain text. Math written with ``_`` and ``*``
# is eaten by Markdown emphasis in the first kind; Markdown markup shows raw in the
# second. Both are found by parsing with markdown-it, the parser Textual uses.

MARKDOWN = "markdown"  # rendered by the Markdown widget
PLAIN = "plain"  # shown as typed

_SUPER_SUB = "¹²³⁰ⁱ⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿ₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₒₓₔₕₖₗₘₙₚₛₜᵢᵣᵤᵥᵦᵧᵨᵩᵪ"
# Emphasis content that is math: an equation, a power, braces, a subscript, a number
# or a bare operator, a function application f(x) or E[...], or punctuation at the edge.
_MATH_CONTENT_RE = re.compile(
    "[=^{}_" + _SUPER_SUB + "]"
    r"|[\w)\]‖](?:\(|\[)"
    r"|^[\d\s.,+\-−·×/]+$"
    r"|^[.,;:)=+\-−·/]"
)
_MATH_BEFORE = frozenset("‖)}]_^|")  # a delimiter right after these is math: ‖A‖_*, f(x)*g
_MATH_AFTER = frozenset("‖({[_^|")
_LATEX_RE = re.compile(r"\\[A-Za-z]{2,}")
_PLAIN_ESCAPE_RE = re.compile(r"\\[_*`]")
_SNIPPET_SIDE = 12
_SNIPPET_INNER = 44
_ESCAPE_UNDERSCORE = (
    'escape each math underscore as \\_ (in a """ string write \\\\_, or make the field '
    "a ''' string), or put a formula the student types in a `code span`"
)
_ESCAPE_ASTERISK = (
    'escape the math asterisks as \\* (\\\\* in a """ string), write × or · for a '
    "product, or put a formula the student types in a `code span`"
)


@dataclass(frozen=True)
class MarkupIssue:
    """Markup in one text that would not show as written: where, what, what to do."""

    line: int  # 0-based line within the text
    snippet: str  # the text around the problem, as the student would read it
    problem: str
    fix: str

    def describe(self) -> str:
        return f"{self.problem}: '{self.snippet}'; {self.fix}"


@functools.cache
def _markdown_parser():
    from markdown_it import MarkdownIt

    try:  # what Textual's Markdown widget uses
        return MarkdownIt("gfm-like")
    except Exception:  # noqa: BLE001 - gfm-like wants linkify-it-py; emphasis is the same
        return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def _edge(tokens, first: bool) -> str:
    """The character a reader sees first (or last) in ``tokens``; "" when there is none."""
    for tok in tokens:
        if tok.type in ("softbreak", "hardbreak"):
            return " "
        if tok.type in ("text", "code_inline"):
            if tok.content:
                return tok.content[0] if first else tok.content[-1]
            continue
        return (tok.markup[:1] if first else tok.markup[-1:]) or " "
    return ""


def _reading(tokens, limit: int, before: bool) -> str:
    """Up to ``limit`` characters of plain reading context next to a run."""
    out = ""
    for tok in tokens:
        if tok.type in ("softbreak", "hardbreak"):
            piece = " "
        elif tok.type in ("text", "code_inline"):
            piece = tok.content
        else:
            break
        out = piece + out if before else out + piece
        if len(out) >= limit:
            break
    return out[-limit:] if before else out[:limit]


def _closing(children: list, i: int) -> int:
    """Index of the token that closes the ``*_open`` token at ``i``."""
    kind = children[i].type[: -len("_open")]
    depth = 0
    for j in range(i, len(children)):
        if children[j].type == f"{kind}_open":
            depth += 1
        elif children[j].type == f"{kind}_close":
            depth -= 1
            if depth == 0:
                return j
    return len(children) - 1


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    half = (limit - 1) // 2
    return text[:half] + "…" + text[-half:]


@dataclass(frozen=True)
class _Run:
    """One emphasis, strikethrough or link in an inline token, with its neighbours."""

    kind: str  # em, strong, s, link
    markup: str
    inner: str
    before: str  # the character just before the opening delimiter ("" at the start)
    after: str  # the character just after the closing delimiter
    left: str  # reading context on either side
    right: str

    @property
    def snippet(self) -> str:
        open_, close = (self.markup, self.markup) if self.kind != "link" else ("[", "](…)")
        inner = _shorten(self.inner, _SNIPPET_INNER)
        return f"{self.left}{open_}{inner}{close}{self.right}".strip()

    def math_neighbours(self) -> bool:
        """Whether the delimiters sit inside math: ‖A‖_*, f(x)*g(x), 2*d1*d2.

        Bold may touch letters (``W**x**`` is a bold vector, ``**x**ᵀ`` its
        transpose), so for ``**`` only the math neighbours count.
        """
        b, a = self.before, self.after
        if b in _MATH_BEFORE or a == "‖":
            return True
        if self.kind == "strong":
            return False
        return b.isalnum() or a in _MATH_AFTER or a.isalnum()

    def math_content(self) -> bool:
        return bool(_MATH_CONTENT_RE.search(self.inner))


def _runs(children: list) -> Iterator[_Run]:
    for i, tok in enumerate(children):
        kind = tok.type[: -len("_open")] if tok.type.endswith("_open") else ""
        if kind not in ("em", "strong", "s", "link"):
            continue
        j = _closing(children, i)
        inner = "".join(
            {"code_inline": f"`{t.content}`", "text": t.content}.get(t.type, " ")
            for t in children[i + 1 : j]
            if t.type in ("text", "code_inline", "softbreak", "hardbreak")
        )
        yield _Run(
            kind=kind,
            markup=tok.markup,
            inner=inner.replace("\n", " "),
            before=_edge(reversed(children[:i]), first=False),
            after=_edge(children[j + 1 :], first=True),
            left=_reading(reversed(children[:i]), _SNIPPET_SIDE, before=True).replace("\n", " "),
            right=_reading(children[j + 1 :], _SNIPPET_SIDE, before=False).replace("\n", " "),
        )


def _inline_blocks(tokens: list) -> Iterator[tuple[int, int, list]]:
    """(first line, end line, inline tokens) of every block of a parsed text."""
    for tok in tokens:
        start, end = tok.map or (0, 0)
        if tok.type == "inline" and tok.children is not None:
            yield start, end, tok.children
        elif tok.type == "html_block":
            yield start, end, [tok]


class _Finder:
    """Turns findings into ``MarkupIssue``s, with the line of the text each one is on."""

    def __init__(self, text: str):
        self.lines = text.splitlines()
        self.issues: list[MarkupIssue] = []

    def add(self, block: tuple[int, int], needles, snippet: str, problem: str, fix: str) -> None:
        start, end = block
        rows = range(start, min(max(end, start + 1), len(self.lines)))
        line = start
        for needle in (n.strip() for n in needles):
            hit = next((n for n in rows if needle and needle in self.lines[n]), None)
            if hit is not None:
                line = hit
                break
        self.issues.append(MarkupIssue(line, snippet.strip(), problem, fix))


def _stray_list_items(tokens: list, found: _Finder) -> None:
    """A line starting with '+ ' (or '- 1', '* 2') right after a text line starts a bullet
    list: in a formula wrapped before an operator, the operator becomes a bullet."""
    lines = found.lines
    for k, tok in enumerate(tokens):
        if tok.type != "bullet_list_open" or tok.level != 0 or not tok.map:
            continue
        first = tok.map[0]
        if first == 0 or not lines[first - 1].strip():
            continue  # a list after a blank line is meant as a list
        item = next((t.content for t in tokens[k:] if t.type == "inline"), "")
        if tok.markup == "+" or _OPERAND_RE.match(item):
            snippet = f"{lines[first - 1].strip()[-20:]} ⏎ {lines[first].strip()[:24]}"
            problem = f"a line starting with '{tok.markup} ' after a line of text becomes a bullet"
            fix = (
                f"keep the '{tok.markup}' at the end of the line before, or escape it "
                f"as \\{tok.markup}"
            )
            found.add((first, first + 1), (), snippet, problem, fix)


_OPERAND_RE = re.compile(r"[\d(√∑∫]")


def markdown_issues(text: str) -> list[MarkupIssue]:
    """Markdown that would not show the math as written (for a text rendered as Markdown).

    Flags emphasis delimited by ``_`` (always math here: write prose emphasis with
    ``*``), ``*``/``**`` emphasis that looks like math by its neighbours (``‖A‖_*``,
    ``2*d1*d2``) or, for single ``*``, by its content (``=``, ``^``, braces,
    subscripts, a number), strikethrough, links that would hide their target, HTML
    that would vanish, raw LaTeX commands outside code spans, unbalanced backticks, and
    a formula wrapped before a '+' that turns into a bullet list.
    """
    found = _Finder(text)
    tokens = _markdown_parser().parse(text)
    _stray_list_items(tokens, found)
    for start, end, children in _inline_blocks(tokens):
        block = (start, end)
        for run in _runs(children):
            head = run.inner[:10]
            needles = (
                run.left[-8:] + run.markup + head[:8],
                run.markup + head,
                run.before + run.markup + head[:4],
                run.before + run.markup,
                head,
            )
            if run.kind in ("em", "strong") and run.markup.startswith("_"):
                problem = f"'{run.markup}' pairs up as {'italics' if run.kind == 'em' else 'bold'}"
                found.add(
                    block, needles, run.snippet, problem + " and disappears", _ESCAPE_UNDERSCORE
                )
            elif run.kind in ("em", "strong"):
                if run.math_neighbours() or (run.kind == "em" and run.math_content()):
                    what = "italics" if run.kind == "em" else "bold"
                    problem = f"'{run.markup}' around math pairs up as {what} and disappears"
                    found.add(block, needles, run.snippet, problem, _ESCAPE_ASTERISK)
            elif run.kind == "s":
                problem = f"'{run.markup}' strikes the text through"
                found.add(
                    block, needles, run.snippet, problem, "escape the tildes as \\~ or write ∼"
                )
            elif run.markup not in ("linkify", "autolink"):
                problem = "'[…](…)' becomes a link and hides the part in parentheses"
                fix = "escape the bracket as \\[ or put a space between ']' and '('"
                found.add(block, ("[" + head, head), run.snippet, problem, fix)
        for tok in children:
            if tok.type in ("html_inline", "html_block"):
                html = (tok.content.strip().splitlines() or [""])[0]
                problem = "text in angle brackets is read as HTML and not shown"
                fix = "escape the bracket as \\< or write ⟨ ⟩ for angle brackets"
                found.add(block, (html,), html, problem, fix)
            elif tok.type != "text":
                continue
            elif "`" in tok.content:
                at = tok.content.index("`")
                snippet = tok.content[max(0, at - _SNIPPET_SIDE) : at + _SNIPPET_SIDE]
                problem = "an unbalanced backtick shows raw and its code span never starts"
                fix = "close the code span with a matching backtick, or escape it as \\`"
                found.add(block, (snippet,), snippet, problem, fix)
            else:
                for m in _LATEX_RE.finditer(tok.content):
                    snippet = tok.content[max(0, m.start() - 4) : m.end() + _SNIPPET_SIDE]
                    problem = f"raw LaTeX '{m.group(0)}' shows as typed, not as math"
                    fix = (
                        "write the math in Unicode (√, ², ₁, ·), or put LaTeX the student "
                        "may type in a `code span`"
                    )
                    found.add(block, (m.group(0),), snippet, problem, fix)
    return sorted(found.issues, key=lambda i: i.line)


def plain_text_issues(text: str) -> list[MarkupIssue]:
    """Markdown markup that would show raw (for a text shown as plain text).

    Emphasis that reads as prose (``**note**``, ``*not*``) is flagged; the same
    characters used as math (``‖A‖_*``, ``2*d1*d2``) show as the author meant.
    Backslash escapes such as ``\\_`` would show their backslash.
    """
    found = _Finder(text)
    for start, end, children in _inline_blocks(_markdown_parser().parse(text)):
        for run in _runs(children):
            if run.kind not in ("em", "strong") or run.math_neighbours() or run.math_content():
                continue
            problem = f"'{run.markup}' shows as typed: this field is plain text, not Markdown"
            fix = (
                f"drop the '{run.markup}' (emphasis renders only in statements, solutions, "
                "readings and cards)"
            )
            found.add((start, end), (run.markup + run.inner[:10],), run.snippet, problem, fix)
    for n, line in enumerate(found.lines):
        for m in _PLAIN_ESCAPE_RE.finditer(line):
            snippet = line[max(0, m.start() - _SNIPPET_SIDE) : m.end() + _SNIPPET_SIDE]
            problem = f"the backslash of '{m.group(0)}' shows: this field is plain text"
            fix = f"write '{m.group(0)[1]}' without the backslash"
            found.add((n, n + 1), (), snippet, problem, fix)
    return found.issues


def hint_problem(text: str) -> str | None:
    """Why a hint is too long to show as one short hint, or None."""
    lines = [ln for ln in text.strip().splitlines() if ln.strip()]
    rows = sum(max(1, math.ceil(len(ln) / HINT_LINE_COLUMNS)) for ln in lines)
    if rows > HINT_MAX_LINES:
        return (
            f"a hint of {rows} lines (at {HINT_LINE_COLUMNS} columns); "
            f"keep it to {HINT_MAX_LINES} short lines or split it"
        )
    return None
