"""The student id: its rule, student.toml, --student, and the session log header."""

from __future__ import annotations

import json

import pytest
from cli_helpers import run_cli

from tutor.sessions.identity import (
    StudentIdError,
    load_student_config,
    resolve_identity,
    save_student_config,
    student_id_problem,
)
from tutor.sessions.log import SessionLog, encode_event
from tutor.sessions.logreader import read_session


@pytest.mark.parametrize(
    "text", ["alice", "3034123456", "a.b-c_d@berkeley.edu", "x+y", "A" * 64, "7"]
)
def test_ids_students_use_are_valid(text):
    assert student_id_problem(text) is None


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "is empty"),
        ("ann lee", "a space at position 4 is not allowed"),
        ("A" * 65, "65 characters long; at most 64"),
        ("-alice", "must start with a letter or a digit"),
        ("=HYPERLINK(1)", "'=' at position 1 is not allowed"),
        ("zoë", "'ë' at position 3"),
        ("a\x1bb", "U+001B at position 2"),
        ("a,b", "',' at position 2"),
        (42, "must be text"),
    ],
)
def test_a_bad_id_says_what_is_wrong(text, says):
    problem = student_id_problem(text)
    assert problem is not None and says in problem


def test_student_toml_keeps_the_id_or_that_the_question_was_skipped(tmp_path):
    assert resolve_identity(None, tmp_path).ask  # never asked: ask once
    save_student_config("alice", tmp_path)
    assert (tmp_path / "student.toml").read_text().splitlines()[-1] == 'id = "alice"'
    config = load_student_config(tmp_path)
    assert (config.id, config.skipped, config.problem) == ("alice", False, None)
    who = resolve_identity(None, tmp_path)
    assert (who.id, who.source, who.ask) == ("alice", "config", False)
    save_student_config(None, tmp_path)  # skipped: not asked again
    who = resolve_identity(None, tmp_path)
    assert (who.id, who.ask) == (None, False)
    assert load_student_config(tmp_path).skipped


def test_the_option_wins_and_is_checked(tmp_path):
    save_student_config("alice", tmp_path)
    assert resolve_identity(" bob ", tmp_path).id == "bob"
    with pytest.raises(StudentIdError, match="--student: .*a space"):
        resolve_identity("b o b", tmp_path)
    with pytest.raises(StudentIdError):
        save_student_config("not an id", tmp_path)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("id = alice", "not valid TOML"),
        ('id = "a b"', "a space"),
        ("id = 7", "id must be a string"),
        ('name = "alice"', "unknown key name"),
        ("skipped = 1", "skipped must be true or false"),
    ],
)
def test_a_broken_student_toml_is_reported_not_asked_again(tmp_path, text, says):
    (tmp_path / "student.toml").write_text(text)
    who = resolve_identity(None, tmp_path)
    assert who.id is None and not who.ask and says in (who.problem or "")


def test_the_id_is_in_the_session_header_and_older_logs_still_read(tmp_path):
    log = SessionLog.start(tmp_path / "a", "h", student="alice")
    log.end()
    session = read_session(log.path)
    assert session.events[0].data["student"] == "alice" and session.student == "alice"
    bad = SessionLog.start(tmp_path / "b", "h", student="not valid")  # never raises
    bad.end()
    assert "student" not in read_session(bad.path).events[0].data
    old = tmp_path / "old.jsonl"  # a log from before the field: readable, no id
    old.write_bytes(encode_event(1, "2025-01-01T00:00:00Z", 0.0, "session_start", {"schema": 1}))
    assert read_session(old).student is None
    forged = tmp_path / "forged.jsonl"  # a header with a field that is not an id
    forged.write_bytes(
        encode_event(1, "2025-01-01T00:00:00Z", 0.0, "session_start", {"student": ["x"]})
    )
    assert read_session(forged).student is None


def test_a_bad_student_option_stops_the_tutor_with_a_message(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("HW3_TUTOR_CONFIG_DIR", str(tmp_path))
    code, out, err = run_cli(["--student", "ann lee", "--log-dir", str(tmp_path)], capsys)
    assert code == 2
    assert "hw3-tutor: --student: the student id may use only" in err
    assert "Traceback" not in err and not list(tmp_path.glob("*.jsonl"))


def test_the_solution_event_says_whether_it_was_asked_for(tmp_path):
    log = SessionLog.start(tmp_path, "h")
    log.solution("1a", asked=True)
    log.solution("1b", asked=False)
    log.solution("1c")
    log.end()
    lines = [json.loads(x) for x in log.path.read_text().splitlines()]
    fields = [(e.get("part"), e.get("asked", "absent")) for e in lines if e["event"] == "solution"]
    assert fields == [("1a", True), ("1b", False), ("1c", "absent")]


def test_the_refusal_names_the_characters_the_rule_accepts():
    # it said "letters A-Z" while lowercase ids were accepted all along
    from tutor.sessions.identity import student_id_problem

    assert student_id_problem("alice.b-2") is None
    problem = student_id_problem("alice b")
    assert problem is not None and "a-z" in problem and "A-Z" in problem
