"""The Textual app: ``run_app(args)`` is what ``hw3-tutor`` (no subcommand) runs.

Start-up does only cheap work before the first paint: load the TOML content, open the session
log, rebuild progress from earlier logs. sympy (the checker) is warmed in a background thread
after the first paint; numpy only arrives with a plot.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from textual.app import App

from tutor.content.model import Content
from tutor.textsafe import visible
from tutor.ui import keymap, userkeymap
from tutor.ui.checking import Checker, WorkerChecker
from tutor.ui.commands import TutorCommands
from tutor.ui.logstatus import LogStatus, lost_report
from tutor.ui.state import TutorState

UNSAVED = "this session is not being saved"
WARM_UP_DELAY = 0.5  # seconds after mounting before the checker is warmed in the background
QUIT_KEYS_WAIT = 0.5  # seconds a quit waits for the keys typed before it to reach their box
HANG_UP_EXIT_LIMIT = (
    5.0  # seconds after a hang-up by which the process has ended, whatever holds it
)
# seconds a hung-up tutor that has kept everything has left to end by itself (Python waits for
# the threads still working, say a practice variant being prepared, which nobody will see)
HANG_UP_LAST_WAIT = 0.5
DRAFTS_DELAY = 1.0  # seconds after the student stops typing before the drafts are saved
OPENING_LIMIT = 20.0  # seconds after which keys flow again even if a part never said it opened
# seconds after which the keys typed after Enter flow again even if its check has not ended
# (a check takes 0.1-1 s): a burst lands where the verdict moves the cursor, and a student
# who moves on during a slow check (Tab, typing elsewhere) waits at most this long
CHECK_HOLD_LIMIT = 1.0
# seconds after Enter in which a key is typed ahead (a burst, a paste, a text expander: the
# student has not seen the verdict); one typed later, with nothing held, goes where they see
# the cursor, as before (a new notation in the same box while a slow check runs)
TYPE_AHEAD_WINDOW = 0.3
TOAST_READ_SECONDS = 3.0  # a notice shown this long goes once the student types in a box
# a small terminal (80×24): a notice covers the text being read, so it stays at most this long,
# compact, and one at a time (a newer one replaces it)
SMALL_TOAST_SECONDS = 4.0
SMALL_WIDTH, SMALL_HEIGHT = 100, 32
TOAST_MAX_WIDTH = 60  # a notice's columns at most (tutor.tcss: half the screen, at most this)
TOAST_CHROME = 3  # of which its left edge and padding take these
HANG_UPS = tuple(
    getattr(signal, name) for name in ("SIGHUP", "SIGTERM") if hasattr(signal, name)
)  # the window closed, the terminal killed, the machine shutting down: drafts kept, clean exit


def _tutor_commands() -> type:
    """The palette's provider, imported on first use (textual.command costs ~30 ms to load)."""

    return TutorCommands


