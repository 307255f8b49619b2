"""A session's trace (``tutor.sessions.trace``) as Markdown: student text in code spans and fenced
blocks that cannot be broken out of."""

from __future__ import annotations

import re

from tutor.sessions.logformat import IDLE_GAP_SECONDS
from tutor.sessions.review import fmt_duration
from tutor.sessions.trace import (
    Trace,
    TraceItem,
    clean,
    ms_text,
    points_of,
    variant_label,
)


def md_block(text: object, indent: str = "  ") -> list[str]:
    """A fenced code block holding ``text`` verbatim (several lines, e.g. a derivation),
    its fence longer than any run of backticks inside, indented into a list item."""
    body = clean(text)
    longest = max((len(m) for m in re.findall(r"`+", body)), default=0)
    fence = "`" * max(3, longest + 1)
    return [indent + fence, *(indent + line for line in body.split("\n")), indent + fence]


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~$&])")
_MD_LINE_START = re.compile(r"^(\s*)([-+=]|\d+(?=[.)]))")


def md_text(text: object, *, lines: bool = True) -> str:
    """Plain text safe in Markdown: punctuation that could format is backslash-escaped (raw
    HTML, headings, lists, links, emphasis, code cannot start). ``lines=False`` for a
    field that must stay on one line (a heading, an item): line breaks show as ``\\n``."""
    escaped = []
    for line in clean(text, lines=lines).split("\n"):
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
    body = clean(text, lines=False)
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
        if g("logged_verdict"):
            line += f" (regraded: the log says *{one('logged_verdict')}*)"
        note = str(g("note"))
        if note and note != g("verdict"):
            line += f" ({one('note')})"
        if ms_text(g("ms")):
            line += f", checked in {ms_text(g('ms'))} ms"
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
            line += ": " + clean(g("text")).strip().replace("\n", "\n  ")
        return [line]
    if item.type == "solution":
        label = variant_label(item)
        line = "- Worked solution revealed" + (f" ({md_text(label, lines=False)})" if label else "")
        if g("asked_altered"):
            line += " (logged as shown after solving, before the part was solved: asked for)"
        return [line]
    if item.type == "self_assessment":
        points = points_of(item)
        met = ", ".join("met" if p else "missed" for p in points) or "no points"
        lines = [f"- Self-assessment: {sum(points)} of {len(points)} points met ({met})"]
        if g("text"):
            lines += ["", md_quote(g("text")), ""]
        return lines
    if item.type == "reflection":
        return [f"- Reflection {one('prompt')}:", "", md_quote(g("text")), ""]
    if item.type == "plot_viewed":
        return [f"- Viewed the plot {md_code(g('plot'))}"]
    if item.type == "pool_shown":
        return [
            f"- Asked to see the blocks of {md_code(g('box'))} (a proof), or to check its "
            "working (a derivation), before solving the boxes whose answers they state"
        ]
    return []
