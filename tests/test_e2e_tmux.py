"""End to end: drive the real ``hw3-tutor`` in a tmux terminal as a student would.

Skipped when tmux is not installed (``apt-get install -y tmux``).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import shipped_content

pytestmark = [
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
    pytest.mark.slow,  # a real terminal and a tutor process per test
]

ROOT = Path(__file__).resolve().parent.parent


def _fwd_answers() -> tuple[str, str]:
    """A known wrong answer and the right one (with a noun) of 5a, read from the shipped key."""
    box = shipped_content.handout().boxes["5a.fwd"]
    return box.mistakes[0].answer, f"{box.answer} {box.nouns[0]}"


def _polls(timeout: float) -> Iterator[None]:
    """Yield until ``timeout`` seconds have passed, pausing between yields: 10 ms at first
    (most screens change within a few tens of milliseconds of a key), growing to 100 ms (a
    long wait, such as a start-up on a busy machine, costs few ``capture-pane`` processes)."""
    deadline = time.monotonic() + timeout
    pause = 0.01
    while True:
        yield
        if time.monotonic() >= deadline:
            return
        time.sleep(pause)
        pause = min(pause * 1.5, 0.1)


class Terminal:
    """One tmux server of its own (``-L``): terminals of tests run side by side never share a
    server, so one test's size (80×24) is never another's."""

    def __init__(self, command: str, width: int = 120, height: int = 40) -> None:
        self.name = f"hw3-e2e-{uuid.uuid4().hex[:8]}"
        self.tmux = ["tmux", "-L", self.name]
        # the pane is made at its size first, then the tutor started in it: a program started
        # with the session can see the default 80×24 before tmux resizes the new window
        subprocess.run(
            [*self.tmux, "new-session", "-d", "-s", self.name, "-x", str(width), "-y",
             str(height), "sleep 600"],
            check=True,
        )  # fmt: skip
        subprocess.run([*self.tmux, "respawn-pane", "-k", "-t", self.name, command], check=True)

    def pane_size(self) -> str:
        out = subprocess.run(
            [*self.tmux, "display", "-p", "-t", self.name, "#{pane_width}×#{pane_height}"],
            capture_output=True,
            text=True,
        )
        return out.stdout.strip()

    def screen(self) -> str:
        out = subprocess.run(
            [*self.tmux, "capture-pane", "-p", "-t", self.name], capture_output=True, text=True
        )
        return out.stdout

    def send(self, *keys: str) -> None:
        subprocess.run([*self.tmux, "send-keys", "-t", self.name, *keys], check=True)

    def type(self, text: str) -> None:
        subprocess.run([*self.tmux, "send-keys", "-t", self.name, "-l", text], check=True)

    def notices(self) -> str:
        """The text of the notices (toasts) on screen, their wrapped lines joined: what is right
        of each line's '▌' border."""
        return " ".join(
            line.split("▌", 1)[1].strip() for line in self.screen().splitlines() if "▌" in line
        )

    def body(self) -> str:
        """The screen without the notices (toasts) over its right side: what is left of each
        line's '▌' border. A notice stays for seconds after what it announces is done."""
        return "\n".join(line.split("▌", 1)[0] for line in self.screen().splitlines())

    def title_colour(self, title: str) -> str | None:
        """The colour codes the title of the box that starts with ``title`` is drawn in (None
        when it is not on screen). The box the cursor is in has its title in the accent colour:
        how a person sees where the cursor is, which the text alone does not say."""
        out = subprocess.run(
            [*self.tmux, "capture-pane", "-e", "-p", "-t", self.name],
            capture_output=True,
            text=True,
        ).stdout
        found = re.search(r"((?:\x1b\[[0-9;]*m)+)\S " + re.escape(title), out)
        return found.group(1) if found else None

    def wait_until(self, condition: Callable[[], bool], what: str, timeout: float = 30.0) -> None:
        for _ in _polls(timeout):
            if condition():
                return
        raise AssertionError(
            f"never true: {what}; the {self.pane_size()} screen shows:\n{self.screen()}"
        )

    def wait_for(
        self, pattern: str, timeout: float = 30.0, read: Callable[[], str] | None = None
    ) -> str:
        """Wait until ``pattern`` appears in what ``read`` gives (the screen by default; for
        example ``self.notices``), and return that text."""
        read = read or self.screen
        for _ in _polls(timeout):
            text = read()
            if re.search(pattern, text):
                return text
        raise AssertionError(
            f"{pattern!r} never appeared; the {self.pane_size()} pane shows:\n{read()}"
        )

    def wait_gone(
        self, pattern: str, timeout: float = 30.0, read: Callable[[], str] | None = None
    ) -> None:
        read = read or self.screen
        for _ in _polls(timeout):
            if not re.search(pattern, read()):
                return
        raise AssertionError(f"{pattern!r} stayed; the {self.pane_size()} pane shows:\n{read()}")

    def settled(self) -> str:
        """The screen once two looks 50 ms apart agree (a scroll is over)."""
        last = self.screen()
        for _ in _polls(30.0):
            time.sleep(0.05)
            now = self.screen()
            if now == last:
                return now
            last = now
        raise AssertionError(f"the screen never stopped changing:\n{last}")

    def page_down_to(self, pattern: str, presses: int = 8) -> str:
        """Press PageDown, one key at a time and looking after each, until ``pattern`` is on
        screen; that screen."""
        for _ in range(presses):
            screen = self.settled()
            if re.search(pattern, screen):
                return screen
            self.send("PageDown")
        return self.wait_for(pattern, timeout=1.0)

    def close(self) -> None:
        subprocess.run([*self.tmux, "kill-server"], capture_output=True)


