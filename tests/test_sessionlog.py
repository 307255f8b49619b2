"""Session logs: what is written, how it is read back, and failures that must not stop the tutor."""

from __future__ import annotations

import errno
import json
import os
import threading
from pathlib import Path

import pytest

from tutor import __version__
from tutor.sessions.log import SessionLog
from tutor.sessions.logformat import EVENT_TYPES, SCHEMA_VERSION
from tutor.sessions.logreader import SessionReadError, read_session, read_sessions


def full_session(log_dir: Path, **kwargs) -> SessionLog:
    log = SessionLog.start(log_dir, "content-abc", **kwargs)
    log.part_opened("5a")
    log.attempt(
        "5a.fwd",
        "45 fwd ops",
        "incorrect",
        "mistake:only-input-stored",
        12.3456,
        "Layers 5 and 10 are stored too.",
        "45",
    )
    log.hint("5a.fwd", 1)
    log.solution("5a")
    log.self_assessment("5a", [True, False, True], "because the checkpoints are kept")
    log.reflection("6c.hours", "about 9")
    log.plot_viewed("remat-schedule")
    log.pool_shown("1b.proof")
    log.end()
    return log


def test_every_event_is_written_and_read_back(tmp_path):
    log = full_session(tmp_path)
    assert log.saving is False  # closed after end()
    assert log.problem is None
    session = read_session(log.path)
    assert session.warnings == ()
    types = [e.type for e in session.events]
    assert types == list(EVENT_TYPES)
    assert [e.seq for e in session.events] == list(range(1, len(EVENT_TYPES) + 1))
    start = session.start
    assert start.get("version") == __version__
    assert start.get("content_hash") == "content-abc"
    assert start.get("schema") == SCHEMA_VERSION
    assert start.get("fresh") is False
    attempt = session.events[2]
    assert attempt.data["box"] == "5a.fwd"
    assert attempt.data["raw"] == "45 fwd ops"
    assert attempt.data["verdict"] == "incorrect"
    assert attempt.data["note"] == "mistake:only-input-stored"
    assert attempt.data["ms"] == pytest.approx(12.346)
    assert attempt.data["feedback"] == "Layers 5 and 10 are stored too."
    assert attempt.data["interpreted"] == "45"
    assert session.events[4].data == {**session.events[4].data, "part": "5a"}
    assert session.events[5].data["points"] == [True, False, True]
    assert session.events[6].data["prompt"] == "6c.hours"
    assert session.ended
    # timestamps are UTC ISO strings and never go backwards
    stamps = [e.time for e in session.events]
    assert all(s.endswith("Z") for s in stamps)
    assert stamps == sorted(stamps)
    elapsed = [e.elapsed for e in session.events]
    assert elapsed == sorted(elapsed)


def test_each_line_is_one_json_object_and_unicode_is_kept(tmp_path):
    log = SessionLog.start(tmp_path, "h")
    log.attempt("1a.x", "Θ(d₁)\nμ²", "correct", "correct", 1.0)
    log.attempt("1a.x", "bad \ud800 surrogate", "invalid", "invalid:syntax", 1.0)
    log.end()
    raw = log.path.read_bytes()
    lines = raw.split(b"\n")
    assert lines[-1] == b""
    for line in lines[:-1]:
        assert isinstance(json.loads(line), dict)
    assert "Θ(d₁)".encode() in raw  # readable UTF-8, not \u escapes
    events = read_session(log.path).events
    assert events[1].data["raw"] == "Θ(d₁)\nμ²"
    assert events[2].data["raw"] == "bad \ud800 surrogate"


def test_file_names_sort_by_start_and_never_collide(tmp_path):
    logs = [SessionLog.start(tmp_path, "h") for _ in range(50)]
    names = [log.path.name for log in logs]
    assert len(set(names)) == 50
    stamps = [name.split("-")[0] for name in names]
    assert stamps == sorted(stamps)
    for log in logs:
        log.end()
    sessions, warnings = read_sessions(tmp_path)
    assert warnings == []
    assert [s.path for s in sessions] == [log.path for log in logs]


def test_every_event_is_fsynced(tmp_path, monkeypatch):
    synced = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real_fsync(fd))[1])
    log = SessionLog.start(tmp_path, "h")
    before = len(synced)
    log.hint("1a.x", 1)
    log.hint("1a.x", 2)
    assert len(synced) == before + 2


