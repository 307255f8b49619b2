"""hw3-tutor handin: one file with all of a student's sessions; reading hand-ins as untrusted."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest
from class_helpers import CONTENT, session
from cli_helpers import run_cli
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.sessions import handinreader
from tutor.sessions.handin import HandinError
from tutor.sessions.handinreader import open_handin, read_member


@pytest.fixture
def config(tmp_path, monkeypatch):
    folder = tmp_path / "config"
    monkeypatch.setenv("HW3_TUTOR_CONFIG_DIR", str(folder))
    return folder


def two_sessions(logs: Path, student: str | None = "alice") -> list[Path]:
    return [
        session(logs, [("attempt", "5a.fwd", "45")], student=student),
        session(logs, [("attempt", "5a.fwd", "20")], student=student),
    ]


def test_handin_writes_one_file_with_every_session_and_says_where(tmp_path, capsys, config):
    logs = tmp_path / "logs"
    files = two_sessions(logs)
    out = tmp_path / "up" / "mine.zip"
    # -o's folder is never created, as for every command's -o (trial s8, F13)
    code, stdout, err = run_cli(
        ["handin", "--student", "alice", "--log-dir", str(logs), "-o", str(out)], capsys
    )
    assert code == 2 and "does not exist; create it first" in err and not out.parent.exists()
    out.parent.mkdir()
    code, stdout, err = run_cli(
        ["handin", "--student", "alice", "--log-dir", str(logs), "-o", str(out)], capsys
    )
    assert code == 0, err
    assert f"Wrote {out.resolve()}: 2 sessions" in stdout and "Upload this file" in stdout
    with zipfile.ZipFile(out) as zf:
        names = sorted(zf.namelist())
        assert names == ["manifest.json"] + sorted(f"sessions/{f.name}" for f in files)
        manifest = json.loads(zf.read("manifest.json"))
        for f in files:  # the logs byte for byte
            assert zf.read(f"sessions/{f.name}") == f.read_bytes()
    assert manifest["format"] == "hw3-tutor-handin" and manifest["format_version"] == 1
    assert manifest["student"] == "alice"
    assert manifest["content_hash"] == CONTENT.content_hash
    entry = next(e for e in manifest["sessions"] if e["id"] == files[0].stem)
    assert entry["sha256"] == hashlib.sha256(files[0].read_bytes()).hexdigest()
    assert entry["events"] == 3 and entry["student"] == "alice"
    assert entry["file"] == f"sessions/{files[0].name}"


def test_the_default_name_holds_the_id_from_student_toml(tmp_path, capsys, config, monkeypatch):
    config.mkdir()
    (config / "student.toml").write_text('id = "bob"\n')
    logs = tmp_path / "logs"
    two_sessions(logs, student="bob")
    monkeypatch.chdir(tmp_path)
    code, stdout, _ = run_cli(["handin", "--log-dir", str(logs)], capsys)
    assert code == 0 and (tmp_path / "hw3-handin-bob.zip").is_file()
    code, stdout, _ = run_cli(["handin", "--log-dir", str(logs)], capsys)
    assert code == 0 and stdout.startswith("Replaced ")


def test_no_id_no_sessions_and_other_students_sessions_are_explained(tmp_path, capsys, config):
    logs = tmp_path / "logs"
    code, _, err = run_cli(["handin", "--log-dir", str(logs)], capsys)
    assert code == 2 and "no student id" in err and "student.toml" in err
    code, _, err = run_cli(["handin", "--student", "alice", "--log-dir", str(logs)], capsys)
    assert code == 1 and "no sessions to hand in" in err
    two_sessions(logs)
    session(logs, [("attempt", "5a.fwd", "20")], student="carol")
    out = tmp_path / "h.zip"
    code, _, err = run_cli(
        ["handin", "--student", "alice", "--log-dir", str(logs), "-o", str(out)], capsys
    )
    assert code == 0 and "logged by student carol, not alice" in err
    assert len(open_handin(out).members) == 3


def make_zip(path: Path, members: dict[str, bytes], manifest: dict | bytes | None) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        if manifest is not None:
            body = manifest if isinstance(manifest, bytes) else json.dumps(manifest).encode()
            zf.writestr("manifest.json", body)
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def test_reading_a_handin_checks_everything_it_says(tmp_path):
    log = session(tmp_path / "logs", [("attempt", "5a.fwd", "20")], student="alice")
    data = log.read_bytes()
    manifest = {
        "format": "hw3-tutor-handin",
        "format_version": 1,
        "student": "alice",
        "sessions": [
            {"file": f"sessions/{log.name}", "sha256": hashlib.sha256(b"other").hexdigest()},
            {"file": "sessions/missing.jsonl"},
        ],
    }
    zpath = make_zip(
        tmp_path / "h.zip",
        {
            f"sessions/{log.name}": data,
            "../../etc/evil.jsonl": b"{}",
            "sessions/extra.jsonl": data,
            "notes.txt": b"hello",
        },
        manifest,
    )
    h = open_handin(zpath)
    assert h.student == "alice"
    assert [m.name for m in h.members] == [f"sessions/{log.name}", "sessions/extra.jsonl"]
    text = "\n".join(h.warnings)
    assert "'../../etc/evil.jsonl' is not a session log; ignored" in text
    assert "'notes.txt' is not a session log" in text
    assert "sessions/extra.jsonl is not listed in the manifest" in text
    assert "lists 'sessions/missing.jsonl', which is missing" in text
    got, warnings = read_member(h, h.members[0])
    assert got is not None and got.student == "alice" and len(got.events) == 3
    assert "checksum differs from the manifest's" in warnings[0]


@pytest.mark.parametrize(
    ("members", "manifest", "says"),
    [
        ({}, None, r"not a hand-in \(no manifest\.json\)"),
        ({}, b"\xff not json", "is not JSON"),
        ({}, {"format": "something-else"}, "is not a hw3-tutor hand-in's"),
    ],
)
def test_a_zip_that_is_not_a_handin_is_refused(tmp_path, members, manifest, says):
    zpath = make_zip(tmp_path / "x.zip", members, manifest)
    with pytest.raises(HandinError, match=says):
        open_handin(zpath)
    bad = tmp_path / "broken.zip"
    bad.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(HandinError, match="cannot be read as a hand-in"):
        open_handin(bad)


def test_sizes_are_bounded_before_anything_is_decompressed(tmp_path, monkeypatch):
    log = session(tmp_path / "logs", [("attempt", "5a.fwd", "20")], student="alice")
    manifest = {"format": "hw3-tutor-handin", "student": "alice", "sessions": []}
    zpath = make_zip(tmp_path / "h.zip", {f"sessions/{log.name}": log.read_bytes()}, manifest)
    monkeypatch.setattr(handinreader, "MAX_SESSION_BYTES", 100)
    h = open_handin(zpath)
    assert h.members == () and "is larger than 100 bytes; skipped" in h.warnings[-1]
    monkeypatch.setattr(handinreader, "MAX_MEMBERS", 0)
    with pytest.raises(HandinError, match="a hand-in has at most 0"):
        open_handin(zpath)


@pytest.mark.parametrize("chunk", [7, 1 << 16])
def test_a_member_reads_as_the_same_log_read_from_a_file(tmp_path, monkeypatch, chunk):
    """A hand-in's member goes through the session log's own checking reader, line by line as
    it is decompressed: the same events and the same warnings as the file itself."""
    from tutor.sessions import logreader
    from tutor.sessions.logreader import read_session

    monkeypatch.setattr(logreader, "MAX_LINE_BYTES", 300)
    monkeypatch.setattr(handinreader, "CHUNK", chunk)  # lines split across chunks, or not
    path = tmp_path / "logs" / "20250203T170000.000Z-0000aaaa.jsonl"
    path.parent.mkdir()
    lines = [
        '{"seq": 1, "t": "2025-02-03T17:00:00Z", "s": 0, "event": "session_start",'
        ' "student": "alice"}',
        '{"seq": 2, "s": 1, "event": "attempt", "box": "5a.fwd", "raw": "20",'
        ' "verdict": "correct"}',
        "not json at all",
        '{"seq": 3, "s": 2, "event": "attempt", "box": "5a.fwd", "raw": "4",'
        ' "verdict": ["correct"]}',
        '{"seq": 4, "s": 3, "event": "reflection", "prompt": "6c.hours", "text": "'
        + "x" * 400
        + '"}',
        '{"seq": 5, "s": 4, "event": "hint", "box": "5a.fwd", "index": 1}',
        '{"seq": 6, "s": 5, "event": "hi',
    ]
    path.write_bytes("\n".join(lines).encode())
    zpath = make_zip(
        tmp_path / "h.zip",
        {f"sessions/{path.name}": path.read_bytes()},
        {"format": "hw3-tutor-handin", "student": "alice", "sessions": []},
    )
    got, warnings = read_member(open_handin(zpath), open_handin(zpath).members[0])
    want = read_session(path)
    assert got is not None
    assert [(e.seq, e.type, e.data) for e in got.events] == [
        (e.seq, e.type, e.data) for e in want.events
    ]
    assert [e.seq for e in got.events] == [1, 2, 5]
    label = str(zpath / "sessions" / path.name)
    assert [w.replace(label, "LOG") for w in warnings] == [
        w.replace(str(path), "LOG") for w in want.warnings
    ]
    assert any("a line longer than 300 bytes skipped" in w for w in warnings)
    assert any("torn last line skipped" in w for w in warnings)


def test_a_session_file_with_any_name_is_handed_in_under_a_name_the_reader_takes(
    tmp_path, capsys, config
):
    """The trial: 'my session (copy).jsonl' was packed as it was, and the gradebook then
    ignored it ("is not a session log") and the student lost its marks. One rule for the
    names (``tutor.sessions.handin.is_member_name``): what does not keep to it is stored
    under a safe name, and the hand-in says so."""
    logs = tmp_path / "logs"
    plain, other = two_sessions(logs)
    third = session(logs, [("attempt", "1a.constant", "1")], student="alice")
    odd = {
        plain: logs / "my session (copy).jsonl",
        other: logs / "a b.jsonl",
        third: logs / "a-b.jsonl",  # the safe form of 'a b.jsonl': the second is numbered
    }
    for old, new in odd.items():
        old.rename(new)
    out = tmp_path / "h.zip"
    code, stdout, err = run_cli(
        ["handin", "--student", "alice", "--log-dir", str(logs), "-o", str(out)], capsys
    )
    assert code == 0 and ": 3 sessions" in stdout, err
    assert "'my session (copy).jsonl' is stored as sessions/my-session-copy.jsonl" in err
    assert "'a b.jsonl' is stored as sessions/a-b-2.jsonl" in err
    with zipfile.ZipFile(out) as zf:
        names = sorted(zf.namelist())
        manifest = json.loads(zf.read("manifest.json"))
        for path in odd.values():  # byte for byte, whatever the name
            entry = next(
                e
                for e in manifest["sessions"]
                if e.get("log_file", "") == path.name or e["file"] == f"sessions/{path.name}"
            )
            assert zf.read(entry["file"]) == path.read_bytes()
    assert names == [
        "manifest.json",
        "sessions/a-b-2.jsonl",
        "sessions/a-b.jsonl",
        "sessions/my-session-copy.jsonl",
    ]
    handin = open_handin(out)
    assert handin.warnings == () and len(handin.members) == 3  # the reader takes them all
    code, stdout, err = run_cli(["gradebook", "--format", "json", str(out)], capsys)
    assert code == 0 and "not a session log" not in err, err
    row = json.loads(stdout)["students"][0]
    assert row["sessions"] == 3 and row["boxes"]["5a.fwd"] == "correct"


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=0, max_size=300))
def test_every_safe_name_is_one_the_reader_takes(stem):
    from tutor.sessions.handin import is_member_name, member_name

    name = member_name(stem + ".jsonl")
    assert is_member_name(name) and name.endswith(".jsonl")
    assert member_name(name) == name  # a safe name stays as it is


def test_handin_names_the_unsent_drafts_it_does_not_hold(tmp_path, capsys, config):
    """A draft is not in the log, so not in the hand-in: handin said nothing of an explanation
    kept as a draft, and the student uploaded without it."""
    from tutor.sessions.drafts import EXPLANATION, write_drafts
    from tutor.sessions.logformat import HANDOUT_KEY

    logs = tmp_path / "logs"
    two_sessions(logs)
    write_drafts(logs, {(EXPLANATION, "3c"): "the bounds chain", (HANDOUT_KEY, "5a.fwd"): "2"})
    out = tmp_path / "mine.zip"
    code, _, err = run_cli(
        ["handin", "--student", "alice", "--log-dir", str(logs), "-o", str(out)], capsys
    )
    assert code == 0, err
    assert "2 unsent drafts are not in it" in err
    assert "the explanation of 3c" in err and "5a, “fwd operations”" in err
    assert "5a.fwd" not in err  # trial tui2 F11: the box as the student sees it, not its id


def test_handin_without_drafts_says_nothing_of_them(tmp_path, capsys, config):
    logs = tmp_path / "logs"
    two_sessions(logs)
    code, _, err = run_cli(
        ["handin", "--student", "alice", "--log-dir", str(logs), "-o", str(tmp_path / "m.zip")],
        capsys,
    )
    assert code == 0 and "unsent" not in err


def test_handin_names_the_variant_of_an_unsent_draft(tmp_path, capsys, config):
    """handin warned of "box 5c.derive" typed in practice variant seed 1: the student opened
    5c at the handout's numbers and could not find it."""
    from tutor.sessions.drafts import write_drafts

    logs = tmp_path / "logs"
    two_sessions(logs)
    write_drafts(logs, {("seed:1", "5c.derive"): "t = 12"})
    out = tmp_path / "mine.zip"
    code, _, err = run_cli(
        ["handin", "--student", "alice", "--log-dir", str(logs), "-o", str(out)], capsys
    )
    assert code == 0, err
    assert "5c, “Working: set the two backward-pass time…” (in practice variant seed 1)" in err
    # and how to get back to it: F9 never draws seed 1 again, F8 leads to the handout
    assert "Ctrl+P, then “5c: practice variant seed 1 (unsent draft)”" in err


@pytest.mark.parametrize("command", ["handin", "gradebook"])
def test_an_output_ending_in_a_slash_is_a_folder(tmp_path, capsys, config, command):
    """Trial tui2 F9: `handin -o /missing/dir/` wrote a zip named `dir`, and said "Wrote
    /missing/dir". A path ending in / names a folder: a missing one is refused; an existing one
    gets the hand-in inside it."""
    logs = tmp_path / "logs"
    two_sessions(logs)
    base = ["handin", "--student", "alice"] if command == "handin" else ["gradebook", str(logs)]
    base += ["--log-dir", str(logs)] if command == "handin" else []
    for missing in (tmp_path / "nope" / "dir", tmp_path / "dir"):
        code, _, err = run_cli([*base, "-o", f"{missing}/"], capsys)
        assert code == 2, err
        assert "does not exist; create it first" in err and not missing.exists()
    if command == "handin":
        (tmp_path / "here").mkdir()
        code, out, err = run_cli([*base, "-o", f"{tmp_path / 'here'}/"], capsys)
        assert code == 0, err
        assert (tmp_path / "here" / "hw3-handin-alice.zip").is_file()
        assert "here/hw3-handin-alice.zip" in out
