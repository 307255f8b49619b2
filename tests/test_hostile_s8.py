"""The hostile hand-ins and logs of trial s8 (docs/session-logs.md, "Trust"): dates at the edge
of the calendar, stdout that cannot be written, clocks removed to get round the cross-check."""

from __future__ import annotations

import errno
import json
import sys
from pathlib import Path

import pytest
from class_helpers import session
from cli_helpers import run_cli

from tutor.cli.entry import main


@pytest.mark.parametrize("command", ["gradebook", "review"])
@pytest.mark.parametrize(
    "until", ["9999-12-31", "9999-12-31T23:59-12:00", "0001-01-01T00:00+14:00"]
)
def test_a_date_past_the_calendar_is_a_usage_error(tmp_path, capsys, command, until):
    logs = session(tmp_path / "logs", [("attempt", "5a.fwd", "20")], student="alice").parent
    code, _, err = run_cli([command, str(logs), "--until", until], capsys)
    assert code == 2 and f"--until: {until!r} is out of range" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


class _Full:
    """stdout on a full disk (``> /dev/full``)."""

    def write(self, data: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    def flush(self) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    def isatty(self) -> bool:
        return False


@pytest.mark.parametrize("extra", [[], ["--json"]])
@pytest.mark.parametrize("command", ["gradebook", "review"])
def test_stdout_that_cannot_be_written_is_one_line(tmp_path, capsys, monkeypatch, command, extra):
    logs = session(tmp_path / "logs", [("attempt", "5a.fwd", "20")], student="alice").parent
    if command == "gradebook" and extra:
        extra = ["--format", "json"]
    monkeypatch.setattr(sys, "stdout", _Full())
    code = main([command, str(logs), *extra])
    err = capsys.readouterr().err
    assert code == 1
    assert f"hw3-tutor {command}: cannot write to standard output: No space left" in err
    assert "Traceback" not in err


def _hours_log(path: Path, stamp) -> Path:
    """58 hints 9 min apart by ``s`` (just under the idle gap); ``stamp(i)``: each event's t
    (None: no t at all)."""
    lines = []
    for i in range(60):
        record: dict[str, object] = {"seq": i + 1, "s": 540.0 * i}
        t = stamp(i)
        if t is not None:
            record["t"] = t
        record.update({"event": "session_start"} if i == 0 else {"event": "hint"})
        if i:
            record.update({"box": "1a.x", "index": 1})
        lines.append(json.dumps(record))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _honest(i: int) -> str:
    return f"2025-02-01T{10 + (9 * i) // 60:02d}:{(9 * i) % 60:02d}:00.000000Z"


@pytest.mark.parametrize(
    ("case", "stamp", "said"),
    [
        ("frozen", lambda i: "2025-02-01T10:00:00.000000Z", "while its wall clock (t) spans 0 s"),
        ("garbage", lambda i: "garbage", "60 events whose wall-clock time (t) is not a date"),
        ("feb30", lambda i: "2025-02-30T10:00:00.000000Z", "time (t) is not a date and time"),
        ("hour25", lambda i: "2025-02-01T25:00:00.000000Z", "time (t) is not a date and time"),
        ("missing", lambda i: None, "60 events without a wall-clock time (t): they add no"),
        (
            "mixed",
            lambda i: "2025-02-01T10:00:00.000000Z" if i % 2 else None,
            "without a wall-clock time (t)",
        ),
    ],
)
def test_hours_need_both_clocks_removing_t_adds_nothing(tmp_path, case, stamp, said):
    """Trial s8, F3/F9: ``s`` alone is never believed; the warning names the field at fault
    and says what was done."""
    from tutor.sessions.activetime import Timing
    from tutor.sessions.logreader import SessionStream

    def hours(path: Path) -> tuple[float, str]:
        timing = Timing()
        with SessionStream(path) as stream:
            for event in stream:
                timing.step(event)
        return timing.active, "\n".join([*stream.warnings, timing.clock_note() or ""])

    honest, _ = hours(_hours_log(tmp_path / "honest.jsonl", _honest))
    assert honest == 59 * 540.0
    active, warnings = hours(_hours_log(tmp_path / f"{case}.jsonl", stamp))
    assert active == 0.0, warnings
    assert said in warnings
    assert "counted as no time spent" not in warnings and "(t, s)" not in warnings


def test_ids_that_look_alike_are_warned_about(tmp_path, capsys):
    """Trial s8, F5: fullwidth ｓ0100 and s0100, josé composed and decomposed."""
    for student in ("s0100", "\uff530100", "jos\u00e9", "jose\u0301"):
        session(tmp_path / "class" / student, [("attempt", "5a.fwd", "20")])
    code, out, err = run_cli(["gradebook", str(tmp_path / "class"), "--format", "json"], capsys)
    assert code == 0, err
    said = [w for w in json.loads(out)["warnings"] if "may be the same student" in w]
    assert len(said) == 2, said
    assert any("'\\uff530100'" in w and "'s0100'" in w and "look alike" in w for w in said)
    assert any("'jos\\xe9'" in w and "'jose\\u0301'" in w for w in said)


def test_times_print_as_iso_8601_with_a_four_digit_year():
    """Trial s8, F15."""
    from tutor.sessions.logformat import iso_utc, parse_time

    assert iso_utc(parse_time("0999-01-01T10:00:00Z")) == "0999-01-01T10:00:00Z"
    assert iso_utc(parse_time("0001-01-01T00:00:00+14:00")) == "0001-01-01T00:00:00+14:00"
    assert iso_utc(parse_time("2025-02-03T10:01:30.5-08:00")) == "2025-02-03T18:01:30Z"


def _zip(path: Path, members: list[tuple[str, bytes]]) -> Path:
    import warnings
    import zipfile

    path.parent.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Duplicate name": the point
        with zipfile.ZipFile(path, "w") as zf:
            for name, data in members:
                zf.writestr(name, data)
    return path


def _manifest(student: str, sessions: list[dict], **extra) -> bytes:
    return json.dumps(
        {
            "format": "hw3-tutor-handin",
            "format_version": 1,
            "student": student,
            "sessions": sessions,
            **extra,
        }
    ).encode()


def test_duplicate_members_and_bad_checksums_are_said(tmp_path):
    """Trial s8, F6, F14, F16: two members of one name are neither read; a sha256 missing or
    of the wrong shape is said; a huge format_version is not printed whole."""
    from tutor.sessions.handinreader import HandinError, open_handin

    log = session(tmp_path / "logs", [("attempt", "5a.fwd", "20")], student="s9001")
    data = log.read_bytes()
    a, b = f"sessions/{log.name}", "sessions/20250201T100000.000Z-bbbbbbbb.jsonl"
    c = "sessions/20250201T110000.000Z-cccccccc.jsonl"
    entries = [{"file": a, "sha256": "0" * 69}, {"file": b}, {"file": c, "sha256": 5}]
    up = _zip(
        tmp_path / "hw3-handin-s9001.zip",
        [
            ("manifest.json", _manifest("s9001", entries, format_version=10**300)),
            (a, data),
            (b, data),
            (b, data + b"\n"),
            (c, data),
        ],
    )
    handin = open_handin(up)
    said = "\n".join(handin.warnings)
    assert f"holds 2 members named {b}" in said and "none of them is read" in said
    assert [m.name for m in handin.members] == sorted([a, c])
    assert f"the manifest gives {a} a sha256 that is not 64 hex digits" in said
    assert f"the manifest gives {c} a sha256 that is not 64 hex digits" in said
    assert "hand-in format 100000… (301 digits)" in said
    two = _zip(
        tmp_path / "two" / "hw3-handin-s9001.zip",
        [("manifest.json", _manifest("s9001", [])), ("manifest.json", _manifest("s9099", []))],
    )
    with pytest.raises(HandinError, match="2 members named manifest.json"):
        open_handin(two)
    missing = _zip(
        tmp_path / "miss" / "hw3-handin-s9001.zip",
        [("manifest.json", _manifest("s9001", [{"file": a}])), (a, data)],
    )
    assert f"the manifest gives {a} no sha256" in "\n".join(open_handin(missing).warnings)


def test_an_unreadable_hand_in_is_said_once():
    from tutor.sessions.sources import _broken_reason

    why = "/x/h.zip cannot be read as a hand-in ([Errno 13] Permission denied: '/x/h.zip')"
    assert _broken_reason(Path("/x/h.zip"), why) == "[Errno 13] Permission denied: '/x/h.zip'"


def test_a_huge_number_refuses_its_field_not_the_line_and_corrupt_lines_say_why(tmp_path):
    """Trial s8, F8: a number over Python's 4,300 digits only costs its field."""
    from tutor.sessions.logreader import SessionStream

    huge = "9" * 5001
    t = '"t": "2025-02-01T10:00:0{}.000000Z"'
    lines = [
        '{"seq": 1, ' + t.format(1) + ', "s": 1.0, "event": "session_start"}',
        '{"seq": 2, ' + t.format(2) + ', "s": 2.0, "event": "hint", "box": "1a.x", "index": 1,'
        ' "junk": ' + huge + "}",
        '{"seq": 3, ' + t.format(3) + ', "s": ' + huge + ', "event": "hint", "box": "1a.x",'
        ' "index": 1}',
        '{"seq": 4, "event": "hint", "box": "1a.x", "index": ' + huge + "}",
        '{"seq": "5", "event": "hint", "box": "1a.x", "index": 1}',
        '{"seq": 6, "event": 123}',
        '{"seq": ' + huge + ', "event": "hint"}',
        "[[[[" * 30000,
        '{"seq": 9, "event": "hint", "box": "1a.x", "index": 1} trailing',
    ]
    path = tmp_path / "20250201T100000.000Z-aaaaaaaa.jsonl"
    path.write_bytes(("\n".join(lines) + "\n").encode() + b'{"seq": 10, "x": "\xff"}\n')
    with SessionStream(path) as stream:
        events = list(stream)
    said = "\n".join(stream.warnings)
    assert [e.seq for e in events] == [1, 2, 3]
    assert "junk" not in events[1].data and events[2].elapsed is None
    assert "line 4: hint event skipped: its 'index' is a number too long to read" in said
    assert "line 5: corrupt line skipped: its 'seq' is a text, not a whole number" in said
    assert "line 6: corrupt line skipped: its 'event' is a number, not an event's name" in said
    assert "line 7: corrupt line skipped: its 'seq' is a number too long to read" in said
    assert "line 8: corrupt line skipped: " in said
    assert "line 9: corrupt line skipped: text after the event" in said
    assert "line 10: corrupt line skipped: not UTF-8" in said
    assert "1 event whose seconds since start (s) do not read" in said


def test_members_past_the_bound_on_bytes_are_named(tmp_path, monkeypatch):
    """Trial s8, F7."""
    from tutor.sessions import handinreader

    log = session(tmp_path / "logs", [("attempt", "5a.fwd", "20")], student="s9001")
    data = log.read_bytes()
    names = [f"sessions/2025020{i}T100000.000Z-0000000{i}.jsonl" for i in range(1, 5)]
    up = _zip(
        tmp_path / "hw3-handin-s9001.zip",
        [("manifest.json", _manifest("s9001", []))] + [(n, data) for n in names],
    )
    monkeypatch.setattr(handinreader, "MAX_TOTAL_BYTES", 2 * len(data))
    said = "\n".join(handinreader.open_handin(up).warnings)
    assert f"2 sessions not read because of that bound (not damaged): {names[2]}, {names[3]}" in (
        said
    )


def test_a_symlinked_folder_is_followed_once_and_empty_files_are_few_lines(tmp_path, capsys):
    """Trial s8, F10 and F11."""
    real = session(tmp_path / "real" / "s0001", [("attempt", "5a.fwd", "20")], student="s0001")
    top = tmp_path / "all"
    top.mkdir()
    (top / "section1").symlink_to(real.parent.parent, target_is_directory=True)
    (top / "section1" / "loop").symlink_to(top, target_is_directory=True)  # a loop
    for i in range(30):
        (real.parent / f"2025020{i % 9}T10000{i % 10}.000Z-e{i:07d}.jsonl").write_bytes(b"")
    code, out, err = run_cli(["gradebook", str(top)], capsys)
    assert code == 0, err
    assert "s0001," in out
    assert err.count("it is empty, skipped") == 20
    assert "… and 10 more empty session files skipped" in err
    assert "from 0 hand-ins and 1 session file" in err


def test_handin_says_when_it_replaces_another_students_hand_in(tmp_path, capsys, monkeypatch):
    """Trial s8, F13."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "home" / "c"))
    logs = session(tmp_path / "logs", [("attempt", "5a.fwd", "20")], student="s0003").parent
    out = tmp_path / "hw3-handin-s0001.zip"
    argv = ["handin", "--log-dir", str(logs), "-o", str(out)]
    assert run_cli([*argv, "--student", "s0001"], capsys)[0] == 0
    code, stdout, err = run_cli([*argv, "--student", "s0003"], capsys)
    assert code == 0 and "Replaced" in stdout
    assert "it is a hand-in of student s0001, replaced by s0003's" in err
    code, stdout, err = run_cli([*argv, "--student", "s0003"], capsys)
    assert "it is a hand-in of student" not in err


def test_long_ids_are_cut_in_the_review_tables_and_an_xlsx_is_refused(tmp_path, capsys):
    """Trial s8, F16: a 100-character part and box id keep their rows' columns."""
    from tutor.sessions.reviewtext import _cell

    assert _cell("Z" * 100, 18) == "Z" * 16 + "… " and len(_cell("1a", 8)) == 8
    logs = session(tmp_path / "logs", [("attempt", "5a.fwd", "20")], student="alice").parent
    for out, fmt in (("x.xlsx", []), ("x.json", ["--format", "csv"])):
        code, _, err = run_cli(["gradebook", str(logs), "-o", str(tmp_path / out), *fmt], capsys)
        assert code == 2 and "name it .csv (or choose --format)" in err
        assert not (tmp_path / out).exists()
    code, _, err = run_cli(["gradebook", str(logs), "-o", str(tmp_path / "x.txt")], capsys)
    assert code == 0, err


def test_ids_a_spreadsheet_would_change_are_kept_and_said(tmp_path, capsys):
    """Trial s8, F12: written as they are (Canvas matches ids exactly), with a warning."""
    for student in ("0012", "1e5", "2025-02-03", "s0001"):
        session(tmp_path / "class" / student, [("attempt", "5a.fwd", "20")], student=student)
    code, out, err = run_cli(["gradebook", str(tmp_path / "class")], capsys)
    assert code == 0, err
    assert {line.split(",")[0] for line in out.splitlines()[1:]} == {
        "0012",
        "1e5",
        "2025-02-03",
        "s0001",
    }
    assert "3 student ids would be read as a number, date or time by a spreadsheet" in err
    assert "(0012, 1e5, 2025-02-03)" in err and "as Text" in err
