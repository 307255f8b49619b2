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
