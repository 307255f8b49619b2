"""hw3-tutor review, what instructors asked for beyond the per-box table: hint effectiveness,
solutions asked for (not those shown after solving), rubric rates, reflections and 6c's hours,
time per learner, the regrade, hand-ins and ids, the date window, and honest sorting."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from class_helpers import CONTENT, START, session
from cli_helpers import run_cli

from tutor.sessions.handin import write_handin
from tutor.sessions.reportedhours import reported_hours


@pytest.fixture(autouse=True)
def _cache(tmp_path, monkeypatch):
    monkeypatch.setenv("HW3_TUTOR_CACHE_DIR", str(tmp_path / "cache"))


def review(argv: list[str], capsys) -> tuple[int, dict, str]:
    code, out, err = run_cli(["review", *argv, "--json"], capsys)
    return code, json.loads(out), err


W, R = ("incorrect", "incorrect"), ("correct", "correct")  # logged verdicts for a made-up box


def attempt(raw: str, verdict: tuple[str, str]) -> tuple:
    return ("attempt", "9z.q", raw, *verdict)


def hint_class(root: Path) -> None:
    """A made-up box (not in the content, so its logged verdicts stand)."""
    session(root / "ann", [("hint", "9z.q", 1), attempt("a", R)], student="ann")
    session(
        root / "ben",
        [("hint", "9z.q", 1), attempt("b", W), ("hint", "9z.q", 2), attempt("a", R)],
        student="ben",
    )
    session(root / "cat", [attempt("a", R), ("hint", "9z.q", 1)], student="cat")  # after solving
    session(root / "dan", [attempt("b", W), ("hint", "9z.q", 1)], student="dan")  # never solved


def test_hint_effectiveness_and_first_try_with_and_without_hints(tmp_path, capsys):
    hint_class(tmp_path)
    code, data, _ = review([str(tmp_path)], capsys)
    assert code == 0 and data["students"] == 4
    box = data["hint_effectiveness"]["9z.q"]
    assert box["first_try_without_hints"] == {"learners": 2, "correct": 1, "rate": 0.5}
    assert box["first_try_after_hints"] == {"learners": 2, "correct": 1, "rate": 0.5}
    # hint 1 revealed before solving by ann, ben, dan: ann and ben solved it afterwards; of
    # the two who answered again, ann's next answer was right
    assert box["after_hint"]["1"] == {
        "revealed": 3,
        "solved_after": 2,
        "next_correct": 1,
        "next_tried": 2,
    }
    assert box["after_hint"]["2"] == {
        "revealed": 1,
        "solved_after": 1,
        "next_correct": 1,
        "next_tried": 1,
    }
    code, out, _ = run_cli(["review", str(tmp_path)], capsys)
    hints = out.split("Hints: first try right without / after hints")[1]
    row = next(line for line in hints.splitlines() if line.startswith("9z.q"))
    assert row.split()[1:] == ["1/2", "1/2", "2/3", "1/1", "-", "-"]


def test_solutions_asked_for_are_told_apart_from_those_shown_after_solving(tmp_path, capsys):
    # 5a has one box, 5a.fwd (answer 20). Older logs have no "asked": it is inferred.
    session(tmp_path / "eve", [("attempt", "5a.fwd", "20"), ("solution", "5a")], student="eve")
    session(tmp_path / "fay", [("solution", "5a"), ("attempt", "5a.fwd", "20")], student="fay")
    session(tmp_path / "gus", [("solution", "5b", True)], student="gus")
    code, data, _ = review([str(tmp_path)], capsys)
    assert data["parts"]["5a"]["solutions"] == 1 and data["parts"]["5a"]["solutions_shown"] == 1
    assert data["parts"]["5b"]["solutions"] == 1
    assert data["solutions"]["5a"] == {"asked": 1, "shown_after_solving": 1}
    code, out, _ = run_cli(["review", str(tmp_path)], capsys)
    assert "solutions asked" in out and "shown after solving" in out
    line = next(ln for ln in out.splitlines() if ln.startswith("5a "))
    assert line.split()[-2:] == ["1", "1"]


def test_rubric_reflections_and_reported_hours_beside_logged_time(tmp_path, capsys):
    points = len(CONTENT.part("1a").explain.points)
    session(
        tmp_path / "hal",
        [
            ("assess", "1a", [True] * points, "mine"),
            ("reflect", "6a.sources", "the \x1b[31mnotes"),
            ("reflect", "6c.hours", "about 6 hours"),
        ],
        student="hal",
    )
    session(
        tmp_path / "ivy",
        [
            ("assess", "1a", [True] + [False] * (points - 1), "x"),
            ("reflect", "6c.hours", "90 min"),
        ],
        student="ivy",
    )
    code, data, _ = review([str(tmp_path)], capsys)
    rubric = data["rubric"]["1a"]
    assert rubric["learners"] == 2
    assert [p["met"] for p in rubric["points"]] == [2] + [1] * (points - 1)
    assert rubric["points"][0]["point"] == CONTENT.part("1a").explain.points[0]
    hours = {
        h["learner"]: (h["reported"], h["logged"]) for h in data["hours_reported"]["per_learner"]
    }
    assert hours["hal"][0] == 6 and hours["ivy"][0] == 1.5
    assert hours["hal"][1] == pytest.approx(90 / 3600, abs=0.01)  # three gaps of 30 s
    assert data["reflections"]["6a.sources"]["texts"] == [
        {"learner": "hal", "text": "the \x1b[31mnotes"}
    ]
    code, out, _ = run_cli(["review", str(tmp_path)], capsys)
    assert "hours reported: median 3.8 h" in out
    assert "Self-assessed explanations" in out and "\x1b" not in out
    assert 'hal: "the \\x1b[31mnotes"' in out  # escaped by tutor.textsafe
    assert max(len(line) for line in out.splitlines()) <= 80


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("6", 6),
        ("about 6.5 h", 6.5),
        ("5-7 hours", 6),
        ("90 min", 1.5),
        ("4,5", 4.5),
        ("lots", None),
        # read when they read one way only
        ("1h30", 1.5),
        ("1 hour and 30 minutes", 1.5),
        ("1:30", 1.5),
        ("1.5 h", 1.5),
        ("between 4 and 6", 5),  # a range: its midpoint
        ("12 to 14 hours", 13),
        ("I spent about 6 hours on the homework", 6),
        ("6-ish", 6),
        ("hours: 6", 6),
        # the trial's inventions, and their kin: dropped, never misread
        ("-5", None),
        ("−5", None),
        ("1e308 hours", None),
        ("1,000 hours", None),
        ("3 days", None),
        ("2 weeks", None),
        ("6 hours a day", None),
        ("more than 10", None),
        ("10+", None),
        ("5 or 6 hours", None),
        ("7-5", None),
        ("8 h 75 min", None),
        ("1h30h", None),
        ("101", None),  # more than MAX_REPORTED_HOURS
        ("6 " + "x" * 300, None),
    ],
)
def test_reported_hours_are_read_from_what_students_write(text, hours):
    assert reported_hours(text) == hours


def test_review_shows_no_hours_it_could_not_read(tmp_path, capsys):
    for name, text in (("ann", "1e308 hours"), ("ben", "3 days"), ("cy", "-5")):
        session(tmp_path / name, [("reflect", "6c.hours", text)], student=name)
    code, data, _ = review([str(tmp_path)], capsys)
    assert code == 0 and data["hours_reported"]["per_learner"] == []
    code, out, _ = run_cli(["review", str(tmp_path)], capsys)
    assert "hours reported" not in out and "6c.hours: 3 learners" in out


def test_time_on_task_per_learner_has_a_median_and_a_spread(tmp_path, capsys):
    for k, name in enumerate(["jo", "kim", "lee"]):  # 1, 2 and 3 gaps of 30 s
        session(tmp_path / name, [("open", "1a")] * (k + 1), student=name)
    code, data, _ = review([str(tmp_path)], capsys)
    spread = data["time_per_learner"]
    assert spread["learners"] == 3
    assert spread["median"] == pytest.approx(90 / 3600, abs=1e-3)
    assert (spread["min"], spread["max"]) == (
        pytest.approx(60 / 3600, abs=1e-3),
        pytest.approx(120 / 3600, abs=1e-3),
    )
    code, out, _ = run_cli(["review", str(tmp_path)], capsys)
    assert "Time on task per learner (3 learners): median 1:30," in out


def test_review_judges_every_answer_again_and_lists_what_changed(tmp_path, capsys):
    session(
        tmp_path / "mo",
        [("attempt", "5a.fwd", "45", "correct", "correct"), ("attempt", "5a.fwd", "20")],
        student="mo",
    )
    code, data, err = review([str(tmp_path)], capsys)
    fwd = data["boxes"]["5a.fwd"]
    assert (fwd["correct"], fwd["incorrect"], fwd["first_try"]) == (1, 1, 0)
    assert fwd["mistakes"] == {"mistake:only-input-stored": 1}
    (change,) = data["changed_verdicts"]
    assert change["learner"] == "mo" and change["reason"] == "log-altered"
    assert data["regrade"]["changed"] == 1
    code, out, _ = run_cli(["review", str(tmp_path), "--class"], capsys)
    assert "Verdicts changed by the regrade (1 answer;" in out
    assert '  mo 5a.fwd: "45" correct → incorrect' in out


def test_an_older_log_naming_no_checker_is_summarised_with_its_reason(tmp_path, capsys):
    session(
        tmp_path / "mo",
        [("attempt", "5a.fwd", "45", "correct", "correct")],
        student="mo",
    )
    (log,) = (tmp_path / "mo").glob("*.jsonl")
    lines = log.read_text(encoding="utf-8").splitlines(keepends=True)
    header = json.loads(lines[0])
    del header["checker"]  # as written before headers named their checker
    log.write_text(json.dumps(header) + "\n" + "".join(lines[1:]), encoding="utf-8")
    code, data, _ = review([str(tmp_path)], capsys)
    (change,) = data["changed_verdicts"]
    assert change["reason"] == "checker-or-log"
    code, out, _ = run_cli(["review", str(tmp_path), "--class"], capsys)
    assert code == 0 and "1 older logs naming no checker" in out


def test_json_carries_every_warning_printed(tmp_path, capsys):
    session(tmp_path / "a", [attempt("a", R)], content_hash="older", student="nia")
    (tmp_path / "a" / "broken.jsonl").write_text("not json\n")
    code, data, err = review([str(tmp_path)], capsys)
    printed = [
        line.removeprefix("warning: ") for line in err.splitlines() if line.startswith("warning: ")
    ]
    assert printed and printed == data["warnings"]
    text = " ".join(data["warnings"])
    assert (
        "recorded with other content" in text
        and "not in the current content (renamed or removed): 9z.q" in text
    )
    assert "broken.jsonl" in text


def test_a_box_one_learner_answered_sorts_after_the_boxes_many_answered(tmp_path, capsys):
    session(tmp_path / "oz", [("attempt", "9y.lonely", "x", *W)], student="oz")
    for name in ("pat", "quinn"):  # a box two learners answered, one right first time
        verdict = R if name == "pat" else W
        session(tmp_path / name, [("attempt", "9x.shared", "x", *verdict)], student=name)
    code, out, _ = run_cli(["review", str(tmp_path)], capsys)
    rows = [ln.split()[0] for ln in out.splitlines() if ln.startswith("9") and "%" in ln]
    assert rows == ["9x.shared", "9y.lonely"]  # 50 % (2 learners) before 0 % (1 learner)
    assert "Boxes only one learner answered come after the others" in out


def test_since_and_until_filter_the_sessions(tmp_path, capsys):
    session(tmp_path / "r", [attempt("a", W)], student="rae")
    session(tmp_path / "r", [attempt("a", R)], student="rae", start=START + timedelta(days=7))
    code, data, _ = review([str(tmp_path), "--since", "2025-02-05"], capsys)
    assert data["sessions"] == 1 and data["boxes"]["9z.q"]["first_try"] == 1
    code, data, _ = review([str(tmp_path), "--until", "2025-02-03"], capsys)
    assert data["sessions"] == 1 and data["boxes"]["9z.q"]["first_try"] == 0
    code, _, err = run_cli(
        ["review", str(tmp_path), "--since", "2025-02-05", "--until", "2025-02-04"], capsys
    )
    assert code == 2 and "--until must come after --since" in err
    code, _, err = run_cli(["review", str(tmp_path), "--since", "2026-01-01"], capsys)
    assert code == 1 and "no sessions found" in err and "from 2026-01-01" in err


def test_review_reads_handins_and_merges_a_students_sessions_by_id(tmp_path, capsys):
    laptop = tmp_path / "laptop"
    session(laptop, [attempt("b", W)], student="sam")
    write_handin(laptop, "sam", tmp_path / "up" / "sam.zip", CONTENT.content_hash)
    flat = tmp_path / "flat"  # the same student's later session, found in a flat folder
    session(flat, [attempt("a", R)], student="sam", start=START + timedelta(days=1))
    session(flat, [attempt("a", R)], student="tia")
    code, data, _ = review([str(tmp_path / "up"), str(flat)], capsys)
    assert data["sessions"] == 3 and data["students"] == 2 and data["learners"] == 2
    assert data["boxes"]["9z.q"]["learners"] == 2 and data["boxes"]["9z.q"]["first_try"] == 1


def test_ids_and_verdicts_from_logs_are_escaped_in_the_report(tmp_path, capsys):
    session(
        tmp_path / "u",
        [
            ("attempt", "9\x1b[2J.q", "a", *W),
            ("hint", "9\x1b[2J.q", 1),
            ("attempt", "5a.fwd", "45", "\x1b[31mcorrect", "x"),
            ("attempt", "5a.fwd", "45\x1b[2J", "correct", "correct"),  # an answer with escapes
        ],
        student="uma",
    )
    session(tmp_path / "v", [("attempt", "9\x1b[2J.q", "a", *R)], student="val")
    # a learner without an id is named by their folder, escapes and all
    session(tmp_path / "w\x1b[2J", [("reflect", "6a.sources", "mine")])
    code, out, err = run_cli(["review", str(tmp_path)], capsys)
    # the sections this report adds (the per-box table above them is review.py's own)
    extra = out[out.index("Time on task per learner") :]
    assert code == 0 and "\x1b" not in extra and "\x1b" not in err
    # a box id or a verdict that is not one is refused by the log's reader: the event is
    # skipped with a warning (escaped), never shown as an id or a verdict
    assert "attempt event skipped: its 'box' is a text, not a name" in err
    assert "hint event skipped: its 'box' is a text, not a name" in err
    assert "attempt event skipped: its 'verdict' is a text, not a verdict" in err
    assert "9\\x1b[2J.q" not in extra
    # what is shown from the logs is escaped (tutor.textsafe): an answer, a folder's name
    assert 'uma 5a.fwd: "45\\x1b[2J" correct → invalid' in extra
    assert 'w\\x1b[2J: "mine"' in extra


def test_one_learners_report_is_worded_for_one_learner(tmp_path, capsys):
    """The trial: review of one student's sessions said 'the ones the class found hardest
    first' and '0/1' learners."""
    points = len(CONTENT.part("1a").explain.points)
    steps = [
        ("open", "5a"),
        ("attempt", "5a.fwd", "45"),
        ("hint", "5a.fwd", 1),
        ("attempt", "5a.fwd", "20"),
        ("attempt", "1a.constant", "1"),
        ("assess", "1a", [True] + [False] * (points - 1), "mine"),
        ("reflect", "6c.hours", "about 6 hours"),
    ]
    session(tmp_path / "ann", steps, student="ann")
    session(tmp_path / "ann", [("open", "1a")], student="ann")
    code, out, _ = run_cli(["review", str(tmp_path / "ann")], capsys)
    assert code == 0
    assert "Answer boxes, the ones this learner found hardest first." in out
    for classwide in ("the class", "learners who", "learners", "/1", "median", "per learner"):
        assert classwide not in out, classwide
    row = next(ln for ln in out.splitlines() if ln.startswith("5a.fwd "))
    assert row.split()[1:] == ["no", "yes", "2", "1"]  # first try, solved, attempts, hints
    assert 'unmatched wrong answers: "1" ×1' in out  # the lists under a box are kept
    assert "the rubric points the learner ticked" in out
    assert "hours reported: 6.0 h; logged active time:" in out
    # two learners: the class's words again
    session(tmp_path / "bo", [("attempt", "5a.fwd", "20")], student="bo")
    code, out, _ = run_cli(["review", str(tmp_path)], capsys)
    assert "the ones the class found hardest first" in out and "per learner" in out
