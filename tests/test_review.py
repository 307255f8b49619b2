"""hw3-tutor review: one student's timeline and a class summary."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_helpers import run_cli

from tutor.sessions.classsummary import summarize
from tutor.sessions.log import SessionLog
from tutor.sessions.timeline import timeline


@pytest.fixture(autouse=True)
def _judgment_cache(tmp_path, monkeypatch):
    """review judges every answer again and caches the judgments: not in the user's cache."""
    monkeypatch.setenv("HW3_TUTOR_CACHE_DIR", str(tmp_path / "cache"))


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    """``hw3-tutor review ARGV``, in-process through the real command line."""
    return run_cli(["review", *argv], capsys)


def student_session(log_dir: Path, answers: list[tuple[str, str, str, str]], hints=()) -> Path:
    log = SessionLog.start(log_dir, "h")
    log.part_opened("5a")
    for box, raw, verdict, note in answers:
        log.attempt(box, raw, verdict, note, 1.0)
    for box, index in hints:
        log.hint(box, index)
    log.end()
    return log.path


def test_one_session_prints_a_timeline(tmp_path, capsys):
    log = SessionLog.start(tmp_path, "h")
    log.part_opened("5a")
    log.attempt("5a.fwd", "45", "incorrect", "mistake:only-input-stored", 3.0)
    log.hint("5a.fwd", 1)
    log.attempt("5a.fwd", "20", "correct", "correct", 3.0)
    log.solution("5a")
    log.solution("5b", asked=True)
    log.self_assessment("5a", [True, False], "the checkpoints are kept")
    log.solution("5c", asked=False)
    log.part_opened("5b")
    log.attempt("5b.mem", "\x1b[31mred", "invalid", "invalid:syntax", 1.0)
    log.end()
    code, out, err = run([str(tmp_path)], capsys)
    assert code == 0 and all(line.startswith("warning: ") for line in err.splitlines())
    assert f"Session {log.session_id}" in out
    assert '5a.fwd: "45" -> incorrect (mistake:only-input-stored)' in out
    assert "5a.fwd: hint 1 revealed" in out
    assert '5a.fwd: "20" -> correct' in out
    assert "solution of 5a shown after solving" in out  # an older log: inferred (solved first)
    assert "solution of 5b asked for" in out
    # what the student wrote is shown, so a hand-in can be checked for it
    assert 'self-assessment of 5a: 1/2 points met; explanation: "the checkpoints are kept"' in out
    # logged as shown after solving, but 5c was never solved: asked for (log-altered)
    assert "solution of 5c asked for" in out
    assert "solution logged as shown after solving before the part was solved" in err
    assert "\x1b" not in out  # terminal escapes in student input are shown, not obeyed
    assert '"\\x1b[31mred"' in out
    assert "Time per part:" in out
    part_lines = [line.split() for line in out.splitlines() if line.startswith("  5")]
    assert part_lines[0][:4] == ["5a", "0:00", "2", "attempts;"]
    assert "5a.fwd correct" in out.split("Time per part:")[1]
    # unreadable input is no attempt (as in the class view); the box shows as invalid
    assert part_lines[1][:5] == ["5b", "0:00", "0", "attempts;", "1"]
    assert "5b.mem invalid" in out.split("Time per part:")[1]


def test_single_session_json_has_a_timeline_and_the_box_counts(tmp_path, capsys):
    path = student_session(
        tmp_path,
        [("1a.x", "d", "incorrect", "incorrect"), ("1a.x", "1/d", "correct", "correct")],
        hints=[("1a.x", 1)],
    )
    code, out, _ = run([str(path), "--json"], capsys)
    data = json.loads(out)
    assert code == 0
    assert data["sessions"] == 1
    assert data["boxes"]["1a.x"]["attempts"] == 2
    assert data["boxes"]["1a.x"]["correct"] == 1
    assert data["boxes"]["1a.x"]["hints"] == 1
    assert data["boxes"]["1a.x"]["notes"] == {"incorrect": 1, "correct": 1}
    assert [e["event"] for e in data["timeline"]["events"]] == [
        "session_start",
        "part_opened",
        "attempt",
        "attempt",
        "hint",
        "session_end",
    ]


