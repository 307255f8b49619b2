"""A session counts once per student, however often it is handed in and under whatever name:
the trial's copies (the same session added to a hand-in under new names, with manifest entries
and checksums; another student's logs with the header's student id rewritten; a verbatim copy
of a hand-in under another student's manifest) inflated hours, attempts and sessions, or gave a
false warning, with nothing said of the copying. A session is known by its name and by its
header's identity (start, number, process: ``SessionHeader.identity``)."""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from class_helpers import START, session
from cli_helpers import run_cli

from tutor.sessions.handin import write_handin
from tutor.sessions.progress import load_progress


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("HW3_TUTOR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("HW3_TUTOR_CONFIG_DIR", str(tmp_path / "config"))


def logs_of(tmp_path: Path, student: str, hour: int) -> Path:
    """Two sessions of ``student``: 5a.fwd solved after a wrong try and a hint, then 1a."""
    logs = tmp_path / "logs" / student
    start = START + timedelta(hours=hour)
    session(
        logs,
        [("open", "5a"), ("attempt", "5a.fwd", "45"), ("hint", "5a.fwd", 1)]
        + [("attempt", "5a.fwd", "20")],
        student=student,
        start=start,
    )
    session(
        logs,
        [("attempt", "1a.constant", "1")],
        student=student,
        start=start + timedelta(minutes=40),
    )
    return logs


def class_of(tmp_path: Path, *students: str) -> Path:
    folder = tmp_path / "handins"
    for hour, who in enumerate(students):
        write_handin(logs_of(tmp_path, who, hour), who, folder / f"hw3-handin-{who}.zip", None)
    return folder


def repack(src: Path, dst: Path, *, student=None, copies=(), rewrite=None) -> Path:
    """A hand-in made from ``src`` as a student could: another manifest id, members copied
    under new names (``copies``: (new name, index of the member copied)), bytes rewritten in
    every member; the manifest lists every member with its checksum."""
    with zipfile.ZipFile(src) as z:
        manifest = json.loads(z.read("manifest.json"))
        members = {n: z.read(n) for n in sorted(z.namelist()) if n.startswith("sessions/")}
    names = list(members)
    for new, index in copies:
        members[f"sessions/{new}"] = members[names[index]]
    if rewrite is not None:
        members = {n: data.replace(*rewrite) for n, data in members.items()}
    if student is not None:
        manifest["student"] = student
    manifest["sessions"] = [
        {"file": n, "id": n[9:-6], "sha256": hashlib.sha256(data).hexdigest()}
        for n, data in members.items()
    ]
    dst.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("manifest.json", json.dumps(manifest))
        for n, data in members.items():
            z.writestr(n, data)
    return dst


def gradebook(paths: list[Path], capsys) -> tuple[dict[str, dict], dict, str]:
    code, out, err = run_cli(["gradebook", "--format", "json", *map(str, paths)], capsys)
    assert code == 0, err
    book = json.loads(out)
    return {r["student_id"]: r for r in book["students"]}, book, err


def figures(row: dict) -> tuple:
    return (
        row["sessions"],
        row["active_seconds"],
        row["attempts"],
        row["hints_used"],
        row["total"],
    )


def test_an_honest_class_has_no_copying_warning(tmp_path, capsys):
    folder = class_of(tmp_path, "alice", "bob")
    rows, book, err = gradebook([folder], capsys)
    assert sorted(rows) == ["alice", "bob"]
    assert rows["alice"]["sessions"] == 2 and rows["alice"]["attempts"] == 3
    assert "copying" not in err and "twice" not in err and book["warnings"] == []
    # a hand-in and the student's own log folder: the same sessions, found twice, count once
    rows_both, book, err = gradebook([folder, tmp_path / "logs"], capsys)
    assert figures(rows_both["alice"]) == figures(rows["alice"]) and book["warnings"] == []


def test_copies_under_new_names_in_one_hand_in_count_once(tmp_path, capsys):
    folder = class_of(tmp_path, "alice", "bob")
    rows, _, _ = gradebook([folder], capsys)
    honest = figures(rows["alice"])
    padded = tmp_path / "padded"
    padded.mkdir()
    shutil.copy(folder / "hw3-handin-bob.zip", padded / "hw3-handin-bob.zip")
    repack(
        folder / "hw3-handin-alice.zip",
        padded / "hw3-handin-alice.zip",
        copies=[("again.jsonl", 0), ("again2.jsonl", 0), ("more.jsonl", 1)],
    )
    rows, book, err = gradebook([padded], capsys)
    assert figures(rows["alice"]) == honest  # hours, attempts, sessions, hints: not inflated
    said = [w for w in book["warnings"] if w.startswith("alice: 3 sessions found twice")]
    assert len(said) == 1, book["warnings"]
    assert "again.jsonl" in said[0] and "more.jsonl" in said[0]  # both names of each pair
    assert str(padded / "hw3-handin-alice.zip") in said[0]  # and where
    code, out, err = run_cli(["review", "--json", str(padded)], capsys)
    assert code == 0 and json.loads(out)["sessions"] == 4  # review counts the same sessions


def test_another_students_logs_with_the_id_rewritten_are_said_to_be_shared(tmp_path, capsys):
    folder = class_of(tmp_path, "alice", "bob")
    repack(
        folder / "hw3-handin-bob.zip",
        folder / "hw3-handin-carol.zip",
        student="carol",
        rewrite=(b'"student":"bob"', b'"student":"carol"'),
    )
    rows, book, err = gradebook([folder], capsys)
    assert sorted(rows) == ["alice", "bob", "carol"]
    assert figures(rows["carol"])[:4] == figures(rows["bob"])[:4]  # counted for each of them
    said = [w for w in book["warnings"] if "in common" in w]
    assert len(said) == 1 and said[0].startswith("bob and carol have 2 sessions in common")
    assert "possible copying" in said[0]
    assert "hw3-handin-bob.zip" in said[0] and "hw3-handin-carol.zip" in said[0]
    assert f"warning: {said[0][:60]}" in err  # on stderr too


def test_a_copied_hand_in_under_another_id_says_what_happened(tmp_path, capsys):
    folder = class_of(tmp_path, "s0001", "s0002")
    rows, _, _ = gradebook([folder], capsys)
    honest = figures(rows["s0001"])
    copy = repack(folder / "hw3-handin-s0001.zip", folder / "hw3-handin-s0099.zip", student="s0099")
    rows, book, err = gradebook([folder], capsys)
    assert figures(rows["s0001"]) == honest  # credited once, to the student in the headers
    assert rows["s0099"]["sessions"] == 0 and rows["s0099"]["total"] == 0  # a row, nothing done
    assert not any("could be read" in w for w in book["warnings"])  # the false warning
    said = [w for w in book["warnings"] if w.startswith("s0099: handed in")]
    assert len(said) == 1, book["warnings"]
    assert f"handed in {copy}: its 2 sessions were logged by student s0001" in said[0]
    assert str(folder / "hw3-handin-s0001.zip") in said[0] and "possible copying" in said[0]
    twice = [w for w in book["warnings"] if "(handed in by s0099) holds 2 sessions of s0001" in w]
    assert len(twice) == 1 and "possible copying" in twice[0]


def test_distinct_sessions_whose_names_clash_are_both_counted(tmp_path, capsys):
    """'a b.jsonl' and 'a-b.jsonl' have one safe name (a hand-in's), but their headers tell
    them apart."""
    logs = logs_of(tmp_path, "alice", 0)
    first, second = sorted(logs.glob("*.jsonl"))
    first.rename(logs / "a b.jsonl")
    second.rename(logs / "a-b.jsonl")
    rows, book, _ = gradebook([logs], capsys)
    assert rows["alice"]["sessions"] == 2 and book["warnings"] == []


def test_the_resume_and_the_hand_in_count_a_copied_log_once(tmp_path, capsys):
    logs = logs_of(tmp_path, "alice", 0)
    before = load_progress(logs)
    original = sorted(logs.glob("*.jsonl"))[0]
    shutil.copy(original, logs / "backup.jsonl")
    after = load_progress(logs)
    assert (after.seconds, after.sessions_total) == (before.seconds, before.sessions_total)
    assert after.boxes["5a.fwd"].attempts == before.boxes["5a.fwd"].attempts
    assert any(f"is the same session as {original.name}" in w for w in after.warnings)
    out = tmp_path / "h.zip"
    code, _, err = run_cli(
        ["handin", "--student", "alice", "--log-dir", str(logs), "-o", str(out)], capsys
    )
    assert code == 0 and "(a copy?): both are handed in, and the gradebook counts it once" in err
    rows, _, _ = gradebook([out], capsys)
    assert rows["alice"]["sessions"] == 2


def test_another_students_logs_in_a_students_folder_are_said_to_be_copies(tmp_path, capsys):
    logs_of(tmp_path, "s0001", 0)
    shutil.copytree(tmp_path / "logs" / "s0001", tmp_path / "logs" / "s0099")
    rows, book, _ = gradebook([tmp_path / "logs"], capsys)
    assert sorted(rows) == ["s0001"] and rows["s0001"]["sessions"] == 2
    said = [w for w in book["warnings"] if "possible copying" in w]
    assert len(said) == 1 and "(s0099's folder) holds 2 sessions of s0001" in said[0]
    assert "(s0001's folder)" in said[0]


def test_a_session_shared_by_three_students_is_one_warning_naming_all_three(tmp_path, capsys):
    folder = class_of(tmp_path, "alice", "bob")
    for who in ("carol", "dan"):
        repack(
            folder / "hw3-handin-bob.zip",
            folder / f"hw3-handin-{who}.zip",
            student=who,
            rewrite=(b'"student":"bob"', f'"student":"{who}"'.encode()),
        )
    rows, book, err = gradebook([folder], capsys)
    said = [w for w in book["warnings"] if "in common" in w]
    assert len(said) == 1, said
    assert said[0].startswith("bob, carol and dan have 2 sessions in common"), said[0]
    assert all(f"hw3-handin-{who}.zip" in said[0] for who in ("bob", "carol", "dan"))
