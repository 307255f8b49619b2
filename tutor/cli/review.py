"""`hw3-tutor review`: one session's timeline or a class summary."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from tutor.cli.options import (
    add_content_option,
    add_jobs_option,
    add_log_dir_option,
    add_window_options,
)
from tutor.content.loader import Content
from tutor.errors import UsageError
from tutor.sessions.log import (
    IDLE_GAP_SECONDS,
    Session,
)
from tutor.sessions.review import (
    SORTS,
    BoxSummary,
    NoSessionsError,
    _box_sort_key,
    collect,
    format_summary,
    format_timeline,
    summarize,
    timeline,
    timeline_to_json,
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="session log files or directories (default: the log directory)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.add_argument(
        "--class",
        dest="class_view",
        action="store_true",
        help="print the per-box class summary even for a single session",
    )
    parser.add_argument(
        "--top", type=int, default=5, metavar="N", help="mistakes and answers to list per box"
    )
    parser.add_argument(
        "--sort",
        choices=SORTS,
        default="struggle",
        help="order of the boxes in a class report: hardest first (default) or homework order",
    )
    parser.add_argument(
        "--idle",
        type=float,
        default=IDLE_GAP_SECONDS / 60.0,
        metavar="MINUTES",
        help="gaps between events longer than this count as idle (default: 10)",
    )
    add_window_options(parser)
    add_jobs_option(parser)
    add_log_dir_option(parser)
    add_content_option(parser)


def content_drift(
    sessions: Sequence[Session], content: str | None = None, loaded: Content | None = None
) -> list[str]:
    """Warnings when the sessions were recorded with other content than today's: how
    many, and the boxes they answered that the current content no longer has. Empty
    when the content does not load (the review does not need it). ``loaded``: the
    content already loaded (else it is loaded from ``content``)."""
    from tutor.content.loader import ContentError, load_content
    from tutor.paths import content_dir

    current = loaded
    if current is None:
        try:
            current = load_content(content_dir(content))
        except ContentError:
            return []
    other = [s for s in sessions if s.content_hash and s.content_hash != current.content_hash]
    out = []
    if other:
        out.append(
            f"{len(other)} of {len(sessions)} session{'s' if len(sessions) != 1 else ''} "
            f"{'was' if len(other) == 1 else 'were'} recorded with other content than the current one (older or edited "
            "files); their answers still count under the box ids they used"
        )
    gone: set[str] = set()
    for session in sessions:
        for event in session.events:
            if event.type in ("attempt", "hint"):
                box = event.data.get("box")
                if type(box) is str and box not in current.boxes:
                    gone.add(box)
    if gone:
        shown = ", ".join(sorted(gone, key=_box_sort_key)[:10])
        more = f" and {len(gone) - 10} more" if len(gone) > 10 else ""
        out.append(
            f"boxes not in the current content (renamed or removed): {shown}{more}; "
            "review with --content DIR for the content these sessions used"
        )
    return out


def main(args: argparse.Namespace) -> int:
    from tutor.sessions.classstats import class_review, early_regrader, safe_text
    from tutor.sessions.sources import window_from

    if args.top < 1:
        raise UsageError("--top must be at least 1")
    if not args.idle > 0:
        raise UsageError("--idle must be a positive number of minutes")
    idle = args.idle * 60.0
    window = window_from(args.since, args.until)
    paths = list(args.paths)
    if not paths:
        from tutor.paths import log_dir

        default = log_dir(getattr(args, "log_dir", None))
        if not default.exists():
            raise NoSessionsError(f"no sessions found: the log directory {default} does not exist")
        paths = [str(default)]
    # the regrader first: for a large class its helper process judges while the logs are read
    regrader = early_regrader(paths, getattr(args, "content", None), args.jobs)
    try:
        found = collect([p for p in paths if not str(p).lower().endswith(".zip")])
    except BaseException:
        if regrader is not None:
            regrader.close()
        raise
    result = class_review(
        found, paths, getattr(args, "content", None), window, idle, regrader=regrader
    )
    result.warnings += tuple(content_drift(result.sessions, loaded=result.content))
    for warning in result.warnings:
        print(f"warning: {safe_text(warning, 500)}", file=sys.stderr)
    if not result.sessions:
        where = ", ".join(str(p) for p in paths)
        if args.json:
            print(json.dumps({"sessions": 0, "boxes": {}, "warnings": list(result.warnings)}))
        within = f" {window.describe()}" if window is not None else ""
        raise NoSessionsError(f"no sessions found in {where}{within}")
    summary = summarize(
        result.sessions,
        result.learner_of,
        students=result.students,
        idle=idle,
        warnings=result.warnings,
    )
    single = len(result.sessions) == 1 and not args.class_view
    if args.json:
        out = summary.to_json(top=args.top)
        out.update(result.to_json())
        if single:
            out["timeline"] = timeline_to_json(timeline(result.sessions[0], idle))
        print(json.dumps(out, ensure_ascii=False, indent=2))
    elif single:
        print(format_timeline(timeline(result.sessions[0], idle)))
    else:
        print(format_summary(summary, top=args.top, sort=args.sort))
        order = [b.box for b in sorted(summary.boxes.values(), key=BoxSummary.struggle_key)]
        extra = result.extras.format(args.top, order if args.sort == "struggle" else None)
        if extra:
            print(extra)
    return 0
