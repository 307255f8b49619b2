"""A solution logged as "shown after solving" before the part was solved hides a lookup: the
regrade counts it as asked, and the gradebook and review say so (log-altered)."""

from __future__ import annotations

import csv
import io

from class_helpers import session
from cli_helpers import run_cli


def test_a_forged_shown_after_solving_counts_as_asked_with_a_warning(tmp_path, capsys):
    session(
        tmp_path / "m2",
        [
            ("open", "5a"),
            ("solution", "5a", False),  # "shown after solving", before any answer
            ("attempt", "5a.fwd", "20"),
        ],
        student="m2",
    )
    code, out, err = run_cli(["gradebook", str(tmp_path / "m2"), "-o", "-"], capsys)
    assert code == 0, err
    row = next(csv.DictReader(io.StringIO(out)))
    assert row["solutions_asked"] == "1" and row["solutions_shown_after_solving"] == "0"
    assert "m2: 1 solution logged as shown after solving before the part was solved" in err
    assert "(log-altered): counted as asked" in err and "part 5a" in err
    code, out, err = run_cli(["review", str(tmp_path / "m2")], capsys)
    assert code == 0, err
    assert "(log-altered): counted as asked" in err


def test_a_solution_shown_once_the_part_is_solved_stays_shown_without_a_warning(tmp_path, capsys):
    session(
        tmp_path / "ok",
        [("attempt", "5a.fwd", "20"), ("solution", "5a", False)],
        student="ok",
    )
    code, out, err = run_cli(["gradebook", str(tmp_path / "ok"), "-o", "-"], capsys)
    assert code == 0, err
    row = next(csv.DictReader(io.StringIO(out)))
    assert row["solutions_asked"] == "0" and row["solutions_shown_after_solving"] == "1"
    assert "log-altered" not in err


def test_export_shows_the_regraded_verdict_and_marks_what_the_log_said(tmp_path, capsys):
    log = session(
        tmp_path / "mallory",
        [
            ("attempt", "5a.fwd", "30", "correct", "correct"),  # a wrong answer logged right
            ("attempt", "5a.fwd", "20"),
            ("solution", "5b", False),  # "shown after solving", never solved
        ],
        student="mallory",
    )
    code, out, err = run_cli(["export", str(log), "-o", "-"], capsys)
    assert code == 0, err
    assert "`30` — *incorrect* (regraded: the log says *correct*)" in out
    assert "`20` — *correct*" in out and "`20` — *correct* (regraded" not in out
    assert "30 — correct" not in out and "`30` — *correct*" not in out
    assert "before the part was solved: asked for" in out
    assert "1 logged verdict changed by the regrade (log-altered)" in err
    assert "(log-altered): counted as asked" in err
    code, out, err = run_cli(["export", str(log), "--format", "tex", "-o", "-"], capsys)
    assert code == 0, err
    assert r"(regraded: the log says \emph{correct})" in out


def test_a_solution_shown_after_the_explanation_was_assessed_is_no_altered_log(tmp_path, capsys):
    # the tutor shows the solution by itself once the explanation is self-assessed (asked:
    # false), even when no box of the part was answered: a genuine log, never "log-altered"
    session(
        tmp_path / "alice",
        [
            ("open", "1c"),
            ("assess", "1c", [True, False, True, False], "sign discards magnitudes"),
            ("solution", "1c", False),
        ],
        student="alice",
    )
    code, out, err = run_cli(["gradebook", str(tmp_path / "alice"), "-o", "-"], capsys)
    assert code == 0, err
    row = next(csv.DictReader(io.StringIO(out)))
    assert row["solutions_asked"] == "0" and row["solutions_shown_after_solving"] == "1"
    assert "log-altered" not in err
    code, out, err = run_cli(["review", str(tmp_path / "alice")], capsys)
    assert code == 0, err
    assert "log-altered" not in err


def test_an_assessment_of_a_part_without_an_explanation_unlocks_nothing(tmp_path, capsys):
    session(
        tmp_path / "m3",
        [("assess", "5a", [True], "x"), ("solution", "5a", False)],
        student="m3",
    )
    code, out, err = run_cli(["gradebook", str(tmp_path / "m3"), "-o", "-"], capsys)
    row = next(csv.DictReader(io.StringIO(out)))
    assert row["solutions_asked"] == "1"
    assert "(log-altered): counted as asked" in err


def test_verdicts_edited_to_correct_do_not_hide_a_solution_lookup(tmp_path, capsys):
    # bob's log says "45" was right (today's regrade: wrong, log-altered), then the solution
    # "shown after solving": the part was not solved, so the solution was asked for
    session(
        tmp_path / "bob",
        [("attempt", "5a.fwd", "45", "correct", "correct"), ("solution", "5a", False)],
        student="bob",
    )
    code, out, err = run_cli(["gradebook", str(tmp_path / "bob"), "-o", "-"], capsys)
    assert code == 0, err
    row = next(csv.DictReader(io.StringIO(out)))
    assert row["solutions_asked"] == "1" and row["solutions_shown_after_solving"] == "0"
    assert "bob: 1 solution logged as shown after solving" in err
    assert "(log-altered): counted as asked" in err


def test_a_solution_shown_under_an_old_key_stays_shown_after_solving(tmp_path, capsys):
    # recorded with other content: the tutor did say "correct" then and showed the solution
    session(
        tmp_path / "eve",
        [("attempt", "5a.fwd", "18", "correct", "correct"), ("solution", "5a", False)],
        student="eve",
        content_hash="0" * 64,
        box_keys=False,  # an older log: no fingerprint says whether 5a.fwd was edited
    )
    code, out, err = run_cli(["gradebook", str(tmp_path / "eve"), "-o", "-"], capsys)
    assert code == 0, err
    row = next(csv.DictReader(io.StringIO(out)))
    assert row["solutions_asked"] == "0" and row["solutions_shown_after_solving"] == "1"
    assert "counted as asked" not in err
