"""hw3-tutor gradebook: one row per student from hand-ins and log folders, every answer judged
again with the current content (an altered log and an edited key change nothing but what the
checker says today), points by the documented rule with weights from the content."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from class_helpers import CONTENT, START, session
from cli_helpers import run_cli

from tutor.paths import packaged_content_dir
from tutor.sessions.gradebookfile import fmt_points
from tutor.sessions.handin import write_handin

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("HW3_TUTOR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("HW3_TUTOR_CONFIG_DIR", str(tmp_path / "config"))


def content_copy(tmp_path: Path, edits: list[tuple[str, str, str]] = ()) -> Path:
    """The packaged content copied, with (file, old, new) text edits (each must apply once)."""
    folder = tmp_path / "content"
    shutil.copytree(packaged_content_dir(), folder)
    for name, old, new in edits:
        text = (folder / name).read_text(encoding="utf-8")
        assert text.count(old) == 1, (name, old)
        (folder / name).write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


# 1a's boxes: alice gets three of them right or partly right (1 + 1 + 0.5), the others untried
BOXES_1A = len(CONTENT.part("1a").boxes)
CREDIT_1A = (1 + 1 + 0.5) / BOXES_1A

WEIGHTS = [
    ("p5.toml", 'id = "5a"\n', 'id = "5a"\npoints = 3\n'),
    ("p6.toml", 'id = "6c"\n', 'id = "6c"\npoints = 2\n'),
]


def gradebook(argv: list[str], capsys) -> tuple[int, dict, str]:
    code, out, err = run_cli(["gradebook", *argv, "--format", "json"], capsys)
    return code, (json.loads(out) if code == 0 else {}), err


def row_of(book: dict, student: str) -> dict:
    return next(r for r in book["students"] if r["student_id"] == student)


def alice(folder: Path) -> Path:
    return session(
        folder,
        [
            ("open", "1a"),
            ("attempt", "1a.value", "d1"),  # correct, first try, no hint
            ("attempt", "1a.scaling", "c"),  # correct, first try
            ("hint", "1a.constant", 1),
            ("attempt", "1a.constant", "Theta(1/sqrt(d1))"),  # partial
            ("solution", "1a"),  # an older log: no "asked"; the part was not solved: asked
            ("attempt", "5a.fwd", "45"),  # a known mistake
            ("hint", "5a.fwd", 1),
            ("attempt", "5a.fwd", "20"),
            ("solution", "5a", False),  # shown by itself once solved
            ("attempt", "5b.loadmem", "not even (("),  # unreadable: no attempt
            ("reflect", "6c.hours", "about 6 hours"),
        ],
        student="alice",
    )


def test_points_follow_the_rule_and_the_contents_weights(tmp_path, capsys):
    content = content_copy(tmp_path, WEIGHTS)
    alice(tmp_path / "logs" / "alice")
    code, book, err = gradebook([str(tmp_path / "logs"), "--content", str(content)], capsys)
    assert code == 0, err
    assert book["max_points"] == 15 - 1 + 3 + 2  # 5a worth 3, 6c (no boxes) worth 2
    a = row_of(book, "alice")
    assert a["points"]["1a"] == pytest.approx(CREDIT_1A, abs=0.006)  # correct, correct, partial
    assert a["points"]["5a"] == 3 and a["points"]["6c"] == 2  # 6c: something was written
    assert a["total"] == pytest.approx(CREDIT_1A + 3 + 2, abs=0.006)
    assert a["parts"]["1a"] == "partial" and a["parts"]["5a"] == "correct"
    assert a["boxes"]["1a.constant"] == "partial" and a["boxes"]["5b.loadmem"] == "invalid"
    assert a["parts"]["5b"] == "incorrect"  # tried (unreadable), no credit
    assert a["first_try_without_hints"] == 2  # 1a.value, 1a.scaling
    assert a["hints_used"] == 2
    assert (a["solutions_asked"], a["solutions_shown_after_solving"]) == (1, 1)
    assert a["attempts"] == 5  # the unreadable answer is not an attempt
    assert a["sessions"] == 1 and a["last_activity"].startswith("2025-02-03T17:")
    assert book["changed_verdicts"] == []


def test_the_csv_is_what_a_gradebook_imports(tmp_path, capsys):
    content = content_copy(tmp_path, WEIGHTS)
    alice(tmp_path / "logs" / "alice")
    out = tmp_path / "grades.csv"
    code, _, err = run_cli(
        ["gradebook", str(tmp_path / "logs"), "--content", str(content), "-o", str(out)], capsys
    )
    assert code == 0 and f"wrote {out}: 1 student" in err
    rows = list(csv.reader(io.StringIO(out.read_text())))
    parts = [p.id for p in CONTENT.parts() if p.boxes] + ["6c"]
    header = rows[0]
    assert header[0] == "student_id"
    graded = header[1 : len(parts) + 1]
    assert [h.split(" ")[0] for h in graded] == parts
    assert "5a (3 pts)" in graded and "1a (1 pt)" in graded and "6c (2 pts)" in graded
    assert header[len(parts) + 1] == "total (19 pts)"
    total = rows[1][header.index("total (19 pts)")]
    assert rows[1][0] == "alice" and total == fmt_points(CREDIT_1A + 3 + 2)  # 2.5/3 + 5: "5.83"
    assert rows[1][header.index("1a (1 pt)")] == fmt_points(CREDIT_1A)  # with 3 boxes: "0.83"
    for column in ("hints_used", "solutions_asked", "active_hours", "box 5a.fwd", "part 1a"):
        assert column in header
    code, text, _ = run_cli(
        ["gradebook", str(tmp_path / "logs"), "--content", str(content), "--grades-only"], capsys
    )
    short = list(csv.reader(io.StringIO(text)))
    assert short[0] == header[: len(parts) + 2] and short[1] == rows[1][: len(parts) + 2]


def test_an_altered_log_is_regraded_and_listed(tmp_path, capsys):
    path = alice(tmp_path / "logs" / "alice")
    lines = path.read_text().splitlines()
    for i, line in enumerate(lines):  # the student edits a partial verdict into a correct one
        event = json.loads(line)
        if event.get("box") == "1a.constant" and event["event"] == "attempt":
            event["verdict"], event["note"] = "correct", "correct"
            lines[i] = json.dumps(event)
    path.write_text("\n".join(lines) + "\n")
    code, book, err = gradebook([str(tmp_path / "logs")], capsys)
    assert code == 0
    a = row_of(book, "alice")
    assert a["boxes"]["1a.constant"] == "partial"  # what the checker says, not the log
    assert a["points"]["1a"] == pytest.approx(CREDIT_1A, abs=0.006) and a["changed_verdicts"] == 1
    (change,) = book["changed_verdicts"]
    assert change["learner"] == "alice" and change["box"] == "1a.constant"
    assert (change["logged"], change["now"]) == ("correct", "partial")
    assert change["reason"] == "log-altered" and change["answer"] == "Theta(1/sqrt(d1))"
    code, _, err = run_cli(["gradebook", str(tmp_path / "logs")], capsys)
    assert (
        'changed verdict: alice 1a.constant "Theta(1/sqrt(d1))": logged correct, now partial' in err
    )


def test_an_edited_key_regrades_every_student(tmp_path, capsys):
    logs = tmp_path / "logs"
    alice(logs / "alice")
    session(logs / "bob", [("attempt", "5a.fwd", "21"), ("attempt", "5a.fwd", "20")], student="bob")
    key = 'prompt = "fwd operations"\nanswer = "{{fwd}}"\n'  # 20 in the handout
    edited = content_copy(tmp_path, [("p5.toml", key, key.replace('"{{fwd}}"', '"21"'))])
    code, book, _ = gradebook([str(logs), "--content", str(edited)], capsys)
    assert code == 0
    a, b = row_of(book, "alice"), row_of(book, "bob")
    assert a["boxes"]["5a.fwd"] == "incorrect" and a["points"]["5a"] == 0
    assert b["boxes"]["5a.fwd"] == "correct"  # "21" is right under the edited key
    changes = {(c["learner"], c["answer"]): c for c in book["changed_verdicts"]}
    assert changes[("alice", "20")]["now"] == "incorrect"
    assert changes[("bob", "21")]["logged"] == "incorrect"
    assert changes[("bob", "21")]["now"] == "correct"
    assert {c["reason"] for c in changes.values()} == {"key-changed"}
    assert book["content_hash"] != CONTENT.content_hash


def test_students_are_merged_by_id_across_handins_and_folders(tmp_path, capsys):
    folder = tmp_path / "bob-laptop"
    first = session(folder, [("attempt", "5a.fwd", "20")], student="bob")
    later = START + timedelta(days=2)
    session(folder, [("attempt", "5b.loadmem", "10")], student="bob", start=later)
    uploads = tmp_path / "uploads"
    write_handin(folder, "bob", uploads / "bob-1.zip", CONTENT.content_hash)
    first.unlink()  # a later hand-in from another machine holds only the second session
    write_handin(folder, "bob", uploads / "bob-2.zip", CONTENT.content_hash)
    alice(tmp_path / "class" / "alice")
    code, book, err = gradebook([str(uploads), str(tmp_path / "class")], capsys)
    assert code == 0, err
    assert [r["student_id"] for r in book["students"]] == ["alice", "bob"]
    b = row_of(book, "bob")
    assert b["sessions"] == 2  # the session in both hand-ins counts once
    assert b["boxes"]["5a.fwd"] == "correct" and b["boxes"]["5b.loadmem"] == "correct"
    assert book["hand_ins"] == 2 and "different contents" not in err


def test_a_synthetic_class_with_ids_grades_every_student(tmp_path, capsys):
    from synthetic_class import build_class

    root = tmp_path / "class"
    stats = build_class(root, students=4, seed=5)
    code, book, err = gradebook([str(root)], capsys)
    assert code == 0, err
    assert [r["student_id"] for r in book["students"]] == [f"student{k:02d}" for k in range(4)]
    assert sum(r["sessions"] for r in book["students"]) == stats["sessions"]
    assert book["changed_verdicts"] == []  # logged by the same content and checker
    for r in book["students"]:
        assert r["total"] == pytest.approx(sum(r["points"].values()))
        assert 0 <= r["total"] <= book["max_points"]
    assert "deadbeef" in err and "Traceback" not in err  # the corrupt file: a warning


def test_since_and_until_keep_the_sessions_started_in_the_window(tmp_path, capsys):
    logs = tmp_path / "logs"
    session(logs, [("attempt", "5a.fwd", "20")], student="carol")
    session(
        logs, [("attempt", "5b.loadmem", "10")], student="carol", start=START + timedelta(days=7)
    )
    code, book, _ = gradebook([str(logs), "--until", "2025-02-03"], capsys)
    c = row_of(book, "carol")
    assert c["sessions"] == 1 and c["boxes"]["5b.loadmem"] == "untried"
    code, book, _ = gradebook([str(logs), "--since", "2025-02-04T00:00-08:00"], capsys)
    assert row_of(book, "carol")["boxes"]["5a.fwd"] == "untried"
    code, _, err = run_cli(["gradebook", str(logs), "--since", "2025-03-01"], capsys)
    assert code == 1 and f"no sessions found in {logs} from 2025-03-01" in err
    assert "(2 sessions started outside it; check --since/--until)" in err
    code, _, err = run_cli(["gradebook", str(logs), "--since", "last week"], capsys)
    assert code == 2 and "--since: 'last week' is not a date" in err


def test_untrusted_fields_are_checked_and_cells_cannot_be_formulas(tmp_path, capsys, monkeypatch):
    junk = [
        {"seq": 1, "t": "2025-02-03T17:00:00Z", "s": 0, "event": "session_start", "student": 7},
        {"seq": 2, "t": "x", "s": 1, "event": "attempt", "box": 5, "raw": "20"},
        {"seq": 3, "t": "x", "s": 2, "event": "attempt", "box": "5a.fwd", "raw": None},
        {
            "seq": 4,
            "t": "x",
            "s": 3,
            "event": "attempt",
            "box": "5a.fwd",
            "raw": "45",
            "verdict": {},
        },
        {"seq": 5, "t": "x", "s": 4, "event": "hint", "box": "5a.fwd", "index": "one"},
        {"seq": 6, "t": "x", "s": 5, "event": "self_assessment", "part": "1a", "points": [1, 2]},
        {"seq": 7, "t": "x", "s": 6, "event": "reflection", "prompt": "6c.hours", "text": 42},
        {"seq": 8, "t": "x", "s": 7, "event": "solution", "part": ["5a"]},
        # the one event that reads (a log of nothing but skipped events is no session at all);
        # its verdict is the log's word, never trusted
        {
            "seq": 9,
            "t": "x",
            "s": 8,
            "event": "attempt",
            "box": "5a.fwd",
            "raw": "45",
            "verdict": "correct",
        },
    ]
    monkeypatch.chdir(tmp_path)
    name = "=2+3.jsonl"
    (tmp_path / name).write_text("\n".join(json.dumps(e) for e in junk) + "\n")
    code, text, err = run_cli(["gradebook", name], capsys)
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1][0] == "'=2+3.jsonl"  # a spreadsheet shows it, never runs it
    header = rows[0]
    assert rows[1][header.index("box 5a.fwd")] == "incorrect"  # "45", judged today
    # every field is checked by the log's reader: an event with one that is not what the format
    # says is skipped, with a warning naming it (the header's student id included)
    assert "session_start event skipped: its 'student' is a number, not a student id" in err
    assert err.count("event skipped") == 8
    assert rows[1][header.index("hints_used")] == "0"


def test_the_gradebook_never_loads_textual(tmp_path):
    session(tmp_path / "logs", [("attempt", "5a.fwd", "20")], student="dan")
    code = (
        "import sys\n"
        "from tutor.cli.entry import main\n"
        f"rc = main(['gradebook', {str(tmp_path / 'logs')!r}, '--no-cache'])\n"
        "print('TEXTUAL' if 'textual' in sys.modules else 'NO-TEXTUAL', rc, file=sys.stderr)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert "NO-TEXTUAL 0" in out.stderr, out.stderr
    assert out.stdout.startswith("student_id,") and "\ndan," in out.stdout


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ('"three"', "must be a number of points, not a string"),
        ("-1", "give a number from 0 to 1000"),
    ],
)
def test_a_parts_points_must_be_a_number_of_points(tmp_path, value, says):
    from tutor.content.issues import ContentError
    from tutor.content.loader import load_content

    folder = content_copy(tmp_path, [("p5.toml", 'id = "5a"\n', f'id = "5a"\npoints = {value}\n')])
    with pytest.raises(ContentError) as caught:
        load_content(folder)
    assert says in caught.value.report() and "points" in caught.value.report()


def test_hostile_logs_never_reach_the_terminal_and_the_json_stays_strict(tmp_path, capsys):
    """The audit's hostile logs (escape sequences in every field, wrong types, NaN times, lone
    surrogates, nesting too deep), graded: read through the log's checking reader, printed
    through tutor.textsafe, written as strict JSON."""
    from test_hostile_logs import evil_log, malformed_log, terminal_safe

    folder = tmp_path / "class"
    evil_log(folder / "20250201T100000.000Z-aaaaaaaa.jsonl")
    malformed_log(folder / "20250201T110000.000Z-bbbbbbbb.jsonl")
    for fmt in ("csv", "json"):
        code, out, err = run_cli(["gradebook", str(folder), "--format", fmt], capsys)
        assert code == 0, err
        assert terminal_safe(out) and terminal_safe(err), fmt
    book = json.loads(out, parse_constant=lambda name: pytest.fail(f"{name} in the JSON"))
    assert all(terminal_safe(w) for w in book["warnings"])
    assert err.count("event skipped") == 7 + 7  # every event that does not read, said
    # the attempt whose answer is the escape sequences: judged again (unreadable), and listed
    # with its answer shown escaped, never obeyed
    assert "changed verdict: " in err and '"\\x1b]52;c;Y3Vy' in err
    (row,) = book["students"]
    assert row["boxes"]["5a.fwd"] == "invalid"


def test_the_collector_is_tuned_for_a_regrade_and_restored_after_it():
    """gradebook and review run their regrade with the cyclic collector's older generations
    collected less often and what was alive before frozen; both are undone afterwards, even
    when the regrade fails (the UI's review runs in the tutor's own process)."""
    import gc

    from tutor.cli.regrading import REGRADE_GC_THRESHOLDS, regrade_gc

    before = gc.get_threshold()
    with pytest.raises(RuntimeError), regrade_gc():
        assert gc.get_threshold() == REGRADE_GC_THRESHOLDS
        assert gc.get_freeze_count() > 0
        raise RuntimeError("the regrade failed")
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


@pytest.mark.parametrize("env, size", [({}, 10_000), ({"SYMPY_CACHE_SIZE": "500"}, 500)])
def test_a_regrade_gives_sympy_a_larger_cache_unless_one_is_set(env, size):
    """sympy reads its cache size once, when imported: the regrade commands set it first (a
    first run over a class misses sympy's default 1,000 entries a third more often), and keep
    the size someone set."""
    import os

    code = (
        "from tutor.cli.regrading import larger_sympy_cache\n"
        "larger_sympy_cache()\n"
        "from sympy.core.cache import CACHE\n"
        "print(CACHE[0].cache_info().maxsize)\n"
    )
    base = {k: v for k, v in os.environ.items() if k != "SYMPY_CACHE_SIZE"}
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**base, **env},
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == str(size)


@pytest.mark.parametrize("name", [" +x", "  =1+1", " -2", " @SUM(A1)"])
def test_a_formula_after_blanks_is_no_formula_either(tmp_path, capsys, monkeypatch, name):
    """The trial: a folder named ' +x' reached the CSV as ' +x' (a spreadsheet may trim the
    space and run the rest); = + - @ after any blank get the apostrophe too."""
    monkeypatch.setenv("HW3_TUTOR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    session(tmp_path / name, [("attempt", "5a.fwd", "20")])
    code, text, err = run_cli(["gradebook", name], capsys)
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1][0] == "'" + name


def test_every_blank_before_a_formula_is_guarded():
    from tutor.sessions.gradebookfile import csv_cell

    for blank in (" ", "\t", "\r", "\n", "\u00a0", "\u3000", " \t "):
        for start in ("=", "+", "-", "@"):
            assert csv_cell(f"{blank}{start}1") == f"'{blank}{start}1"
    assert csv_cell("\tplain") == "'\tplain"  # a tab or a return first, as before
    assert csv_cell(" plain") == " plain" and csv_cell("alice") == "alice"