def _command(log_dir: Path, cache: Path, *args: str) -> str:
    parts = [sys.executable, "-m", "tutor", "--log-dir", str(log_dir), *args]
    quoted = " ".join(f"'{p}'" for p in parts)
    config = cache.parent / "config"  # the student's config directory: student.toml
    env = f"HW3_TUTOR_CACHE_DIR='{cache}' HW3_TUTOR_CONFIG_DIR='{config}'"
    return f"cd '{ROOT}' && {env} {quoted}; echo EXITED=$?; sleep 30"


def _answer_the_id_question(term: Terminal, student: str) -> None:
    """The first start (an empty config directory) asks for the student id, once."""
    term.wait_for(r"Your student id")
    term.type(student)
    term.send("Enter")
    # the screen behind the question shows through it: a key sent before it closes is the
    # question's (a Ctrl+T sent then was lost, and only two of three hints came)
    term.wait_gone(r"Your student id")


def test_student_answers_a_part_practises_a_variant_quits_and_resumes(tmp_path):
    """Answer 5a wrong, take a hint, answer it right, open the solution; press F9 for another
    variant: the notice names its seed and numbers, the box is empty, the variant's own answer
    is right; F8 brings the handout back, still solved. Quit, start again at 80×24: not asked
    for the id again, the index and the box show the handout's answer. (One session does both
    the handout and the variant: the tutor's start and its checker's are paid once.)"""
    from tutor.variants.engine import instantiate

    logs, cache = tmp_path / "logs", tmp_path / "cache"
    wrong, right = _fwd_answers()
    variant = instantiate(shipped_content.handout().templates, "5a", seed=1)
    term = Terminal(_command(logs, cache, "--open", "5a"))
    try:
        _answer_the_id_question(term, "e2e-student")  # the first start asks, once
        term.wait_for(r"fwd operations in one backward pass")
        term.type(wrong)
        term.wait_for(rf"read as: {re.escape(wrong)}")  # the live preview
        term.send("Enter")
        term.wait_for(r"✗ Not right yet")
        term.send("C-t")  # a hint
        term.wait_for(r"Hint 1/\d")
        term.send("C-u")
        # Ctrl+U is a binding, which Textual runs after letters typed right behind it: wait
        # for the box to be empty (its reading gone) before typing, as a person would
        term.wait_gone(rf"read as: {re.escape(wrong)}")
        term.type(right)
        term.wait_for(rf"read as: {re.escape(right)}")  # as a student would, look first
        term.send("Enter")
        term.wait_for(r"✓ Correct")
        term.send("C-o")  # solved: the solution opens without asking
        term.wait_for(r"Worked solution")
        assert "Show the worked solution now?" not in term.screen()
        term.send("F9")  # another variant
        # said in a notice whatever the screen shows (on a small one the banner is above the box)
        layers = variant.params["layers"]
        term.wait_for(
            rf"Practice variant Seed 1: layers = {layers},.* back to the handout", read=term.notices
        )
        assert "✓ Correct" not in term.screen()  # the variant's box starts empty
        key = variant.boxes["5a.fwd"].answer
        term.type(key)
        term.wait_for(rf"█ {re.escape(key)}\s")  # typed into the empty box (its reading may be
        term.send("Enter")  # below the screen's edge on a small terminal; the verdict is shown)
        term.wait_for(r"✓ Correct")
        term.send("F8")
        term.wait_for(r"The handout's numbers again", read=term.notices)
        # the banner is gone (the notice that announced the variant may stay a few seconds
        # more) and the handout's answer is there, still solved
        term.wait_gone(r"Practice\s+variant", read=term.body)
        term.wait_for(rf"█ {re.escape(right)}\s", read=term.body)
        term.wait_for(r"✓ fwd operations", read=term.body)  # the box's mark: solved
        term.send("C-q")
        term.wait_for(r"EXITED=0")
    finally:
        term.close()
    (log,) = logs.glob("*.jsonl")
    text = log.read_text(encoding="utf-8")
    assert f'"raw":"{wrong}"' in text and f'"raw":"{right}"' in text and '"session_end"' in text
    assert '"student":"e2e-student"' in text.splitlines()[0]
    attempts = [line for line in text.splitlines() if '"attempt"' in line]
    assert len(attempts) == 3 and '"seed"' not in attempts[0] + attempts[1]  # the handout's
    assert '"seed":1' in attempts[2] and f'"raw":"{key}"' in attempts[2]  # the variant's

    term = Terminal(_command(logs, cache), width=80, height=24)
    try:
        screen = term.wait_for(r"answers correct")  # not asked again
        assert re.search(r"\b1/\d+ answers correct", screen)
        assert "Your student id" not in screen
        assert re.search(r"✓ 5a", term.wait_for(r"5a"))  # the index shows where the student was
        term.send("c")  # continue where they left off
        term.wait_for(r"5a · fwd operations")
        # at 80×24 the statement fills the screen: page down to the box, as a person would,
        # looking after each key (the part may also scroll to the box the cursor is in)
        screen = term.page_down_to(r"✓ fwd operations")
        assert re.search(rf"^\s*█\s*{re.escape(right)}\s*$", screen, re.M), screen  # refilled
        term.send("C-q")
        term.wait_for(r"EXITED=0")
    finally:
        term.close()
    headers = [p.read_text(encoding="utf-8").splitlines()[0] for p in sorted(logs.glob("*.jsonl"))]
    assert len(headers) == 2 and all('"student":"e2e-student"' in h for h in headers)


