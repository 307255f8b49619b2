"""What an instructor's trial of ``gradebook`` and ``review`` over uploaded hand-ins found: a
damaged upload never makes a student vanish silently nor ends the report, ``review`` and
``gradebook`` count the same students, a damaged member keeps what was read before the damage,
blank self-assessments earn nothing, unreadable input is no attempt in the single-session view,
``--by-variant`` splits every per-box figure, and the small things (``-o -``, messages, totals
that add up)."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import struct
import zipfile
from pathlib import Path

import pytest
from class_helpers import CONTENT, session
from cli_helpers import run_cli

from tutor.sessions import handinreader
from tutor.sessions.handin import write_handin
from tutor.sessions.log import SessionLog
from tutor.sessions.logformat import VariantTag
from tutor.variants.engine import instantiate


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("HW3_TUTOR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("HW3_TUTOR_CONFIG_DIR", str(tmp_path / "config"))


def handin_of(tmp_path: Path, student: str, steps: list[tuple], out: Path) -> Path:
    logs = tmp_path / "logs" / student
    session(logs, steps, student=student)
    write_handin(logs, student, out, CONTENT.content_hash)
    return out


def uploads(tmp_path: Path) -> Path:
    """alice's and bob's hand-ins, each with 5a.fwd solved."""
    folder = tmp_path / "uploads"
    for who in ("alice", "bob"):
        handin_of(tmp_path, who, [("attempt", "5a.fwd", "20")], folder / f"hw3-handin-{who}.zip")
    return folder


def gradebook(argv: list[str], capsys) -> tuple[int, dict, str]:
    code, out, err = run_cli(["gradebook", "--format", "json", *argv], capsys)
    return code, (json.loads(out) if code == 0 else {}), err


def students(book: dict) -> list[str]:
    return [r["student_id"] for r in book["students"]]


def broken_uploads(folder: Path) -> tuple[Path, Path, Path]:
    """A truncated real hand-in, garbage named like one, a zip without a manifest."""
    real = (folder / "hw3-handin-alice.zip").read_bytes()
    truncated = folder / "hw3-handin-carol.zip"
    truncated.write_bytes(real[: len(real) // 2])
    garbage = folder / "hw3-handin-x.zip"
    garbage.write_bytes(b"not a zip at all\n")
    other = folder / "photos.zip"
    with zipfile.ZipFile(other, "w") as z:
        z.writestr("cat.txt", "meow")
    return truncated, garbage, other


def test_a_damaged_upload_in_a_folder_is_named_in_a_warning(tmp_path, capsys):
    folder = uploads(tmp_path)
    bad = broken_uploads(folder)
    code, book, err = gradebook([str(folder)], capsys)
    assert code == 0, err
    # the uploads named for a student keep their student's row, with nothing done
    assert students(book) == ["alice", "bob", "carol", "x"]
    for path in bad:
        assert f"warning: {path}" in err, path
        assert any(str(path) in w for w in book["warnings"])
    code, out, err = run_cli(["review", str(folder)], capsys)
    assert code == 0 and all(f"warning: {p}" in err for p in bad), err
    code, out, _ = run_cli(["review", "--json", str(folder)], capsys)
    warnings = json.loads(out)["warnings"]
    assert all(any(str(p) in w for w in warnings) for p in bad)


def test_an_unreadable_upload_named_by_a_glob_is_a_warning_and_the_rest_is_graded(
    tmp_path, capsys, monkeypatch
):
    folder = uploads(tmp_path)
    truncated, garbage, other = broken_uploads(folder)
    fifo = folder / "hw3-handin-dave.zip"
    os.mkfifo(fifo)
    named = sorted(str(p) for p in folder.glob("*.zip"))  # what the shell's *.zip gives
    code, book, err = gradebook(named, capsys)
    assert code == 0, err
    assert students(book) == ["alice", "bob", "carol", "x"]
    lines = err.splitlines()
    for path in (truncated, garbage, other, fifo):
        assert any(ln.startswith("warning: ") and str(path) in ln for ln in lines), path
    code, out, err = run_cli(["review", "--json", *named], capsys)
    assert code == 0 and json.loads(out)["students"] == 4, err
    # a hand-in with too many members, among readable ones
    monkeypatch.setattr(handinreader, "MAX_MEMBERS", 0)
    crowded = handin_of(tmp_path, "erin", [("attempt", "5a.fwd", "20")], tmp_path / "erin.zip")
    monkeypatch.undo()
    monkeypatch.setattr(handinreader, "MAX_MEMBERS", 1)
    with zipfile.ZipFile(crowded, "a") as z:
        z.writestr("sessions/extra-1.jsonl", "")
        z.writestr("sessions/extra-2.jsonl", "")
    code, book, err = gradebook([str(folder / "hw3-handin-bob.zip"), str(crowded)], capsys)
    assert code == 0 and students(book) == ["bob"], err
    assert f"warning: {crowded}" in err and "at most 1" in err
    # nothing readable: still a clear error, exit 2
    code, _, err = run_cli(["gradebook", str(garbage)], capsys)
    assert code == 2 and err.strip().startswith(f"hw3-tutor gradebook: {garbage} cannot be read")
    code, _, err = run_cli(["gradebook", str(garbage), str(truncated)], capsys)
    assert code == 2 and "none of the 2 paths given can be read" in err
    assert f"warning: {garbage}" in err and f"warning: {truncated}" in err


def test_review_and_gradebook_count_the_same_students_and_say_who_was_left_out(tmp_path, capsys):
    folder = tmp_path / "class"
    session(folder / "alice", [("attempt", "5a.fwd", "20")], student="alice")
    session(folder / "bob", [("attempt", "5a.fwd", "45")], student="bob")
    (folder / "carol").mkdir()
    (folder / "carol" / "20250203T170000.000Z-0000000c.jsonl").write_bytes(b"")
    (folder / "dave").mkdir()
    (folder / "dave" / "20250203T170000.000Z-0000000d.jsonl").write_text("garbage\n")
    code, book, err = gradebook([str(folder)], capsys)
    assert code == 0 and students(book) == ["alice", "bob"], err
    assert "no session of carol, dave could be read" in err
    code, out, err = run_cli(["review", "--json", str(folder)], capsys)
    report = json.loads(out)
    assert report["students"] == 2 == len(book["students"])
    assert any("no session of carol, dave could be read" in w for w in report["warnings"])
    code, out, _ = run_cli(["review", str(folder)], capsys)
    assert "2 students" in out.splitlines()[0]


def damage_first_member(path: Path) -> int:
    """XOR 40 bytes in the middle of the first session's compressed data; returns how many
    whole lines decompress intact from the damaged data, in order from the start: the lines
    before the damage, and the one it cut when the damage left the bits that end it unchanged
    (deflate reads a byte from its low bit, and the XOR keeps bit 0), so a reader must keep
    exactly these."""
    import json
    import zlib

    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info = next(i for i in z.infolist() if i.filename.startswith("sessions/"))
        original = z.read(info).split(b"\n")
    offset = info.header_offset
    name_len, extra_len = struct.unpack("<HH", data[offset + 26 : offset + 30])
    start = offset + 30 + name_len + extra_len
    at = start + info.compress_size // 2
    for k in range(at, at + 40):
        data[k] ^= 0x5A
    path.write_bytes(bytes(data))
    inflate = zlib.decompressobj(-15)
    out = b""
    try:
        for k in range(start, start + info.compress_size):  # a byte at a time, to the error
            out += inflate.decompress(bytes(data[k : k + 1]))
    except zlib.error:
        pass
    intact = 0
    for line, was in zip(out.split(b"\n")[:-1], original, strict=False):
        if line != was:
            break
        json.loads(line)
        intact += 1
    return intact


def test_a_damaged_member_keeps_every_line_before_the_damage(tmp_path, capsys):
    steps = [("attempt", "5a.fwd", str(40 + k % 7)) for k in range(60)]
    steps.append(("attempt", "5a.fwd", "20"))
    handin = handin_of(tmp_path, "alice", steps, tmp_path / "up" / "hw3-handin-alice.zip")
    kept = damage_first_member(handin)
    assert kept > 10
    code, out, err = run_cli(["review", "--json", "--class", str(handin.parent)], capsys)
    assert code == 0, err
    report = json.loads(out)
    assert "the hand-in's copy is damaged" in err and "nothing in it reads" not in err
    assert report["sessions"] == 1
    assert report["boxes"]["5a.fwd"]["attempts"] == kept - 1  # the lines less session_start
    code, book, err = gradebook([str(handin.parent)], capsys)
    assert code == 0 and book["students"][0]["attempts"] == kept - 1, err


def test_a_student_whose_only_session_is_refused_still_has_a_row(tmp_path, capsys, monkeypatch):
    folder = uploads(tmp_path)
    big = [("attempt", "5a.fwd", "45")] * 40
    handin_of(tmp_path, "carol", big, folder / "hw3-handin-carol.zip")
    size = max(
        i.file_size
        for i in zipfile.ZipFile(folder / "hw3-handin-alice.zip").infolist()
        if i.filename.startswith("sessions/")
    )
    monkeypatch.setattr(handinreader, "MAX_SESSION_BYTES", size + 1)  # carol's is larger
    for jobs in ("1", "2"):
        code, book, err = gradebook([str(folder), "--jobs", jobs], capsys)
        assert code == 0, err
        assert students(book) == ["alice", "bob", "carol"]
        carol = book["students"][2]
        assert carol["total"] == 0 and carol["sessions"] == 0
        assert set(carol["boxes"].values()) == {"untried"}
        assert "larger than" in err and "carol: handed in, but none of the sessions" in err
    code, out, err = run_cli(["review", "--json", str(folder)], capsys)
    assert json.loads(out)["students"] == 3, err


def test_a_blank_self_assessment_earns_nothing(tmp_path, capsys):
    from test_gradebook import content_copy

    content = content_copy(tmp_path, [("p6.toml", 'id = "6c"\n', 'id = "6c"\npoints = 2\n')])
    folder = tmp_path / "class"
    session(folder / "alice", [("assess", "6c", [], "")], student="alice")
    session(folder / "bob", [("assess", "6c", [], "  I counted the hours")], student="bob")
    session(folder / "carol", [("reflect", "6c.hours", "  ")], student="carol")
    code, book, err = gradebook([str(folder), "--content", str(content)], capsys)
    assert code == 0, err
    points = {r["student_id"]: (r["points"]["6c"], r["parts"]["6c"]) for r in book["students"]}
    assert points == {"alice": (0, "untried"), "bob": (2, "done"), "carol": (0, "untried")}


def test_a_single_sessions_box_with_only_unreadable_input_is_invalid_and_no_attempt(
    tmp_path, capsys
):
    path = session(tmp_path / "logs", [("attempt", "5a.fwd", "not even ((")])
    code, out, err = run_cli(["review", "--json", str(path)], capsys)
    assert code == 0, err
    part = json.loads(out)["timeline"]["parts"]["5a"]
    assert part["boxes"] == {"5a.fwd": "invalid"}
    assert (part["attempts"], part["invalid"]) == (0, 1)
    code, out, _ = run_cli(["review", str(path)], capsys)
    assert "0 attempts; 1 unreadable" in out and "5a.fwd invalid" in out
    code, book, _ = gradebook([str(path)], capsys)
    assert book["students"][0]["boxes"]["5a.fwd"] == "invalid"


def test_by_variant_splits_hint_effectiveness_as_it_splits_the_boxes(tmp_path, capsys):
    variant = instantiate(CONTENT, "5a", seed=7)
    tag = VariantTag(variant.seed, variant.params_json())
    log = SessionLog.start(tmp_path / "logs", CONTENT.content_hash, student="bob")
    log.hint("5a.fwd", 1, variant=tag)
    log.attempt("5a.fwd", variant.boxes["5a.fwd"].answer, "correct", "correct", 1.0, variant=tag)
    log.attempt("5a.fwd", "20", "correct", "correct", 1.0)  # the handout: first try, no hint
    log.end()
    code, out, err = run_cli(["review", "--json", "--by-variant", str(tmp_path / "logs")], capsys)
    assert code == 0, err
    report = json.loads(out)
    effect = report["hint_effectiveness"]
    assert set(effect) == set(report["boxes"]) == {"5a.fwd", "5a.fwd [seed:7]"}
    assert effect["5a.fwd"]["first_try_without_hints"]["learners"] == 1
    assert effect["5a.fwd"]["first_try_without_hints"]["rate"] == 1.0
    code, book, _ = gradebook([str(tmp_path / "logs")], capsys)
    assert book["students"][0]["first_try_without_hints"] == 1


def test_dash_means_stdout_for_every_output(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = uploads(tmp_path)
    code, out, err = run_cli(["gradebook", str(folder), "-o", "-"], capsys)
    assert code == 0 and out.startswith("student_id,"), err
    path = session(tmp_path / "one", [("attempt", "5a.fwd", "20")])
    code, out, err = run_cli(["export", str(path), "-o", "-"], capsys)
    assert code == 0 and "5a" in out, err
    assert not (tmp_path / "-").exists()


def test_export_of_a_handin_says_it_is_one(tmp_path, capsys):
    folder = uploads(tmp_path)
    code, _, err = run_cli(["export", str(folder / "hw3-handin-alice.zip")], capsys)
    assert code == 2 and "is a zip archive (a hand-in?)" in err and "sessions/" in err


def test_a_refused_header_is_said_to_be_refused_not_missing(tmp_path, capsys):
    path = session(tmp_path / "logs", [("attempt", "5a.fwd", "20")], student="alice")
    text = path.read_text(encoding="utf-8").replace('"student":"alice"', '"student":"a b"', 1)
    assert '"a b"' in text
    path.write_text(text, encoding="utf-8")
    code, _, err = run_cli(["review", str(path)], capsys)
    assert code == 0
    assert "the session_start event (line 1) was refused" in err
    assert "the session_start event is missing" not in err


def test_the_csv_total_is_the_sum_of_its_part_cells(tmp_path, capsys):
    # one box of 1c (3 boxes: 0.33) and one of 3c (7 boxes: 0.14): summed unrounded, the
    # total read 0.48 beside cells adding up to 0.47
    first_of = {p: CONTENT.part(p).boxes[0] for p in ("1c", "3c")}
    steps = [("attempt", b, CONTENT.boxes[b].answer) for b in first_of.values()]
    session(tmp_path / "class" / "alice", steps, student="alice")
    code, out, err = run_cli(["gradebook", str(tmp_path / "class")], capsys)
    assert code == 0, err
    header, row = list(csv.reader(io.StringIO(out)))[:2]
    total_at = next(i for i, h in enumerate(header) if h.startswith("total"))
    cells = dict(zip(header[1:total_at], (float(c) for c in row[1:total_at]), strict=True))
    assert (cells["1c (1 pt)"], cells["3c (1 pt)"]) == (0.33, 0.14)
    assert float(row[total_at]) == pytest.approx(sum(cells.values()), abs=1e-9)
    code, book, _ = gradebook([str(tmp_path / "class")], capsys)
    assert book["students"][0]["total"] == pytest.approx(0.47, abs=1e-9)


def test_sort_box_puts_practice_variants_in_the_order_of_their_seeds(tmp_path, capsys):
    """The trial: --by-variant --sort box listed seeds as text (16, 19, 1, 6)."""
    log = SessionLog.start(tmp_path / "logs", CONTENT.content_hash, student="bob")
    log.attempt("5a.fwd", "20", "correct", "correct", 1.0)
    for seed in (16, 19, 1, 6):
        variant = instantiate(CONTENT, "5a", seed=seed)
        tag = VariantTag(variant.seed, variant.params_json())
        log.hint("5a.fwd", 1, variant=tag)
        log.attempt("5a.fwd", "1", "incorrect", "incorrect", 1.0, variant=tag)
    log.end()
    argv = ["review", "--class", "--by-variant", "--sort", "box", str(tmp_path / "logs")]
    code, out, err = run_cli(argv, capsys)
    assert code == 0, err
    listed = [
        ln.split()[0] + (" " + ln.split()[1] if "[seed:" in ln else "")
        for ln in out.splitlines()
        if ln.startswith("5a.fwd")
    ]
    order = ["5a.fwd", "5a.fwd [seed:1]", "5a.fwd [seed:6]", "5a.fwd [seed:16]", "5a.fwd [seed:19]"]
    assert listed[:5] == order  # the box table
    assert listed[5:] == order  # and the hints' table


def test_a_renamed_box_is_one_warning_for_the_class_and_the_content_drift_is_said(tmp_path, capsys):
    """The trial: after a box rename, gradebook printed one 'answers to boxes the content does
    not have' line per student, and never said what review says: that the sessions were
    recorded with other content."""
    from tutor.paths import packaged_content_dir

    renamed = tmp_path / "content"
    shutil.copytree(packaged_content_dir(), renamed)
    p5 = renamed / "p5.toml"
    p5.write_text(p5.read_text(encoding="utf-8").replace("5a.fwd", "5a.forward"), "utf-8")
    for k in range(25):
        who = f"s{k:02d}"
        session(tmp_path / "class" / who, [("attempt", "5a.fwd", "20")], student=who)
    code, book, err = gradebook([str(tmp_path / "class"), "--content", str(renamed)], capsys)
    assert code == 0 and len(book["students"]) == 25, err
    gone = [w for w in book["warnings"] if "boxes the content does not have" in w]
    assert gone == [
        "answers to boxes the content does not have are not graded: 5a.fwd (25 students); "
        "25 students (s00, s01, s02, s03, s04, s05, s06, s07, s08, s09 and 15 more)"
    ]
    assert "25 of 25 sessions were recorded with other content than the current one" in err
    assert len(err.splitlines()) < 6  # a few lines, not one a student


def test_students_with_nothing_readable_are_listed_up_to_twenty_then_counted(tmp_path, capsys):
    folder = tmp_path / "uploads"
    folder.mkdir()
    for k in range(25):
        with zipfile.ZipFile(folder / f"hw3-handin-s{k:02d}.zip", "w") as z:
            name = "sessions/20250203T170000.000Z-0000abcd.jsonl"
            z.writestr(
                "manifest.json",
                json.dumps(
                    {
                        "format": "hw3-tutor-handin",
                        "student": f"s{k:02d}",
                        "sessions": [{"file": name}],
                    }
                ),
            )
            z.writestr(name, "not a session\n")
    code, book, err = gradebook([str(folder)], capsys)
    assert code == 0 and len(book["students"]) == 25, err
    said = [w for w in book["warnings"] if "counted with nothing done" in w]
    assert len(said) == 21 and said[0].startswith("s00: handed in, but none")
    assert said[-1].startswith("… and 5 more students handed in nothing that could be read")
    assert "(s20, s21, s22, s23, s24)" in said[-1]
