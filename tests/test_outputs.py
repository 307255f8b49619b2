"""``-o`` never writes over what a command reads, nor over a student's work: the trial's
``gradebook -o handins/*.zip --grades-only`` (the shell made the first upload the output)
wrote a CSV over a hand-in. Every command with ``-o`` (``gradebook``, ``export``, ``handin``)
checks its output with one rule (``tutor.cli.outputs``) before it reads anything."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from class_helpers import session
from cli_helpers import run_cli

from tutor.paths import packaged_content_dir
from tutor.sessions.handin import write_handin


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("HW3_TUTOR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("HW3_TUTOR_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("HW3_TUTOR_LOG_DIR", str(tmp_path / "nowhere"))


def uploads(tmp_path: Path) -> tuple[Path, list[Path], list[Path]]:
    """Two students' hand-ins in handins/, and alice's logs."""
    folder = tmp_path / "handins"
    zips, logs = [], []
    for who in ("alice", "bob"):
        where = tmp_path / "logs" / who
        logs.append(session(where, [("attempt", "5a.fwd", "20")], student=who))
        zips.append(write_handin(where, who, folder / f"hw3-handin-{who}.zip", None).path)
    return folder, zips, logs


def unchanged(paths: list[Path]):
    saved = {p: p.read_bytes() for p in paths}
    return lambda: all(p.read_bytes() == data for p, data in saved.items())


def refused(argv: list[str], capsys) -> str:
    code, out, err = run_cli(argv, capsys)
    assert code == 2, (code, err)
    assert out == "" and len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    return err


def test_a_glob_right_after_o_does_not_write_over_the_first_hand_in(tmp_path, capsys):
    folder, zips, _ = uploads(tmp_path)
    same = unchanged(zips)
    # what the shell makes of: gradebook -o handins/*.zip --grades-only
    err = refused(["gradebook", "-o", str(zips[0]), str(zips[1]), "--grades-only"], capsys)
    assert "refusing to write the report over a hand-in" in err
    assert "handins/*.zip right after -o" in err  # says how it came about
    assert same()


def test_a_file_being_read_is_never_the_output(tmp_path, capsys):
    folder, zips, logs = uploads(tmp_path)
    same = unchanged([*zips, *logs])
    err = refused(["gradebook", str(zips[0]), "-o", str(zips[0])], capsys)
    assert f"refusing to write over {zips[0]}: it is being read" in err
    err = refused(["gradebook", str(logs[0]), "--format", "json", "-o", str(logs[0])], capsys)
    assert "it is being read" in err
    err = refused(["gradebook", str(folder), "-o", str(folder)], capsys)
    assert "is a directory" in err
    # a new file in a folder being read, of a kind read there: read as an upload next time
    err = refused(["gradebook", str(folder), "-o", str(folder / "grades.zip")], capsys)
    assert "which is being read (a hand-in there is read)" in err
    assert not (folder / "grades.zip").exists()
    # a session log elsewhere is a student's work too
    err = refused(["gradebook", str(folder), "-o", str(logs[0])], capsys)
    assert "over a session log" in err
    assert same()


def test_the_content_being_read_is_not_written_over(tmp_path, capsys):
    folder, _, _ = uploads(tmp_path)
    content = tmp_path / "content"
    shutil.copytree(packaged_content_dir(), content)
    same = unchanged(sorted(content.glob("*.toml")))
    err = refused(
        ["gradebook", str(folder), "--content", str(content), "-o", str(content / "p1.toml")],
        capsys,
    )
    assert "a content file there is read" in err
    assert same()


def test_a_report_is_still_written_where_nothing_is_read(tmp_path, capsys):
    folder, zips, _ = uploads(tmp_path)
    old = tmp_path / "grades.csv"
    old.write_text("an older report\n")
    code, _, err = run_cli(["gradebook", *map(str, zips), "-o", str(old)], capsys)
    assert code == 0, err
    assert old.read_text().startswith("student_id,")  # a report replaces a report
    code, _, err = run_cli(["gradebook", str(folder), "-o", str(tmp_path / "g.json")], capsys)
    assert code == 0 and (tmp_path / "g.json").read_text().startswith("{")


def test_export_writes_over_no_session_log_and_no_hand_in(tmp_path, capsys):
    _, zips, _ = uploads(tmp_path)
    logs = tmp_path / "logs" / "alice"
    first = session(logs, [("attempt", "5a.fwd", "45")], student="alice")
    other = session(logs, [("attempt", "5a.fwd", "20")], student="alice")
    elsewhere = tmp_path / "elsewhere"
    copy = elsewhere / other.name
    elsewhere.mkdir()
    shutil.copy(other, copy)
    same = unchanged([first, other, copy, *zips])
    for target, said in (
        (first, "it is being read"),
        (other, "over a session log"),
        (copy, "over a session log"),
        (logs / "new.jsonl", "which is being read (a session log there is read)"),
        (zips[0], "over a hand-in"),
    ):
        err = refused(["export", str(first), "--log-dir", str(logs), "-o", str(target)], capsys)
        assert said in err, (target, err)
    assert same() and not (logs / "new.jsonl").exists()
    code, _, err = run_cli(["export", str(first), "-o", str(tmp_path / "trace.md")], capsys)
    assert code == 0 and (tmp_path / "trace.md").read_text().startswith("# Session")


def test_handin_replaces_only_an_earlier_hand_in(tmp_path, capsys):
    _, zips, logs = uploads(tmp_path)
    alice = tmp_path / "logs" / "alice"
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n")
    same = unchanged([notes, *logs])
    base = ["handin", "--student", "alice", "--log-dir", str(alice), "-o"]
    err = refused([*base, str(notes)], capsys)
    assert "a file that is not a hand-in" in err and "give another name" in err
    err = refused([*base, str(logs[1])], capsys)  # bob's session log
    assert "a session log that is not a hand-in" in err
    err = refused([*base, str(alice / "new.jsonl")], capsys)  # in the log folder being read
    assert "which is being read (a session log there is read)" in err
    assert same() and not (alice / "new.jsonl").exists()
    code, out, err = run_cli([*base, str(zips[0])], capsys)  # an earlier hand-in: replaced
    assert code == 0 and out.startswith("Replaced "), err


def test_a_report_into_a_missing_folder_is_refused_before_anything_is_read(tmp_path, capsys):
    folder, _, _ = uploads(tmp_path)
    target = tmp_path / "out" / "gb.json"
    err = refused(["gradebook", str(folder), "-o", str(target)], capsys)
    assert "the folder" in err and "does not exist; create it first" in err
    assert "student" not in err  # refused before the regrade: nothing graded, nothing said


def test_export_writes_no_report_into_a_folder_of_logs_it_reads(tmp_path, capsys):
    logs = tmp_path / "logs" / "mallory"
    log = session(logs, [("attempt", "5a.fwd", "20")], student="mallory")
    before = sorted(p.name for p in logs.iterdir())
    err = refused(["export", str(log), "-o", str(logs / "trace.md")], capsys)
    assert "a folder of session logs being read" in err
    assert sorted(p.name for p in logs.iterdir()) == before


def test_handin_without_content_names_the_content_its_sessions_were_made_with(
    tmp_path, capsys, monkeypatch
):
    monkeypatch.delenv("HW3_TUTOR_CONTENT", raising=False)
    logs = tmp_path / "mine"
    session(logs, [("attempt", "5a.fwd", "20")], student="alice", content_hash="c0ffee" * 10)
    out = tmp_path / "h.zip"
    argv = ["handin", "--student", "alice", "--log-dir", str(logs), "-o", str(out)]
    code, stdout, err = run_cli(argv, capsys)
    assert code == 0, err
    import json
    import zipfile

    with zipfile.ZipFile(out) as zf:
        assert json.loads(zf.read("manifest.json"))["content_hash"] == "c0ffee" * 10
    assert "the sessions were recorded with content c0ffeec0ffee" in err
    assert "content c0ffeec0ffee" in stdout


def test_active_hours_round_half_up_as_points_do():
    from tutor.sessions.gradebookfile import fmt_hours, fmt_points

    assert fmt_hours(450.0) == "0.13" == fmt_points(0.125)  # 0.125 h: a half, up
    assert fmt_hours(0.0) == "0.00" and fmt_hours(9630.0) == "2.68"  # 2.675 h
