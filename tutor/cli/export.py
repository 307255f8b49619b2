"""`hw3-tutor export`: a readable trace of a session as Markdown or LaTeX."""

from __future__ import annotations

import argparse
import sys

from tutor.cli.options import add_content_option, add_log_dir_option
from tutor.cli.outputs import Read, check_suffix, refuse_into_log_folder, report_output
from tutor.errors import UserError
from tutor.sessions.export import FORMATS, _load_content, export_session, find_session
from tutor.textsafe import visible


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "session",
        nargs="?",
        metavar="SESSION",
        help="a session log file or session id (default: the latest session in the log directory)",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default=None,
        help="md (Markdown) or tex (LaTeX); default: from -o's suffix, else md",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        default=None,
        help="write here instead of stdout (-: stdout)",
    )
    add_log_dir_option(parser)
    add_content_option(parser)


def main(args: argparse.Namespace) -> int:
    from tutor.paths import content_dir, log_dir
    from tutor.sessions.logformat import SUFFIX

    fmt = args.format
    logs = log_dir(getattr(args, "log_dir", None))
    path = find_session(args.session, logs)
    content_option = getattr(args, "content", None)
    out = report_output(
        args.output,
        [Read(path), Read(logs, (SUFFIX,)), Read(content_dir(content_option), (".toml",))],
    )
    refuse_into_log_folder(out, [path.parent, logs])
    if fmt is None:
        suffix = out.suffix.lower() if out is not None else ""
        fmt = "tex" if suffix in (".tex", ".latex") else "md"
    check_suffix(out, fmt, {"md": (".md", ".markdown", ".txt"), "tex": (".tex", ".latex")})
    content = _load_content(content_option)
    regrader = None
    if content is not None:  # every answer judged again, as review and gradebook judge it
        from tutor.cli.regrading import class_regrader

        regrader = class_regrader(content)
    try:
        text, warnings = export_session(path, fmt, content, regrader)
    finally:
        if regrader is not None:
            regrader.close()
    if regrader is None:
        warnings.append("the verdicts are as logged, not judged again (the content did not load)")
    for warning in warnings:
        print(f"warning: {visible(warning, 1000)}", file=sys.stderr)
    if out is not None:
        try:
            out.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise UserError(f"cannot write {out}: {exc.strerror or exc}") from None
    else:
        sys.stdout.write(text)
    return 0
