"""``hw3-tutor export``: a readable trace of one session, as Markdown or LaTeX.

Each part the student worked on, in the order first visited, with the time
spent there, every attempt (input, verdict, note, how it was read, feedback),
hints and solutions revealed, self-assessments and reflections. Student text
is escaped so any input is safe: Markdown code spans that cannot be broken out
of, and LaTeX where every special character (and any character pdflatex would
choke on) is replaced by a command that prints it.

The trace is built by ``tutor.sessions.trace`` and written by ``tutor.sessions.markdown`` or
``tutor.sessions.latex``. Only the standard library is imported.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tutor.errors import UserError
from tutor.sessions.latex import to_latex
from tutor.sessions.logformat import SUFFIX
from tutor.sessions.logreader import (
    Event,
    SessionReadError,
    SessionStream,
    iter_session_files,
    order_sessions,
    read_header,
)
from tutor.sessions.markdown import to_markdown
from tutor.sessions.regrade import LearnerRegrade
from tutor.sessions.trace import (
    trace_of,
)
from tutor.textsafe import visible

if TYPE_CHECKING:
    from tutor.sessions.regrader import Regrader

FORMATS = ("md", "tex")


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


def export_session(
    path: Path, fmt: str, content: Any = None, regrader: Regrader | None = None
) -> tuple[str, list[str]]:
    """The trace of the session file ``path`` as Markdown or LaTeX, read as it streams by,
    and the reader's warnings. With ``regrader``, every answer is judged again as ``review`` and
    ``gradebook`` judge it (``LearnerRegrade``): the trace shows today's verdict, and the
    logged one beside each that changed. Raises ``UserError`` when nothing in it is a session
    event."""
    regrade = LearnerRegrade(regrader, str(path)) if regrader is not None else None
    with SessionStream(path) as stream:
        events: Iterable[Event] = stream
        if regrade is not None:
            events = regrade.session(stream, path.stem)
        trace = trace_of(events, path, content=content)
    if not stream.count:
        if _is_zip(path):
            raise UserError(
                f"{path} is a zip archive (a hand-in?), not a session log: export takes one "
                "session; unzip the hand-in and export a file from its sessions/ folder, or "
                "review the hand-in with: hw3-tutor review FILE.zip"
            )
        raise UserError(f"{path} is not a session log (no session events in it)")
    warnings = list(stream.warnings)
    if regrade is not None:
        if regrade.changed:
            n = regrade.changed
            reasons = sorted({c.reason for c in regrade.changes})
            warnings.append(
                f"{path}: {n} logged verdict{'s' if n != 1 else ''} changed by the regrade "
                f"({', '.join(reasons)}); the export shows today's, each marked with what the "
                "log says"
            )
        altered = regrade.altered_warning()
        if altered is not None:
            warnings.append(altered)
    return (to_latex(trace) if fmt == "tex" else to_markdown(trace)), warnings


def _is_zip(path: Path) -> bool:
    """Whether ``path`` starts as a zip archive does (a hand-in given to export)."""
    try:
        with path.open("rb") as f:
            return f.read(4) == b"PK\x03\x04"
    except OSError:
        return False


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
