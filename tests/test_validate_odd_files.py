"""Odd entries in a content directory (``tutor.content.files``): anything named ``*.toml`` that
is not an ordinary UTF-8 file of a bounded size is one content error naming it and saying what
to do, from the real ``validate`` (and every other command that loads content); never a
traceback, never a hang on a FIFO or a device, never an unbounded read."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_helpers import run_in_process

from tutor.content.files import MAX_FILE_BYTES
from tutor.paths import packaged_content_dir

ROOT = Path(__file__).resolve().parent.parent
POSIX = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX files")


def copied(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(packaged_content_dir(), target)
    return target


def _dangling(path: Path) -> None:
    path.symlink_to("nowhere.toml")


def _looping(path: Path) -> None:
    path.symlink_to(path.name)


def _directory(path: Path) -> None:
    path.mkdir()
    (path / "inside.toml").write_text("schema = 1\n")


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _device(path: Path) -> None:
    path.symlink_to("/dev/zero")  # endless: a read that is not bounded never returns


def _latin1(path: Path) -> None:
    path.write_bytes(b"schema = 1\n# caf\xe9\n")


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _enormous(path: Path) -> None:
    path.write_bytes(b"# padding\n" * (MAX_FILE_BYTES // 10 + 1))


# what is made, and what its one line must say: where, what it is, what to do
CASES: dict[str, tuple[Callable[[Path], None], str, str]] = {
    "dangling": (_dangling, "x.toml: (file): is a symbolic link to 'nowhere.toml', which does not exist", "point it at a content file, or delete it"),
    "looping": (_looping, "x.toml: (file): is a symbolic link to 'x.toml', which leads back to itself", "point it at a content file, or delete it"),
    "directory": (_directory, "x.toml: (file): is a directory, not a file", "rename the directory so it does not end in .toml"),
    "fifo": (_fifo, "x.toml: (file): is a FIFO (named pipe), not an ordinary file", "delete it, or replace it with the file it stands for"),
    "device": (_device, "x.toml: (file): is a device, not an ordinary file", "delete it, or replace it with the file it stands for"),
    "latin1": (_latin1, "x.toml:2: (file): is not UTF-8 text (byte 0xe9 at column 6", "save the file as UTF-8"),
    "empty": (_empty, "x.toml: (file): is empty", "write a problem into it"),
    "enormous": (_enormous, "x.toml: (file): is 2.0 MB; a content file holds at most 2 MB", "split it into one file per problem"),
}  # fmt: skip


def hw3(*args: str) -> subprocess.CompletedProcess:
    """The real command in its own process, with a bound: a hang fails the test, not the run."""
    return subprocess.run(
        [sys.executable, "-m", "tutor", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )


@POSIX
@pytest.mark.parametrize("case", list(CASES))
def test_an_odd_file_is_one_content_error_naming_it_and_what_to_do(tmp_path, case):
    make, what, todo = CASES[case]
    content = copied(tmp_path)
    make(content / "x.toml")
    r = (
        run_in_process(["validate", str(content)])
        if case not in ("fifo", "device")
        else hw3("validate", str(content))
    )
    assert r.returncode == 1, r.stdout + r.stderr
    assert "Traceback" not in r.stdout + r.stderr
    named = [line for line in r.stdout.splitlines() if "x.toml" in line]
    assert len(named) == 1, r.stdout
    assert what in named[0] and todo in named[0], named[0]
    assert "content has failures" not in r.stdout  # the report of content that does not load
    assert r.stdout.rstrip().endswith(f"then run 'hw3-tutor validate {content}' again")


@POSIX
def test_all_of_them_at_once_in_any_command_that_loads_content(tmp_path):
    content = copied(tmp_path)
    for name, (make, _, _) in CASES.items():
        make(content / f"{name}.toml")
    for command in (
        ["validate", str(content)],
        ["grade", "5a.fwd", "20", "--content", str(content)],
    ):
        r = hw3(*command)
        assert r.returncode == 1 and "Traceback" not in r.stderr, r.stderr
        report = r.stdout + r.stderr
        for name, (_, what, todo) in CASES.items():
            lines = [x for x in report.splitlines() if f" {name}.toml" in x]
            assert len(lines) == 1, (name, report)
            assert what.replace("x.toml", f"{name}.toml") in lines[0] and todo in lines[0]


def test_a_file_read_only_up_to_its_bound(tmp_path, monkeypatch):
    """The bound holds whatever the size the file system reports (a file that grows while read,
    a /proc-like file that says 0)."""
    from tutor.content import files

    path = tmp_path / "grows.toml"
    path.write_bytes(b"#" * (MAX_FILE_BYTES + 10))
    real_fstat = os.fstat

    class Shrunk:
        def __init__(self, info: os.stat_result) -> None:
            self.st_mode, self.st_size = info.st_mode, 0

    monkeypatch.setattr(files.os, "fstat", lambda fd: Shrunk(real_fstat(fd)))
    issue = files.read_content_file(path)
    assert not isinstance(issue, bytes)
    assert str(issue) == (
        "grows.toml: (file): is more than 2 MB; a content file holds at most 2 MB "
        "(split it into one file per problem)"
    )
