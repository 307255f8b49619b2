"""The Textual app: ``run_app(args)`` is what ``hw3-tutor`` (no subcommand) runs.

Start-up does only cheap work before the first paint: load the TOML content, open the session
log, rebuild progress from earlier logs. sympy (the checker) is warmed in a background thread
after the first paint; numpy only arrives with a plot.
"""

from __future__ import annotations

import argparse
import sys
import threading
from pathlib import Path
from typing import Any

from textual.app import App

from tutor.content.loader import Content
from tutor.textsafe import visible
from tutor.ui import keymap
from tutor.ui.checking import Checker, WorkerChecker
from tutor.ui.commands import TutorCommands
from tutor.ui.logstatus import LogStatus, lost_report
from tutor.ui.state import TutorState

UNSAVED = "this session is not being saved"
WARM_UP_DELAY = 0.5  # seconds after mounting before the checker is warmed in the background


class TutorApp(App[int]):
    """Homework 3 tutor."""

    CSS_PATH = "tutor.tcss"
    TITLE = "hw3-tutor"
    SUB_TITLE = "EECS 182 · Homework 3"
    COMMANDS = App.COMMANDS | {TutorCommands}
    BINDINGS = keymap.bindings("app")

    def __init__(
        self,
        content: Content,
        log_dir: Path,
        *,
        open_part: str | None = None,
        fresh: bool = False,
        checker: Checker | None = None,
        warm_up: bool = True,
        preview_delay: float = 0.15,
        keys: keymap.UserKeymap | None = None,
        student: str | None = None,
        ask_student: bool = False,
        student_problem: str | None = None,
    ) -> None:
        super().__init__()
        self.content = content
        self.log_dir = Path(log_dir)
        self.open_part = open_part
        self.fresh = fresh
        self.checker: Checker = checker if checker is not None else WorkerChecker()
        self.preview_delay = preview_delay
        self._warm = warm_up
        self.user_keymap = keys if keys is not None else keymap.DEFAULT
        self.student = student
        self._ask_student = ask_student and student is None
        self._student_problem = student_problem
        progress = _load_progress(self.log_dir, fresh)
        # answers judged under other content are judged again: never a stale ✓ on resume
        progress, self.key_changes = _regrade(progress, content, self.checker)
        if self._ask_student:  # the log starts once the student has answered (its header)
            self.session_log = _waiting_log()
        else:
            self.session_log = _start_log(self.log_dir, content.content_hash, fresh, student)
        self.state = TutorState.restore(content, self.session_log, progress)
        self.resume_warnings = tuple(getattr(progress, "warnings", ()))
        self.log_status = LogStatus(self)  # failures to save, said on the current screen

    @property
    def saving(self) -> bool:
        return bool(getattr(self.session_log, "saving", False))

    @property
    def not_saving_reason(self) -> str:
        return getattr(self.session_log, "problem", None) or ""

    @property
    def unsaved_message(self) -> str:
        """One line for the screen: that this session is not being saved, and why."""
        reason = self.not_saving_reason.strip().rstrip(".")
        if reason.lower().startswith(UNSAVED):
            text = reason  # the log already says it in full
        else:
            text = f"{UNSAVED}: {reason}" if reason else UNSAVED
        return "⚠ " + text[0].upper() + text[1:] + "."

    def get_default_screen(self):
        from tutor.ui.screens.index import IndexScreen

        return IndexScreen()

    def key_for(self, binding_id: str) -> str:
        """The key of a binding as the student sees it (their keymap applied): ``Ctrl+T``."""
        return self.user_keymap.display(binding_id)

    def on_mount(self) -> None:
        if self.user_keymap.keys:
            self.set_keymap(dict(self.user_keymap.keys))
        if self.user_keymap.problems:
            self._report_keymap_problems()
        if self._warm:
            # after the first frames are on screen: importing sympy holds the GIL for a while
            self.set_timer(WARM_UP_DELAY, self._start_warm_up)
        if self._ask_student:
            from tutor.ui.screens.student import StudentIdScreen

            self.push_screen(StudentIdScreen(), self._student_answered)
            return
        self._begin()

    def _begin(self) -> None:
        """What starts the session once the log is open (after the student id question)."""
        if self.open_part:
            self.open_part_screen(self.open_part)
        if not self.saving:
            self.notify(
                self.unsaved_message[2:],
                title="Not saving",
                severity="warning",
                timeout=8,
                markup=False,  # it names a directory
            )
        self.log_status.on_mount(self.resume_warnings)
        if self._student_problem:
            self.notify(
                self._student_problem, title="Your student id", severity="warning", markup=False
            )
        if self.key_changes:
            self._report_key_changes()

    def _student_answered(self, student: str | None) -> None:
        """Keep the answer in student.toml (an id, or that the question was skipped) and start
        the session log with the id in its header."""
        from tutor.sessions.identity import save_student_config

        try:
            save_student_config(student)
        except OSError as exc:
            self._student_problem = (
                f"Your answer could not be saved ({exc.strerror or exc}); you will be asked again."
            )
        self.student = student
        self._ask_student = False
        self.session_log = _start_log(self.log_dir, self.content.content_hash, self.fresh, student)
        self.state.log = self.session_log
        self.log_status.watch(self.session_log)  # its failures to save, said on the screen
        self._begin()

    def _report_key_changes(self) -> None:
        from tutor.sessions.regrade import changed_boxes_text
        from tutor.ui.state import STATUS_WORDS

        changes = self.key_changes
        shown = changed_boxes_text(changes[:4], STATUS_WORDS)
        more = f"; and {len(changes) - 4} more" if len(changes) > 4 else ""
        self.notify(
            f"Your earlier answers were checked again with the current answer key: {shown}{more}.",
            title="The answer key changed since your last session",
            severity="warning",
            timeout=20,
            markup=False,
        )

    def _report_keymap_problems(self) -> None:
        where = self.user_keymap.path or keymap.KEYMAP_FILE
        problems = self.user_keymap.problems
        # on a small terminal the warning must not hide the screen: one problem, and the rest
        # are listed on the help screen (F1) with the keys in force
        shown = [f"• {p}" for p in problems[: 1 if self.size.height < 32 else 4]]
        if len(problems) > len(shown):
            shown.append(f"… and {len(problems) - len(shown)} more: F1 lists them all")
        self.notify(
            "\n".join(shown),
            title=f"Your keymap ({where}) has problems; the rest applies",
            severity="warning",
            timeout=15,
            markup=False,
        )

    def _start_warm_up(self) -> None:
        # A plain daemon thread: the app must never wait for sympy to exit.
        threading.Thread(target=self._warm_up, name="warm-checker", daemon=True).start()

    def _warm_up(self) -> None:
        try:
            self.checker.warm_up()  # the checker's processes, the preview's too
        except Exception:  # noqa: BLE001 - warming is an optimisation; a check will report errors
            pass

    # ----- navigation -----------------------------------------------------------------

    def open_part_screen(self, part_id: str, box_id: str | None = None) -> None:
        """Show a part, replacing any part/plot screens above the index."""
        from tutor.ui.screens.part import PartScreen

        self._pop_to_index()
        self.push_screen(PartScreen(part_id, focus_box=box_id))

    def _pop_to_index(self) -> None:
        from tutor.ui.screens.index import IndexScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, IndexScreen):
            self.pop_screen()

    def action_index(self) -> None:
        self._pop_to_index()

    def action_help(self) -> None:
        from tutor.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_review(self) -> None:
        from tutor.ui.screens.review import ReviewScreen

        if not isinstance(self.screen, ReviewScreen):
            self.push_screen(ReviewScreen())

    def action_cards(self, card_id: str = "") -> None:
        from tutor.ui.screens.cards import CardsScreen

        if not isinstance(self.screen, CardsScreen):
            self.push_screen(CardsScreen(first=card_id or None))

    def open_plot(self, name: str, part_id: str | None = None) -> None:
        from tutor.ui.screens.plot import plot_screen

        self.state.log.plot_viewed(name)
        self.push_screen(plot_screen(name, part_id))

    async def action_quit(self) -> None:
        from tutor.ui.screens.part import PartScreen

        for screen in self.screen_stack:
            if isinstance(screen, PartScreen):
                screen.save_reflections()
        self.exit(0)

    def on_unmount(self) -> None:
        self._finish()

    def _finish(self) -> None:
        """End the session log and stop the checker process (however the app ends)."""
        try:
            self.session_log.end()
        except Exception:  # noqa: BLE001 - never lose the exit over a failed last event
            pass
        try:
            self.checker.close()
        except Exception:  # noqa: BLE001
            pass


