"""Resume: progress rebuilt from the logs, --fresh, and hours with idle gaps excluded."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tutor.sessions.log import SessionLog
from tutor.sessions.progress import load_progress


def test_resume_restores_boxes_hints_and_where_the_student_was(tmp_path):
    first = SessionLog.start(tmp_path, "h")
    first.part_opened("1a")
    first.attempt("1a.x", "d", "incorrect", "incorrect", 2.0)
    first.attempt("1a.x", "1/d", "correct", "correct", 2.0)
    first.hint("1a.y", 2)
    first.hint("1a.y", 1)
    first.part_opened("2a")
    first.attempt("2a.lr", "0.1", "partial", "decimal", 2.0)
    first.self_assessment("1a", [True, False], "first try at explaining")
    first.reflection("6c.hours", "3")
    first.end()

    second = SessionLog.start(tmp_path, "h")
    second.part_opened("1a")
    second.attempt("1a.x", "d^2", "incorrect", "mistake:squared", 2.0)  # worse than before
    second.solution("1a")
    second.self_assessment("1a", [True, True], "better now")
    second.reflection("6c.hours", "about 5")
    second.part_opened("5b")
    second.plot_viewed("remat-schedule")
    # no end(): the tutor was killed; progress must still count this session

    p = load_progress(tmp_path)
    assert p.sessions == 2 and p.sessions_total == 2
    x = p.box("1a.x")
    assert (x.best, x.latest, x.latest_raw, x.attempts) == ("correct", "incorrect", "d^2", 3)
    assert x.verdict == "correct" and x.solved
    y = p.box("1a.y")
    assert (y.attempts, y.hints, y.best) == (0, 2, "")
    assert p.box("2a.lr").best == "partial"
    assert p.box("9z.none") is None
    assert p.last_part == "5b"
    assert p.parts_seen == ("1a", "2a", "5b")
    assert p.solutions_seen == {"1a"}
    assert p.self_assessments["1a"].points == (True, True)
    assert p.self_assessments["1a"].text == "better now"
    assert p.reflections == {"6c.hours": "about 5"}
    assert p.plots_viewed == {"remat-schedule"}
    assert not p.empty


def test_fresh_start_restores_nothing_but_keeps_the_old_logs(tmp_path):
    old = SessionLog.start(tmp_path, "h")
    old.part_opened("3b")
    old.attempt("3b.v", "x", "correct", "correct", 1.0)
    old.end()
    assert load_progress(tmp_path, fresh=True).empty  # what the tutor shows on --fresh

    fresh = SessionLog.start(tmp_path, "h", fresh=True)
    fresh.part_opened("4a")
    fresh.attempt("4a.g", "y", "incorrect", "incorrect", 1.0)
    fresh.end()
    later = SessionLog.start(tmp_path, "h")
    later.hint("4a.g", 1)
    later.end()

    p = load_progress(tmp_path)
    assert set(p.boxes) == {"4a.g"}
    assert p.box("4a.g").hints == 1 and p.box("4a.g").attempts == 1
    assert p.last_part == "4a"
    assert p.fresh_from == fresh.session_id
    assert p.sessions == 2 and p.sessions_total == 3
    assert old.path.exists()  # nothing deleted


def write_session(path: Path, gaps: list[float], with_elapsed: bool = True) -> None:
    """A session whose events are ``gaps`` seconds apart."""
    lines = []
    t = 0.0
    for seq, gap in enumerate([0.0, *gaps], 1):
        t += gap
        minutes, seconds = divmod(t, 60)
        hours, minutes = divmod(int(minutes), 60)
        record = {
            "seq": seq,
            "t": f"2025-02-01T{10 + hours:02d}:{minutes:02d}:{seconds:09.6f}Z",
            "event": "session_start" if seq == 1 else "hint",
            "box": "1a.x",
            "index": 1,
        }
        if with_elapsed:
            record["s"] = t
        lines.append(json.dumps(record))
    path.write_text("\n".join(lines) + "\n")


@pytest.mark.parametrize("with_elapsed", [True, False])
def test_hours_sum_active_gaps_and_leave_out_idle_ones(tmp_path, with_elapsed):
    # 5 min + 9 min + (25 min idle) + 1 min  = 15 active minutes
    write_session(
        tmp_path / "20250201T100000.000Z-aaaaaaaa.jsonl", [300, 540, 1500, 60], with_elapsed
    )
    # exactly 10 minutes still counts; 10 min + 1 s does not
    write_session(tmp_path / "20250201T120000.000Z-bbbbbbbb.jsonl", [600, 601], with_elapsed)
    p = load_progress(tmp_path)
    assert p.seconds == pytest.approx(15 * 60 + 600)
    assert p.hours == pytest.approx(25 / 60)


def test_hours_count_sessions_before_a_fresh_start(tmp_path):
    write_session(tmp_path / "20250201T100000.000Z-aaaaaaaa.jsonl", [600])
    fresh = SessionLog.start(tmp_path, "h", fresh=True)
    fresh.end()
    p = load_progress(tmp_path)
    assert p.hours == pytest.approx(600 / 3600, abs=1e-3)
    assert p.seconds_since_fresh < 1.0


def test_missing_directory_and_broken_files_give_empty_progress_with_warnings(tmp_path):
    assert load_progress(tmp_path / "never-created").empty
    (tmp_path / "20250201T100000.000Z-aaaaaaaa.jsonl").write_bytes(b"\xff\xfe garbage")
    (tmp_path / "20250201T110000.000Z-bbbbbbbb.jsonl").mkdir()  # not a file: ignored
    good = SessionLog.start(tmp_path, "h")
    good.attempt("1a.x", "1", "correct", "correct", 1.0)
    good.end()
    p = load_progress(tmp_path)
    assert p.box("1a.x").best == "correct"
    assert len(p.warnings) >= 1 and "aaaaaaaa" in p.warnings[0]


def test_unreadable_answers_cost_no_attempt_and_the_latest_feedback_is_kept(tmp_path):
    log = SessionLog.start(tmp_path, "h")
    log.attempt("1a.x", "d1 +", "invalid", "invalid:syntax", 1.0, feedback="ends too early")
    log.attempt("1a.x", "d1 d2", "incorrect", "mistake:forgot-d2", 1.0, "That is E‖y‖².", "d₁·d₂")
    log.attempt("1a.x", "((", "invalid", "invalid:syntax", 1.0)
    log.end()

    box = load_progress(tmp_path).box("1a.x")
    assert (box.attempts, box.invalid) == (1, 2)
    assert box.latest_feedback == "That is E‖y‖²."
    assert (box.latest_interpreted, box.latest_note) == ("d₁·d₂", "mistake:forgot-d2")
