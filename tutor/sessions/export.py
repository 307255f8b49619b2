"""``hw3-tutor export``: a readable trace of one session, as Markdown or LaTeX.

Each part the student worked on, in the order first visited, with the time
spent there, every attempt (input, verdict, note, how it was read, feedback),
hints and solutions revealed, self-assessments and reflections. Student text
is escaped so any input is safe: Markdown code spans that cannot be broken out
of, and LaTeX where every special character (and any character pdflatex would
choke on) is replaced by a command that prints it.

Only the standard library is imported.
"""

from __future__ import annotations

import os
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tutor.errors import UserError
from tutor.sessions.log import (
    EVENT_FIELDS,
    HANDOUT_KEY,
    IDLE_GAP_SECONDS,
    SUFFIX,
    WORK_EVENTS,
    Event,
    Session,
    SessionReadError,
    SessionStream,
    iter_session_files,
    order_sessions,
    read_header,
    variant_key,
)
from tutor.sessions.review import PartClock, fmt_duration
from tutor.textsafe import bounded, more_marker, visible

FORMATS = ("md", "tex")


# ---------------------------------------------------------------------------
# The trace: a session grouped by part


@dataclass(frozen=True)
class TraceItem:
    type: str  # attempt | hint | solution | self_assessment | reflection | plot_viewed
    fields: tuple[tuple[str, object], ...]

    def get(self, key: str, default: object = "") -> object:
        for k, v in self.fields:
            if k == key:
                return v
        return default


@dataclass(frozen=True)
class PartTrace:
    part: str
    seconds: float
    items: tuple[TraceItem, ...]
    title: str = ""  # from the content, when it was loaded


@dataclass(frozen=True)
class Trace:
    session_id: str
    started: str
    ended: bool
    version: str
    content_hash: str
    fresh: bool
    seconds: float
    parts: tuple[PartTrace, ...]
    other: tuple[TraceItem, ...]  # events about no part (plots viewed before any part)
    warnings: tuple[str, ...]
    content_changed: bool = False  # the content loaded is not the one the session used
    more: int = 0  # events after the first ITEM_LIMIT, counted but left out


ITEM_LIMIT = 5000  # events of one session written into a trace; the rest are counted
MAX_TRACE_PARTS = 500


def build_trace(session: Session, idle: float = IDLE_GAP_SECONDS, content: Any = None) -> Trace:
    """Group a session read whole by part. With ``content`` (a ``tutor.content.Content``),
    parts get their titles and revealed hints their text."""
    return trace_of(session.events, session.path, idle, content, warnings=session.warnings)


def trace_of(
    events: Iterable[Event],
    path: Path,
    idle: float = IDLE_GAP_SECONDS,
    content: Any = None,
    *,
    warnings: Iterable[str] = (),
) -> Trace:
    """Group a session's events by part as they stream by (at most ``ITEM_LIMIT`` kept).

    Only the fields the log format declares for an event are used, and a hint's text
    comes from the content, never from the log.
    """
    clock = PartClock(idle)
    seconds: dict[str, float] = {}
    items: dict[str, list[TraceItem]] = {}
    other: list[TraceItem] = []
    start: Event | None = None
    first: Event | None = None
    last: Event | None = None
    total = 0.0
    kept = more = 0
    for event in events:
        _, gap, owner, part = clock.step(event)
        total += gap
        first = first or event
        last = event
        if start is None and event.type == "session_start":
            start = event
        if owner is not None and (owner in items or len(items) < MAX_TRACE_PARTS):
            seconds[owner] = seconds.get(owner, 0.0) + gap
            items.setdefault(owner, [])
        if part is None and event.type == "plot_viewed":
            part = owner
        if part is not None and part not in items and len(items) < MAX_TRACE_PARTS:
            items[part] = []
        if event.type not in WORK_EVENTS:
            continue
        if kept >= ITEM_LIMIT:
            more += 1
            continue
        kept += 1
        declared = EVENT_FIELDS[event.type]
        fields = tuple(
            (k, bounded(v, TEXT_LIMIT) if isinstance(v, str) else v)  # no more is shown
            for k, v in event.data.items()
            if k in declared
        )
        if event.type == "hint" and content is not None and _is_handout(event.data):
            # the content's hint is the handout's: a practice variant's numbers differ
            fields += (("text", _hint_text(content, event.data)),)
        if event.type == "attempt" and content is not None:
            blocks = _block_texts(content, event.data)
            if blocks:
                fields += (("blocks", blocks),)
        item = TraceItem(event.type, fields)
        if part is None or part not in items:
            other.append(item)
        else:
            items[part].append(item)
    parts = tuple(
        PartTrace(part=p, seconds=seconds.get(p, 0.0), items=tuple(found), title=_title(content, p))
        for p, found in items.items()
    )
    data = start.data if start is not None else {}
    content_hash = str(data.get("content_hash", ""))
    return Trace(
        session_id=path.stem,
        started=(start or first).time if (start or first) is not None else "",  # type: ignore[union-attr]
        ended=last is not None and last.type == "session_end",
        version=str(data.get("version", "")),
        content_hash=content_hash,
        fresh=bool(data.get("fresh")),
        seconds=total,
        parts=parts,
        other=tuple(other),
        warnings=tuple(warnings),
        content_changed=bool(
            content is not None
            and content_hash
            and getattr(content, "content_hash", "")
            and content_hash != content.content_hash
        ),
        more=more,
    )