def _start_log(log_dir: Path, content_hash: str, fresh: bool, student: str | None = None) -> Any:
    from tutor.sessions.log import SessionLog

    return SessionLog.start(log_dir, content_hash, fresh=fresh, student=student)


def _waiting_log() -> Any:
    """Stands in for the session log while the student id question is open (nothing is
    logged then: the question is modal)."""
    from tutor.sessions.log import SessionLog

    return SessionLog.disabled("waiting for your student id")


def _regrade(progress: Any, content: Content, checker: Checker) -> tuple[Any, tuple]:
    """Progress with answers judged under other content judged again (by the app's checker,
    time-bounded; the judgment cache makes later starts instant). Never raises."""
    from tutor.sessions.regrade import regrade_progress

    try:
        result = regrade_progress(progress, content, checker.check)
    except Exception:  # noqa: BLE001 - resume must never fail: the logged verdicts stand
        return progress, ()
    return result.progress, result.changes


def _load_progress(log_dir: Path, fresh: bool) -> Any:
    from tutor.sessions.progress import load_progress

    return load_progress(log_dir, fresh=fresh)  # never raises


def run_app(args: argparse.Namespace) -> int:
    """Load the content (a ``ContentError`` propagates to the CLI: message, exit 1), run the app."""
    from tutor.content.loader import ContentError, load_content
    from tutor.errors import UsageError
    from tutor.paths import content_dir, log_dir

    directory = content_dir(getattr(args, "content", None))
    try:
        content = load_content(directory)
    except ContentError as exc:
        if exc.exit_code != 1:  # a missing directory: the CLI prints it as a usage error
            raise
        print(visible(exc.report(), None, newlines=True), file=sys.stderr)  # as validate does
        return 1
    open_part = getattr(args, "open", None)
    if open_part:
        open_part = open_part.strip()
        if content.part(open_part) is None:
            known = ", ".join(p.id for p in content.parts())
            raise UsageError(f"--open: there is no part {open_part!r}; the parts are {known}")
    from tutor.sessions.identity import resolve_identity

    identity = resolve_identity(getattr(args, "student", None))  # a bad --student: exit 2
    app = TutorApp(
        content,
        log_dir(getattr(args, "log_dir", None)),
        open_part=open_part,
        fresh=bool(getattr(args, "fresh", False)),
        keys=keymap.load_user_keymap(),
        student=identity.id,
        ask_student=identity.ask,
        student_problem=identity.problem,
    )
    result = app.run()
    lost = lost_report(app.session_log)  # events a failing disk kept from the log
    if lost:
        print(lost, file=sys.stderr)
    return int(result or 0)
