"""What an instructor reads after editing the key, and about learners found by folder: a box
whose key changed since the sessions says so by its answers (the old right answers are no new
mistakes); a log without a content hash says the reason is unknown; a folder's learner is its
name, whatever the name; the benchmark's synthetic class is what the tutor would write."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pytest
from class_helpers import session
from cli_helpers import run_cli

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("HW3_TUTOR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("HW3_TUTOR_CONFIG_DIR", str(tmp_path / "config"))


def test_a_box_whose_key_changed_says_so_by_its_answers(tmp_path, capsys):
    logs = tmp_path / "class"
    for who in ("alice", "bob"):  # "45" was right under last year's key
        session(
            logs / who,
            [("attempt", "5a.fwd", "45", "correct", "correct")],
            student=who,
            content_hash="0" * 64,
            box_keys=False,  # an older log: other content, and no box fingerprint
        )
    code, out, err = run_cli(["review", str(logs)], capsys)
    assert code == 0, err
    lines = out.splitlines()
    at = next(i for i, ln in enumerate(lines) if ln.startswith("5a.fwd"))
    assert "key changed since these sessions: 2 answers re-judged" in "\n".join(lines[at : at + 4])
    assert all(len(ln) <= 80 for ln in lines)
    code, out, err = run_cli(["review", "--json", str(logs)], capsys)
    assert json.loads(out)["key_changed_by_box"] == {"5a.fwd": 2}


def test_a_log_without_a_content_hash_has_an_unknown_reason(tmp_path, capsys):
    logs = tmp_path / "alice"
    session(
        logs, [("attempt", "5a.fwd", "45", "correct", "correct")], student="alice", box_keys=False
    )
    log = next(logs.glob("*.jsonl"))
    first, rest = log.read_text(encoding="utf-8").split("\n", 1)
    header = json.loads(first)
    del header["content_hash"]
    log.write_text(json.dumps(header) + "\n" + rest, encoding="utf-8")
    code, out, err = run_cli(["gradebook", "--format", "json", str(logs)], capsys)
    assert code == 0, err
    (change,) = json.loads(out)["changed_verdicts"]
    assert change["reason"] == "unknown-content"
    assert "(unknown-content)" in err and "key-changed" not in err


def test_folder_named_learners_are_named_by_their_folder_alone(tmp_path, capsys):
    root = tmp_path / "fold"
    for name in ("normal", " +x", "=HYPERLINK(1)"):
        session(root / name, [("attempt", "5a.fwd", "20")])
    code, out, err = run_cli(["gradebook", str(root)], capsys)
    assert code == 0, err
    ids = sorted(row[0] for row in list(csv.reader(io.StringIO(out)))[1:])
    assert ids == ["' +x", "'=HYPERLINK(1)", "normal"]  # never a parent path
    assert str(root) not in out


def test_the_benchmark_class_is_what_the_tutor_would_write(tmp_path, capsys):
    from bench_gradebook import build_class

    (tmp_path / "class").mkdir()
    build_class(tmp_path / "class", 6, 200, "handins")
    code, out, err = run_cli(["gradebook", "--format", "json", str(tmp_path / "class")], capsys)
    assert code == 0, err
    book = json.loads(out)
    assert not [w for w in book["warnings"] if "log-altered" in w]
    assert book["changed_verdicts"] == []
    assert sum(r["solutions_shown_after_solving"] for r in book["students"]) > 0