def test_broken_content_prints_the_problem_and_exits_1(tmp_path):
    bad = tmp_path / "content"
    bad.mkdir()
    (bad / "p1.toml").write_text('schema = 1\n[problem]\nid = "1"\n', encoding="utf-8")
    term = Terminal(_command(tmp_path / "logs", tmp_path / "cache", "--content", str(bad)))
    try:
        screen = term.wait_for(r"EXITED=\d")
        assert "EXITED=1" in screen
        assert "the content does not load" in screen and "Traceback" not in screen
    finally:
        term.close()


def test_student_builds_a_proof_from_blocks(tmp_path):
    logs, cache = tmp_path / "logs", tmp_path / "cache"
    term = Terminal(_command(logs, cache, "--open", "4e"))
    try:
        _answer_the_id_question(term, "e2e-proof")
        term.wait_for(r"4e · The reparameterization gradient in general")
        term.type("z")  # the cursor is in the box of g and p(z): its preview says so
        term.wait_for(r"Give p\(z\) too")  # g alone is half of the pair it asks for
        term.send("BSpace")
        term.wait_for(r"then a comma and the law of z")  # the box is empty again
        highlighted = term.title_colour("g(z, μ) and p(z)")  # the box the cursor is in
        assert highlighted, term.screen()
        # the pool is held back: one of its blocks states this box's answer
        term.wait_for(r"The blocks to choose from appear once you have solved")
        assert "Nothing yet: add blocks" not in term.screen()
        term.type("g(z, mu) = mu + sigma*z, z ~ N(0, I)")
        term.send("Enter")
        term.wait_for(r"✓ Correct")
        # the pool still waits for 4b's and 4c's boxes (its blocks give them away); the
        # cursor is on its button, which shows the pool once the student confirms
        term.wait_for(r"appear once you have solved “F\(μ\)” in 4b")
        term.send("Enter")
        term.wait_for(r"Show the blocks now\?")
        term.type("y")
        term.wait_for(r"Nothing yet: add blocks from the pool")
        term.wait_until(
            lambda: (
                term.title_colour("Build the proof") == highlighted
                and term.title_colour("g(z, μ) and p(z)") != highlighted
            ),
            "the proof's box is highlighted, the box of g is not",
        )
        term.type("d")  # a block's key adds it from the pool
        term.wait_for(r"1\. \(d\)")
        term.type("n")
        term.wait_for(r"2\. \(n\)")
        term.type("m")  # a distractor
        term.send("C-s")
        term.wait_for(r"\(m\) does not belong in this proof")
        term.wait_for(r"distribution\W+that\W+depends\W+on\W+θ")  # across a wrapped line
        term.send("BTab")  # from the pool up to the proof
        term.send("Delete")  # the highlighted block (the distractor, just added) goes back
        # the distractor leaves the proof (the count line under it may be scrolled away)
        term.wait_for("gone", read=lambda: "gone" if "3. (m)" not in term.screen() else "")
        term.wait_for(r"2\. \(n\)")
        term.type("crs")
        term.wait_for(r"5\. \(s\)")
        term.send("F5")
        term.wait_for(r"every block comes after the blocks it uses")
        term.send("C-q")
        term.wait_for(r"EXITED=0")
    finally:
        term.close()
    (log,) = logs.glob("*.jsonl")
    text = log.read_text(encoding="utf-8")
    assert '"raw":"d n m"' in text and '"note":"distractor:m"' in text
    assert '"raw":"d n c r s","verdict":"correct"' in text
    assert '"student":"e2e-proof"' in text.splitlines()[0]


