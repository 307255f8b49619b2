"""The gradebook written out: CSV columns a gradebook imports (the student id first, one column
per graded part, a total, then the figures), JSON with everything, and the summary line. Every
cell from a log is escaped, and a cell that a spreadsheet would run as a formula is defused."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime

from tutor import __version__
from tutor.sessions.gradebook import (
    FORMAT,
    POINT_DIGITS,
    Gradebook,
    Row,
    part_points,
    round_points,
)
from tutor.sessions.logformat import iso_utc
from tutor.textsafe import json_text, visible


def fmt_points(value: float) -> str:
    """Points as a gradebook reads them: ``1``, ``0.5``, ``0.67``."""
    text = f"{round_points(value):.{POINT_DIGITS}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def fmt_hours(seconds: float) -> str:
    """``active_hours``: to the hundredth, a half up, as points are (450 s is ``0.13``)."""
    return f"{round_points(seconds / 3600.0):.2f}"


def _iso(moment: datetime | None) -> str:
    return iso_utc(moment) if moment is not None else ""


# an id a spreadsheet opening the CSV would turn into a number, a date or a time (0012 -> 12,
# 1e5 -> 100000, 2025-02-03 and 1-1 -> dates): the CSV keeps it as it is (Canvas and a roster
# match ids exactly), and a warning says how to keep it in a spreadsheet
_COERCED = re.compile(
    r"[+-]?(?:\d+[.,]?\d*|[.,]\d+)(?:[eE][+-]?\d+)?%?"  # a number (0012, 1e5, 3.50, 12%)
    r"|\d{1,4}[-/.]\d{1,2}(?:[-/.]\d{1,4})?"  # a date (2025-02-03, 1-1, 3/4)
    r"|\d{1,2}:\d{2}(?::\d{2})?"  # a time
)


def spreadsheet_warning(students: list[str]) -> str | None:
    """The warning that some ids would change when the CSV is opened in a spreadsheet, or
    None: they are written as they are, for an import that matches ids exactly."""
    coerced = [s for s in students if _COERCED.fullmatch(s)]
    if not coerced:
        return None
    shown = ", ".join(coerced[:5]) + (f" and {len(coerced) - 5:,} more" if len(coerced) > 5 else "")
    return (
        f"{len(coerced):,} student id{'s' if len(coerced) != 1 else ''} would be read as a "
        f"number, date or time by a spreadsheet that opens the CSV ({shown}): the CSV keeps "
        "them as they are (an import into Canvas, or a roster, matches them exactly); in Excel "
        "or LibreOffice import the file with the student_id column as Text"
    )


FORMULA_STARTS = ("=", "+", "-", "@")  # what makes a spreadsheet run a cell as a formula


def csv_cell(value: str) -> str:
    """A text cell a spreadsheet will not run as a formula: one that starts with ``=``, ``+``,
    ``-`` or ``@``, after any spaces, tabs, carriage returns or other blanks (a spreadsheet
    may trim them: ``" +x"``), or with a blank that is no space, gets a leading apostrophe (a
    spreadsheet shows it, never runs it)."""
    stripped = value.lstrip()
    if stripped[:1] in FORMULA_STARTS or (value[:1].isspace() and value[:1] != " "):
        return "'" + value
    return value


def _unit(points: float) -> str:
    return "pt" if points == 1 else "pts"


STAT_COLUMNS = (
    "first_try_without_hints",
    "hints_used",
    "solutions_asked",
    "solutions_shown_after_solving",
    "active_hours",
    "sessions",
    "last_activity",
    "attempts",
    "changed_verdicts",
)


def csv_header(book: Gradebook, grades_only: bool = False) -> list[str]:
    return [csv_cell(cell) for cell in _header(book, grades_only)]  # the content's ids too


def _header(book: Gradebook, grades_only: bool) -> list[str]:
    header = ["student_id"]
    header += [
        f"{p.id} ({fmt_points(part_points(p))} {_unit(part_points(p))})" for p in book.graded_parts
    ]
    header.append(f"total ({fmt_points(book.max_points)} {_unit(book.max_points)})")
    if grades_only:
        return header
    header += STAT_COLUMNS
    header += [f"part {p.id}" for p in book.content.parts()]
    header += [f"box {b}" for b in book.content.boxes]
    return header


def csv_row(book: Gradebook, row: Row, grades_only: bool = False) -> list[str]:
    cells = [csv_cell(visible(row.student, 500))]  # an id, or a path: escaped
    cells += [fmt_points(row.points.get(p.id, 0.0)) for p in book.graded_parts]
    cells.append(fmt_points(row.total))
    if grades_only:
        return cells
    cells += [
        str(row.first_try_no_hints),
        str(row.hints),
        str(row.solutions_asked),
        str(row.solutions_shown),
        fmt_hours(row.seconds),
        str(row.sessions),
        _iso(row.last_activity),
        str(row.attempts),
        str(row.changed),
    ]
    cells += [row.parts[p.id] for p in book.content.parts()]
    cells += [row.boxes[b] for b in book.content.boxes]
    return cells


def to_csv(book: Gradebook, grades_only: bool = False) -> str:
    """The gradebook as CSV: ``student_id`` first, one column per graded part (its points in
    the header), the total, then (unless ``grades_only``) the figures and every part's and
    box's status."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(csv_header(book, grades_only))
    for row in book.rows:
        writer.writerow(csv_row(book, row, grades_only))
    return out.getvalue()


def to_json(book: Gradebook) -> dict:
    content = book.content
    return {
        "format": FORMAT,
        "tutor_version": __version__,
        "content_hash": content.content_hash,
        "window": book.window.describe() if book.window is not None else None,
        "parts": [
            {"id": p.id, "title": p.title, "points": part_points(p), "boxes": list(p.boxes)}
            for p in content.parts()
        ],
        "max_points": book.max_points,
        "students": [
            {
                "student_id": r.student,
                "identified": r.identified,
                "points": {k: round(v, 4) for k, v in r.points.items()},
                "total": round(r.total, 4),
                "parts": r.parts,
                "boxes": r.boxes,
                "first_try_without_hints": r.first_try_no_hints,
                "hints_used": r.hints,
                "solutions_asked": r.solutions_asked,
                "solutions_shown_after_solving": r.solutions_shown,
                "active_seconds": round(r.seconds, 1),
                "sessions": r.sessions,
                "first_activity": _iso(r.first_activity) or None,
                "last_activity": _iso(r.last_activity) or None,
                "attempts": r.attempts,
                "changed_verdicts": r.changed,
                "practice_attempts": r.practice_attempts,
            }
            for r in book.rows
        ],
        "changed_verdicts": [c.to_json() for c in book.changes],
        "hand_ins": book.handins,
        "session_files": book.files,
        "warnings": list(book.warnings),
    }


def to_json_text(book: Gradebook) -> str:
    """The gradebook as JSON text (``tutor.textsafe.json_text``: valid, no ``NaN``)."""
    return json_text(to_json(book), indent=1)


def summary_line(book: Gradebook) -> str:
    n = len(book.rows)
    missing = sum(1 for r in book.rows if not r.identified)
    text = f"{n} student{'s' if n != 1 else ''}"
    if missing:
        text += f" ({missing} without a student id: named by their folder)"
    text += f", from {book.handins} hand-in{'s' if book.handins != 1 else ''}"
    text += f" and {book.files} session file{'s' if book.files != 1 else ''}"
    changed = book.changed
    text += f"; {changed} logged verdict{'s' if changed != 1 else ''} changed by the regrade"
    return text