class TutorApp(App[int]):
    """Homework 3 tutor."""

    CSS_PATH = "tutor.tcss"
    TITLE = "hw3-tutor"
    SUB_TITLE = "EECS 182 · Homework 3"
    # imported when the palette first opens; the tutor's own commands only (Textual's generic
    # ones, "Quit as soon as possible", Maximize, Keys, Theme, did nothing a student needs or
    # bypassed the tutor's quit): its Screenshot is the tutor's last command
    COMMANDS = {_tutor_commands}
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
        drafts_delay: float = DRAFTS_DELAY,
        keys: userkeymap.UserKeymap | None = None,
        restore: bool = False,
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
        self.user_keymap = keys if keys is not None else userkeymap.DEFAULT
        self.restored = restore and not fresh
        self.student = student
        self._ask_student = ask_student and student is None
        self._student_problem = student_problem
        progress = _load_progress(self.log_dir, fresh, self.restored)
        # answers judged under other content are judged again: never a stale ✓ on resume
        progress, self.key_changes = _regrade(progress, content, self.checker)
        if self._ask_student:  # the log starts once the student has answered (its header)
            self._log = _LogHandle.opened(_waiting_log())
        else:
            # The log file is opened (and fsynced) in a thread while Textual starts: it is
            # first needed when the index is composed.
            self._log = _LogHandle.opening(
                lambda: _start_log(
                    self.log_dir, content.content_hash, fresh, self.restored, student
                )
            )
        self.state = TutorState.restore(content, self._log, progress)
        self.drafts_restored, self.drafts_warnings = _restore_drafts(self.log_dir, self.state)
        self.drafts_problem = ""  # why the unsent drafts could not be kept, if they could not
        self.drafts_delay = drafts_delay
        self._drafts_timer: Any = None  # the pending save, reset by each change
        # a part being opened (trial tui2 F5): the keys typed until its first box has the focus
        # are held here, then given to that box together (an Enter only after text)
        self._opening: Any = None  # the part screen being opened
        self._typed_ahead: list[Any] = []
        # an answer just sent with Enter (trial tui3 T5): the keys typed until its verdict is
        # handled wait here, then go where the cursor is then (the next box, if it moved on)
        self._held_for: Any = None  # the answer box being checked
        self._held_keys: list[Any] = []
        self.check_hold_limit = CHECK_HOLD_LIMIT
        self._drafts_lock = threading.Lock()  # one write at a time, the newest last
        self._drafts_taken = 0  # snapshots of the drafts taken (on the UI thread)
        self._drafts_written = 0  # the newest snapshot written (under the lock)
        self._drafts_on_disk: dict | None = None  # what the file holds (None: not known)
        self._hang_up_handlers: dict[int, Any] = {}  # the handlers ours replaced
        # set by the signal itself (the UI's work is queued): a watchdog (run_app) then makes
        # sure the process ends, even if the exit never finishes (trial tui3 T1)
        self.hung_up = threading.Event()
        self.hang_up_code = 0  # the exit code after a hang-up (128 + the signal)
        self._hanging_up = False  # the UI thread has begun ending after a hang-up
        self._hang_up_saved = False  # ... and has kept what the boxes hold
        self.finished = threading.Event()  # the exit has kept everything and ended the log
        self._progress = progress
        self.resume_warnings = tuple(getattr(progress, "warnings", ()))
        self.log_status: LogStatus | None = None  # made on mount: it needs the opened log
        self._set_aside: SetAside | None = None
        self._background: Any = None
        self.help_texts: dict[tuple[str, ...], str] = {}  # the help page per boxes solved

    @property
    def session_log(self) -> Any:
        """This session's ``SessionLog`` (waits for it to be opened, the first time)."""
        return self._log.get()

    @property
    def set_aside(self) -> SetAside:
        if self._set_aside is None:
            self._set_aside = SetAside.of(self._progress, self.session_log, self.fresh)
        return self._set_aside

    @property
    def saving(self) -> bool:
        if self._ask_student:  # nothing to save yet: the log opens once the id is answered
            return True
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

    @property
    def screenshot_dir(self) -> Path:
        """Where screenshots go: beside the session logs, where the tutor keeps its files
        (``~/.local/share/hw3-tutor/screenshots`` by default), not ``~/Downloads``, which a
        fresh account may not have."""
        if self.log_dir.name == "sessions":
            return self.log_dir.parent / "screenshots"
        return self.log_dir / "screenshots"

    def deliver_screenshot(
        self,
        filename: str | None = None,
        path: str | None = None,
        time_format: str | None = None,
    ) -> str | None:
        """The palette's "Save screenshot": an SVG in ``screenshot_dir`` (created if need be),
        and a note saying where it is."""
        directory = Path(path) if path else self.screenshot_dir
        try:
            directory.mkdir(parents=True, exist_ok=True)
            saved = self.save_screenshot(filename, str(directory), time_format)
        except OSError as exc:
            self.notify(
                f"Could not save it in {directory}: {exc.strerror or exc}",
                title="Screenshot",
                severity="error",
                markup=False,
            )
            return None
        self.notify(f"Saved to {saved}", title="Screenshot", markup=False, timeout=10)
        return saved

    @property
    def background(self) -> Any:
        """Slow builds that outlive their screen (``tutor.ui.background.Background``)."""
        if self._background is None:
            from tutor.ui.background import Background

            self._background = Background(self)
        return self._background

    def on_background_job(self, job: Any) -> None:
        """A background build moved on: screens that show it redraw; when it ends, say so
        unless its own plot is on screen."""
        for screen in self.screen_stack:
            shown = getattr(screen, "background_changed", None)
            if shown is not None:
                shown(job)
        if job.state != "running" and not getattr(job, "announced", False):
            job.announced = True
            if getattr(self.screen, "job", None) is not job:
                if job.state == "done":
                    self.notify(f"{job.title} is done: its plots show it now.", title="Done")
                elif job.state == "failed":
                    self.notify(job.status_line, severity="error", markup=False)

    def get_driver_class(self) -> Any:
        """Textual's driver; on Linux and macOS one that survives the terminal going away
        (``tutor.ui.terminal``)."""
        driver = super().get_driver_class()
        try:
            from textual.drivers.linux_driver import LinuxDriver

            from tutor.ui.terminal import TutorDriver
        except ImportError:  # pragma: no cover - Windows: no termios
            return driver
        return TutorDriver if driver is LinuxDriver else driver

    def get_default_screen(self):
        from tutor.ui.screens.index import IndexScreen

        return IndexScreen()

    def key_for(self, binding_id: str) -> str:
        """The key of a binding as the student sees it (their keymap applied): ``Ctrl+T``."""
        return self.user_keymap.display(binding_id)

    def on_mount(self) -> None:
        self._catch_hang_ups()
        if self.user_keymap.keys:
            self.set_keymap(dict(self.user_keymap.keys))
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
        if self.user_keymap.problems:  # after the question: over its dialog, it hid Save
            self._report_keymap_problems()
        if self.open_part:  # nothing shown yet to say "Opening" on: at once
            self.open_part_screen(self.open_part)
        if not self.saving:
            self.notify(
                self.unsaved_message[2:],
                title="Not saving",
                severity="warning",
                timeout=8,
                markup=False,  # it names a directory
            )
        if self.fresh or self.restored:
            self.notify(
                self.set_aside.notice if self.fresh else self.set_aside.restored_notice,
                title="Started fresh" if self.fresh else "Restored",
                timeout=10,
                markup=False,
            )
        self.log_status = LogStatus(self)  # failures to save, said on the current screen
        self.log_status.on_mount(self.resume_warnings)
        if self._student_problem:
            self.notify(
                self._student_problem, title="Your student id", severity="warning", markup=False
            )
        if self.key_changes:
            self._report_key_changes()
        if self.drafts_restored or self.drafts_warnings:
            self._report_drafts()

    def _report_drafts(self) -> None:
        restored = self.drafts_restored
        lines = []
        if restored:
            parts = sorted({self.state.draft_part(key) for key in restored})
            shown = ", ".join(parts[:6]) + (f" and {len(parts) - 6} more" if len(parts) > 6 else "")
            lines.append(
                f"What you typed and did not send is back where you typed it ({shown}): "
                "not checked, not an attempt."
            )
            lines += self._draft_variants_said(restored)
        lines += self.drafts_warnings[:1]
        self.notify(
            visible("\n".join(lines), 600, newlines=True),
            title="Unsent drafts" if restored else "Unsent drafts not restored",
            severity="information" if restored else "warning",
            timeout=6,
            markup=False,
        )

    def _draft_variants_said(self, restored: list[tuple[str, str]]) -> list[str]:
        """What each restored draft is and where (``tutor.sessions.drafts.restored_said``)."""
        from tutor.sessions.drafts import AREAS, RestoredDraft, restored_said
        from tutor.sessions.logformat import HANDOUT_KEY

        drafts = []
        for key in restored:
            part = self.state.draft_part(key)
            shown = self.state.variant(part)
            area = key[0] if key[0] in AREAS else None
            typed_in = None if area is not None or key[0] == HANDOUT_KEY else key[0]
            drafts.append(
                RestoredDraft(part, area, typed_in, shown.key if shown is not None else None)
            )
        return restored_said(drafts, self.key_for("tutor.handout"))

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
        self._log = _LogHandle.opened(
            _start_log(self.log_dir, self.content.content_hash, self.fresh, self.restored, student)
        )
        self.state.log = self._log  # _begin then watches it for failures to save
        self._begin()

    def _report_key_changes(self) -> None:
        from tutor.sessions.resume import changed_boxes_text
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
        where = self.user_keymap.path or userkeymap.KEYMAP_FILE
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
            # real checks of every box kind in the checker's process, then the preview's
            # reader in this one: the first verdict then costs what later ones do
            from tutor.ui.warm import warm_up

            warm_up(self.checker, self.content, self.open_part or self.state.resume_part(), self)
        except Exception:  # noqa: BLE001 - warming is an optimisation; a check will report errors
            pass

    def open_part_screen(self, part_id: str, box_id: str | None = None) -> None:
        """Show a part, replacing any part/plot screens above the index. Opening one can take
        seconds on a loaded machine (Textual styles every widget of it): the characters and
        Enter typed meanwhile wait for its first box (``part_opened``), instead of the letters
        being lost and the Enter reaching the box alone (trial tui2 F5)."""
        from tutor.ui.screens.part import PartScreen

        screen = PartScreen(part_id, focus_box=box_id)
        self._opening = screen
        self._typed_ahead = []
        self.set_timer(OPENING_LIMIT, partial(self._opening_over, screen))
        self._show_part(screen)

    def _show_part(self, screen: Any) -> None:
        from tutor.ui.screens.index import IndexScreen

        if len(self.screen_stack) > 1 and not isinstance(self.screen, IndexScreen):
            # part to part (Ctrl+N, the palette): replace the screens above the index without
            # showing the index again between them (resuming it restyles its whole tree)
            while len(self.screen_stack) > 2 and not isinstance(self.screen_stack[-2], IndexScreen):
                self.pop_screen()
            self.switch_screen(screen)
            return
        self._pop_to_index()
        self.push_screen(screen)

    def _opening_over(self, screen: Any) -> None:
        """Never hold keys for long: a part that did not say it opened lets them go."""
        if self._opening is screen:
            self.part_opened(screen)

    def part_opened(self, screen: Any, tries: int = 0) -> None:
        """The part ``screen`` has its first box focused: the keys typed while it opened go
        on, in order. Characters are typed into the box; an Enter after them sends it (an
        Enter with nothing typed before it is dropped: "Type your answer first" for a key
        pressed before the part was even shown); any other key (Ctrl+N again, Esc) does what
        it does, after the text before it."""
        if self._opening is None or screen is not self._opening:
            return
        if screen.focused is None and tries < 20:
            # the focus is given after the refresh that asked for it: wait for it
            self.call_after_refresh(self.part_opened, screen, tries + 1)
            return
        self._opening = None
        keys, self._typed_ahead = self._typed_ahead, []
        from textual import events
        from textual.widgets import Input, TextArea

        focused = screen.focused
        text = ""

        def flush() -> None:
            if text and isinstance(focused, Input):
                focused.insert_text_at_cursor(text)
            elif text and isinstance(focused, TextArea):
                focused.insert(text)

        for i, key in enumerate(keys):
            if key.key == "enter":
                if text and isinstance(focused, Input):
                    flush()
                    self.call_later(focused.action_submit)
                    return  # a check is under way: what follows waits for none
                if text and isinstance(focused, TextArea):
                    text += "\n"
                continue
            if key.is_printable and key.character:
                text += key.character
                continue
            flush()
            for later in keys[i:]:  # in order, as if typed now (another Ctrl+N opens the next)
                self.post_message(events.Key(later.key, later.character))
            return
        flush()

    async def on_event(self, event: Any) -> None:
        from textual import events

        if (
            self._opening is not None
            and isinstance(event, events.Key)
            and not event.is_forwarded
            and (event.key == "enter" or (event.is_printable and bool(event.character)))
        ):  # typing waits for the box; any other key (Ctrl+N again, Esc, Ctrl+Q) goes on
            self._typed_ahead.append(event)
            return
        if isinstance(event, events.Key) and not event.is_forwarded:
            if self._held_for is not None:  # every key, in order: a Backspace too
                self._held_keys.append(event)
                return
            if event.key == "enter" and self._opening is None:
                self._hold_for_check()
        await super().on_event(event)

    def _hold_for_check(self) -> None:
        """Enter in an answer box's line: the keys typed after it wait until the box has
        its verdict (``release_keys``), so that a burst ("d1⏎c⏎") types ``c`` where the
        cursor moves to, not after the answer just sent (trial tui3 T5)."""
        from textual.widgets import Input

        from tutor.ui.widgets.answerbox import AnswerBox

        focused = self.focused
        if not isinstance(focused, Input):
            return
        box = next((a for a in focused.ancestors if isinstance(a, AnswerBox)), None)
        if box is None or box.checking:  # Enter again while it is checked: said, nothing held
            return
        self._held_for, self._held_keys = box, []
        self.set_timer(TYPE_AHEAD_WINDOW, partial(self._type_ahead_over, box))
        self.set_timer(self.check_hold_limit, partial(self.release_keys, box))

    def _type_ahead_over(self, box: Any) -> None:
        """Nothing was typed right after Enter: keys typed from now on are the student's
        answer to what they see, and go where the cursor is."""
        if self._held_for is box and not self._held_keys:
            self._held_for = None

    def release_keys(self, box: Any) -> None:
        """The keys held since Enter in ``box`` (if they are held for it) go on, in order,
        as if typed now: to where the cursor is."""
        if box is None or self._held_for is not box:
            return
        from textual import events

        self._held_for = None
        keys, self._held_keys = self._held_keys, []
        for key in keys:
            self.post_message(events.Key(key.key, key.character))

    def reopen_variant(self, part_id: str, key: str) -> None:
        """Show ``part_id`` at the practice variant ``key`` again (one holding an unsent
        draft): in place when the part is shown, else on its own screen."""
        from tutor.sessions.logformat import variant_words
        from tutor.ui.screens.part import PartScreen

        screen = self.screen
        if isinstance(screen, PartScreen):
            if screen.part_id == part_id:
                self.call_later(screen.reopen_variant, key)
                return
            if screen.still_checking():
                return  # its verdict is recorded at the numbers it was sent at, first
        if not self.state.reopen_variant(part_id, key):
            self.notify(
                f"Practice variant {variant_words(key)} of {part_id} could not be made again "
                "with this content; its draft stays kept.",
                severity="warning",
                markup=False,
            )
            return
        self.open_part_screen(part_id, box_id=next(iter(self.state.draft_boxes(part_id)), None))

    def _pop_to_index(self) -> None:
        from tutor.ui.screens.index import IndexScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, IndexScreen):
            self.pop_screen()

    def action_index(self) -> None:
        self._pop_to_index()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The footer leaves out a key for the screen already shown: on the help screen "F1
        Help" (and on the review "Ctrl+L Review") did nothing."""
        if action in ("help", "review") and getattr(self.screen, "OPENED_BY", "") == action:
            return False
        return True

    def action_help(self) -> None:
        from tutor.ui.screens.help import HelpScreen

        if not self._back_to(HelpScreen):
            self.push_screen(HelpScreen())

    def action_review(self) -> None:
        from tutor.ui.screens.review import ReviewScreen

        if not self._back_to(ReviewScreen):
            self.push_screen(ReviewScreen())

    def _back_to(self, kind: type) -> bool:
        """Help and Review opened over each other (F1, Ctrl+L, F1...) do not pile up (trial
        tui3 T14: 8 toggles took 9 Esc): the one already open under the other is shown
        again, so one Esc goes back to where the student was. Returns whether it was."""
        from tutor.ui.screens.help import HelpScreen
        from tutor.ui.screens.review import ReviewScreen

        stack = self.screen_stack
        for i in range(len(stack) - 1, 0, -1):
            if isinstance(stack[i], kind):
                if all(isinstance(s, (HelpScreen, ReviewScreen)) for s in stack[i + 1 :]):
                    for _ in stack[i + 1 :]:
                        self.pop_screen()
                    return True
                return False
        return False

    def action_cards(self, card_id: str = "") -> None:
        from tutor.ui.screens.cards import CardsScreen

        if not isinstance(self.screen, CardsScreen):
            self.push_screen(CardsScreen(first=card_id or None))

    def open_plot(
        self,
        name: str,
        part_id: str | None = None,
        initial: dict | None = None,
        note: str = "",
        back: Any = None,
    ) -> None:
        """The plot ``name`` (see ``plot_screen``); ``back``: the answers it holds back."""
        from tutor.ui.screens.plot import plot_screen

        self.state.log.plot_viewed(name)
        self.push_screen(plot_screen(name, part_id, initial or None, note, back))

    async def action_quit(self) -> None:
        await self._take_keys_typed()
        self._keep_what_is_typed()
        self._save_reflections()
        self.save_drafts()  # now, before the exit: nothing typed waits for a pause
        self.exit(0)

    async def _take_keys_typed(self) -> None:
        """Let the widget the cursor is in handle the keys it was sent before the quit (a
        fast typist's last keys and Ctrl+Q can arrive in one read), at most a moment."""
        import asyncio

        focused = self.focused
        if focused is None:
            return
        handled = asyncio.Event()
        try:
            focused.call_later(handled.set)
            await asyncio.wait_for(handled.wait(), QUIT_KEYS_WAIT)
        except Exception:  # noqa: BLE001 - closing or slow: what the boxes hold is kept anyway
            pass

    def _keep_what_is_typed(self) -> None:
        """Keep what every part on the screens holds, read from its widgets (not only the
        changes handled so far), as drafts."""
        from tutor.ui.screens.part import PartScreen

        for screen in self.screen_stack:
            if isinstance(screen, PartScreen):
                screen.keep_what_is_typed()

    def _save_reflections(self) -> None:
        from tutor.ui.screens.part import PartScreen

        for screen in self.screen_stack:
            if isinstance(screen, PartScreen):
                screen.save_reflections()

    def _catch_hang_ups(self) -> None:
        """SIGHUP (the terminal window closed, tmux killed) and SIGTERM (``kill``, a shutdown)
        end the tutor as Ctrl+Q does, drafts kept, instead of killing it where it stands (what
        Python does by default; Textual handles neither). Signal handlers can only be set on
        the main thread; the ones replaced are put back at exit."""
        if threading.current_thread() is not threading.main_thread():
            return
        import asyncio

        loop = asyncio.get_running_loop()

        def handler(signum: int, _frame: Any) -> None:
            # runs on the main thread between two bytecodes: the app's work is queued
            if not self.hung_up.is_set():
                self.hang_up_code = 128 + signum
                self.hung_up.set()
            try:
                loop.call_soon_threadsafe(self._hung_up, signum)
            except RuntimeError:  # the loop is closed: the app has ended, drafts kept
                pass

        for signum in HANG_UPS:
            try:
                self._hang_up_handlers[signum] = signal.signal(signum, handler)
            except (OSError, ValueError):  # pragma: no cover - not settable here
                continue

    def _restore_hang_ups(self) -> None:
        while self._hang_up_handlers:
            signum, previous = self._hang_up_handlers.popitem()
            try:
                signal.signal(signum, previous if previous is not None else signal.SIG_DFL)
            except (OSError, ValueError, TypeError):  # pragma: no cover
                pass

    def _hung_up(self, signum: int) -> None:
        """A hang-up or termination (or the terminal found gone): keep what the boxes hold
        now, at once (the terminal may be gone, and the exit's last writes to it fail); then
        let the keys the app has read but not yet handled reach their box, keep that too, log
        the reflections and exit. Never waits long: the keys get ``QUIT_KEYS_WAIT`` at most."""
        if self._hanging_up:
            return
        self._hanging_up = True
        if not self.hung_up.is_set():  # the terminal was found gone: no signal came (yet)
            self.hang_up_code = 128 + signum
            self.hung_up.set()
        try:
            self._keep_what_is_typed()
            self.save_drafts()
        except Exception:  # noqa: BLE001 - the exit below keeps them again
            pass
        self.release_keys(self._held_for)  # typed during a check: where the cursor is now
        code = self.hang_up_code or 128 + signum
        self.set_timer(QUIT_KEYS_WAIT, partial(self._hang_up_exit, code))
        import asyncio

        # the keys the terminal's reader has handed over are each put in the app's queue by a
        # task of their own, already scheduled: a task scheduled now runs after them
        asyncio.get_running_loop().create_task(self._after_keys_queued(code))

    async def _after_keys_queued(self, code: int) -> None:
        # in the app's queue behind those keys; each then goes on to the widget with the
        # focus, so a second step waits behind them there
        self.call_later(self._after_keys_read, code)

    def _after_keys_read(self, code: int) -> None:
        focused = self.focused
        if focused is None or not focused.call_later(self._hang_up_exit, code):
            self._hang_up_exit(code)

    def _hang_up_exit(self, code: int) -> None:
        if self._hang_up_saved:
            return
        self._hang_up_saved = True
        try:
            self._keep_what_is_typed()
            self.save_drafts()
            self._save_reflections()
        finally:
            self.exit(code, return_code=code)

    def drafts_changed(self) -> None:
        """What a box or text area holds changed: save the drafts once the student pauses
        (each change puts the save off again), off the UI thread."""
        if self._drafts_timer is not None:
            self._drafts_timer.stop()
        self._drafts_timer = self.set_timer(self.drafts_delay, self.save_drafts_soon)
        self.typing_clears_toasts()

    def small_screen(self) -> bool:
        """Whether the terminal is small enough for a notice to hide what is being read."""
        width, height = self.size
        return width < SMALL_WIDTH or height < SMALL_HEIGHT

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: Any = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """A notice; on a small terminal (trial tui2 F13: at 80×24 two stacked notices hid half
        the index for seconds) it is shown compact, for at most ``SMALL_TOAST_SECONDS``, and
        replaces the one shown before (they never stack). An error keeps its time, and stays
        until it ends: it says something is wrong (a log not saved)."""
        if self.small_screen() and severity != "error":  # thread-safe: touches no screen
            limit = SMALL_TOAST_SECONDS
            timeout = limit if timeout is None else min(timeout, limit)
            message, markup = self._small_notice(message, markup)
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def _small_notice(self, message: str, markup: bool) -> tuple[str, bool]:
        """A notice's text on a small terminal: in the lines it may take there, cut at a
        sentence's end or with "…" (``tutor.textsafe.shortened``; trial tui3 T12); a text
        with markup that has to be cut is cut as plain text."""
        from textual.content import Content as Styled

        from tutor.textsafe import shortened

        width, height = self.size
        cells = min(TOAST_MAX_WIDTH, width // 2) - TOAST_CHROME - 1  # a cell to spare
        lines = max(2, height // 4)
        plain = message
        if markup:
            try:
                plain = Styled.from_markup(message).plain
            except Exception:  # noqa: BLE001 - Textual says what is wrong with it
                return message, markup
        short = shortened(plain, cells, lines)
        if short == plain:
            return message, markup
        return short, False

    def _on_notify(self, event: Any) -> None:
        """A notice arrives (on the UI thread): on a small terminal it replaces those shown."""
        small = self.small_screen()
        self.set_class(small, "-small-toasts")
        if small:
            for shown in [n for n in self._notifications if n.severity != "error"]:
                self._unnotify(shown, refresh=False)
        super()._on_notify(event)

    def typing_clears_toasts(self) -> None:
        """The student types in a box: the notices they have had time to read go, so none
        covers the box or its draft notice (at 80×24 two stacked ones hid half the box for
        10–20 s). A notice raised a moment ago stays: it may be about what they just did."""
        now = time.time()
        old = [n for n in self._notifications if now - n.raised_at >= TOAST_READ_SECONDS]
        for notification in old:
            self._unnotify(notification, refresh=False)
        if old:
            self._refresh_notifications()

    def save_drafts_soon(self) -> None:
        """Save the drafts now, in a thread (typing never waits for the disk): after a send,
        when the student leaves a part, once they pause."""
        taken, drafts = self._drafts_snapshot()
        try:
            self.run_worker(
                partial(self._write_drafts, taken, drafts, True),
                thread=True,
                group="drafts",
                name="save drafts",
                exit_on_error=False,
            )
        except Exception:  # noqa: BLE001 - the app is closing: its exit saves them
            pass

    def save_drafts(self) -> None:
        """Write every unsent draft beside the session logs now (``tutor.sessions.drafts``),
        after any write under way; why it failed, if it did, is kept for the terminal
        (``drafts_problem``)."""
        taken, drafts = self._drafts_snapshot()
        self._write_drafts(taken, drafts, False)

    def _drafts_snapshot(self) -> tuple[int, dict]:
        """The drafts as they are now, numbered (on the UI thread, where they change); a save
        pending for a pause is no longer needed."""
        if self._drafts_timer is not None:
            self._drafts_timer.stop()
            self._drafts_timer = None
        self._drafts_taken += 1
        return self._drafts_taken, self.state.unsent_drafts()

    def _write_drafts(self, taken: int, drafts: dict, in_thread: bool) -> None:
        from tutor.sessions.drafts import write_drafts

        with self._drafts_lock:
            if taken <= self._drafts_written:
                return  # a newer snapshot is on disk already
            self._drafts_written = taken
            if drafts == self._drafts_on_disk:
                return
            try:
                write_drafts(self.log_dir, drafts)
            except (OSError, ValueError) as exc:
                self._drafts_on_disk = None
                problem = (
                    f"hw3-tutor: your unsent drafts could not be kept in {self.log_dir} "
                    f"({getattr(exc, 'strerror', None) or exc})"
                )
            else:
                self._drafts_on_disk = drafts
                problem = ""
            said, self.drafts_problem = self.drafts_problem, problem
        if in_thread and problem and problem != said:  # said once, not at every pause
            shown = problem.removeprefix("hw3-tutor: ")
            try:
                self.call_from_thread(
                    self.notify,
                    shown[:1].upper() + shown[1:] + ".",
                    title="Drafts not saved",
                    severity="warning",
                    timeout=10,
                    markup=False,
                )
            except RuntimeError:
                pass  # the app is closing: the terminal is told as it exits

    def on_unmount(self) -> None:
        self._finish()

    def _finish(self) -> None:
        try:
            self._finish_session()
        finally:
            self.finished.set()

    def _finish_session(self) -> None:
        """Keep the unsent drafts, end the session log and stop the checker process (however
        the app ends)."""
        self.save_drafts()
        self._restore_hang_ups()
        try:
            self.session_log.end()
        except Exception:  # noqa: BLE001 - never lose the exit over a failed last event
            pass
        if self._hanging_up:
            # the checker may be busy (warming up): its processes end with this one anyway
            closing = threading.Thread(target=self._close_checker, daemon=True)
            closing.start()
            closing.join(QUIT_KEYS_WAIT)
        else:
            self._close_checker()

    def _close_checker(self) -> None:
        try:
            self.checker.close()
        except Exception:  # noqa: BLE001
            pass


def _end_after_hang_up(app: TutorApp, limit: float = HANG_UP_EXIT_LIMIT) -> None:
    """The fail-safe of a hang-up (trial tui3 T1: a closed window left the tutor hung for
    good, after it had saved): once the terminal is gone, the process ends within ``limit``
    seconds. What the boxes hold was kept when the hang-up came (``TutorApp._hung_up``); if
    the UI thread never got that far, it is kept from here, then the log is ended."""
    import os

    app.hung_up.wait()
    if app.finished.wait(limit):  # all kept and the log ended: what is left of the exit
        time.sleep(HANG_UP_LAST_WAIT)  # (Textual's, Python's) gets a moment, not forever
    elif not app._hang_up_saved:
        try:  # the UI thread is stuck: nothing changes the boxes while they are read
            app._keep_what_is_typed()
            app.save_drafts()
        except Exception:  # noqa: BLE001 - what the last pause saved stays on disk
            pass
    try:
        app.session_log.end()  # thread-safe; nothing if it was ended already
    except Exception:  # noqa: BLE001
        pass
    try:
        import multiprocessing

        for child in multiprocessing.active_children():  # the checker's processes
            child.kill()
    except Exception:  # noqa: BLE001
        pass
    _say_what_was_lost(app)
    os._exit(app.hang_up_code or 129)


def _restore_drafts(log_dir: Path, state: TutorState) -> tuple[list[tuple[str, str]], list[str]]:
    """Read the unsent drafts kept in ``log_dir`` into the boxes' state; those restored and
    warnings about what could not be read. Never raises."""
    from tutor.sessions.drafts import read_drafts

    try:
        drafts, warnings = read_drafts(log_dir)
        return state.restore_drafts(drafts), warnings
    except Exception as exc:  # noqa: BLE001 - a draft must never keep the tutor from starting
        return [], [f"the unsent drafts could not be read ({exc.__class__.__name__})"]


class _LogHandle:
    """The session log as the app and its state hold it: one already open (``opened``: the
    stand-in while the student id is asked for, then the log started with the id), or one
    being opened in a thread while Textual starts (``opening``). Attribute access goes to the
    log, waiting (once) for it to be open.

    ``SessionLog.start`` creates the file and fsyncs it and its directory: ~20 ms on a slow
    disk, spent while Textual starts rather than before it."""

    def __init__(self, log: Any = None, start: Any = None) -> None:
        self._log = log
        self._start = start
        self._thread: threading.Thread | None = None
        if start is not None:
            self._thread = threading.Thread(target=self._run, name="open-session-log", daemon=True)
            self._thread.start()

    @classmethod
    def opened(cls, log: Any) -> _LogHandle:
        return cls(log=log)

    @classmethod
    def opening(cls, start: Any) -> _LogHandle:
        """``start()`` (which opens the log) runs in a thread from now on."""
        return cls(start=start)

    def _run(self) -> None:
        try:
            self._log = self._start()
        except Exception as exc:  # noqa: BLE001 - SessionLog.start never raises; belt and braces
            from tutor.sessions.log import SessionLog

            self._log = SessionLog.disabled(f"the log could not be opened ({exc})")

    def get(self) -> Any:
        if self._log is None and self._thread is not None:
            self._thread.join()
        return self._log

    def __getattr__(self, name: str) -> Any:
        return getattr(self.get(), name)


def _start_log(
    log_dir: Path,
    content_hash: str,
    fresh: bool,
    restore: bool = False,
    student: str | None = None,
) -> Any:
    from tutor.sessions.log import SessionLog

    return SessionLog.start(log_dir, content_hash, fresh=fresh, restore=restore, student=student)


def _waiting_log() -> Any:
    """Stands in for the session log while the student id question is open (nothing is
    logged then: the question is modal)."""
    from tutor.sessions.log import SessionLog

    return SessionLog.disabled("waiting for your student id")


def _regrade(progress: Any, content: Content, checker: Checker) -> tuple[Any, tuple]:
    """Progress with answers judged under other content judged again (by the app's checker,
    time-bounded; the judgment cache makes later starts instant). Never raises."""
    from functools import partial

    from tutor.sessions.resume import regrade_progress
    from tutor.variants.engine import box_variant

    try:  # a practice variant's answers are judged by that variant's box
        variants = partial(box_variant, content)
        result = regrade_progress(progress, content, checker.check, variants=variants)
    except Exception:  # noqa: BLE001 - resume must never fail: the logged verdicts stand
        return progress, ()
    return result.progress, result.changes


def _load_progress(log_dir: Path, fresh: bool, restore: bool = False) -> Any:
    from tutor.sessions.progress import load_progress

    return load_progress(log_dir, fresh=fresh, restore=restore)  # never raises


@dataclass(frozen=True)
class SetAside:
    """What a ``--fresh`` start sets aside: said on the index and in Review, so the counts
    shown there agree, and the way back (``--restore``) is always named."""

    since: str  # the fresh start's date ('' when nothing is set aside)
    counted: int  # sessions progress is rebuilt from (this one included)
    total: int  # sessions in the log directory (this one included)

    @classmethod
    def of(cls, progress: Any, log: Any, fresh: bool) -> SetAside:
        extra = 1 if getattr(log, "saving", False) else 0  # the session starting now
        total = int(getattr(progress, "sessions_total", 0)) + extra
        if fresh:
            return cls(_date_of(getattr(log, "session_id", None) or ""), extra, total)
        since = getattr(progress, "fresh_from", None)
        if not since:
            return cls("", total, total)
        return cls(_date_of(since), int(getattr(progress, "sessions", 0)) + extra, total)

    @property
    def active(self) -> bool:
        return bool(self.since) or self.counted < self.total

    @property
    def line(self) -> str:
        """One line for the index (empty when nothing is set aside)."""
        if not self.active:
            return ""
        earlier = self.total - self.counted
        return (
            f"Counting from your fresh start{self._on}: {earlier} earlier "
            f"session{'s' if earlier != 1 else ''} set aside, not deleted (Review lists "
            f"{'them' if earlier != 1 else 'it'}); start with {RESTORE_COMMAND} to count "
            f"{'them' if earlier != 1 else 'it'} again."
        )

    @property
    def notice(self) -> str:
        return (
            "No earlier progress is shown; nothing is deleted. The next normal start goes on "
            f"from this fresh start; {RESTORE_COMMAND} counts every session again."
        )

    @property
    def restored_notice(self) -> str:
        return f"Your progress counts all {self.total} sessions again."

    @property
    def _on(self) -> str:
        return f" on {self.since}" if self.since else ""


RESTORE_COMMAND = "hw3-tutor --restore"


def _date_of(session_id: str) -> str:
    """``20261201T002827.634Z-8b6399ad`` -> ``2026-12-01`` ('' when not of that form)."""
    stamp = session_id[:8]
    if len(stamp) == 8 and stamp.isdigit():
        return f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:]}"
    return ""