def test_student_writes_a_derivation_line_by_line(tmp_path):
    logs, cache = tmp_path / "logs", tmp_path / "cache"
    term = Terminal(_command(logs, cache, "--open", "5c"))
    try:
        _answer_the_id_question(term, "e2e-derivation")
        term.wait_for(r"5c · How fast must the disk be")
        term.type("50 ns")
        term.send("Enter")
        term.wait_for(r"✓ Correct")  # the value box; the cursor moves on to the working
        term.type("20*20 + 10*10 = 10 t")
        term.send("Enter")
        term.type("500 = 10 t")
        term.send("Enter")
        term.type("t = 40")
        term.wait_for(r"3  t = 40")  # each line, as it is read
        term.send("C-s")
        # line 1 holds 5a's and 5b's counts, not solved here: the tutor asks first
        term.wait_for(r"Check your working now\?")
        term.send("y")
        screen = term.wait_for(r"Line 3 does not follow from line 2")
        words = r"\W+".join("the value of t that solves line 2 does not solve line 3".split())
        assert re.search(words, screen)  # across wrapped lines, borders and the scrollbar
        term.send("BSpace")
        term.wait_for(r"3  t = 4\s")  # each key is read before the next is sent
        term.send("BSpace")
        term.wait_for(r"t = \s*▎")
        term.type("50")
        term.wait_for(r"3  t = 50")
        term.send("C-s")
        term.wait_for(r"Lines: 1 ✓  2 ⇔  3 ⇔")
        term.send("C-q")
        term.wait_for(r"EXITED=0")
    finally:
        term.close()
    (log,) = logs.glob("*.jsonl")
    text = log.read_text(encoding="utf-8")
    assert '"note":"step:3"' in text
    assert '"raw":"20*20 + 10*10 = 10 t\\n500 = 10 t\\nt = 50","verdict":"correct"' in text
    assert '"student":"e2e-derivation"' in text.splitlines()[0]


