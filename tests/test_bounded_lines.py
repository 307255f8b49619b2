"""A small log or hand-in ties nothing up: lines are bounded per session and per hand-in (a
newline compresses about 1000:1), blank lines are skipped cheaply, and a hand-in member that
lies about its size is not read past what the archive says it holds."""

from __future__ import annotations

import json
import struct
import time
import zipfile
from pathlib import Path

from class_helpers import session
from cli_helpers import run_cli

from tutor.sessions import logreader
from tutor.sessions.handinreader import open_handin, open_member


def handin(path: Path, members: dict[str, bytes], student: str = "liar") -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(
            "manifest.json",
            json.dumps({"format": "hw3-tutor-handin", "format_version": 1, "student": student}),
        )
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def header_of(tmp_path: Path, student: str) -> bytes:
    log = session(tmp_path / f"src-{student}", [("attempt", "5a.fwd", "20")], student=student)
    return log.read_bytes()


def test_a_log_of_blank_lines_is_read_in_moments_and_the_cut_is_said(tmp_path, capsys):
    log = session(tmp_path / "logs", [("attempt", "5a.fwd", "20")], student="alice")
    head, rest = log.read_bytes().split(b"\n", 1)
    log.write_bytes(head + b"\n" + b"\n" * 4_000_000 + rest)  # 4 MB of blank lines
    began = time.monotonic()
    code, out, err = run_cli(["review", str(tmp_path / "logs")], capsys)
    elapsed = time.monotonic() - began
    assert code == 0, err
    assert f"{log}: more than {logreader.MAX_LINES:,} lines" in err
    assert "the rest is not read" in err
    assert elapsed < 10, elapsed  # was 30 s and more


def test_a_handin_member_lying_about_its_size_is_not_read_past_it(tmp_path, capsys):
    data = header_of(tmp_path, "carol").split(b"\n", 1)[0] + b"\n" + b"\n" * 20_000_000
    path = handin(tmp_path / "hw3-handin-liar.zip", {"sessions/s1.jsonl": data})
    raw = bytearray(path.read_bytes())
    # the archive says the member holds 500 bytes (local header and central directory)
    local = raw.index(b"PK\x03\x04sessions"[:4], raw.index(b"sessions/s1.jsonl") - 30 - 4)
    struct.pack_into("<I", raw, local + 22, 500)
    central = raw.index(b"PK\x01\x02")
    while raw[central + 46 : central + 46 + 17] != b"sessions/s1.jsonl":
        central = raw.index(b"PK\x01\x02", central + 4)
    struct.pack_into("<I", raw, central + 24, 500)
    path.write_bytes(bytes(raw))
    hand = open_handin(path)
    began = time.monotonic()
    with open_member(hand, hand.members[0]) as stream:
        events = list(stream)
    assert time.monotonic() - began < 2
    assert [e.type for e in events] == ["session_start"]
    assert any("damaged" in w for w in stream.warnings)


def test_lines_are_bounded_per_session_and_per_handin(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(logreader, "MAX_LINES", 5_000)
    monkeypatch.setattr(logreader, "MAX_HANDIN_LINES", 12_000)
    members = {}
    for i in range(5):  # each: a header, then 4,000 blank lines, then its attempt
        head, rest = header_of(tmp_path, f"s{i}").split(b"\n", 1)
        members[f"sessions/2025020{i + 1}T100000.000Z-0000000{i}.jsonl"] = (
            head.replace(f'"student":"s{i}"'.encode(), b'"student":"liar"')
            + b"\n"
            + b"\n" * 4_000
            + rest
        )
    path = handin(tmp_path / "hw3-handin-liar.zip", members)
    code, out, err = run_cli(["gradebook", str(path), "-o", "-"], capsys)
    assert code == 0, err
    assert f"{path}: its sessions hold more than 12,000 lines in all" in err
    assert "the rest of the hand-in is not read" in err
    assert "liar," in out  # still a row: what was read counts
    # the members the bound left unread are said as such, never as damaged (trial s8, F7)
    assert "0000004.jsonl: not read, the hand-in's bound on lines being reached" in err
    assert "nothing in it reads as a session event" not in err


def test_the_per_line_path_skips_blank_lines_without_decoding_them(tmp_path):
    log = tmp_path / "blank.jsonl"
    log.write_bytes(b"\n" * 50_000 + b"   \n" * 10)
    with logreader.SessionStream(log) as stream:
        assert list(stream) == []
    assert not any("corrupt" in w for w in stream.warnings)
