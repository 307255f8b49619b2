"""Session logs are untrusted: instructors run ``review`` and ``export`` on files students
hand in, and the tutor resumes from whatever lies in its log directory. Every field is
checked when read; what is wrong is skipped with a warning; nothing a terminal would obey
is ever printed raw; memory does not grow with the size of a log."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import shipped_content
from cli_helpers import run_cli

ROOT = Path(__file__).resolve().parent.parent

# what a crafted log puts in its fields: set the clipboard (the next paste into a shell runs
# the attacker's command), retitle the window, clear the screen, reverse the text
EVIL = "\x1b]52;c;Y3VybCBldmlsLnNoIHwgc2g=\x07\x1b]0;owned\x07\x1b[2J\x9b1m\u202edesrever\r"


def terminal_safe(text: str) -> bool:
    """Nothing in ``text`` but printable characters and line breaks."""
    return all(ch == "\n" or ch.isprintable() for ch in text)


def line(seq: int, event: str, **fields) -> str:
    record = {"seq": seq, "t": f"2025-02-01T10:00:{seq % 60:02d}.000000Z", "s": float(seq)}
    return json.dumps({**record, "event": event, **fields})


def write(path: Path, lines: list[str]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(text + "\n" for text in lines), encoding="utf-8")
    return path


def hw3(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    """The real command in a fresh process, its output read as UTF-8 bytes (a terminal)."""
    proc = subprocess.run(
        [sys.executable, "-m", "tutor", *args],
        capture_output=True,
        cwd=ROOT,
        timeout=timeout,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    proc.stdout = proc.stdout.decode("utf-8")  # raises if the output is not UTF-8
    proc.stderr = proc.stderr.decode("utf-8")
    return proc


def evil_log(path: Path) -> Path:
    """A session with escape sequences in every field a log has."""
    return write(
        path,
        [
            line(1, "session_start", version="1.0" + EVIL, content_hash="h" + EVIL, schema=1),
            line(2, "part_opened", part="5a"),
            line(3, "part_opened", part="5b" + EVIL),
            line(
                4,
                "attempt",
                box="5a.fwd",
                raw=EVIL,
                verdict="incorrect",
                note="incorrect",
                feedback=EVIL,
                interpreted=EVIL,
            ),
            line(5, "attempt", box="5a.fwd" + EVIL, raw="1", verdict="correct", note="correct"),
            line(6, "attempt", box="5a.fwd", raw="2", verdict="incorrect", note="x" + EVIL),
            line(7, "hint", box="5a.fwd" + EVIL, index=1),
            line(8, "reflection", prompt="6c.hours", text=EVIL),
            line(9, "reflection", prompt="6c" + EVIL, text="x"),
            line(10, "plot_viewed", plot="remat" + EVIL),
            line(11, "self_assessment", part="5a", points=[True], text=EVIL),
            line(12, "evil" + EVIL, extra=EVIL),
            line(13, "future_event", note=EVIL),
            line(14, "session_end"),
        ],
    )


# ---------------------------------------------------------------------------
# Terminal safety


def test_review_never_prints_an_escape_sequence_from_a_log(tmp_path, capsys):
    path = evil_log(tmp_path / f"20250201T100000.000Z-{EVIL[:12]}.jsonl")
    for argv in ([str(path)], [str(path), "--class"], [str(tmp_path)]):
        code, out, err = run_cli(["review", *argv], capsys)
        assert code == 0
        assert terminal_safe(out) and terminal_safe(err), (argv, out, err)
        assert "\\x1b]52;c;" in out + err  # shown, not obeyed
    code, out, err = run_cli(["review", str(path)], capsys)
    assert '"\\x1b]52;c;Y3Vy' in out  # the typed answer, quoted and escaped
    # fields that are not what the format says are skipped, each with a warning
    assert err.count("event skipped") == 7 and "5a.fwd: hint" not in out


def test_review_json_stays_valid_and_free_of_raw_controls(tmp_path, capsys):
    path = evil_log(tmp_path / "20250201T100000.000Z-aaaaaaaa.jsonl")
    for argv in ([str(path), "--json"], [str(tmp_path), "--json", "--class"]):
        code, out, err = run_cli(["review", *argv], capsys)
        assert code == 0 and terminal_safe(out) and terminal_safe(err)
        data = json.loads(out)
        box = data["boxes"]["5a.fwd"]
        # the one attempt that reads counts once; judged again today (review never trusts a
        # logged verdict) its escape sequences do not read as an answer: unreadable input,
        # which is no attempt
        assert box["attempts"] + box["invalid"] == 1 and box["invalid"] == 1
        assert all(terminal_safe(w) for w in data["warnings"])


def test_export_never_prints_an_escape_sequence_from_a_log(tmp_path, capsys):
    path = evil_log(tmp_path / "20250201T100000.000Z-aaaaaaaa.jsonl")
    for fmt in ("md", "tex"):
        code, out, err = run_cli(["export", str(path), "--format", fmt], capsys)
        assert code == 0 and terminal_safe(out) and terminal_safe(err), fmt


def test_file_names_that_are_not_utf8_or_hold_escapes_are_shown_escaped(tmp_path):
    directory = os.fsencode(tmp_path / "class")
    os.makedirs(directory)
    for name in (b"20250201T100000.000Z-\xff\xfe.jsonl", b"20250201T110000.000Z-\x1b[2J.jsonl"):
        with open(os.path.join(directory, name), "wb") as f:
            f.write(b'{"seq": 1, "event": "session_start"}\n{"seq": 2, "event": "hint"}\n')
    for args in (
        ["review", str(tmp_path / "class")],
        ["review", str(tmp_path / "class"), "--json"],
    ):
        r = hw3(*args)
        assert r.returncode == 0, r.stderr
        assert terminal_safe(r.stdout) and terminal_safe(r.stderr)
        assert "Traceback" not in r.stderr and "\\xff\\xfe" in r.stderr + r.stdout
    single = os.path.join(directory, b"20250201T100000.000Z-\xff\xfe.jsonl")
    r = hw3("review", os.fsdecode(single), "--json")
    assert r.returncode == 0 and json.loads(r.stdout)["timeline"]["path"].endswith(".jsonl")
    r = hw3("export", os.fsdecode(single))
    assert r.returncode == 0 and r.stdout.startswith("# Session 20250201T100000.000Z-\\\\xff")


# ---------------------------------------------------------------------------
# Fields of the wrong type or out of range


def malformed_log(path: Path) -> Path:
    deep = "[" * 100_000 + "]" * 100_000
    return write(
        path,
        [
            line(1, "session_start", schema=1),
            line(2, "attempt", box="1a.x", raw="d", verdict=["correct"], note="correct"),
            line(3, "attempt", box="1a.x", raw="d", verdict="correct", note={}),
            line(4, "self_assessment", part="1a", points=5, text="t"),
            line(5, "hint", box="1a.x", index=1.5),
            line(6, "attempt", box=["1a.x"], raw="d", verdict="incorrect"),
            '{"seq": 7, "t": "x", "s": NaN, "event": "attempt", "box": "1a.x", "raw": "a",'
            ' "verdict": "incorrect", "note": "incorrect"}',
            '{"seq": 8, "s": 1e999, "event": "attempt", "box": "1a.x", "raw": "b",'
            ' "verdict": "incorrect", "note": "incorrect"}',
            '{"seq": 9, "s": ' + "9" * 400 + ', "event": "attempt", "box": "1a.x", "raw": "c",'
            ' "verdict": "incorrect", "note": "incorrect"}',
            '{"seq": 10, "s": 10.0, "event": "attempt", "box": "1a.x", "raw": "\\ud800 lone",'
            ' "verdict": "incorrect", "note": "incorrect", "feedback": "\\udfff"}',
            '{"seq": 11, "event": "attempt", "box": "1a.x\\ud800", "raw": "e", "verdict": "correct"}',
            '{"seq": 12, "event": "attempt", "box": "1a.x", "raw": "f", "verdict": "incorrect",'
            ' "note": ' + deep + "}",
            '{"seq": 13, "event": "hint", "box": "1a.x", "index": 1, "x": ' + deep + "}",
            line(14, "attempt", box="1a.x", raw="g", verdict="correct", note="correct", ms=-3),
            line(15, "attempt", box="1a.x", raw="1/d", verdict="correct", note="correct", ms=2.5),
            line(16, "session_end"),
        ],
    )


def test_wrong_types_and_hostile_numbers_skip_the_event_not_the_report(tmp_path, capsys):
    path = malformed_log(tmp_path / "20250201T100000.000Z-bbbbbbbb.jsonl")
    code, out, err = run_cli(["review", str(path), "--json"], capsys)
    assert code == 0, err
    data = json.loads(out)  # no NaN, no Infinity: strict JSON
    json.loads(out, parse_constant=lambda name: pytest.fail(f"{name} in the JSON"))
    box = data["boxes"]["1a.x"]
    # kept: the three with unreadable times (s: NaN, 1e999, 400 digits), the lone surrogate,
    # the hint whose unknown field is nested too deep?, no: that line does not decode at all
    assert box["attempts"] == 5 and box["correct"] == 1 and box["incorrect"] == 4
    warnings = "\n".join(data["warnings"])
    for reason in (
        "line 2: attempt event skipped: its 'verdict' is a list",
        "line 3: attempt event skipped: its 'note' is an object",
        "line 4: self_assessment event skipped: its 'points' is a number",
        "line 5: hint event skipped: its 'index' is a number",
        "line 6: attempt event skipped: its 'box' is a list",
        "line 11: attempt event skipped: its 'box' is a text",
        "line 12: corrupt line skipped",
        "line 13: corrupt line skipped",
        "line 14: attempt event skipped: its 'ms' is a number",
        "3 events whose seconds since start (s) do not read",
        "1 event whose wall-clock time (t) is not a date and time that exists",
        "1 event without a wall-clock time (t): they add no active time",
    ):
        assert reason in warnings, reason
    # the text report and both exports read it too
    code, out, err = run_cli(["review", str(path)], capsys)
    assert code == 0 and '"\\ud800 lone" -> incorrect' in out and terminal_safe(out)
    for fmt in ("md", "tex"):
        code, out, err = run_cli(["export", str(path), "--format", fmt], capsys)
        assert code == 0 and terminal_safe(out)


def test_a_line_longer_than_the_bound_is_skipped_unread(tmp_path, capsys):
    from tutor.sessions.logreader import MAX_LINE_BYTES

    path = tmp_path / "20250201T100000.000Z-cccccccc.jsonl"
    huge = line(2, "attempt", box="1a.x", raw="x" * (MAX_LINE_BYTES + 10), verdict="correct")
    write(path, [line(1, "session_start"), huge, line(3, "hint", box="1a.x", index=1)])
    code, out, err = run_cli(["review", str(path), "--json"], capsys)
    assert code == 0 and "line 2: a line longer than 1,048,576 bytes skipped" in err
    assert json.loads(out)["boxes"]["1a.x"]["hints"] == 1


def test_a_long_field_is_kept_cut_and_the_marker_counts_all_of_it(tmp_path):
    from tutor.sessions.logformat import TEXT_LIMIT
    from tutor.sessions.logreader import read_session

    path = write(
        tmp_path / "s.jsonl",
        [
            line(1, "session_start", mystery=[1] * 1000, other="y" * 5000),
            line(2, "attempt", box="1a.x", raw="x" * 900_000, verdict="incorrect"),
        ],
    )
    start, attempt = read_session(path).events
    assert len(attempt.data["raw"]) == TEXT_LIMIT
    from tutor.textsafe import visible

    assert visible(attempt.data["raw"], 10).endswith("(899,990 more characters)")
    # undeclared fields: only short scalars are kept
    assert "mystery" not in start.data and len(start.data["other"]) <= 100


# ---------------------------------------------------------------------------
# Counting


def test_a_repeated_seq_counts_once_and_events_after_the_end_are_ignored(tmp_path, capsys):
    attempt = line(2, "attempt", box="1a.x", raw="1", verdict="incorrect", note="incorrect")
    path = write(
        tmp_path / "20250201T100000.000Z-dddddddd.jsonl",
        [
            line(1, "session_start"),
            attempt,
            attempt,  # the same event twice (a log concatenated with itself, or edited)
            line(3, "attempt", box="1a.x", raw="d", verdict="correct", note="correct"),
            line(4, "session_end"),
            line(5, "attempt", box="1a.x", raw="d", verdict="correct", note="correct"),
            line(6, "hint", box="1a.x", index=1),
        ],
    )
    code, out, err = run_cli(["review", str(path), "--json"], capsys)
    box = json.loads(out)["boxes"]["1a.x"]
    assert box["attempts"] == 2 and box["hints"] == 0
    assert "1 event skipped whose seq is not above the event before" in err
    assert "2 events after session_end ignored" in err


def test_a_negative_time_is_no_time_and_never_shown_negative(tmp_path, capsys):
    def at(seq: int, s: float, **fields) -> str:
        # the wall clock moves 10 s an event: a gap by s counts as far as t confirms it
        t = f"2025-02-01T10:00:{10 * seq:02d}.000000Z"
        return json.dumps({"seq": seq, "t": t, "s": s, **fields})

    path = write(
        tmp_path / "20250201T100000.000Z-eeeeeeee.jsonl",
        [
            at(1, 0.0, event="session_start"),
            at(2, 10.0, event="part_opened", part="3b"),
            at(3, -7100.0, event="attempt", box="3b.x", raw="1", verdict="incorrect"),
            at(4, 20.0, event="attempt", box="3b.x", raw="2", verdict="correct"),
        ],
    )
    code, out, err = run_cli(["review", str(path)], capsys)
    assert code == 0 and "+-" not in out and "-1:58:20" not in out
    assert "active time 0:20" in out
    code, out, err = run_cli(["review", str(path), "--json"], capsys)
    tl = json.loads(out)["timeline"]
    assert tl["seconds"] == 20.0 and all(e["at"] >= 0 for e in tl["events"])


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_named_on_the_command_line_is_refused_not_waited_on(tmp_path):
    fifo = tmp_path / "20250201T100000.000Z-ffffffff.jsonl"
    os.mkfifo(fifo)
    for command in ("review", "export"):
        r = hw3(command, str(fifo), timeout=30)  # a hang fails here
        assert r.returncode == 2 and "not a regular file" in r.stderr, r.stderr
        assert "Traceback" not in r.stderr
    # inside a directory it is not a session file at all
    write(tmp_path / "20250201T090000.000Z-aaaaaaaa.jsonl", [line(1, "session_start")])
    r = hw3("review", str(tmp_path), "--json", timeout=30)
    assert r.returncode == 0 and json.loads(r.stdout)["sessions"] == 1


# ---------------------------------------------------------------------------
# Memory: sessions stream by, and what is kept is bounded


def tiny_events(path: Path, count: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        f.write(line(1, "session_start") + "\n")
        for seq in range(2, count + 1):
            if seq % 2:
                f.write(line(seq, "hint", box=f"{seq % 7}a.x", index=1) + "\n")
            else:
                f.write(line(seq, "part_opened", part=f"{seq % 7}a") + "\n")
    return path


def peak_memory(argv: list[str], capsys) -> int:
    import tracemalloc

    tracemalloc.start()
    try:
        code, out, err = run_cli(argv, capsys)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert code == 0, err
    return peak


def test_memory_does_not_grow_with_the_size_of_a_log(tmp_path, capsys, monkeypatch):
    import tutor.sessions.timeline as timeline
    import tutor.sessions.trace as trace
    from tutor.paths import packaged_content_dir
    from tutor.variants import engine

    monkeypatch.setattr(timeline, "TIMELINE_LIMIT", 200)
    monkeypatch.setattr(trace, "ITEM_LIMIT", 200)
    # the shipped content is loaded before memory is traced (each command loads it, the same
    # each time): the peaks are what reading the log adds, a smaller base for the comparison;
    # loading it seven times under tracemalloc was most of this test's time
    loaded, load = shipped_content.handout(), engine.load

    def load_once(directory, *args, **kwargs):
        if Path(directory) == packaged_content_dir() and not (args or kwargs):
            return loaded
        return load(directory, *args, **kwargs)

    monkeypatch.setattr(engine, "load", load_once)
    small = tiny_events(tmp_path / "small" / "20250201T100000.000Z-11111111.jsonl", 3_000)
    big = tiny_events(tmp_path / "big" / "20250201T100000.000Z-22222222.jsonl", 12_000)
    for argv in (["review", "{}", "--json"], ["review", "{}", "--class"], ["export", "{}"]):
        peaks = [peak_memory([a.replace("{}", str(p)) for a in argv], capsys) for p in (small, big)]
        # four times the events: the peak stays put (reading holds one line at a time)
        assert peaks[1] < peaks[0] * 1.3 + 200_000, (argv, peaks)
    # the timeline says what it left out
    code, out, _ = run_cli(["review", str(big)], capsys)
    assert "… and 11,800 more events, not listed" in out


# ---------------------------------------------------------------------------
# Export: log text is text, never Markdown


def test_export_markdown_cannot_be_forged_from_a_log(tmp_path, capsys):
    forged = (
        "ok <script>alert(1)</script> <img src=x onerror=alert(1)>\n"
        "# Fake heading\n"
        "## Part 9z\n"
        "- **9z.box**: `42` — *correct*\n"
        "[link](javascript:alert(1))"
    )
    name = "20250201T100000.000Z-<b>x<!-- [y](z).jsonl"
    path = write(
        tmp_path / name,
        [
            line(1, "session_start", schema=1),
            line(2, "part_opened", part="5a"),
            line(
                3,
                "attempt",
                box="5a.fwd",
                raw="45",
                verdict="incorrect",
                note="incorrect",
                feedback=forged,
                interpreted="45",
            ),
            line(4, "hint", box="5a.fwd", index=1, text=forged),
            line(5, "session_end"),
        ],
    )
    nowhere = str(tmp_path / "no-content")  # without the content: no titles, no hint texts
    code, out, err = run_cli(["export", str(path), "--format", "md", "--content", nowhere], capsys)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "# Session 20250201T100000.000Z-\\<b\\>x\\<!-- \\[y\\](z)"
    assert [x for x in lines if x.startswith("#")] == [lines[0], "## Part 5a"]
    # no raw HTML, no link: every < and ]( from the log is backslash-escaped
    assert not re.search(r"(?<!\\)<", out) and not re.search(r"(?<!\\)\]\(", out)
    assert not any(re.match(r"\s*- \*\*9z", x) for x in lines)  # no forged "correct" part
    assert "\\<script\\>" in out  # the feedback is shown, as text
    # the log's hint text is never used: without the content the hint has no text
    assert "Hint 1 for **5a.fwd** revealed\n" in out


def test_export_takes_a_hints_text_from_the_content_only(tmp_path):
    from tutor.sessions import latex, markdown
    from tutor.sessions.logreader import read_session
    from tutor.sessions.trace import build_trace

    class Box:
        hints = ("Walk down from layer 10.",)

    class Content:
        content_hash = "h"
        boxes = {"5a.fwd": Box()}

        def part(self, part_id):
            return None

    path = write(
        tmp_path / "s.jsonl",
        [
            line(1, "session_start"),
            line(2, "hint", box="5a.fwd", index=1, text="FORGED the answer is 20"),
            line(3, "hint", box="5a.fwd", index=2, text="FORGED too"),
        ],
    )
    trace = build_trace(read_session(path), content=Content())
    md, tex = markdown.to_markdown(trace), latex.to_latex(trace)
    assert "FORGED" not in md and "FORGED" not in tex
    assert "revealed: Walk down from layer 10." in md


# ---------------------------------------------------------------------------
# Resume: the student's own log directory


def test_resume_reads_around_anything_in_the_log_directory(tmp_path):
    from tutor.sessions.log import SessionLog
    from tutor.sessions.progress import load_progress

    log = SessionLog.start(tmp_path, "h")
    log.part_opened("5a")
    log.attempt("5a.fwd", "20", "correct", "correct", 1.0)
    log.end()
    malformed_log(tmp_path / "20200101T000000.000Z-00000000.jsonl")
    (tmp_path / "20200101T000001.000Z-11111111.jsonl").write_bytes(b"[" * 200_000)
    (tmp_path / "20200101T000002.000Z-22222222.jsonl").write_bytes(bytes(range(256)) * 64)
    (tmp_path / "20200101T000003.000Z-33333333.jsonl").mkdir()
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "20200101T000004.000Z-44444444.jsonl")
    progress = load_progress(tmp_path)
    assert progress.box("5a.fwd").solved and progress.last_part == "5a"
    assert any("corrupt line skipped" in w for w in progress.warnings)


def test_sessions_are_taken_in_the_order_they_were_started_not_by_their_clock(tmp_path):
    from datetime import datetime, timezone

    from tutor.sessions.log import Clock, SessionLog
    from tutor.sessions.progress import load_progress

    class At(Clock):
        def __init__(self, hour: int):
            self.moment = datetime(2025, 2, 1, hour, tzinfo=timezone.utc)

        def now(self) -> datetime:
            return self.moment

    first = SessionLog.start(tmp_path, "h", clock=At(10))
    first.attempt("5a.fwd", "45", "incorrect", "mistake:x", 1.0)
    first.end()
    # the clock is stepped back two hours, then the student starts over (--fresh)
    fresh = SessionLog.start(tmp_path, "h", fresh=True, clock=At(8))
    fresh.attempt("5b.mem", "2n", "correct", "correct", 1.0)
    fresh.end()
    later = SessionLog.start(tmp_path, "h", clock=At(9))
    later.attempt("5c.load", "50 ns", "correct", "correct", 1.0)
    later.end()
    progress = load_progress(tmp_path)
    # the fresh start wipes what came before it, and only that; later work is all there
    assert set(progress.boxes) == {"5b.mem", "5c.load"}
    assert progress.fresh_from == fresh.session_id
    assert any("the computer's clock was changed" in w for w in progress.warnings)