def make_class(root: Path) -> None:
    """Three students in per-student directories; one has two sessions."""
    a = root / "alice"
    b = root / "bob"
    c = root / "carol"
    student_session(a, [("5a.fwd", "20", "correct", "correct")])
    student_session(
        a,
        [("5b.mem", "n^2", "incorrect", "incorrect"), ("5b.mem", "2n", "correct", "correct")],
        hints=[("5b.mem", 1), ("5b.mem", 1)],  # the same hint twice counts once
    )
    student_session(
        b,
        [
            ("5a.fwd", "syntax((", "invalid", "invalid:syntax"),
            ("5a.fwd", "45", "incorrect", "mistake:only-input-stored"),
            ("5a.fwd", "20", "correct", "correct"),
        ],
        hints=[("5a.fwd", 1), ("5a.fwd", 2)],
    )
    student_session(
        c,
        [
            ("5a.fwd", " 44 ", "incorrect", "incorrect"),
            ("5a.fwd", "45", "incorrect", "mistake:only-input-stored"),
            ("5a.fwd", "44.", "incorrect", "incorrect"),
            ("5b.mem", "n ** 2", "incorrect", "incorrect"),
        ],
    )


def test_class_json_counts_attempts_first_tries_hints_and_mistakes(tmp_path, capsys):
    make_class(tmp_path)
    code, out, _ = run([str(tmp_path), "--json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["sessions"] == 4
    assert data["students"] == 3
    fwd = data["boxes"]["5a.fwd"]
    assert fwd["attempts"] == 6  # the unreadable answer is not an attempt
    assert fwd["correct"] == 2
    assert fwd["invalid"] == 1
    assert fwd["learners"] == 3
    # alice right first time; bob's unreadable try does not count against him but
    # his first graded one was wrong; carol never got it
    assert fwd["first_try"] == 1
    assert fwd["first_try_rate"] == pytest.approx(1 / 3)
    assert fwd["solved"] == 2
    assert fwd["hints"] == 2 and fwd["hint_learners"] == 1
    assert fwd["notes"] == {
        "mistake:only-input-stored": 2,
        "incorrect": 2,
        "correct": 2,
        "invalid:syntax": 1,
    }
    assert fwd["mistakes"] == {"mistake:only-input-stored": 2}
    assert fwd["unmatched"] == {"44": 2}  # " 44 " and "44." are the same answer
    mem = data["boxes"]["5b.mem"]
    assert mem["hints"] == 1
    assert mem["unmatched"] == {"n^2": 2}  # "n ** 2" normalizes to "n^2"
    assert mem["first_try"] == 0 and mem["solved"] == 1


def test_class_text_lists_rates_mistakes_and_unmatched_answers(tmp_path, capsys):
    make_class(tmp_path)
    code, out, _ = run([str(tmp_path)], capsys)
    assert code == 0
    assert out.startswith("4 sessions, 3 students;")
    row = next(line for line in out.splitlines() if line.startswith("5a.fwd"))
    # first try, solved, attempts (unreadable input is none), attempts per learner, hints
    assert row.split() == ["5a.fwd", "33%", "1/3", "2/3", "6", "2.0", "2"]
    assert "known mistakes: only-input-stored ×2" in out
    assert 'unmatched wrong answers: "44" ×2 (2 spellings)' in out
    assert 'unmatched wrong answers: "n^2" ×2 (2 spellings)' in out
    # hardest first: 5b.mem (nobody right first time) before 5a.fwd
    rows = [line.split()[0] for line in out.splitlines() if line.startswith("5") and "." in line]
    assert rows == ["5b.mem", "5a.fwd"]
    code, out, _ = run([str(tmp_path), "--sort", "box"], capsys)
    rows = [line.split()[0] for line in out.splitlines() if line.startswith("5") and "." in line]
    assert rows == ["5a.fwd", "5b.mem"]


def test_a_flat_directory_is_one_students_log_directory(tmp_path, capsys):
    # a student's own log directory: their first try was wrong, whatever came later
    student_session(tmp_path, [("1a.x", "1", "incorrect", "incorrect")])
    student_session(tmp_path, [("1a.x", "d", "correct", "correct")])
    code, out, _ = run([str(tmp_path), "--json"], capsys)
    data = json.loads(out)
    assert data["students"] is None and data["learners"] == 1
    assert data["boxes"]["1a.x"]["learners"] == 1
    assert data["boxes"]["1a.x"]["first_try"] == 0 and data["boxes"]["1a.x"]["solved"] == 1


def test_files_given_by_name_are_each_their_own_learner(tmp_path, capsys):
    a = student_session(tmp_path, [("1a.x", "1", "incorrect", "incorrect")])
    b = student_session(tmp_path, [("1a.x", "d", "correct", "correct")])
    code, out, _ = run([str(a), str(b), "--json"], capsys)
    data = json.loads(out)
    assert data["learners"] == 2 and data["boxes"]["1a.x"]["first_try"] == 1


def test_unmatched_answers_are_grouped_by_the_checkers_reading(tmp_path, capsys):
    log = SessionLog.start(tmp_path / "a", "h")
    for raw in ("1/d1", "1 / d1", "1/d₁", "d1^-1"):
        log.attempt("1a.c", raw, "incorrect", "incorrect", 1.0, interpreted="1/d₁")
    log.attempt("1a.c", "d1", "incorrect", "incorrect", 1.0, interpreted="d₁")
    log.attempt("1a.c", "1/d1", "incorrect", "incorrect", 1.0, interpreted="1/d₁")
    log.end()
    code, out, _ = run([str(tmp_path), "--json"], capsys)
    box = json.loads(out)["boxes"]["1a.c"]
    assert box["unmatched"] == {"1/d1": 5, "d1": 1}  # shown as most often typed
    assert box["unmatched_spellings"]["1/d1"] == ["1/d1", "1 / d1", "1/d₁", "d1^-1"]
    code, out, _ = run([str(tmp_path), "--class"], capsys)
    assert 'unmatched wrong answers: "1/d1" ×5 (4 spellings), "d1" ×1' in out


def test_the_class_report_fits_80_columns(tmp_path, capsys):
    log = SessionLog.start(tmp_path / "a", "h")
    long_notes = [f"mistake:a-rather-long-mistake-name-{k}" for k in range(6)]
    for note in long_notes:
        log.attempt("3c.rms_desideratum_long_box", "x", "incorrect", note, 1.0)
    for k in range(6):
        log.attempt(
            "3c.rms_desideratum_long_box",
            f"f(x)*(x-mu)^{k}/(2*sigma^2)",
            "incorrect",
            "incorrect",
            1.0,
        )
    log.end()
    code, out, _ = run([str(tmp_path), "--class"], capsys)
    assert code == 0
    assert max(len(line) for line in out.splitlines()) <= 80
    # items are never split across lines
    assert all(f"a-rather-long-mistake-name-{k} ×1" in out for k in range(5))


def test_a_student_typed_backslash_is_shown_once(tmp_path, capsys):
    log = SessionLog.start(tmp_path, "h")
    log.attempt("1a.c", "\\frac{1}{\\sqrt{d_1}}", "correct", "correct", 1.0)
    log.end()
    code, out, _ = run([str(tmp_path)], capsys)
    assert '"\\frac{1}{\\sqrt{d_1}}" -> correct' in out


def test_corrupt_lines_are_reported_on_stderr_and_the_rest_is_used(tmp_path, capsys):
    path = student_session(tmp_path, [("1a.x", "d", "correct", "correct")])
    with path.open("ab") as f:
        f.write(b'{"seq": 99, "event": "att')
    code, out, err = run([str(path)], capsys)
    assert code == 0
    assert "warning:" in err and "torn last line" in err
    assert '1a.x: "d" -> correct' in out


def test_unreadable_paths_are_a_clear_error(tmp_path, capsys):
    code, out, err = run([str(tmp_path / "missing")], capsys)
    assert code == 2 and out == ""
    assert err.strip() == f"hw3-tutor review: no such file or directory: {tmp_path / 'missing'}"
    garbage = tmp_path / "notes.txt"
    garbage.write_text("just some notes\n")
    code, _, err = run([str(garbage)], capsys)
    assert code == 2
    assert "is not a session log" in err


def test_an_empty_directory_says_no_sessions_found(tmp_path, capsys):
    code, out, err = run([str(tmp_path)], capsys)
    assert code == 1
    assert "no sessions found" in err
    code, out, err = run(["--log-dir", str(tmp_path / "nowhere")], capsys)
    assert code == 1
    assert "no sessions found" in err and "does not exist" in err


def test_default_is_the_log_directory(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("HW3_TUTOR_LOG_DIR", str(tmp_path))
    student_session(tmp_path, [("2a.lr", "1/n", "correct", "correct")])
    code, out, _ = run(["--json"], capsys)
    assert code == 0 and json.loads(out)["boxes"]["2a.lr"]["correct"] == 1


def test_idle_gaps_are_left_out_of_time_per_part(tmp_path, capsys):
    lines = [
        {"seq": 1, "t": "2025-02-01T10:00:00.000000Z", "s": 0.0, "event": "session_start"},
        {
            "seq": 2,
            "t": "2025-02-01T10:00:00.000000Z",
            "s": 0.0,
            "event": "part_opened",
            "part": "3b",
        },
        {
            "seq": 3,
            "t": "2025-02-01T10:04:00.000000Z",
            "s": 240.0,
            "event": "attempt",
            "box": "3b.v",
            "raw": "1",
            "verdict": "incorrect",
            "note": "incorrect",
            "ms": 1.0,
        },
        {
            "seq": 4,
            "t": "2025-02-01T11:04:00.000000Z",
            "s": 3840.0,
            "event": "attempt",
            "box": "3b.v",
            "raw": "2",
            "verdict": "correct",
            "note": "correct",
            "ms": 1.0,
        },
        {
            "seq": 5,
            "t": "2025-02-01T11:05:00.000000Z",
            "s": 3900.0,
            "event": "part_opened",
            "part": "4a",
        },
    ]
    path = tmp_path / "20250201T100000.000Z-cccccccc.jsonl"
    path.write_text("".join(json.dumps(x) + "\n" for x in lines))
    code, out, _ = run([str(path), "--json"], capsys)
    tl = json.loads(out)["timeline"]
    assert tl["seconds"] == 300.0  # the hour away is idle
    assert tl["parts"]["3b"]["seconds"] == 300.0
    assert tl["ended"] is False
    code, out, _ = run([str(path), "--json", "--idle", "90"], capsys)
    assert json.loads(out)["timeline"]["seconds"] == 3900.0


def test_through_the_command_line_log_dir_works_before_or_after_the_subcommand(tmp_path, capsys):
    from tutor.cli.entry import main

    student_session(tmp_path, [("2a.lr", "1/n", "correct", "correct")])
    for argv in (
        ["--log-dir", str(tmp_path), "review", "--json"],
        ["review", "--log-dir", str(tmp_path), "--json"],
    ):
        assert main(argv) == 0
        assert json.loads(capsys.readouterr().out)["sessions"] == 1
    assert main(["review", str(tmp_path / "missing")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("hw3-tutor review: no such file or directory")
    assert "Traceback" not in err


def test_class_time_per_part_agrees_with_the_timelines(tmp_path):
    import random

    from tutor.sessions.logreader import read_session

    rng = random.Random(7)
    paths = []
    for k in range(5):
        lines, t = [], 0.0
        kinds = [
            "part_opened",
            "attempt",
            "hint",
            "solution",
            "self_assessment",
            "reflection",
            "plot_viewed",
        ]
        for seq in range(1, 60):
            t += rng.choice([5.0, 30.0, 200.0, 900.0])
            kind = "session_start" if seq == 1 else rng.choice(kinds)
            part = rng.choice(["1a", "2b", "5a"])
            record = {
                "seq": seq,
                "t": "2025-02-01T10:00:00Z",
                "s": t,
                "event": kind,
                "part": part,
                "box": f"{part}.x",
                "index": 1,
                "prompt": f"{part}.p",
                "verdict": "incorrect",
                "note": "incorrect",
                "raw": "1",
            }
            lines.append(json.dumps(record))
        path = tmp_path / f"2025020{k}T100000.000Z-0000000{k}.jsonl"
        path.write_text("\n".join(lines) + "\n")
        paths.append(path)
    sessions = [read_session(p) for p in paths]
    summary = summarize(sessions)
    from_timelines: dict[str, float] = {}
    for s in sessions:
        for p in timeline(s).parts:
            from_timelines[p.part] = from_timelines.get(p.part, 0.0) + p.seconds
    assert {p: round(x.seconds, 6) for p, x in summary.parts.items()} == {
        p: round(x, 6) for p, x in from_timelines.items()
    }
    assert summary.seconds == pytest.approx(sum(timeline(s).active_seconds for s in sessions))


def test_a_session_named_twice_counts_once(tmp_path, capsys):
    path = student_session(tmp_path, [("1a.x", "1", "incorrect", "incorrect")])
    student_session(tmp_path, [("1a.x", "d", "correct", "correct")])
    code, out, _ = run([str(path), str(tmp_path), str(path), "--json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["sessions"] == 2 and data["boxes"]["1a.x"]["attempts"] == 2