def test_logging_from_many_threads_keeps_every_event_whole(tmp_path):
    log = SessionLog.start(tmp_path, "h")

    def worker(k: int) -> None:
        for i in range(100):
            log.attempt(f"1a.b{k}", "x" * (i * 37 % 500), "incorrect", "incorrect", 0.5)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    log.end()
    session = read_session(log.path)
    assert session.warnings == ()
    assert [e.seq for e in session.events] == list(range(1, 8 * 100 + 3))
    per_box = {}
    for e in session.events:
        if e.type == "attempt":
            per_box[e.data["box"]] = per_box.get(e.data["box"], 0) + 1
    assert per_box == {f"1a.b{k}": 100 for k in range(8)}


def test_an_unwritable_directory_never_stops_the_tutor(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    log = SessionLog.start(blocker / "sessions", "h")
    assert log.saving is False
    assert log.path is None
    assert log.problem.startswith("this session is not being saved: ")
    assert str(blocker / "sessions") in log.problem
    # every method still works and writes nothing
    log.part_opened("1a")
    log.attempt("1a.x", "1", "correct", "correct", 1.0)
    log.hint("1a.x", 1)
    log.end()
    assert list(tmp_path.iterdir()) == [blocker]


def test_a_full_disk_stops_saving_with_a_message_and_nothing_is_lost(tmp_path, monkeypatch):
    log = SessionLog.start(tmp_path, "h")
    log.part_opened("1a")
    changes = []
    log.on_change = lambda log: changes.append(log.problem)
    real_write = os.write

    def full(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", full)
    log.attempt("1a.x", "1", "correct", "correct", 1.0)  # must not raise
    assert log.saving is False and log.unsaved == 1
    assert "not being saved" in log.problem and "disk is full" in log.problem
    assert changes == [log.problem]  # told once, when it happened
    log.hint("1a.x", 1)
    assert log.unsaved == 2 and "2 events of this session could not be saved" in (log.lost_report())
    assert "1 attempt, 1 hint; the answers to 1a.x are among them" in log.lost_report()
    monkeypatch.setattr(os, "write", real_write)
    assert log.retry() is True  # space again: the kept events are written, in order
    assert log.saving and log.problem is None and changes[-1] is None
    log.end()
    assert log.lost_report() == ""
    session = read_session(log.path)
    assert [e.type for e in session.events] == [
        "session_start",
        "part_opened",
        "attempt",
        "hint",
        "session_end",
    ]
    assert [e.seq for e in session.events] == [1, 2, 3, 4, 5] and session.warnings == ()


def test_a_write_torn_by_a_full_disk_is_cut_off_before_the_retry(tmp_path, monkeypatch):
    log = SessionLog.start(tmp_path, "h")
    real_write = os.write
    calls = []

    def half_then_full(fd, data):
        calls.append(len(data))
        if len(calls) == 1:
            return real_write(fd, data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", half_then_full)
    log.attempt("1a.x", "x" * 100, "correct", "correct", 1.0)
    assert not log.saving
    monkeypatch.setattr(os, "write", real_write)
    log.end()
    session = read_session(log.path)
    assert [e.type for e in session.events] == ["session_start", "attempt", "session_end"]
    assert session.warnings == ()


def test_a_deleted_log_directory_is_noticed_and_the_session_written_again(tmp_path):
    import shutil

    log_dir = tmp_path / "logs"
    log = SessionLog.start(log_dir, "h")
    log.part_opened("1a")
    log.attempt("1a.x", "1", "correct", "correct", 1.0)
    shutil.rmtree(log_dir)
    log.hint("1a.x", 1)  # the file is gone: noticed, the whole session written anew
    assert log.saving and log.path.exists()
    log.end()
    session = read_session(log.path)
    assert [e.type for e in session.events] == [
        "session_start",
        "part_opened",
        "attempt",
        "hint",
        "session_end",
    ]
    # a directory that cannot be made again: said, kept, retried
    shutil.rmtree(log_dir)
    blocked = SessionLog.start(log_dir, "h")
    shutil.rmtree(log_dir)
    log_dir.write_text("a file where the directory was")
    blocked.part_opened("2a")
    assert not blocked.saving and blocked.unsaved == 1 and "not being saved" in blocked.problem
    log_dir.unlink()
    assert blocked.retry() and blocked.saving
    assert [e.type for e in read_session(blocked.path).events] == ["session_start", "part_opened"]


def test_end_is_idempotent_and_later_events_are_ignored(tmp_path):
    with SessionLog.start(tmp_path, "h") as log:
        log.part_opened("2a")
    log.end()
    log.part_opened("2b")
    assert [e.type for e in read_session(log.path).events] == [
        "session_start",
        "part_opened",
        "session_end",
    ]


def test_fresh_flag_is_recorded(tmp_path):
    log = SessionLog.start(tmp_path, "h", fresh=True)
    log.end()
    assert read_session(log.path).fresh is True


def test_disabled_log_says_why():
    log = SessionLog.disabled("--no-save was given")
    assert not log.saving
    assert log.problem == "this session is not being saved: --no-save was given"
    log.attempt("1a.x", "1", "correct", "correct", 1.0)


# -- the reader ---------------------------------------------------------------


def write_lines(path: Path, lines: list[bytes]) -> Path:
    path.write_bytes(b"".join(lines))
    return path


def event_line(seq: int, event: str = "hint", **fields) -> bytes:
    if event == "hint" and not fields:
        fields = {"box": "1a.x", "index": 1}
    record = {
        "seq": seq,
        "t": f"2025-02-01T10:00:{seq:02d}.000000Z",
        "s": float(seq),
        "event": event,
        **fields,
    }
    return (json.dumps(record) + "\n").encode()


def test_reader_skips_a_torn_last_line_with_a_warning(tmp_path):
    path = write_lines(
        tmp_path / "s.jsonl",
        [event_line(1, "session_start"), event_line(2, box="1a.x", index=1), event_line(3)[:17]],
    )
    session = read_session(path)
    assert [e.seq for e in session.events] == [1, 2]
    assert len(session.warnings) == 1
    assert "line 3" in session.warnings[0] and "torn" in session.warnings[0]


def test_reader_keeps_everything_around_corrupt_lines(tmp_path):
    path = write_lines(
        tmp_path / "s.jsonl",
        [
            event_line(1, "session_start"),
            b"\x00\x00\x00\x00\n",  # zero-filled block after a crash
            event_line(2),
            b"[1, 2, 3]\n",  # JSON but not an event
            b'{"seq": "three", "event": "hint"}\n',
            b"\xff\xfe not utf-8\n",
            event_line(3, "attempt", box="1a.x", raw="\u00b5", verdict="correct", note="correct"),
            b"\n",
            b'{"seq": 4, "event": "hint"} trailing\n',
            event_line(5),
        ],
    )
    session = read_session(path)
    assert [e.seq for e in session.events] == [1, 2, 3, 5]
    assert session.events[2].data["raw"] == "µ"
    assert len(session.warnings) == 5
    assert all("corrupt line" in w for w in session.warnings)
    assert [w.split(": line ")[1].split(":")[0] for w in session.warnings] == [
        "2",
        "4",
        "5",
        "6",
        "9",
    ]


def test_reader_warns_when_session_start_is_missing(tmp_path):
    path = write_lines(tmp_path / "s.jsonl", [b"{torn\n", event_line(2)])
    session = read_session(path)
    assert [e.seq for e in session.events] == [2]
    assert any("session_start" in w for w in session.warnings)
    assert session.started == "2025-02-01T10:00:02.000000Z"


def test_reading_a_missing_file_is_a_user_error(tmp_path):
    with pytest.raises(SessionReadError, match="cannot read session log"):
        read_session(tmp_path / "nope.jsonl")
    assert SessionReadError.exit_code == 2


def test_active_seconds_of_the_running_session_skip_idle_gaps(tmp_path, monkeypatch):
    import tutor.sessions.log as sl

    clock = [1000.0]
    monkeypatch.setattr(sl.time, "monotonic", lambda: clock[0])
    for directory in (tmp_path, tmp_path / "x" / "y" / "z"):
        log = SessionLog.start(directory, "h")
        for step in (120.0, 3600.0, 30.0):  # 2 min, an hour away, 30 s
            clock[0] += step
            log.part_opened("1a")
        assert log.active_seconds == pytest.approx(150.0)
    blocked = tmp_path / "file"
    blocked.write_text("")
    off = SessionLog.start(blocked / "d", "h")
    clock[0] += 60
    off.hint("1a.x", 1)
    assert not off.saving and off.active_seconds == pytest.approx(60.0)  # counted without saving


@pytest.mark.parametrize("newline", [b"\n", b"\r\n"])
def test_line_endings_do_not_matter_and_one_bad_line_loses_only_itself(tmp_path, newline):
    log = full_session(tmp_path)
    data = log.path.read_bytes().replace(b"\n", newline)
    copy = tmp_path / "copy.jsonl"
    copy.write_bytes(data)
    session = read_session(copy)
    assert [e.type for e in session.events] == list(EVENT_TYPES) and session.warnings == ()
    assert session.events == read_session(log.path).events
    lines = data.split(newline)
    for bad in (b'{"seq": 3}', b"1, 2", b'"text"', b"{}"):
        copy.write_bytes(newline.join([*lines[:3], bad, *lines[3:]]))
        session = read_session(copy)
        assert [e.type for e in session.events] == list(EVENT_TYPES)
        assert len(session.warnings) == 1 and "line 4: corrupt line" in session.warnings[0]