def test_at_80x24_the_box_is_on_screen_hints_stay_in_it_and_a_jump_is_announced(tmp_path):
    """Issue 15 in a real terminal: 1b opens with its statement and its first box on screen
    (nothing typed yet); Ctrl+T after the box's last hint says so; a correct answer moves the
    cursor to the next box and says where."""
    logs, cache = tmp_path / "logs", tmp_path / "cache"
    term = Terminal(_command(logs, cache, "--open", "1b"), width=80, height=24)
    try:
        _answer_the_id_question(term, "e2e-small")
        screen = term.wait_for(r"E\[RMS²\(y′\)\] =")
        assert "Now train the layer with SignGD" in screen  # the statement's start, too
        for _ in range(3):
            term.send("C-t")
        term.wait_for(r"Hint 3/3")
        term.send("C-t")
        term.wait_for(r"No more hints: all 3 hints for this box are shown")
        term.type("d1 + (2/pi) d1 (d1 - 1)")
        term.wait_for(r"read as:")
        term.send("Enter")
        term.wait_for(r"The cursor moved on to the next box")
        term.type("Theta(d1^2)")
        term.wait_for(r"read as: Θ\(d₁²\)")  # typed into the box the cursor moved to
        term.send("Enter")
        term.wait_for(r"moved on to the next box: c =")  # solved: on to the third box
        term.send("C-q")
        term.wait_for(r"EXITED=0")
    finally:
        term.close()
    (log,) = logs.glob("*.jsonl")
    text = log.read_text(encoding="utf-8")
    assert text.count('"event":"hint"') == 3  # all three in 1b.value, none in another box
    assert '"box":"1b.scaling","raw":"Theta(d1^2)","verdict":"correct"' in text


