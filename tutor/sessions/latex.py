"""A session's trace (``tutor.sessions.trace``) as LaTeX: every special character (and any
character pdflatex would choke on) replaced by a command that prints it."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from tutor.sessions.logformat import IDLE_GAP_SECONDS
from tutor.sessions.review import fmt_duration
from tutor.sessions.trace import (
    TEXT_LIMIT,
    Trace,
    TraceItem,
    ms_text,
    points_of,
    variant_label,
)
from tutor.textsafe import more_marker

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
    "⁄": "/",  # the fraction slashes a PDF or a chat puts for "/"
    "∕": "/",
    "⧸": "/",
    "／": "/",
    "ᐟ": r"\textsuperscript{/}",
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
        if g("logged_verdict"):
            line += rf" (regraded: the log says \emph{{{tex_escape(g('logged_verdict'))}}})"
        note = str(g("note"))
        if note and note != g("verdict"):
            line += f" ({tex_escape(note)})"
        if ms_text(g("ms")):
            line += f", checked in {ms_text(g('ms'))} ms"
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
        line = r"\item Worked solution revealed" + (f" ({tex_escape(label)})" if label else "")
        if g("asked_altered"):
            line += " (logged as shown after solving, before the part was solved: asked for)"
        return [line]
    if item.type == "self_assessment":
        points = points_of(item)
        met = ", ".join("met" if p else "missed" for p in points) or "no points"
        lines = [rf"\item Self-assessment: {sum(points)} of {len(points)} points met ({met})"]
        lines += _tex_quote(g("text"))
        return lines
    if item.type == "reflection":
        return [rf"\item Reflection {tex_escape(g('prompt'))}:", *_tex_quote(g("text"))]
    if item.type == "plot_viewed":
        return [rf"\item Viewed the plot {tex_code(g('plot'))}"]
    if item.type == "pool_shown":
        return [
            rf"\item Asked to see the blocks of {tex_code(g('box'))} (a proof), or to check its "
            "working (a derivation), before solving the boxes whose answers they state"
        ]
    return []


def _tex_quote(text: object) -> list[str]:
    paragraphs = list(tex_paragraphs(text))
    if not paragraphs:
        return []
    return [r"\begin{quote}", "\n\n".join(paragraphs), r"\end{quote}"]
