"""Nothing lost: kill -9 a process that is logging, at random moments, and read everything back."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tutor.sessions.logreader import read_session

ROOT = Path(__file__).resolve().parent.parent

# Logs events as fast as it can, printing each event's number once the log call
# has returned (the event is on disk by then). Inputs vary in length so writes
# of different sizes are in flight when the kill lands.
WRITER = r"""
import sys
from tutor.sessions.log import SessionLog
log = SessionLog.start(sys.argv[1], "durability")
assert log.saving, log.problem
print("PATH", log.path, flush=True)
i = 0
while True:
    i += 1
    kind = i % 4
    if kind == 0:
        log.part_opened(f"{i % 6 + 1}a")
    elif kind == 1:
        log.attempt("5a.fwd", "x" * ((i * 7919) % 20000) + f"#{i}", "incorrect", "incorrect", 1.5,
                    "feedback " * (i % 50), "")
    elif kind == 2:
        log.hint("5a.fwd", i % 5 + 1)
    else:
        log.reflection("6c.hours", "é" * (i % 3000))
    print(log.events_written, flush=True)
"""


def run_and_kill(log_dir: Path, rng: random.Random) -> tuple[Path, int]:
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(log_dir)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        first = proc.stdout.readline()
        assert first.startswith("PATH "), first
        path = Path(first[5:].strip())
        deadline = time.monotonic() + rng.uniform(0.05, 0.4)
        acknowledged = 1  # session_start was written before PATH was printed
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            acknowledged = int(line)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        # events acknowledged after our last read are on disk too; drain them
        for line in proc.stdout:
            acknowledged = int(line)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL
    return path, acknowledged


@pytest.mark.skipif(os.name != "posix", reason="needs kill -9")
def test_kill_nine_at_random_points_loses_nothing_acknowledged(tmp_path):
    rng = random.Random(6182)
    for round_ in range(6):
        log_dir = tmp_path / f"round{round_}"
        path, acknowledged = run_and_kill(log_dir, rng)
        assert acknowledged > 1, "the writer never got going"
        session = read_session(path)
        seqs = [e.seq for e in session.events]
        # everything acknowledged is back, in order; at most the event being
        # written when the kill landed is there beyond that
        assert seqs[:acknowledged] == list(range(1, acknowledged + 1))
        assert len(seqs) <= acknowledged + 1
        assert seqs == list(range(1, len(seqs) + 1))
        # A kill can tear only the line being written (Linux ends a write to a file early when
        # a fatal signal arrives, past a page): never one acknowledged; the reader says so
        assert len(session.warnings) <= 1
        assert all("torn last line" in w for w in session.warnings)
        assert session.events[0].type == "session_start"
        data = path.read_bytes()
        if session.warnings:  # keep the whole lines: the torn one was never acknowledged
            data = data[: data.rfind(b"\n") + 1]
            path.write_bytes(data)

        # Power loss can still leave a torn tail: cut the file inside its last
        # line and check the reader keeps everything before it, with a warning.
        last_start = data.rstrip(b"\n").rfind(b"\n") + 1
        cut = rng.randrange(last_start + 1, len(data) - 1)
        path.write_bytes(data[:cut])
        torn = read_session(path)
        assert [e.seq for e in torn.events] == seqs[:-1]
        assert len(torn.warnings) == 1 and "torn last line" in torn.warnings[0]
