"""`hw3-tutor gradebook`: one row per student, every answer judged again with the content."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tutor.cli.options import (
    add_content_option,
    add_idle_option,
    add_jobs_option,
    add_window_options,
)
from tutor.cli.outputs import HANDIN_SUFFIX, Read, check_suffix, report_output
from tutor.errors import UsageError, UserError
from tutor.textsafe import quoted, visible

FORMATS = ("csv", "json")
SHOWN_CHANGES = 20  # changed verdicts listed on stderr (all of them are in --format json)
WARNING_LIMIT = 1000  # characters of one warning printed


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="hand-ins (hw3-handin-*.zip), session logs, or directories holding them; one that "
        "cannot be read is skipped with a warning (an error only when none can be read)",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default=None,
        help="csv (default; a gradebook imports it) or json (everything, with the changed "
        "verdicts); default: from -o's suffix",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        default=None,
        help="write here instead of stdout (-: stdout)",
    )
    parser.add_argument(
        "--grades-only",
        action="store_true",
        help="CSV with only the student id, the parts' points and the total",
    )
    add_window_options(parser)
    add_idle_option(parser)
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="judge every answer afresh (do not read or write the judgment cache)",
    )
    add_jobs_option(parser)
    add_content_option(parser)


def main(args: argparse.Namespace) -> int:
    from tutor.authoring.stamp import unvalidated_warning
    from tutor.cli.regrading import class_regrader, larger_sympy_cache, plan_helper, regrade_gc
    from tutor.paths import content_dir
    from tutor.sessions.gradebook import build_gradebook
    from tutor.sessions.gradebookfile import (
        spreadsheet_warning,
        summary_line,
        to_csv,
        to_json_text,
    )
    from tutor.sessions.learner import learner_label
    from tutor.sessions.logformat import SUFFIX
    from tutor.sessions.review import NoSessionsError
    from tutor.sessions.sources import collect
    from tutor.sessions.window import window_from
    from tutor.variants.engine import load as load_content  # the handout variant

    larger_sympy_cache()
    window = window_from(args.since, args.until)
    fmt = args.format
    content_path = content_dir(getattr(args, "content", None))
    # checked before anything is read: a report never replaces what it is made from
    out = report_output(
        args.output,
        [Read(Path(p).expanduser(), (SUFFIX, HANDIN_SUFFIX)) for p in args.paths]
        + [Read(content_path, (".toml",))],
    )
    if fmt is None:
        fmt = "json" if out is not None and out.suffix.lower() == ".json" else "csv"
    check_suffix(out, fmt, {"csv": (".csv", ".txt"), "json": (".json",)})
    if args.grades_only and fmt != "csv":
        raise UsageError("--grades-only is for the CSV format")
    content = load_content(content_path)
    found = collect(args.paths, window)
    # a window that holds no session: an error, not a gradebook of zeros (a mistyped year)
    if (
        not found.sources and (not found.empty_handins or window is not None)
    ) or found.nothing_readable():
        for warning in found.other_warnings():
            warn(warning)
        error = found.nothing_readable()
        if error is not None:
            raise error
        where = ", ".join(visible(p, None) for p in args.paths)
        if window is not None:
            outside = (
                f" ({found.outside:,} session{'s' if found.outside != 1 else ''} started "
                "outside it; check --since/--until)"
                if found.outside
                else ""
            )
            raise NoSessionsError(f"no sessions found in {where} {window.describe()}{outside}")
        raise NoSessionsError(f"no sessions found in {where}")
    regrader = class_regrader(content, disk=not args.no_cache)
    with regrade_gc():
        plan_helper(regrader, found.locations(), args.jobs)
        try:
            book = build_gradebook(found, content, regrader, window=window, idle=args.idle * 60.0)
        finally:
            regrader.close()
    if regrader.cache_problem:
        book.warnings.append(regrader.cache_problem)
    unvalidated = unvalidated_warning(content.content_hash, content_path)
    if unvalidated:
        book.warnings.insert(0, unvalidated)
    stale = regrader.unresolved_warning()
    if stale:
        book.warnings.append(stale)
    coerced = spreadsheet_warning([r.student for r in book.rows]) if fmt == "csv" else None
    for warning in [*book.warnings, *([coerced] if coerced else [])]:
        warn(warning)
    changes = book.changes
    for c in changes[:SHOWN_CHANGES]:
        print(
            f"changed verdict: {learner_label(c.learner, 200)} {visible(c.box)}"
            f"{'' if c.variant == 'handout' else ' [' + visible(c.variant, 200) + ']'} "
            f"{quoted(c.raw, 60)}: logged {visible(c.logged, 40)}, now {c.now} ({c.reason})",
            file=sys.stderr,
        )
    if book.changed > SHOWN_CHANGES:
        print(
            f"changed verdict: … and {book.changed - SHOWN_CHANGES} more "
            "(--format json lists them)",
            file=sys.stderr,
        )
    if not book.rows:
        where = ", ".join(visible(p, None) for p in args.paths)
        raise NoSessionsError(f"no sessions found in {where}")
    text = to_json_text(book) + "\n" if fmt == "json" else to_csv(book, args.grades_only)
    if out is not None:
        try:
            out.write_text(text, encoding="utf-8", newline="")
        except OSError as exc:
            raise UserError(f"cannot write {out}: {exc.strerror or exc}") from None
        print(f"wrote {visible(out, 300)}: {summary_line(book)}", file=sys.stderr)
    else:
        sys.stdout.write(text)
        print(summary_line(book), file=sys.stderr)
    return 0


def warn(message: str) -> None:
    """One warning on stderr, escaped (it may quote a file name or a log's field)."""
    print(f"warning: {visible(message, WARNING_LIMIT)}", file=sys.stderr)
