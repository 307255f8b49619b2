"""The class summary of ``hw3-tutor review`` printed, at most ``tutor.sessions.review.WIDTH``
columns wide (every field from a log through ``tutor.textsafe``).
"""

from __future__ import annotations

from collections.abc import Mapping

from tutor.sessions.classsummary import FEW_LEARNERS, BoxSummary, ClassSummary
from tutor.sessions.review import (
    WIDTH,
    fmt_duration,
    log_field,
    show,
    show_fit,
    wrap,
    yes_no,
)

SORTS = ("struggle", "box")
ITEM_INDENT = 4  # ``wrap``'s indent of a box's lists


def _item(label: str, head: str, text: str, tail: str) -> str:
    """One item of a box's list: ``head``, the student's ``text`` quoted and cut to fit one line
    after ``label`` (saying how much was left out: ``tutor.textsafe.quoted``), ``tail``."""
    room = WIDTH - ITEM_INDENT - len(label) - len(head) - len(tail) - 1  # and a comma
    if len(show(text)) <= room:
        return f"{head}{show(text)}{tail}"
    return f"{head}{show_fit(text, max(12, room))}{tail}"


def format_summary(
    summary: ClassSummary,
    top: int = 5,
    sort: str = "struggle",
    rekeyed: Mapping[str, int] | None = None,
) -> str:
    """The class report, at most WIDTH columns wide.

    ``sort="struggle"`` (the default) lists the boxes the class found hardest
    first (lowest first-try rate, then lowest solved rate, then most attempts
    per learner); ``sort="box"`` keeps the homework's order. ``rekeyed``: a box's answers
    whose verdict changed because its key was edited since they were logged (a banner by the
    box: an answer right under the old key is a wrong answer today, not a new mistake).
    """
    who = summary.who()
    lines = [f"{who}; {summary.seconds / 3600.0:.1f} active hours in all", ""]
    one = summary.learners == 1  # one learner's sessions: no class to compare with
    if not summary.boxes:
        lines.append("No answers were submitted in these sessions.")
    else:
        boxes = list(summary.boxes.values())
        if sort == "struggle":
            boxes.sort(key=BoxSummary.struggle_key)
            whose = "this learner" if one else "the class"
            lines.append(f"Answer boxes, the ones {whose} found hardest first.")
            if any(0 < b.learners < FEW_LEARNERS for b in boxes) and any(
                b.learners >= FEW_LEARNERS for b in boxes
            ):
                lines.append(
                    "Boxes only one learner answered come after the others (one rate says little)."
                )
        lines += (
            [
                "first try: whether the first graded answer was correct (unreadable input",
                "does not count); solved: whether an answer was right at some point;",
                "attempts: graded answers (unreadable input is not an attempt).",
                "",
            ]
            if one
            else [
                "first try: learners whose first graded answer was correct (unreadable",
                "input does not count); solved: learners who got it right at some point;",
                "attempts: graded answers (unreadable input is not an attempt).",
                "",
            ]
        )
        width = max(12, min(22, max(len(log_field(b.box)) for b in boxes) + 2))
        header = f"{'box':<{width}}{'first try':>15}{'solved':>9}{'attempts':>10}"
        header += f"{'hints':>7}" if one else f"{'per learner':>13}{'hints':>7}"
        lines += [header, "-" * len(header)]
        for b in boxes:
            name = _cell(b.box, width)
            if one:
                first = yes_no(b.first_try, b.learners)
                solved = yes_no(b.solved, b.learners)
                lines.append(f"{name}{first:>15}{solved:>9}{b.attempts:>10}{b.hints:>7}")
            else:
                rate = b.first_try_rate
                first = f"{rate:4.0%} {b.first_try:>3}/{b.learners:<3}" if rate is not None else "-"
                solved = f"{b.solved}/{b.learners}" if b.learners else "-"
                per = f"{b.attempts / b.learners:.1f}" if b.learners else "-"
                lines.append(f"{name}{first:>15}{solved:>9}{b.attempts:>10}{per:>13}{b.hints:>7}")
            if b.variants:
                lines.append(
                    f"    across the handout and {b.variants} practice "
                    f"variant{'s' if b.variants != 1 else ''} (--by-variant lists them apart)"
                )
            changed = (rekeyed or {}).get(b.box, 0)
            if changed:
                lines += [
                    f"    ! key changed since these sessions: {changed:,} answer"
                    f"{'s' if changed != 1 else ''} re-judged; answers",
                    "      right under the old key show here as wrong (see the verdicts changed)",
                ]
            mistakes = b.mistakes[:top]
            if mistakes:
                shown = [f"{log_field(n.removeprefix('mistake:'))} ×{c}" for n, c in mistakes]
                lines += wrap("known mistakes: ", shown)
            if b.wrong_orders:
                label = "wrong orders: "
                shown = [_item(label, "", o, f" ×{c}") for o, c in b.wrong_orders[:top]]
                lines += wrap(label, shown)
            if b.failing_lines:
                label = "first failing lines: "
                shown = [
                    _item(label, f"line {t.partition(': ')[0]} ", t.partition(": ")[2], f" ×{c}")
                    for t, c in b.failing_lines[:top]
                ]
                lines += wrap(label, shown)
            if b.unmatched:
                label = "unmatched wrong answers: "
                shown = []
                for answer, count in b.unmatched[:top]:
                    forms = len(b.spellings.get(answer, ()))
                    extra = f" ({forms} spellings)" if forms > 1 else ""
                    shown.append(_item(label, "", answer, f" ×{count}{extra}"))
                lines += wrap(label, shown)
        if any(b.unmatched for b in boxes):
            lines += [
                "",
                "Unmatched wrong answers are grouped by how the checker read them; the",
                "common ones are worth adding to the content as known mistakes.",
            ]
    if summary.parts:
        learners = "" if one else f"{'learners':>9}"
        pw = max(8, min(18, max(len(log_field(p.part)) for p in summary.parts.values()) + 2))
        lines += [
            "",
            f"{'part':<{pw}}{learners}{'active time':>13}{'solutions asked':>17}"
            f"{'shown after solving':>21}",
        ]
        for p in summary.parts.values():
            learners = "" if one else f"{p.learners:>9}"
            lines.append(
                f"{_cell(p.part, pw)}{learners}{fmt_duration(p.seconds):>13}{p.solutions:>17}"
                f"{p.solutions_shown:>21}"
            )
    return "\n".join(lines)


def _cell(value: str, width: int) -> str:
    """A table's first column: the id as shown (``log_field``), cut to fit ``width`` with a
    space before the next column, padded to it."""
    name = log_field(value)
    name = name if len(name) < width else name[: width - 2] + "…"
    return f"{name:<{width}}"
