"""Review and export on a synthetic class written through the real SessionLog API with
real checker verdicts (benchmarks/synthetic_class.py): torn lines, a --fresh restart
and a corrupt file are reported once each and never stop the report."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from cli_helpers import run_in_process

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(tempfile.gettempdir()) / "hw3-tutor-test-judgments"  # reused from run to run
sys.path.insert(0, str(ROOT / "benchmarks"))

pytest.importorskip("sympy")


@pytest.fixture(scope="module")
def klass(tmp_path_factory):
    from synthetic_class import build_class

    root = tmp_path_factory.mktemp("class")
    stats = build_class(root, students=6, seed=7)
    return root, stats


def hw3(*args: str) -> subprocess.CompletedProcess:
    """The real command line (exit code, stdout, stderr), run in this process: these tests are
    about the report, not the interpreter's start (0.3 s a command)."""
    # review caches its judgments: in a directory of the test's, not the user's cache
    saved = os.environ.get("HW3_TUTOR_CACHE_DIR")
    os.environ["HW3_TUTOR_CACHE_DIR"] = str(CACHE)
    try:
        return run_in_process(list(args))
    finally:
        if saved is None:
            os.environ.pop("HW3_TUTOR_CACHE_DIR", None)
        else:
            os.environ["HW3_TUTOR_CACHE_DIR"] = saved


def test_the_class_review_counts_students_and_lists_hardest_boxes_first(klass):
    root, stats = klass
    r = hw3("review", str(root), "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["students"] == 6
    assert data["sessions"] == stats["sessions"]
    assert "Traceback" not in r.stderr
    # the corrupt file is one warning, not one per line
    corrupt = [w for w in data["warnings"] if "deadbeef" in w]
    assert len(corrupt) == 1 and "nothing in it reads as a session event" in corrupt[0]
    text = hw3("review", str(root))
    lines = text.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    rows = [line for line in lines if line[:1].isdigit() and "%" in line]
    rates = [int(row.split("%")[0].split()[-1]) for row in rows]
    assert rates == sorted(rates)  # hardest (lowest first-try rate) first


def test_one_student_and_one_session_review_and_export(klass, tmp_path):
    root, _ = klass
    student = next(d for d in sorted(root.iterdir()) if len(list(d.glob("*.jsonl"))) > 1)
    r = hw3("review", str(student))
    # the student's own log directory: their sessions carry their id, so one student
    assert r.returncode == 0 and "1 student;" in r.stdout.splitlines()[0]
    first = sorted(student.glob("*.jsonl"))[0]
    r = hw3("review", str(first))
    assert r.returncode == 0 and r.stdout.startswith(f"Session {first.stem}")
    out = tmp_path / "trace.tex"
    r = hw3("export", str(first), "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert out.read_text().startswith("\\documentclass")