def run_app(args: argparse.Namespace) -> int:
    """Load the content (a ``ContentError`` propagates to the CLI: message, exit 1), run the app."""
    from tutor.content.issues import ContentError
    from tutor.errors import UsageError
    from tutor.paths import cache_dir, content_dir, log_dir
    from tutor.ui.contentcache import cached_toml_parser
    from tutor.variants.engine import load

    directory = content_dir(getattr(args, "content", None))
    try:
        # the handout: parameterized parts at their defaults; parsed files remembered
        content = load(directory, parse=cached_toml_parser(cache_dir()))
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
    fresh, restore = bool(getattr(args, "fresh", False)), bool(getattr(args, "restore", False))
    if fresh and restore:
        raise UsageError("--fresh and --restore contradict each other: give one of them")

    from tutor.sessions.identity import resolve_identity

    identity = resolve_identity(getattr(args, "student", None))  # a bad --student: exit 2
    app = TutorApp(
        content,
        log_dir(getattr(args, "log_dir", None)),
        open_part=open_part,
        fresh=fresh,
        restore=restore,
        keys=userkeymap.load_user_keymap(),
        student=identity.id,
        ask_student=identity.ask,
        student_problem=identity.problem,
    )
    threading.Thread(
        target=_end_after_hang_up, args=(app,), name="hang-up-watchdog", daemon=True
    ).start()
    result = app.run()
    _say_what_was_lost(app)
    return int(result or 0)


_SAID = threading.Lock()  # said once: by run_app, or by the watchdog as it ends the process


def _say_what_was_lost(app: TutorApp) -> None:
    """Tell the terminal (if it is still there) what could not be saved."""
    if not _SAID.acquire(blocking=False):
        return
    try:
        lost = lost_report(app.session_log)  # events a failing disk kept from the log
        if lost:
            print(lost, file=sys.stderr)
        if app.drafts_problem:
            print(visible(app.drafts_problem, 2000), file=sys.stderr)
        sys.stderr.flush()
    except (OSError, ValueError):  # the terminal is gone
        pass
