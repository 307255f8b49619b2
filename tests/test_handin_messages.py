"""What hand-ins and class reports say about them (trial 6, section 3): a refused header is
not blamed on the clock, unreadable files are never "sessions in common" by name alone,
``handin`` counts the logs' bytes and says when a header's student id was dropped."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from class_helpers import START, session
from cli_helpers import run_cli


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("HW3_TUTOR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("HW3_TUTOR_CONFIG_DIR", str(tmp_path / "config"))


def bad_student_id(log: Path) -> None:
    lines = log.read_text(encoding="utf-8").splitlines()
    head = json.loads(lines[0])
    head["student"] = "carol\x1b[31m"
    log.write_text("\n".join([json.dumps(head), *lines[1:]]) + "\n", encoding="utf-8")


def carol(tmp_path: Path) -> Path:
    logs = tmp_path / "carol"
    session(logs, [("attempt", "5a.fwd", "20")], student="carol")
    second = session(
        logs, [("attempt", "5c.loaddisk", "50")], student="carol", start=START + timedelta(hours=3)
    )
    bad_student_id(second)
    return logs


@pytest.mark.parametrize("command", ["gradebook", "review"])
def test_a_refused_header_is_said_and_not_blamed_on_the_clock(tmp_path, capsys, command):
    logs = carol(tmp_path)
    argv = [command, str(logs)] + (["-o", "-"] if command == "gradebook" else [])
    code, _, err = run_cli(argv, capsys)
    assert code == 0, err
    assert "clock was changed" not in err
    assert "its session_start header was refused or is missing" in err


def test_unreadable_files_of_one_name_are_no_sessions_in_common(tmp_path, capsys):
    import os
    import zipfile

    from tutor.sessions.handin import write_handin

    up = tmp_path / "up"
    logs = tmp_path / "logs" / "mallory"
    session(logs, [("attempt", "5a.fwd", "20")], student="mallory")
    zipped = up / "hw3-handin-mallory.zip"
    write_handin(logs, "mallory", zipped, None)
    with zipfile.ZipFile(zipped, "a") as z:  # random bytes, added after the hand-in was made
        z.writestr("sessions/junk.jsonl", os.urandom(5000))
    (up / "junk.jsonl").write_bytes(os.urandom(20000))
    for command in (["gradebook", str(up), "-o", "-"], ["review", str(up)]):
        code, _, err = run_cli(command, capsys)
        assert "in common" not in err and "possible copying" not in err, err


def test_handin_counts_the_logs_bytes_and_says_when_a_header_was_refused(tmp_path, capsys):
    import zipfile

    logs = carol(tmp_path)
    out = tmp_path / "hw3-handin-carol.zip"
    argv = ["handin", "--student", "carol", "--log-dir", str(logs), "-o", str(out)]
    code, stdout, err = run_cli(argv, capsys)
    assert code == 0, err
    with zipfile.ZipFile(out) as z:
        manifest = json.loads(z.read("manifest.json"))
    logged = sum(m["bytes"] for m in manifest["sessions"])
    assert logged == sum(p.stat().st_size for p in logs.glob("*.jsonl"))
    assert f"{logged:,} bytes of logs" in stdout
    assert f"{out.stat().st_size:,} bytes zipped" in stdout
    assert "its session_start header was refused" in err and "not a student id" in err
    assert "counts for carol, the hand-in's student" in err
    assert "\x1b" not in err and "\x1b" not in stdout


def test_review_says_how_many_students_had_nothing_readable(tmp_path, capsys):
    from tutor.sessions.handin import write_handin

    up = tmp_path / "up"
    for who in ("alice", "bob", "s0003"):
        logs = tmp_path / "logs" / who
        session(logs, [("attempt", "5a.fwd", "20")], student=who)
        write_handin(logs, who, up / f"hw3-handin-{who}.zip", None)
    cut = up / "hw3-handin-s0003.zip"
    whole = cut.read_bytes()
    cut.write_bytes(whole[: len(whole) // 2])
    code, out, err = run_cli(["review", str(up)], capsys)
    assert code == 0, err
    assert out.splitlines()[0].startswith("2 sessions, 3 students, 1 with nothing readable;")
    code, out, err = run_cli(["review", "--json", str(up)], capsys)
    got = json.loads(out)
    assert got["students"] == 3 and got["students_with_nothing_readable"] == 1
    assert got["learners"] == 2


@pytest.mark.parametrize(
    "argv",
    [
        ["handin", "--student", "-2+3"],
        ["handin", "--student=-2+3"],
        ["--student", "-2+3", "handin"],
    ],
)
def test_a_student_id_starting_with_a_dash_gets_the_reason_not_a_usage_error(
    tmp_path, capsys, argv
):
    session(tmp_path / "logs", [("attempt", "5a.fwd", "20")])
    out = tmp_path / "out.zip"
    code, _, err = run_cli([*argv, "--log-dir", str(tmp_path / "logs"), "-o", str(out)], capsys)
    assert code == 2
    assert "the student id must start with a letter or a digit" in err
    assert "usage:" not in err and "expected one argument" not in err
    assert not out.exists()


def test_ids_that_differ_only_in_case_are_two_rows_and_a_warning_names_both(tmp_path, capsys):
    for student in ("Alice", "alice", "bob"):
        session(tmp_path / "class" / student, [("attempt", "5a.fwd", "20")], student=student)
    code, out, err = run_cli(["gradebook", str(tmp_path / "class"), "--format", "json"], capsys)
    assert code == 0, err
    book = json.loads(out)
    assert [r["student_id"] for r in book["students"]] == ["Alice", "alice", "bob"]
    said = [w for w in book["warnings"] if "may be the same student" in w]
    assert said == [
        "Alice and alice: student ids that differ only in case, counted apart (ids are matched "
        "exactly); they may be the same student"
    ]
    assert f"warning: {said[0]}" in err.splitlines()
