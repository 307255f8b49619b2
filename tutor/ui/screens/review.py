"""The student's own history: per-box figures over all their sessions and the latest timeline."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from rich.markup import escape
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, LoadingIndicator, Static

from tutor.ui import keymap
from tutor.ui.access import tutor_app
from tutor.ui.widgets.footer import TutorFooter
from tutor.ui.widgets.header import TutorHeader


@dataclass(frozen=True)
class ReviewData:
    sessions: int
    seconds: float
    summary: Any  # tutor.sessions.classsummary.ClassSummary
    latest: str  # the latest session's timeline, formatted
    warnings: tuple[str, ...]
    latest_title: str = "Latest session"  # the heading above it: which session it is


def build_review(log_dir: Path, running: Path | None = None) -> ReviewData | None:
    """Read every session in ``log_dir`` (runs in a thread worker). ``running`` is the log of
    the session running now: it has not ended, and is not "closed abnormally"."""
    from tutor.sessions.classsummary import summarize
    from tutor.sessions.logformat import WORK_EVENTS
    from tutor.sessions.logreader import read_sessions
    from tutor.sessions.timeline import format_timeline, timeline

    sessions, warnings = read_sessions(log_dir)
    sessions = [s for s in sessions if s.events]
    if not sessions:
        return None
    # every session here is the same student's: "first try" means their first try
    # each practice variant's attempts and hints on a row of their own ("4a.g [seed:4]"): the
    # handout's row counts the handout's alone
    summary = summarize(
        sessions, {s.path: "you" for s in sessions}, warnings=warnings, by_variant=True
    )
    # the latest session in which something happened (the one running now may be empty)
    worked = [s for s in sessions if any(e.type in WORK_EVENTS for e in s.events)]
    session = (worked or sessions)[-1]
    tl = timeline(session)
    now = running is not None and session.path == running
    if now:
        tl = replace(tl, ended=True)  # not ended yet, but not stopped abnormally either
    latest = format_timeline(tl)
    if now:
        head = f"Session {tl.session_id}"
        latest = latest.replace(head, f"{head} (this session, still running)", 1)
    return ReviewData(
        len(sessions),
        summary.seconds,
        summary,
        latest,
        tuple(warnings),
        latest_title(now, running is not None, len(worked)),
    )


def latest_title(now: bool, running: bool, worked: int) -> str:
    """The heading over the timeline: the session running now, or (when nothing has been done
    in it yet) the latest one with work in it, said so ("Latest session" claimed the running
    one and showed the first). ``running``: the running session is known (it is logged);
    ``worked``: how many sessions have work in them."""
    if now:
        return "This session (still running)"
    if not worked:
        return "Latest session"
    last = "Your only session" if worked == 1 else "Your latest session"
    return f"{last} with work in it" + (" (nothing done in this one yet)" if running else "")


# the columns before the notes ("4a.g [seed:12]", tries, correct, first try, hints), each
# with its padding, and the page's padding and scroll bar
BEFORE_NOTES = 15 + 5 + 7 + 9 + 5 + 6 * 2 + 4 + 2


def notes_width(screen_width: int) -> int:
    """The notes column's width on a screen ``screen_width`` wide: what is left, at least 16."""
    return max(16, screen_width - BEFORE_NOTES)


class ReviewScreen(Screen):
    CSS_PATH = "../pages.tcss"
    BINDINGS = keymap.bindings("review")
    OPENED_BY = "review"  # the app action that opens it: its key is left out of the footer here

    def compose(self) -> ComposeResult:
        yield TutorHeader()
        with VerticalScroll(id="review-body"):  # focused: PageUp, Home, arrows scroll it
            yield Static("Reading your session logs…", id="review-summary", markup=False)
            yield LoadingIndicator(id="review-loading")
            yield Static("Per answer box (all your sessions)", classes="section-title")
            table: DataTable = DataTable(id="review-boxes", zebra_stripes=True, cursor_type="row")
            yield table
            yield Static("Latest session", id="review-latest-title", classes="section-title")
            yield Static("", id="review-latest", markup=False)
        yield TutorFooter()

    def on_mount(self) -> None:
        self.sub_title = "Review"
        table = self.query_one("#review-boxes", DataTable)
        table.add_columns("box", "tries", "correct", "first try", "hints")
        # the notes wrap in the width left (at 80 columns they were cut, out of reach)
        table.add_column("notes", width=notes_width(self.app.size.width), key="notes")
        self.load(tutor_app(self).log_dir)
        # the page, not the table, has the keys: it opens at its header and PageUp/Home
        # work at once (Tab reaches the table)
        self.query_one("#review-body").focus()

    @work(thread=True, exclusive=True, group="review")
    def load(self, log_dir: Path) -> None:
        running = getattr(tutor_app(self).session_log, "path", None)
        try:
            data = build_review(log_dir, running)
            error = None
        except Exception as exc:  # noqa: BLE001 - shown on screen
            data, error = None, f"Could not read the logs in {log_dir}: {exc}"
        self.app.call_from_thread(self._show, data, error)

    def _show(self, data: ReviewData | None, error: str | None) -> None:
        if not self.is_mounted or not self.query("#review-loading"):
            return  # closed before the history was read: nothing to show it on
        self.query_one("#review-loading").display = False
        summary = self.query_one("#review-summary", Static)
        if data is None:
            summary.update(
                error or "No sessions logged yet: your history appears here as you work."
            )
            return
        from tutor.sessions.review import fmt_duration

        saving = "" if tutor_app(self).saving else "  (this session is not being saved)"
        text = (
            f"{data.sessions} session{'s' if data.sessions != 1 else ''}, "
            f"{fmt_duration(data.seconds)} of active work{saving}"
        )
        set_aside = tutor_app(self).set_aside
        if set_aside.active:  # the index counts fewer: say which, and the way back
            text += (
                f"\nThe index counts the {set_aside.counted} session"
                f"{'s' if set_aside.counted != 1 else ''} since your fresh start"
                f"{' on ' + set_aside.since if set_aside.since else ''}; this page lists all "
                "of them. Start with hw3-tutor --restore to count them all again."
            )
        summary.update(text)
        from tutor.textsafe import wrapped

        table = self.query_one("#review-boxes", DataTable)
        width = notes_width(self.app.size.width)
        for box_id, b in data.summary.boxes.items():
            graded = b.correct + b.partial + b.incorrect
            first = "yes" if b.first_try else ("no" if b.learners else "-")
            notes = ", ".join(f"{n.split(':', 1)[-1]}×{c}" for n, c in b.mistakes[:2])
            if not notes and (b.wrong_orders or b.failing_lines):  # proofs and derivations
                top, count = (b.wrong_orders or b.failing_lines)[0]
                what = "order " if b.wrong_orders else "line "  # as the part screen names it
                notes = f"{what}{top}×{count}"
            # ids and notes come from the logs: a str cell is read as markup, so escape it
            cells = (box_id, str(graded), str(b.correct), first, str(b.hints))
            table.add_row(
                *(escape(cell) for cell in cells),
                # wrapped here, line by line: the table measured a folded cell a line short
                # and dropped its middle at 80 columns ("order r → m → e" / "v×1")
                Text("\n".join(wrapped(notes, width))),
                height=None,  # as many lines as the notes take
            )
        self.query_one("#review-latest-title", Static).update(data.latest_title)
        self.query_one("#review-latest", Static).update(data.latest)
