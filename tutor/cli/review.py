"""`hw3-tutor review`: one session's timeline or a class summary."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from tutor.cli.options import (
    add_content_option,
    add_idle_option,
    add_jobs_option,
    add_log_dir_option,
    add_window_options,
    whole_number,
)
from tutor.content.model import Content
from tutor.sessions.classsummary import BoxSummary
from tutor.sessions.review import NoSessionsError
from tutor.sessions.reviewtext import SORTS, format_summary
from tutor.sessions.sources import collect
from tutor.sessions.timeline import format_timeline, timeline_of, timeline_to_json
from tutor.textsafe import json_text, visible

if TYPE_CHECKING:
    from tutor.sessions.regrader import Regrader

WARNING_LIMIT = 1000  # characters of one warning printed
MAX_TOP = 1000  # --top: answers listed per box at most (every one is in --json)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="session logs, hand-ins (.zip) and directories holding them (default: the log directory); one "
        "that cannot be read is skipped with a warning (an error only when none can be read)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.add_argument(
        "--class",
        dest="class_view",
        action="store_true",
        help="print the per-box class summary even for a single session",
    )
    parser.add_argument(
        "--top",
        type=whole_number(1, MAX_TOP),
        default=5,
        metavar="N",
        help=f"mistakes and answers to list per box (1 to {MAX_TOP:,})",
    )
    parser.add_argument(
        "--sort",
        choices=SORTS,
        default="struggle",
        help="order of the boxes in a class report: hardest first (default) or homework order",
    )
    parser.add_argument(
        "--by-variant",
        action="store_true",
        help="count each practice variant's attempts apart (box [seed:7]) instead of together",
    )
    add_idle_option(parser)
    add_window_options(parser)
    add_jobs_option(parser)
    add_log_dir_option(parser)
    add_content_option(parser)


def warn(message: str) -> None:
    """One warning on stderr, escaped (it may quote a file name or a log's field)."""
    print(f"warning: {visible(message, WARNING_LIMIT)}", file=sys.stderr)


def content_drift(
    content_hashes: Mapping[str, int],
    boxes_seen: Iterable[str],
    content: str | None = None,
    loaded: Content | None = None,
) -> list[str]:
    """Warnings when the sessions were recorded with other content than today's
    (``tutor.sessions.review.content_drift``). Empty when the content does not load (the
    review does not need it). ``loaded``: the content already loaded (else it is loaded from
    ``content``)."""
    from tutor.content.issues import ContentError
    from tutor.paths import content_dir
    from tutor.sessions.review import content_drift as drift
    from tutor.variants.engine import load as load_content  # the handout variant

    current = loaded
    if current is None:
        try:
            current = load_content(content_dir(content))
        except ContentError:
            return []
    return drift(content_hashes, boxes_seen, current)


def main(args: argparse.Namespace) -> int:
    from tutor.cli.regrading import larger_sympy_cache, plan_helper, regrade_gc
    from tutor.sessions.classreview import class_review
    from tutor.sessions.regrade import LearnerRegrade
    from tutor.sessions.window import window_from

    larger_sympy_cache()
    idle = args.idle * 60.0
    window = window_from(args.since, args.until)
    paths = list(args.paths)
    if not paths:
        from tutor.paths import log_dir

        default = log_dir(getattr(args, "log_dir", None))
        if not default.exists():
            raise NoSessionsError(
                f"no sessions found: the log directory {visible(default, None)} does not exist"
            )
        paths = [str(default)]
    content, regrader, problem = _regrader(getattr(args, "content", None))
    with regrade_gc():
        try:
            found = collect(paths, window)
            error = found.nothing_readable()
            if error is not None:
                for warning in found.other_warnings():
                    warn(warning)
                raise error
            if regrader is not None:  # a second process reads and judges a large class too
                plan_helper(regrader, found.locations(), args.jobs)
            result = class_review(
                found,
                regrader,
                idle,
                content=content,
                by_variant=getattr(args, "by_variant", False),
            )
            summary = result.summary
            # what the regrade could not judge, counted once: before the timeline reads a
            # session again
            stale = regrader.unresolved_warning() if regrader is not None else None
            single = result.reviewed.single if not args.class_view else None
            tl = None
            if single is not None:  # read again, as it streams by: the timeline keeps what it shows
                with single.open() as stream:
                    events = (
                        LearnerRegrade(regrader, single.learner).session(stream, single.session_id)
                        if regrader is not None
                        else stream
                    )
                    tl = timeline_of(events, single.path, idle)
        finally:
            if regrader is not None:
                regrader.close()
    warnings = list(result.warnings)
    if content is not None:
        from tutor.authoring.stamp import unvalidated_warning
        from tutor.paths import content_dir

        unvalidated = unvalidated_warning(
            content.content_hash, content_dir(getattr(args, "content", None))
        )
        if unvalidated:
            warnings.insert(0, unvalidated)
    if problem:
        warnings.append(problem)
    if stale:
        warnings.append(stale)
    warnings += content_drift(summary.content_hashes, result.reviewed.boxes_seen, loaded=content)
    warnings = list(dict.fromkeys(warnings))
    for warning in warnings:
        warn(warning)
    if not summary.sessions:
        where = ", ".join(visible(p, None) for p in paths)
        if args.json:
            print(json_text({"sessions": 0, "boxes": {}, "warnings": warnings}))
        within = f" {window.describe()}" if window is not None else ""
        raise NoSessionsError(f"no sessions found in {where}{within}")
    if args.json:
        out = summary.to_json(top=args.top)
        out.update(result.to_json())
        out["warnings"] = warnings  # every warning printed, the content drift's too
        if tl is not None:
            out["timeline"] = timeline_to_json(tl)
        print(json_text(out, indent=2))
    elif tl is not None:
        print(format_timeline(tl))
    else:
        print(format_summary(summary, top=args.top, sort=args.sort, rekeyed=result.extras.rekeyed))
        order = [b.box for b in sorted(summary.boxes.values(), key=BoxSummary.struggle_key)]
        extra = result.extras.format(args.top, order if args.sort == "struggle" else None)
        if extra:
            print(extra)
    return 0


def _regrader(option: str | None) -> tuple[Content | None, Regrader | None, str | None]:
    """The current content and a regrader judging with it; (None, None, why) when the content
    does not load (the review then counts the verdicts as logged, and says so)."""
    from tutor.cli.regrading import class_regrader
    from tutor.content.issues import ContentError
    from tutor.paths import content_dir
    from tutor.variants.engine import load as load_content  # the handout variant

    try:
        content = load_content(content_dir(option))
    except ContentError as exc:
        if option is not None:
            raise  # content asked for by name: judging with it is what was asked (as gradebook)
        lines = str(exc).splitlines()
        shown = lines[1 : 1 + _CONTENT_LINES]  # the first line only says that it does not load
        more = len(lines) - 1 - len(shown)
        if more > 0:
            shown.append(f"... and {more} more (hw3-tutor validate lists them all)")
        why = "; ".join(line.strip() for line in shown if line.strip())
        return (
            None,
            None,
            "the content does not load, so the verdicts are shown as logged, not judged again: "
            + why,
        )
    return content, class_regrader(content), None


_CONTENT_LINES = 5  # of a content that does not load, the problems a review warning shows