def _is_handout(data: Mapping) -> bool:
    return variant_key(data) == HANDOUT_KEY


def variant_label(item: TraceItem) -> str:
    """``practice variant seed:7 (layers = 12, every = 4)``, or "" for the handout."""
    data = dict(item.fields)
    key = variant_key(data)
    if key == HANDOUT_KEY:
        return ""
    params = data.get("params")
    values = ", ".join(f"{k} = {v}" for k, v in params.items()) if isinstance(params, dict) else ""
    return f"practice variant {key}" + (f" ({values})" if values else "")


def _title(content: Any, part_id: str) -> str:
    part = content.part(part_id) if content is not None else None
    return str(part.title) if part is not None else ""


def _hint_text(content: Any, data: Mapping) -> str:
    box = content.boxes.get(data.get("box"))
    index = data.get("index")
    if box is None or type(index) is not int or not 1 <= index <= len(box.hints):
        return ""
    return str(box.hints[index - 1])


def _block_texts(content: Any, data: dict) -> tuple[str, ...]:
    """A proof attempt's blocks as ``(key) text``, in the order chosen (keys the content
    does not know are left out)."""
    box = content.boxes.get(data.get("box"))
    raw = data.get("raw")
    if box is None or getattr(box, "kind", "") != "proof" or not isinstance(raw, str):
        return ()
    texts = {b.key: b.text for b in box.blocks}
    texts.update({d.key: d.text for d in box.distractors})
    keys = re.split(r"[\s,;→>]+|->", raw)
    return tuple(f"({k}) {texts[k]}" for k in keys if k in texts)


def md_block(text: object, indent: str = "  ") -> list[str]:
    """A fenced code block holding ``text`` verbatim (several lines, e.g. a derivation),
    its fence longer than any run of backticks inside, indented into a list item."""
    body = _clean(text)
    longest = max((len(m) for m in re.findall(r"`+", body)), default=0)
    fence = "`" * max(3, longest + 1)
    return [indent + fence, *(indent + line for line in body.split("\n")), indent + fence]


