"""``--until`` keeps the sessions that started before it whole (documented): answers those
sessions logged after it are counted, and the instructor is told so, once, in the text output
and in the JSON's warnings, by ``gradebook`` and ``review`` alike."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from class_helpers import START, session
from cli_helpers import run_cli


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("HW3_TUTOR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("HW3_TUTOR_CONFIG_DIR", str(tmp_path / "config"))


def stamp(seconds: float) -> str:
    return (START + timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.fixture
def logs(tmp_path):
    """alice's session: started at 17:01:00, three answers 30 s apart (17:01:30 to 17:02:30);
    bob's, started an hour later, outside a window ending before it."""
    folder = tmp_path / "class"
    steps = [
        ("attempt", "1a.value", "d1"),
        ("attempt", "5a.fwd", "20"),
        ("attempt", "5a.fwd", "45"),
    ]
    session(folder / "alice", steps, student="alice")
    session(folder / "bob", steps, student="bob", start=START + timedelta(hours=1))
    return folder


def printed(err: str) -> list[str]:
    return [ln[len("warning: ") :] for ln in err.splitlines() if ln.startswith("warning: ")]


def late(warnings: list[str]) -> list[str]:
    return [w for w in warnings if "logged after --until" in w]


@pytest.mark.parametrize("command", ["gradebook", "review"])
def test_answers_after_until_are_counted_and_said_once(logs, capsys, command):
    argv = [command, str(logs), "--until", stamp(105)]
    argv += ["--format", "json"] if command == "gradebook" else ["--json"]
    code, out, err = run_cli(argv, capsys)
    assert code == 0, err
    said = late(json.loads(out)["warnings"])
    assert len(said) == 1, said
    assert said[0].startswith("2 answers logged after --until (2025-02-03T17:01:45+00:00)")
    assert "were counted: sessions are kept whole" in said[0] and "alice (2)" in said[0]
    assert "bob" not in said[0]  # his session started after --until: not read at all
    assert late(printed(err)) == said
    # the text output says it too
    code, _, err = run_cli([command, str(logs), "--until", stamp(105)], capsys)
    assert code == 0 and late(printed(err)) == said


@pytest.mark.parametrize("until", [None, "2025-02-03"])
def test_no_word_when_no_answer_came_after_until(logs, capsys, until):
    extra = ["--until", until] if until else []
    code, out, err = run_cli(["gradebook", str(logs), "--format", "json", *extra], capsys)
    assert code == 0, err
    assert not late(json.loads(out)["warnings"]) and "after --until" not in err


def test_late_answers_are_read_in_any_spelling_of_a_time_and_practice_is_not_graded():
    from tutor.sessions.logreader import Event
    from tutor.sessions.window import window_from

    window = window_from(None, "2025-02-03T17:01:45")
    events = [
        Event(1, "2025-02-03T17:01:00.000000Z", 0.0, "session_start", {}),
        Event(2, "2025-02-03T17:01:44.999999Z", 1.0, "attempt", {"box": "5a.fwd"}),
        Event(3, "2025-02-03T17:01:45.000000Z", 2.0, "attempt", {"box": "5a.fwd"}),
        Event(4, "2025-02-03T09:02:00-08:00", 3.0, "attempt", {"box": "5a.fwd"}),
        Event(5, "2025-02-03T17:03:00Z", 4.0, "attempt", {"box": "5a.fwd", "seed": 7}),
        Event(6, "2025-02-03T17:04:00Z", 5.0, "hint", {"box": "5a.fwd", "index": 1}),
        Event(7, "", None, "attempt", {"box": "5a.fwd"}),
    ]
    graded = window.late_answers(handout_only=True)
    assert list(graded.watch(events, "alice")) == events  # passed on unchanged
    assert graded.count == 2  # at --until and after it (an offset read); practice not graded
    everything = window.late_answers()
    list(everything.watch(events, "alice"))
    assert everything.count == 3
    assert window_from("2025-02-01", None).late_answers() is None  # no --until: nothing to count
