"""Hours are not taken on the log's word: ``s`` (seconds since start) edited to spread events
over days while the wall clock ``t`` stands still counts only where both clocks moved, with a
warning; an event dated in the future adds no activity and is said (trial 6, 1.6)."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

from class_helpers import session
from cli_helpers import run_cli

from tutor.sessions.activetime import Timing
from tutor.sessions.logreader import Event


def rewrite(path: Path, edit) -> None:
    lines = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]
    for i, rec in enumerate(lines):
        edit(i, rec)
    path.write_text("".join(json.dumps(r) + "\n" for r in lines), encoding="utf-8")


def row(out: str) -> dict:
    return next(csv.DictReader(io.StringIO(out)))


def test_s_inflated_while_t_stands_still_counts_no_hours_and_warns(tmp_path, capsys):
    log = session(tmp_path / "mo", [("hint", "5a.fwd", 1)] * 40, student="mo")
    t0 = json.loads(log.read_text(encoding="utf-8").splitlines()[0])["t"]

    def inflate(i, rec):
        rec["t"] = t0
        rec["s"] = 590.0 * i  # 9.8 minutes apart: each gap "active"

    rewrite(log, inflate)
    code, out, err = run_cli(["gradebook", str(log), "-o", "-"], capsys)
    assert code == 0, err
    assert float(row(out)["active_hours"]) == 0.0
    assert "mo: session" in err and "its seconds since start (s) span" in err
    assert "while its wall clock (t) spans 0 s" in err
    code, out, err = run_cli(["review", str(log)], capsys)
    assert code == 0 and "its seconds since start (s) span" in err


def test_an_honest_log_keeps_its_hours_and_says_nothing(tmp_path, capsys):
    log = session(tmp_path / "ok", [("hint", "5a.fwd", 1)] * 40, student="ok")
    code, out, err = run_cli(["gradebook", str(log), "-o", "-"], capsys)
    assert code == 0, err
    assert float(row(out)["active_hours"]) > 0.3  # 41 gaps of 30 s
    assert "wall clock" not in err and "future" not in err


def test_an_event_dated_in_the_future_adds_no_activity_and_is_said(tmp_path, capsys):
    log = session(
        tmp_path / "fu", [("hint", "5a.fwd", 1), ("attempt", "5a.fwd", "20")], student="fu"
    )
    future = (datetime.now(timezone.utc) + timedelta(days=400)).strftime(
        "%Y-%m-%dT%H:%M:%S.000000Z"
    )

    def late(i, rec):
        if rec["event"] == "attempt":
            rec["t"] = future
            rec["s"] = rec["s"] + 500.0

    rewrite(log, late)
    code, out, err = run_cli(["gradebook", str(log), "-o", "-"], capsys)
    assert code == 0, err
    got = row(out)
    assert float(got["active_hours"]) < 0.05  # the 530 s gap into the future event: not counted
    assert got["last_activity"] < future[:10]
    assert "1 event dated in the future" in err and "not counted as activity" in err


def test_a_clock_set_forward_mid_session_keeps_the_monotonic_hours():
    # the wall clock jumps an hour ahead (a time-zone fix): s runs on, nothing is lost or said
    base = datetime(2025, 2, 3, 10, tzinfo=timezone.utc)
    timing = Timing()
    for k in range(10):
        when = base + timedelta(seconds=60 * k + (3600 if k >= 5 else 0))
        stamp = when.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        timing.step(Event(k + 1, stamp, 60.0 * k, "hint", {}))
    assert timing.active == 9 * 60.0 and timing.clock_note() is None