def _ms(value: object) -> str:
    """Checking time for display ('' when absent or not a number)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return ""
    return f"{value:.0f}" if value >= 10 else f"{value:.1f}"


def _points(item: TraceItem) -> list[bool]:
    points = item.get("points", [])
    return [bool(p) for p in points] if isinstance(points, list) else []


TEXT_LIMIT = 2000  # characters of one student text in a trace; the rest is left out, said so


def _clean(text: object, *, lines: bool = True) -> str:
    """Text with control characters, escape sequences and bidirectional overrides made
    visible (``tutor.textsafe.visible``: ``\\x1b``), cut to TEXT_LIMIT characters (a log
    edited by hand can hold megabytes in one field). ``lines=False`` shows line breaks as
    ``\\n`` too (a field that must stay on one line)."""
    return visible(text, TEXT_LIMIT, newlines=lines)


# ---------------------------------------------------------------------------
# Markdown

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~$&])")
_MD_LINE_START = re.compile(r"^(\s*)([-+=]|\d+(?=[.)]))")


def md_text(text: object, *, lines: bool = True) -> str:
    """Plain text safe in Markdown: punctuation that could format is backslash-escaped (raw
    HTML, headings, lists, links, emphasis, code cannot start). ``lines=False`` for a
    field that must stay on one line (a heading, an item): line breaks show as ``\\n``."""
    escaped = []
    for line in _clean(text, lines=lines).split("\n"):
        line = _MD_SPECIAL.sub(r"\\\1", line)
        match = _MD_LINE_START.match(line)
        if match:
            head = match.group(0)
            if head[-1].isdigit():  # "1." or "1)" would start a list: escape the mark
                end = match.end()
                line = line[:end] + "\\" + line[end:]
            else:
                line = head[:-1] + "\\" + line[len(head) - 1 :]
        escaped.append(line)
    return "  \n".join(escaped)


def md_code(text: object) -> str:
    """A code span holding ``text`` verbatim, whatever backticks it contains."""
    body = _clean(text, lines=False)
    if not body:
        return "(empty)"
    longest = max((len(m) for m in re.findall(r"`+", body)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if body.startswith("`") or body.endswith("`") or body.strip() == "" else ""
    return f"{fence}{pad}{body}{pad}{fence}"


def md_quote(text: object) -> str:
    return "\n".join("> " + line for line in md_text(text).split("  \n"))


def to_markdown(trace: Trace) -> str:
    out: list[str] = [f"# Session {md_text(trace.session_id, lines=False)}", ""]
    facts = [
        f"- Started: {md_text(trace.started or 'unknown', lines=False)}",
        f"- Active time: {fmt_duration(trace.seconds)} (gaps over "
        f"{int(IDLE_GAP_SECONDS // 60)} minutes count as idle)",
    ]
    if trace.version:
        facts.append(f"- Tutor version: {md_code(trace.version)}")
    if trace.content_hash:
        facts.append(f"- Content: {md_code(trace.content_hash)}")
    if trace.fresh:
        facts.append("- Started fresh (progress from earlier sessions not restored)")
    if not trace.ended:
        facts.append("- The session did not end normally (the tutor was stopped)")
    if trace.content_changed:
        facts.append("- The content has changed since this session; hint texts are today's")
    out += facts + [""]
    for part in trace.parts:
        heading = f"## Part {md_text(part.part, lines=False)}"
        if part.title:
            heading += f": {md_text(part.title, lines=False)}"
        out += [heading, "", f"Time: {fmt_duration(part.seconds)}", ""]
        if not part.items:
            out += ["Opened; nothing submitted.", ""]
            continue
        for item in part.items:
            out += _md_item(item)
        out.append("")
    if trace.other:
        out += ["## Other", ""]
        for item in trace.other:
            out += _md_item(item)
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _md_item(item: TraceItem) -> list[str]:
    g = item.get

    def one(key: str) -> str:
        return md_text(g(key), lines=False)

    if item.type == "attempt":
        raw = g("raw")  # as read from the log: a cut text keeps how much was cut
        multiline = "\n" in str(raw).strip()  # a derivation: one step a line
        shown = "(the lines below)" if multiline else md_code(raw)
        line = f"- **{one('box')}**: {shown} — *{one('verdict')}*"
        note = str(g("note"))
        if note and note != g("verdict"):
            line += f" ({one('note')})"
        if _ms(g("ms")):
            line += f", checked in {_ms(g('ms'))} ms"
        if variant_label(item):
            line += f", in the {md_text(variant_label(item), lines=False)}"
        lines = [line]
        if multiline:
            lines += ["", *md_block(str(raw).strip()), ""]
        blocks = g("blocks", ())
        if isinstance(blocks, tuple) and blocks:
            lines += [f"  {n}. {md_text(b)}" for n, b in enumerate(blocks, start=1)]
        if g("interpreted"):
            lines.append(f"  - read as: {md_code(g('interpreted'))}")
        if g("feedback"):
            # read from the log, so escaped like any other text from it (a log can be edited)
            feedback = md_text(g("feedback")).strip().replace("\n", "\n    ")
            lines.append(f"  - feedback: {feedback}")
        return lines
    if item.type == "hint":
        line = f"- Hint {one('index')} for **{one('box')}** revealed"
        if variant_label(item):
            line += f" (in the {md_text(variant_label(item), lines=False)})"
        if g("text"):  # the content's text (Markdown), never the log's
            line += ": " + _clean(g("text")).strip().replace("\n", "\n  ")
        return [line]
    if item.type == "solution":
        label = variant_label(item)
        return [
            "- Worked solution revealed" + (f" ({md_text(label, lines=False)})" if label else "")
        ]
    if item.type == "self_assessment":
        points = _points(item)
        met = ", ".join("met" if p else "missed" for p in points) or "no points"
        lines = [f"- Self-assessment: {sum(points)} of {len(points)} points met ({met})"]
        if g("text"):
            lines += ["", md_quote(g("text")), ""]
        return lines
    if item.type == "reflection":
        return [f"- Reflection {one('prompt')}:", "", md_quote(g("text")), ""]
    if item.type == "plot_viewed":
        return [f"- Viewed the plot {md_code(g('plot'))}"]
    return []


# ---------------------------------------------------------------------------
# LaTeX

_TEX_ASCII = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "#": r"\#",
    "^": r"\textasciicircum{}",
    "_": r"\_",
    "%": r"\%",
    "~": r"\textasciitilde{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
    "-": "-{}",  # no -- or --- ligatures in student input
}

# Characters outside ASCII the tutor's text commonly holds, in commands pdflatex knows
# without extra packages (math ones through \ensuremath).
_TEX_UNICODE = {
    **{
        ch: rf"\ensuremath{{\{name}}}"
        for ch, name in zip(
            "αβγδεζηθικλμνξπρστυφχψωΓΔΘΛΞΠΣΥΦΨΩ",
            "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi pi "
            "rho sigma tau upsilon phi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma "
            "Upsilon Phi Psi Omega".split(),
            strict=True,
        )
    },
    "ϵ": r"\ensuremath{\epsilon}",
    "ϕ": r"\ensuremath{\phi}",
    "ο": "o",
    "µ": r"\ensuremath{\mu}",
    "∇": r"\ensuremath{\nabla}",
    "∂": r"\ensuremath{\partial}",
    "∑": r"\ensuremath{\sum}",
    "∏": r"\ensuremath{\prod}",
    "∫": r"\ensuremath{\int}",
    "√": r"\ensuremath{\surd}",
    "∞": r"\ensuremath{\infty}",
    "≤": r"\ensuremath{\le}",
    "≥": r"\ensuremath{\ge}",
    "≠": r"\ensuremath{\ne}",
    "≈": r"\ensuremath{\approx}",
    "∼": r"\ensuremath{\sim}",
    "∝": r"\ensuremath{\propto}",
    "±": r"\ensuremath{\pm}",
    "×": r"\ensuremath{\times}",
    "·": r"\ensuremath{\cdot}",
    "⋅": r"\ensuremath{\cdot}",
    "÷": r"\ensuremath{\div}",
    "−": r"\ensuremath{-}",
    "→": r"\ensuremath{\to}",
    "←": r"\ensuremath{\leftarrow}",
    "⇒": r"\ensuremath{\Rightarrow}",
    "↦": r"\ensuremath{\mapsto}",
    "∈": r"\ensuremath{\in}",
    "∉": r"\ensuremath{\notin}",
    "∀": r"\ensuremath{\forall}",
    "∃": r"\ensuremath{\exists}",
    "⊙": r"\ensuremath{\odot}",
    "⊗": r"\ensuremath{\otimes}",
    "∘": r"\ensuremath{\circ}",
    "ℓ": r"\ensuremath{\ell}",
    "ℝ": r"\ensuremath{\mathbf{R}}",
    "𝔼": r"\ensuremath{\mathbf{E}}",
    "⟨": r"\ensuremath{\langle}",
    "⟩": r"\ensuremath{\rangle}",
    "‖": r"\ensuremath{\|}",
    "…": r"\ldots{}",
    "⋯": r"\ensuremath{\cdots}",
    "–": r"\textendash{}",
    "—": r"\textemdash{}",
    "‘": "`",
    "’": "'",
    "“": "``",
    "”": "''",
    "°": r"\textsuperscript{\ensuremath{\circ}}",
    "\u00a0": "~",
}
_SUPERSCRIPTS = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱ", "0123456789+-=()ni", strict=True))
_SUBSCRIPTS = dict(zip("₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₒₓₕₖₗₘₙₚₛₜ", "0123456789+-=()aeoxhklmnpst", strict=True))


def tex_escape(text: object) -> str:
    """Text safe anywhere in a LaTeX paragraph: nothing in it can run a command.

    ASCII specials become the commands that print them; known Unicode math
    becomes its LaTeX symbol; accented letters lose their accent (pdflatex's
    default fonts cannot be relied on for them); anything else prints as
    ``<U+XXXX>``. Newlines become spaces (paragraphs are split by callers).
    """
    omitted = getattr(text, "omitted", 0)  # a text its reader already cut (a Cut)
    text = str(text)
    if len(text) > TEXT_LIMIT:
        omitted += len(text) - TEXT_LIMIT
        text = text[:TEXT_LIMIT]
    if omitted:  # "… (N more characters)" goes through the escaping too
        text += more_marker(omitted)
    out: list[str] = []
    for ch in text:
        if ch in _TEX_ASCII:
            out.append(_TEX_ASCII[ch])
        elif " " <= ch <= "~":
            out.append(ch)
        elif ch in "\n\r\t":
            out.append(" ")
        elif ch in _TEX_UNICODE:
            out.append(_TEX_UNICODE[ch])
        elif ch in _SUPERSCRIPTS:
            out.append(rf"\textsuperscript{{{tex_escape(_SUPERSCRIPTS[ch])}}}")
        elif ch in _SUBSCRIPTS:
            out.append(rf"\textsubscript{{{tex_escape(_SUBSCRIPTS[ch])}}}")
        else:
            base = "".join(
                c for c in unicodedata.normalize("NFKD", ch) if " " <= c <= "~" and c.isalnum()
            )
            out.append(base if base else rf"\textless{{}}U+{ord(ch):04X}\textgreater{{}}")
    return "".join(out)


def tex_paragraphs(text: object) -> Iterator[str]:
    """Escaped paragraphs of ``text`` (split at blank lines; line breaks kept)."""
    omitted = getattr(text, "omitted", 0)  # a text its reader already cut (a Cut)
    text = str(text) + (more_marker(omitted) if omitted else "")
    for block in re.split(r"\n\s*\n", text):
        lines = [tex_escape(line.strip()) for line in block.split("\n") if line.strip()]
        if lines:
            # \newline (not \\, which would read a following "[" as its argument)
            yield " \\newline\n".join(lines)


def tex_code(text: object) -> str:
    return rf"\texttt{{{tex_escape(text)}}}" if str(text) else r"\emph{(empty)}"


_TEX_PREAMBLE = r"""\documentclass[11pt]{article}
\usepackage[margin=2.5cm]{geometry}
\setlength{\parindent}{0pt}
\setlength{\parskip}{0.5em}
\sloppy
"""


def to_latex(trace: Trace) -> str:
    out: list[str] = [
        _TEX_PREAMBLE,
        r"\begin{document}",
        rf"\section*{{Session {tex_escape(trace.session_id)}}}",
        r"\begin{itemize}",
        rf"\item Started: {tex_escape(trace.started or 'unknown')}",
        rf"\item Active time: {tex_escape(fmt_duration(trace.seconds))} (gaps over "
        rf"{int(IDLE_GAP_SECONDS // 60)} minutes count as idle)",
    ]
    if trace.version:
        out.append(rf"\item Tutor version: {tex_escape(trace.version)}")
    if trace.content_hash:
        out.append(rf"\item Content: {tex_code(trace.content_hash)}")
    if trace.fresh:
        out.append(r"\item Started fresh (progress from earlier sessions not restored)")
    if not trace.ended:
        out.append(r"\item The session did not end normally (the tutor was stopped)")
    if trace.content_changed:
        out.append(r"\item The content has changed since this session; hint texts are today's")
    out.append(r"\end{itemize}")
    sections: list[tuple[str, float | None, tuple[TraceItem, ...]]] = [
        (f"Part {part.part}" + (f": {part.title}" if part.title else ""), part.seconds, part.items)
        for part in trace.parts
    ]
    if trace.other:
        sections.append(("Other", None, trace.other))
    for title, seconds, items in sections:
        out.append(rf"\subsection*{{{tex_escape(title)}}}")
        if seconds is not None:
            out.append(rf"Time: {tex_escape(fmt_duration(seconds))}")
            out.append("")
        if not items:
            out.append("Opened; nothing submitted.")
            continue
        out.append(r"\begin{itemize}")
        for item in items:
            out += _tex_item(item)
        out.append(r"\end{itemize}")
    out += [r"\end{document}", ""]
    return "\n".join(out)


def _tex_item(item: TraceItem) -> list[str]:
    g = item.get
    if item.type == "attempt":
        raw = str(g("raw")).strip()
        if "\n" in raw:  # a derivation: one step a line
            shown = " \\newline ".join(tex_code(ln) for ln in raw.split("\n") if ln.strip())
        else:
            shown = tex_code(g("raw"))
        line = (
            rf"\item \textbf{{{tex_escape(g('box'))}}}: {shown} --- "
            rf"\emph{{{tex_escape(g('verdict'))}}}"
        )
        note = str(g("note"))
        if note and note != g("verdict"):
            line += f" ({tex_escape(note)})"
        if _ms(g("ms")):
            line += f", checked in {_ms(g('ms'))} ms"
        if variant_label(item):
            line += f", in the {tex_escape(variant_label(item))}"
        lines = [line]
        if g("interpreted"):
            lines.append(rf"\\ read as: {tex_code(g('interpreted'))}")
        paragraphs = list(tex_paragraphs(g("feedback")))
        if paragraphs:
            lines.append(r"\\ feedback: " + " \\par ".join(paragraphs))
        blocks = g("blocks", ())
        if isinstance(blocks, tuple) and blocks:
            lines.append(r"\begin{enumerate}")
            lines += [rf"\item {tex_escape(b)}" for b in blocks]
            lines.append(r"\end{enumerate}")
        return lines
    if item.type == "hint":
        return [
            rf"\item Hint {tex_escape(g('index'))} for \textbf{{{tex_escape(g('box'))}}} revealed"
            + (f" (in the {tex_escape(variant_label(item))})" if variant_label(item) else "")
            + (": " + " \\par ".join(tex_paragraphs(g("text"))) if g("text") else "")
        ]
    if item.type == "solution":
        label = variant_label(item)
        return [r"\item Worked solution revealed" + (f" ({tex_escape(label)})" if label else "")]
    if item.type == "self_assessment":
        points = _points(item)
        met = ", ".join("met" if p else "missed" for p in points) or "no points"
        lines = [rf"\item Self-assessment: {sum(points)} of {len(points)} points met ({met})"]
        lines += _tex_quote(g("text"))
        return lines
    if item.type == "reflection":
        return [rf"\item Reflection {tex_escape(g('prompt'))}:", *_tex_quote(g("text"))]
    if item.type == "plot_viewed":
        return [rf"\item Viewed the plot {tex_code(g('plot'))}"]
    return []


def _tex_quote(text: object) -> list[str]:
    paragraphs = list(tex_paragraphs(text))
    if not paragraphs:
        return []
    return [r"\begin{quote}", "\n\n".join(paragraphs), r"\end{quote}"]


# ---------------------------------------------------------------------------
# The command


def find_session(spec: str | None, log_dir: Path) -> Path:
    """A session file: a path, a session id (or unique prefix) in ``log_dir``, or the latest
    (the last started, by the sessions' numbers, whatever their clock said)."""
    if spec is None:
        headers = []
        for file in iter_session_files(log_dir, recursive=False):
            try:
                headers.append(read_header(file))
            except SessionReadError:
                continue
        if not headers:
            raise UserError(f"no sessions found in {log_dir}")
        ordered, _ = order_sessions(headers)
        return ordered[-1].path
    path = Path(spec).expanduser()
    if path.exists() or path.is_symlink():
        if path.is_dir():
            raise UserError(f"{path} is a directory; give one session file or a session id")
        return path
    stem = spec[: -len(SUFFIX)] if spec.endswith(SUFFIX) else spec
    if os.sep in stem or (os.altsep and os.altsep in stem):
        raise UserError(f"no such file: {path}")
    matches = [p for p in iter_session_files(log_dir, recursive=True) if p.stem.startswith(stem)]
    exact = [p for p in matches if p.stem == stem]
    if len(exact) == 1:
        return exact[0]
    if not matches:
        raise UserError(f"no session file or session id {spec!r} (looked in {log_dir})")
    if len(matches) > 1:
        raise UserError(
            f"{spec!r} matches {len(matches)} sessions in {log_dir}; give more of the id"
        )
    return matches[0]


def export_session(path: Path, fmt: str, content: Any = None) -> tuple[str, list[str]]:
    """The trace of the session file ``path`` as Markdown or LaTeX, read as it streams by,
    and the reader's warnings. Raises ``UserError`` when nothing in it is a session event."""
    with SessionStream(path) as stream:
        trace = trace_of(stream, path, content=content)
    if not stream.count:
        raise UserError(f"{path} is not a session log (no session events in it)")
    return (to_latex(trace) if fmt == "tex" else to_markdown(trace)), stream.warnings


def _load_content(explicit: str | None) -> Any:
    """The content, for part titles and hint texts; None (with a warning) if it does not load."""
    from tutor.paths import content_dir
    from tutor.variants.engine import load

    directory = content_dir(explicit)
    try:
        return load(directory)  # the handout's texts
    except (UserError, OSError, ValueError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        message = (
            f"content in {directory} not loaded ({first}); part titles and hint texts are left out"
        )
        print(f"warning: {visible(message, 1000)}", file=sys.stderr)
        return None