def _tutor_pid(term: Terminal) -> int:
    """The tutor's process in the terminal (a child of the pane's shell)."""
    shell = subprocess.run(
        [*term.tmux, "display", "-p", "-t", term.name, "#{pane_pid}"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    out = subprocess.run(
        ["ps", "-o", "pid=,args=", "--ppid", shell], capture_output=True, text=True
    )
    pids = [int(line.split()[0]) for line in out.stdout.splitlines() if "-m tutor" in line]
    assert len(pids) == 1, out.stdout
    return pids[0]


def test_a_killed_terminal_loses_nothing_typed(tmp_path):
    """What is typed is on disk a moment later, with the tutor still running: kill -9 loses
    nothing once it is there. Closing the terminal (tmux killed: SIGHUP) right after typing
    loses nothing either. Each time the next start has the text back in its box."""
    import os
    import signal

    from tutor.sessions.drafts import read_drafts

    logs, cache = tmp_path / "logs", tmp_path / "cache"
    command = _command(logs, cache, "--open", "5a", "--student", "e2e-student")
    draft, edited = "DRAFT kept 1", "DRAFT kept 2"

    def kept() -> dict:
        return read_drafts(logs)[0]

    term = Terminal(command)
    try:
        term.wait_for(r"fwd operations in one backward pass")
        term.type(draft)
        term.wait_until(lambda: kept() == {("handout", "5a.fwd"): draft}, "drafts.json has it")
        os.kill(_tutor_pid(term), signal.SIGKILL)  # no chance to save anything more
        term.wait_for(r"EXITED=137")
    finally:
        term.close()

    term = Terminal(command)
    try:
        term.wait_for(rf"█ {re.escape(draft)}\s")
        term.wait_for(r"back where you typed it \(5a\)", read=term.notices)
        # Ctrl+U is a binding, which Textual runs after letters typed right behind it: the
        # box is empty (its placeholder shows) before the new text is typed
        term.send("C-u")
        term.wait_for(r"█ a whole number")
        term.type(edited)
        term.wait_for(rf"█ {re.escape(edited)}\s")  # the tutor has it: close the terminal now
    finally:
        term.close()  # tmux kill-server: the tutor gets SIGHUP, as when a window is closed
    term.wait_until(lambda: kept() == {("handout", "5a.fwd"): edited}, "the hang-up kept it")

    def ended(session: int) -> bool:
        return '"session_end"' in sorted(logs.glob("*.jsonl"))[session].read_text()

    assert not ended(0)  # kill -9: nothing more could be written
    term.wait_until(lambda: ended(1), "the hung-up tutor exits cleanly: its log is ended")

    term = Terminal(command)
    try:
        term.wait_for(rf"█ {re.escape(edited)}\s")
        term.wait_for(r"back where you typed it \(5a\)", read=term.notices)
        term.send("C-q")
        term.wait_for(r"EXITED=0")
    finally:
        term.close()
    assert "attempt" not in "".join(p.read_text() for p in logs.glob("*.jsonl"))


def _gone(pid: int) -> bool:
    """The process has ended (a zombie waiting for its parent to reap it has ended too)."""
    try:
        with open(f"/proc/{pid}/status", encoding="utf-8") as status:
            return any(line.startswith("State:") and "Z" in line for line in status)
    except FileNotFoundError:
        return True


def _wait_gone(pid: int, what: str, timeout: float = 30.0) -> None:
    for _ in _polls(timeout):
        if _gone(pid):
            return
    import os
    import signal

    os.kill(pid, signal.SIGKILL)  # never leave it behind
    raise AssertionError(f"the tutor (pid {pid}) was still running {timeout} s after {what}")


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to see the process end")
def test_a_closed_window_never_leaves_the_tutor_running(tmp_path):
    """Trial tui3 T1: closing the window a moment after typing left the tutor hung for good
    (5 closes in 8): the kernel's SIGCONT after the SIGHUP restarted Textual's output on the
    dead terminal, and the exit then waited forever on a writer thread that had died. Now the
    process ends, every time, with what it had read in the box kept; and a plain SIGHUP (the
    terminal still there) ends it with 128 + 1, the keys typed right before it kept."""
    import os
    import signal

    from tutor.sessions.drafts import read_drafts

    cache = tmp_path / "cache"

    def command(logs: Path) -> str:
        return _command(logs, cache, "--open", "5a", "--student", "e2e-student")

    def kept(logs: Path) -> str:
        return read_drafts(logs)[0].get(("handout", "5a.fwd"), "")

    for n in range(2):  # the hang came from a race: more than one close
        logs = tmp_path / f"logs{n}"
        term = Terminal(command(logs))
        try:
            term.wait_for(r"fwd operations in one backward pass")
            pid = _tutor_pid(term)
            text = f"CLOSE{n} read"
            term.type(text)
            term.wait_for(rf"█ {re.escape(text)}")  # read by the tutor
            term.type(" and more")  # closed at once: these may still be in the terminal
        finally:
            term.close()  # tmux kill-server: SIGHUP, SIGCONT, and a terminal that is gone
        _wait_gone(pid, "its window closed")
        assert kept(logs).startswith(text) and f"{text} and more".startswith(kept(logs))
        assert '"session_end"' in next(logs.glob("*.jsonl")).read_text(encoding="utf-8")

    term = Terminal(command(logs))
    try:
        term.wait_for(r"█ CLOSE1 read")  # the draft is back
        term.send("C-u")
        term.wait_for(r"█ a whole number")
        pid = _tutor_pid(term)
        term.type("HUP typed")
        term.wait_for(r"█ HUP typed")
        os.kill(pid, signal.SIGHUP)
        term.wait_for(rf"EXITED={128 + signal.SIGHUP}")
        _wait_gone(pid, "SIGHUP")
    finally:
        term.close()
    assert kept(logs) == "HUP typed"
    ends = [p.read_text(encoding="utf-8").count('"session_end"') for p in logs.glob("*.jsonl")]
    assert ends == [1, 1]  # both sessions ended their log
