"""Whose an upload is, and what an instructor is told about it: a hand-in named for one student
whose manifest names another, two uploads of one student, an upload that is truncated, and an
upload edited after it was made beside an untouched copy of the same sessions. No student
vanishes, and every warning printed is in the JSON too."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest
from class_helpers import CONTENT, session
from cli_helpers import run_cli

from tutor.sessions.handin import write_handin


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("HW3_TUTOR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("HW3_TUTOR_CONFIG_DIR", str(tmp_path / "config"))


def handin(tmp_path: Path, logged_as: str | None, manifest: str, out: Path, raw="45") -> Path:
    logs = tmp_path / "logs" / f"{manifest}-{out.stem}"
    session(logs, [("attempt", "5a.fwd", raw)], student=logged_as)
    write_handin(logs, manifest, out, CONTENT.content_hash)
    return out


def gradebook(capsys, *argv: str) -> tuple[dict, str]:
    code, out, err = run_cli(["gradebook", "--format", "json", *argv], capsys)
    assert code == 0, err
    return json.loads(out), err


def rows(book: dict) -> dict[str, dict]:
    return {r["student_id"]: r for r in book["students"]}


def printed(err: str) -> list[str]:
    return [ln[len("warning: ") :] for ln in err.splitlines() if ln.startswith("warning: ")]


def test_a_hand_in_named_for_one_student_with_a_manifest_naming_another(tmp_path, capsys):
    folder = tmp_path / "uploads"
    handin(tmp_path, "s0001", "s0001", folder / "hw3-handin-s0001.zip", raw="45")
    # s0016's sessions carry no id; their hand-in's manifest says s0001 (a mistyped --student)
    odd = handin(tmp_path, None, "s0001", folder / "hw3-handin-s0016.zip", raw="20")
    book, err = gradebook(capsys, str(folder))
    got = rows(book)
    assert set(got) == {"s0001", "s0016"}  # nobody vanishes, nobody is merged into another
    assert got["s0016"]["sessions"] == 1 and got["s0001"]["sessions"] == 1
    said = [w for w in book["warnings"] if str(odd) in w and "manifest names s0001" in w]
    assert len(said) == 1 and "count for s0016" in said[0] and "file name wins" in said[0]
    assert said[0] in printed(err)


def test_two_uploads_of_one_student_are_noted_with_their_files(tmp_path, capsys):
    folder = tmp_path / "uploads"
    first = handin(tmp_path, "s0013", "s0013", folder / "hw3-handin-s0013.zip")
    again = handin(tmp_path, "s0013", "s0013", folder / "hw3-handin-s0013 (1).zip", raw="20")
    book, err = gradebook(capsys, str(folder))
    assert list(rows(book)) == ["s0013"] and rows(book)["s0013"]["sessions"] == 2
    note = [w for w in book["warnings"] if w.startswith("s0013: 2 hand-ins")]
    assert len(note) == 1 and str(first) in note[0] and str(again) in note[0]
    assert note[0] in printed(err)


def test_a_truncated_upload_keeps_its_students_row_and_says_what_to_do(tmp_path, capsys):
    folder = tmp_path / "uploads"
    handin(tmp_path, "alice", "alice", folder / "hw3-handin-alice.zip")
    whole = handin(tmp_path, "s0003", "s0003", tmp_path / "whole.zip").read_bytes()
    cut = folder / "hw3-handin-s0003.zip"
    cut.write_bytes(whole[: len(whole) // 2])
    book, err = gradebook(capsys, str(folder))
    got = rows(book)
    assert set(got) == {"alice", "s0003"}
    assert got["s0003"]["sessions"] == 0 and got["s0003"]["total"] == 0
    assert "File is not a zip file" not in err
    about = [w for w in book["warnings"] if str(cut) in w]
    assert any("truncated or damaged" in w and "upload it again" in w for w in about)
    assert any(w.startswith("s0003: handed in") and "nothing done" in w for w in about)
    assert all(w in printed(err) for w in about)
    # named alone, nothing readable: still the error it was (exit 2), in the new words
    code, _, err = run_cli(["gradebook", str(cut)], capsys)
    assert code == 2 and "truncated or damaged" in err


def _edited(original: Path, out: Path) -> None:
    """``original`` with a logged verdict edited, its manifest (and checksums) kept."""
    with zipfile.ZipFile(original) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename.endswith(".jsonl"):
                data = data.replace(b'"verdict":"incorrect"', b'"verdict":"correct"')
            zout.writestr(info.filename, data)


@pytest.mark.parametrize("untouched_in", ["s0001", "s0016 (1)"])
def test_an_edited_upload_is_told_beside_an_untouched_copy(tmp_path, capsys, untouched_in):
    folder = tmp_path / "uploads"
    real = handin(tmp_path, "s0016", "s0016", tmp_path / "real.zip", raw="45")
    edited = folder / "hw3-handin-s0016.zip"
    folder.mkdir(exist_ok=True)
    _edited(real, edited)
    # the checksum warning when the edited upload is alone
    book, _ = gradebook(capsys, str(edited))
    assert any("checksum differs" in w for w in book["warnings"])
    # beside an untouched copy (another student's upload, or a second upload of the same)
    untouched = folder / f"hw3-handin-{untouched_in}.zip"
    untouched.write_bytes(real.read_bytes())
    book, err = gradebook(capsys, str(folder))
    checksum = [w for w in book["warnings"] if "checksum differs" in w]
    assert len(checksum) == 1 and str(edited) in checksum[0]
    differ = [w for w in book["warnings"] if "with different contents" in w]
    assert len(differ) == 1 and str(edited) in differ[0] and str(untouched) in differ[0]
    assert all(w in printed(err) for w in checksum + differ)
    assert rows(book)["s0016"]["boxes"]["5a.fwd"] == "incorrect"  # judged again all the same


@pytest.mark.parametrize("untouched_as", ["folder", "handin"])
def test_the_copy_whose_checksum_holds_is_read_over_a_longer_edited_one(
    tmp_path, capsys, untouched_as
):
    # the trial: an answer edited in a hand-in, a line padded so the edited copy is the
    # longer, its manifest's checksum kept; the untouched log is there too
    folder = tmp_path / "uploads"
    real = handin(tmp_path, "alice", "alice", tmp_path / "real.zip", raw="45")
    edited = folder / "hw3-handin-alice.zip"
    folder.mkdir(exist_ok=True)
    with zipfile.ZipFile(real) as zin, zipfile.ZipFile(edited, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename.endswith(".jsonl"):
                edit = data.replace(b'"raw":"45"', b'"raw":"20"  ')
                assert edit != data
                data = edit
            zout.writestr(info.filename, data)
    if untouched_as == "folder":
        untouched = folder / "alice"
        shutil.copytree(tmp_path / "logs" / "alice-real", untouched)
    else:
        untouched = folder / "hw3-handin-alice (1).zip"
        untouched.write_bytes(real.read_bytes())
    book, err = gradebook(capsys, str(folder))
    row = rows(book)["alice"]
    assert row["boxes"]["5a.fwd"] == "incorrect" and row["total"] == 0  # the edit does not count
    differ = [w for w in book["warnings"] if "with different contents" in w]
    assert len(differ) == 1 and "the one whose checksum holds" in differ[0]
    assert str(edited) not in differ[0].rsplit("is used", 1)[0].rsplit("(", 1)[1]
    checksum = [w for w in book["warnings"] if "checksum differs" in w]
    assert len(checksum) == 1 and str(edited) in checksum[0]


def test_a_hand_in_with_too_many_files_says_so_in_the_end_summary(tmp_path, capsys, monkeypatch):
    from tutor.sessions import handinreader

    folder = tmp_path / "uploads"
    handin(tmp_path, "alice", "alice", folder / "hw3-handin-alice.zip")
    jack = handin(tmp_path, "jack", "jack", folder / "hw3-handin-jack.zip")
    with zipfile.ZipFile(jack, "a") as z:
        for k in range(3):
            z.writestr(f"sessions/extra-{k}.jsonl", "")
    monkeypatch.setattr(handinreader, "MAX_MEMBERS", 2)
    book, err = gradebook(capsys, str(folder))
    assert set(rows(book)) == {"alice", "jack"}
    summary = [w for w in book["warnings"] if w.startswith("jack: handed in")]
    assert len(summary) == 1, book["warnings"]
    assert "files inside; a hand-in has at most 2" in summary[0]
    assert "truncated or damaged" not in summary[0] and "upload it again" not in summary[0]
    assert summary[0] in printed(err)


def _manifest_student(original: Path, out: Path, student: object) -> Path:
    """A copy of ``original`` whose manifest names ``student`` (the sessions untouched)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(original) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "manifest.json":
                manifest = json.loads(data)
                manifest["student"] = student
                data = json.dumps(manifest).encode()
            zout.writestr(info.filename, data)
    return out


