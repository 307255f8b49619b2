"""review and export on odd input: clear messages, documented exit codes, no traceback."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from cli_helpers import run_in_process

ROOT = Path(__file__).resolve().parent.parent


def hw3(*args: str) -> subprocess.CompletedProcess:
    """The real command line (exit code, stdout, stderr), run in this process: these are about
    what it prints and returns, not the interpreter's start (0.3 s a command)."""
    return run_in_process(list(args))


def write_log(path: Path, events: list[dict]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = []
    for n, e in enumerate(events, start=1):
        lines.append(
            json.dumps({"seq": n, "t": f"2025-01-01T00:00:0{n}.000000Z", "s": float(n), **e})
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_odd_paths_get_one_line_and_exit_2(tmp_path):
    (tmp_path / "empty.jsonl").write_bytes(b"")
    (tmp_path / "binary.jsonl").write_bytes(bytes(range(256)) * 8)
    cases = {
        str(tmp_path / "nope"): "no such file or directory",
        str(tmp_path / "empty.jsonl"): "is not a session log (it is empty)",
        str(tmp_path / "binary.jsonl"): "nothing in it reads as a session event",
    }
    for path, message in cases.items():
        for command in ("review", "export"):
            r = hw3(command, path)
            assert r.returncode == 2, (command, path, r.stderr)
            assert message in r.stderr or (command == "export" and r.stderr.strip()), r.stderr
            assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_a_directory_without_logs_exits_1(tmp_path):
    (tmp_path / "notes.txt").write_text("not a log")
    r = hw3("review", str(tmp_path))
    assert r.returncode == 1 and "no sessions found" in r.stderr


def test_a_log_from_a_newer_format_is_read_with_a_warning(tmp_path):
    path = write_log(
        tmp_path / "20250101T000000.000Z-aaaaaaaa.jsonl",
        [
            {"event": "session_start", "schema": 2, "version": "9.0", "content_hash": "x"},
            {"event": "answer_v2", "box": "5a.fwd"},
            {
                "event": "attempt",
                "box": "5a.fwd",
                "raw": "20",
                "verdict": "correct",
                "note": "correct",
            },
        ],
    )
    r = hw3("review", str(path))
    assert r.returncode == 0
    assert "log format 2; this tutor reads format 1" in r.stderr
    assert '5a.fwd: "20" -> correct' in r.stdout


def test_sessions_with_other_content_name_the_boxes_that_are_gone(tmp_path):
    path = write_log(
        tmp_path / "20250101T000000.000Z-bbbbbbbb.jsonl",
        [
            {"event": "session_start", "schema": 1, "content_hash": "old"},
            {
                "event": "attempt",
                "box": "9z.gone",
                "raw": "1",
                "verdict": "correct",
                "note": "correct",
            },
        ],
    )
    r = hw3("review", str(path))
    assert r.returncode == 0
    assert "1 of 1 session was recorded with other content" in r.stderr
    assert "not in the current content (renamed or removed): 9z.gone" in r.stderr
    r = hw3("export", str(path), "--format", "md")
    assert r.returncode == 0 and "Traceback" not in r.stderr


def test_a_huge_answer_is_cut_in_review_and_export(tmp_path):
    path = write_log(
        tmp_path / "20250101T000000.000Z-cccccccc.jsonl",
        [
            {"event": "session_start", "schema": 1},
            {
                "event": "attempt",
                "box": "5a.fwd",
                "raw": "x" * 300_000,
                "verdict": "incorrect",
                "note": "incorrect",
            },
        ],
    )
    r = hw3("review", str(path))
    assert r.returncode == 0 and "more characters)" in r.stdout
    assert max(len(line) for line in r.stdout.splitlines()) < 400
    for fmt in ("md", "tex"):
        r = hw3("export", str(path), "--format", fmt)
        assert r.returncode == 0 and "more characters)" in r.stdout
        assert len(r.stdout) < 20_000


def test_content_that_does_not_load_is_refused_when_named_and_explained_when_not(
    tmp_path, monkeypatch
):
    # named with --content, it is what the instructor asked to judge with: refused, as gradebook
    # does, with its problems; otherwise the logged verdicts stand and the warning says why
    # (it used to give only "the content does not load:", never the problem)
    import shutil

    bad = tmp_path / "content"
    shutil.copytree(ROOT / "content", bad)
    with (bad / "p1.toml").open("a", encoding="utf-8") as f:
        f.write("\n[[[\n")
    log = write_log(
        tmp_path / "logs" / "20250101T000000.000Z-aaaaaaaa.jsonl",
        [
            {"event": "session_start", "schema": 1, "version": "0.1.0", "content_hash": "x"},
            {"event": "attempt", "box": "5a.fwd", "raw": "20", "verdict": "correct"},
        ],
    )
    named = hw3("review", str(log), "--content", str(bad))
    assert named.returncode == 1 and "p1.toml:" in named.stderr and "Traceback" not in named.stderr
    monkeypatch.setenv("HW3_TUTOR_CONTENT", str(bad))
    quiet = hw3("review", str(log), "--json")
    assert quiet.returncode == 0
    warnings = json.loads(quiet.stdout)["warnings"]
    said = [w for w in warnings if "does not load" in w]
    assert len(said) == 1 and "p1.toml:" in said[0] and "shown as logged" in said[0]


def test_idle_is_one_rule_for_both_commands_and_says_its_range(tmp_path):
    # "must be a positive number of minutes" was said of 1e308, which is positive
    log = write_log(
        tmp_path / "20250101T000000.000Z-aaaaaaaa.jsonl",
        [{"event": "session_start", "schema": 1, "version": "0.1.0", "content_hash": "x"}],
    )
    for command in ("review", "gradebook"):
        for value, said in (
            ("1e308", "less than 10,000,000"),
            ("0", "more than 0"),
            ("x", "not a number"),
        ):
            r = hw3(command, str(log), f"--idle={value}")
            assert r.returncode == 2 and said in r.stderr and "Traceback" not in r.stderr, r.stderr
    assert hw3("review", str(log), "--idle", "90").returncode == 0


def _shown_and_more(text: str) -> list[int]:
    """For each answer of x's cut in ``text``: the x's shown plus the characters it says are
    left out (the answer's whole length, when the display is truthful)."""
    import re

    return [
        len(m.group(1)) + int(m.group(2).replace(",", ""))
        for m in re.finditer(r'"(x+)"… \(([\d,]+) more characters\)', text)
    ]


def test_every_display_of_a_cut_answer_says_its_whole_length(tmp_path, monkeypatch):
    """The trial: a 300,000-character answer was said to have 99,992 more characters in
    review's changed verdicts and 99,940 in gradebook's (the reader keeps 100,000 and the list
    500 of them), while the timeline said 299,800: every display now counts from the original."""
    monkeypatch.setenv("HW3_TUTOR_CACHE_DIR", str(tmp_path / "cache"))
    path = write_log(
        tmp_path / "logs" / "20250101T000000.000Z-dddddddd.jsonl",
        [
            {"event": "session_start", "schema": 1, "student": "ann"},
            # logged correct: judged again, it is too long to read (a changed verdict)
            {"event": "attempt", "box": "5a.fwd", "raw": "x" * 300_000, "verdict": "correct"},
        ],
    )
    timeline = hw3("review", str(path))
    summary = hw3("review", "--class", str(path))
    book = hw3("gradebook", str(path))
    assert timeline.returncode == summary.returncode == book.returncode == 0, book.stderr
    assert _shown_and_more(timeline.stdout) == [300_000]
    assert _shown_and_more(summary.stdout) == [300_000]  # the changed verdicts' list
    assert _shown_and_more(book.stderr) == [300_000]  # "changed verdict: …" on stderr
    data = json.loads(hw3("review", "--json", "--class", str(path)).stdout)
    change = data["changed_verdicts"][0]
    assert change["answer_length"] == 300_000 and len(change["answer"]) == 500


def test_unmatched_answers_cut_by_the_reader_say_their_whole_length(tmp_path, monkeypatch):
    """Without content to judge with, a logged unmatched answer is listed as logged: its
    respelled form stays as long as what was typed."""
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "p1.toml").write_text("[[[\n")
    monkeypatch.setenv("HW3_TUTOR_CONTENT", str(broken))
    for name in ("a", "b"):
        write_log(
            tmp_path / "class" / name / "20250101T000000.000Z-eeeeeeee.jsonl",
            [
                {"event": "session_start", "schema": 1},
                {
                    "event": "attempt",
                    "box": "5a.fwd",
                    "raw": "x" * 250_000,
                    "verdict": "incorrect",
                    "note": "incorrect",
                },
            ],
        )
    r = hw3("review", str(tmp_path / "class"))
    assert r.returncode == 0 and "unmatched wrong answers" in r.stdout, r.stderr
    assert _shown_and_more(r.stdout) == [250_000]
