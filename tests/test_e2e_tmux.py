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
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

ROOT = Path(__file__).resolve().parent.parent


class Terminal:
    def __init__(self, command: str, width: int = 120, height: int = 40) -> None:
        self.name = f"hw3-e2e-{uuid.uuid4().hex[:8]}"
        subprocess.run(
            ["tmux", "new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height),
             command],
            check=True,
        )  # fmt: skip

    def screen(self) -> str:
        out = subprocess.run(
            ["tmux", "capture-pane", "-p", "-t", self.name], capture_output=True, text=True
        )
        return out.stdout

    def send(self, *keys: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, *keys], check=True)

    def type(self, text: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, "-l", text], check=True)

    def wait_for(self, pattern: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if re.search(pattern, screen):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{pattern!r} never appeared; the screen shows:\n{self.screen()}")

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)


def _command(log_dir: Path, cache: Path, *args: str) -> str:
    parts = [sys.executable, "-m", "tutor", "--log-dir", str(log_dir), *args]
    quoted = " ".join(f"'{p}'" for p in parts)
    config = cache.parent / "config"  # the student's config directory: student.toml
    env = f"HW3_TUTOR_CACHE_DIR='{cache}' HW3_TUTOR_CONFIG_DIR='{config}'"
    return f"cd '{ROOT}' && {env} {quoted}; echo EXITED=$?; sleep 30"


def test_student_answers_a_part_quits_and_resumes(tmp_path):
    logs, cache = tmp_path / "logs", tmp_path / "cache"
    term = Terminal(_command(logs, cache, "--open", "5a"))
    try:
        term.wait_for(r"Your student id")  # the first start asks, once
        term.type("e2e-student")
        term.send("Enter")
        term.wait_for(r"fwd operations in one backward pass")
        term.type("45")
        term.wait_for(r"read as: 45")  # the live preview
        term.send("Enter")
        term.wait_for(r"✗ Not right yet")
        term.send("C-t")  # a hint
        term.wait_for(r"Hint 1/\d")
        term.send("C-u")
        term.type("20 fwd")
        term.wait_for(r"read as: 20 fwd")  # as a student would, look before pressing Enter
        term.send("Enter")
        term.wait_for(r"✓ Correct")
        term.send("C-o")  # solved: the solution opens without asking
        term.wait_for(r"Worked solution")
        assert "Show the worked solution now?" not in term.screen()
        term.send("C-q")
        term.wait_for(r"EXITED=0")
    finally:
        term.close()
    (log,) = logs.glob("*.jsonl")
    text = log.read_text(encoding="utf-8")
    assert '"raw":"45"' in text and '"raw":"20 fwd"' in text and '"session_end"' in text
    assert '"student":"e2e-student"' in text.splitlines()[0]

    term = Terminal(_command(logs, cache), width=80, height=24)
    try:
        screen = term.wait_for(r"answers correct")  # not asked again
        assert re.search(r"\b1/\d+ answers correct", screen)
        assert "Your student id" not in screen
        assert re.search(r"✓ 5a", term.wait_for(r"5a"))  # the index shows where the student was
        term.send("c")  # continue where they left off
        term.wait_for(r"5a · fwd operations")
        term.send("PageDown")  # at 80×24 the statement fills the screen; the box is below
        term.send("PageDown")
        screen = term.wait_for(r"✓ fwd operations")
        assert re.search(r"^\s*█\s*20 fwd\s*$", screen, re.M), screen  # the box is refilled
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