def test_a_copy_whose_manifest_id_is_invalid_is_told_as_a_copy_not_as_unreadable(tmp_path, capsys):
    folder = tmp_path / "uploads"
    alice = handin(tmp_path, "alice", "alice", folder / "hw3-handin-alice.zip")
    invalid = _manifest_student(alice, folder / "upload3.zip", "+cmd2")
    valid = _manifest_student(alice, folder / "upload4.zip", "zed")
    book, err = gradebook(capsys, str(folder))
    got = rows(book)
    assert got["alice"]["sessions"] == 1  # her session, counted once
    assert got[str(invalid)]["sessions"] == 0 and got["zed"]["sessions"] == 0
    assert "could be read" not in err
    # the invalid id is said once, named, with what is done instead
    about_id = [w for w in book["warnings"] if "'+cmd2'" in w]
    assert len(about_id) == 1 and str(invalid) in about_id[0]
    assert "must start with a letter or a digit" in about_id[0]
    # copying is told for it as for the hand-in whose manifest names another valid id
    for upload in (invalid, valid):
        copying = [
            w
            for w in book["warnings"]
            if w.startswith(f"{upload} (")
            and f"holds 1 session of alice also in {alice}" in w
            and w.endswith("possible copying")
        ]
        assert len(copying) == 1, book["warnings"]
    note = [w for w in book["warnings"] if w.startswith(f"{invalid}: handed in")]
    assert len(note) == 1 and "logged by student alice" in note[0]
    assert all(w in printed(err) for w in about_id + note)


def test_a_hand_in_named_for_a_student_with_an_invalid_manifest_id_is_warned_once(tmp_path, capsys):
    folder = tmp_path / "uploads"
    bob = _manifest_student(
        handin(tmp_path, None, "bob", tmp_path / "bob.zip"), folder / "hw3-handin-bob.zip", "-b"
    )
    book, err = gradebook(capsys, str(folder))
    assert rows(book)["bob"]["sessions"] == 1
    said = [w for w in book["warnings"] if str(bob) in w]
    assert len(said) == 1 and "'-b'" in said[0] and "count for bob" in said[0]
    assert said[0] in printed(err)
