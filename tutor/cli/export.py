"""`hw3-tutor export`: a readable trace of a session as Markdown or LaTeX."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tutor.cli.options import add_content_option, add_log_dir_option, output_file
from tutor.errors import UsageError, UserError
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
    from tutor.paths import log_dir

    fmt = args.format
    output = output_file(args.output)
    if fmt is None:
        suffix = Path(output).suffix.lower() if output else ""
        fmt = "tex" if suffix in (".tex", ".latex") else "md"
    path = find_session(args.session, log_dir(getattr(args, "log_dir", None)))
    content = _load_content(getattr(args, "content", None))
    text, warnings = export_session(path, fmt, content)
    for warning in warnings:
        print(f"warning: {visible(warning, 1000)}", file=sys.stderr)
    if output:
        out = Path(output).expanduser()
        if out.resolve() == path.resolve():
            raise UsageError("refusing to overwrite the session log with its export")
        try:
            out.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise UserError(f"cannot write {out}: {exc.strerror or exc}") from None
    else:
        sys.stdout.write(text)
    return 0
