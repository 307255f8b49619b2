"""Whoever handed in has a row, and is said: a hand-in holding only another student's
sessions, a student with no session in the --since/--until window; a start time that does not
read, or lies in the future, is said too."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import datetime, timezone
from pathlib import Path

from class_helpers import session
from cli_helpers import run_cli


def handin(path: Path, logs: list[Path], student: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(
            "manifest.json",
            json.dumps({"format": "hw3-tutor-handin", "format_version": 1, "student": student}),
        )
        for log in logs:
            zf.writestr(f"sessions/{log.name}", log.read_bytes())
    return path


def rows(out: str) -> dict[str, dict[str, str]]:
    return {r["student_id"]: r for r in csv.DictReader(io.StringIO(out))}


def test_a_handin_of_only_another_students_sessions_is_a_row_with_nothing_done(tmp_path, capsys):
    log = session(tmp_path / "carol", [("attempt", "5a.fwd", "20")], student="carol")
    path = handin(tmp_path / "up" / "hw3-handin-liar.zip", [log], "liar")
    code, out, err = run_cli(["gradebook", str(tmp_path / "up"), "-o", "-"], capsys)
    assert code == 0, err
    got = rows(out)
    # carol's session, found only in liar's upload, counts for nobody (F4, trial s8)
    assert set(got) == {"liar"}
    assert got["liar"]["sessions"] == "0" and got["liar"]["attempts"] == "0"
    assert f"liar: handed in {path}: its 1 session was logged by student carol" in err
    assert "count for nobody" in err and "not counted for anyone" in err
    assert "possible copying" in err and "counted with nothing done" in err
    assert "1 student" in err


def test_a_session_naming_another_student_does_not_change_their_row(tmp_path, capsys):
    """Trial s8, F4: s9003's upload holds a made-up session under s0000's id; s0000's own
    figures stay what their own hand-in gives. The same session also in s0000's hand-in
    counts (once)."""
    own = session(tmp_path / "own", [("attempt", "5a.fwd", "20")], student="s0000")
    fake = session(
        tmp_path / "fake",
        [("hint", "5a.fwd", 1), ("solution", "5a")],
        student="s0000",
        start=datetime(2025, 1, 1, tzinfo=timezone.utc),
    )
    handin(tmp_path / "up" / "hw3-handin-s0000.zip", [own], "s0000")
    handin(tmp_path / "up" / "hw3-handin-s9003.zip", [fake], "s9003")
    alone = run_cli(["gradebook", str(tmp_path / "up" / "hw3-handin-s0000.zip")], capsys)[1]
    code, out, err = run_cli(["gradebook", str(tmp_path / "up")], capsys)
    assert code == 0, err
    got = rows(out)
    assert got["s0000"] == rows(alone)["s0000"]
    assert "hw3-handin-s9003.zip: 1 session logged by student s0000, found only with s9003's" in err
    assert "not counted for anyone" in err
    # also handed in by s0000: counted for s0000, once
    handin(tmp_path / "up" / "hw3-handin-s0000.zip", [own, fake], "s0000")
    code, out, err = run_cli(["gradebook", str(tmp_path / "up")], capsys)
    assert rows(out)["s0000"]["sessions"] == "2", err


def test_a_student_with_no_session_in_the_window_keeps_a_row_and_is_told(tmp_path, capsys):
    early = session(tmp_path / "a", [("attempt", "5a.fwd", "20")], student="alice")
    late = session(
        tmp_path / "c",
        [("attempt", "5a.fwd", "20")],
        student="carol",
        start=datetime(2025, 3, 5, 10, tzinfo=timezone.utc),
    )
    handin(tmp_path / "up" / "hw3-handin-alice.zip", [early], "alice")
    handin(tmp_path / "up" / "hw3-handin-carol.zip", [late], "carol")
    argv = ["gradebook", str(tmp_path / "up"), "--since", "2025-03-01", "-o", "-"]
    code, out, err = run_cli(argv, capsys)
    assert code == 0, err
    got = rows(out)
    assert set(got) == {"alice", "carol"}
    assert got["alice"]["sessions"] == "0"
    assert "alice: handed in, but none of their sessions started from 2025-03-01" in err


def test_a_window_that_holds_no_handed_in_session_is_an_error_not_a_gradebook_of_zeros(
    tmp_path, capsys
):
    early = session(tmp_path / "a", [("attempt", "5a.fwd", "20")], student="alice")
    handin(tmp_path / "up" / "hw3-handin-alice.zip", [early], "alice")
    out = tmp_path / "w5.csv"
    argv = ["gradebook", str(tmp_path / "up"), "--since", "2026-02-05", "-o", str(out)]
    code, _, err = run_cli(argv, capsys)
    assert code == 1, err
    assert "no sessions found in" in err and "from 2026-02-05" in err
    assert "1 session started outside it" in err
    assert not out.exists()
    code, _, err = run_cli(["review", str(tmp_path / "up"), "--since", "2026-02-05"], capsys)
    assert code == 1 and "no sessions found in" in err  # as review says


def test_a_start_time_that_does_not_read_is_said_when_a_window_leaves_it_out(tmp_path, capsys):
    log = session(tmp_path / "logs", [("attempt", "5a.fwd", "20")], student="alice")
    text = log.read_text(encoding="utf-8")
    first, rest = text.split("\n", 1)
    start = json.loads(first)
    start["t"] = "2026-02-30T10:00:00Z"  # no such day
    log.write_text(json.dumps(start) + "\n" + rest, encoding="utf-8")
    other = session(tmp_path / "logs2", [("attempt", "5a.fwd", "20")], student="bob")
    argv = ["gradebook", str(log), str(other), "--since", "2025-01-01", "-o", "-"]
    code, out, err = run_cli(argv, capsys)
    assert code == 0, err
    assert "without a start time that reads as a date" in err and str(log) in err


def test_a_future_start_is_said_and_sets_no_last_activity(tmp_path, capsys):
    log = session(
        tmp_path / "logs",
        [("attempt", "5a.fwd", "20")],
        student="alice",
        start=datetime(2099, 1, 1, tzinfo=timezone.utc),
    )
    code, out, err = run_cli(["gradebook", str(log), "-o", "-"], capsys)
    assert code == 0, err
    assert "1 session starts in the future" in err and "2099-01-01" in err
    assert rows(out)["alice"]["last_activity"] == ""
