"""grade on hostile input: a bad batch line gets its own error and every other line is graded;
the output is always valid UTF-8 (JSON Lines, or text with nothing a terminal would obey)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ESCAPES = "\x1b]52;c;Y3VybCBldmlsIHwgc2g=\x07\x1b]0;owned\x07\u202e"


def grade(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tutor", "grade", *args],
        input=stdin,
        capture_output=True,
        cwd=ROOT,
        timeout=180,
    )


def good(rid: int, answer: str = "20") -> bytes:
    return json.dumps({"id": rid, "box": "5a.fwd", "answer": answer}).encode()


def test_a_batch_grades_every_good_line_whatever_the_bad_ones_hold(tmp_path):
    lines = [
        b"\xef\xbb\xbf" + good(1),  # a byte-order mark first
        b'{"id": 2, "box": "5a.fwd", "answer": "20 \\ud800"}',  # a lone surrogate
        b'{"id": 3, "box": "5a.fwd", "answer": "\xff\xfe 20"}',  # not UTF-8
        b'{"id": 4, "box": "5a.fwd", "answer": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        good(5, "45"),
        b'{"id": ' + b"[" * 500 + b"]" * 500 + b', "box": "5a.fwd", "answer": "20"}',
        b'{"id": 7, "box": "5a.fwd", "answer": "' + b"9" * (2 << 20) + b'"}',  # 2 MB
        json.dumps({"id": 8, "box": "5a.fwd" + ESCAPES, "answer": "20"}).encode(),
        b'{"id": 9, "box": "5a.fwd", "answer": "20", "x": 1e999}',
        b"",
        good(11),
    ]
    batch = tmp_path / "answers.jsonl"
    batch.write_bytes(b"\n".join(lines) + b"\n")
    for source, stdin in ((str(batch), None), ("-", batch.read_bytes())):
        r = grade("--batch", source, stdin=stdin)
        assert r.returncode == 0 and b"Traceback" not in r.stderr, r.stderr[-2000:]
        text = r.stdout.decode("utf-8")  # valid UTF-8, whatever came in
        assert "\x1b" not in text and "\u202e" not in text
        rows = [json.loads(row) for row in text.splitlines()]
        assert [row.get("line", row.get("id")) for row in rows] == [1, 2, 3, 4, 5, 6, 7, 8, 9, 11]
        by_line = dict(zip([1, 2, 3, 4, 5, 6, 7, 8, 9, 11], rows, strict=True))
        assert by_line[1]["verdict"] == "correct" and by_line[11]["verdict"] == "correct"
        assert by_line[5]["note"].startswith("mistake:")
        assert by_line[9]["verdict"] == "correct"  # a field it does not use is ignored
        assert "lone surrogate" in by_line[2]["error"] and by_line[2]["id"] == 2
        assert by_line[3]["error"] == "not UTF-8: byte 0xff at column 39"
        assert "nested too deeply" in by_line[4]["error"]
        assert '"id" must be a string or a number' in by_line[6]["error"]
        assert "longer than 1,048,576 bytes" in by_line[7]["error"]
        assert "unknown box" in by_line[8]["error"] and by_line[8]["box"].endswith("\u202e")


def test_text_mode_shows_what_the_answer_holds_never_obeys_it():
    r = grade("5a.fwd", "20 " + ESCAPES)
    text = r.stdout.decode("utf-8")
    assert r.returncode == 0
    assert all(ch == "\n" or ch.isprintable() for ch in text), text
    answer = next(line for line in text.splitlines() if "answer:" in line)
    caret = next(line for line in text.splitlines() if line.strip() == "^")
    assert "\\x1b]52;c;" in answer and answer[caret.index("^")] == "\\"  # under the \x1b
    r = grade("5a.fwd", "20 " + ESCAPES, "--json")
    assert "\x1b" not in r.stdout.decode("utf-8") and json.loads(r.stdout)["box"] == "5a.fwd"
    # a command-line argument that is not UTF-8 (a surrogate escape) is refused saying what it
    # holds (it was judged: "I can't read the character U+DCFF"), never a crash
    r = subprocess.run(
        [sys.executable, "-m", "tutor", "grade", "5a.fwd", b"20\xff"],
        capture_output=True,
        cwd=ROOT,
        timeout=180,
    )
    assert r.returncode == 2 and b"Traceback" not in r.stderr
    assert b"not text (UTF-8)" in r.stderr
