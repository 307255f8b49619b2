"""Where a command writes (``-o``): never over what it reads, nor over a student's work.

``gradebook``, ``export`` and ``handin`` write a file named by ``-o``. A shell expands
``gradebook -o handins/*.zip`` into ``-o`` plus the first upload, ``gradebook X.zip -o X.zip``
names one file twice, and a report written there replaces a hand-in for good. So, before a
command reads anything, its output is checked here, one rule for every command:

- a directory is no file to write a report into;
- a file or folder the command reads (a path given, the content directory, the log
  directory) is never written over, and no file is written into a folder it reads where the
  command would read it the next time (``uploads/x.zip`` while grading ``uploads/``);
- a report (CSV, JSON, Markdown, LaTeX) is never written over a student's work: a hand-in (a
  zip archive) or a session log;
- a hand-in replaces only an earlier hand-in (a zip archive), never another file.

Each refusal is a ``UsageError`` (exit 2, one line) saying what the file is.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from tutor.cli.options import STDOUT
from tutor.errors import UsageError
from tutor.textsafe import visible

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")  # a zip archive's first bytes (an empty one: the end)
HANDIN_SUFFIX = ".zip"
SESSION_SUFFIX = ".jsonl"
GLOB_HINT = (
    " (a shell pattern such as handins/*.zip right after -o makes its first file the output)"
)


@dataclass(frozen=True)
class Read:
    """A path a command reads: a file, or a directory whose files of ``kinds`` (suffixes) it
    reads (and would read the next time)."""

    path: Path
    kinds: tuple[str, ...] = ()


def _real(path: Path) -> Path:
    try:
        return path.expanduser().resolve()
    except (OSError, RuntimeError):
        return path.expanduser().absolute()


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return _real(a) == _real(b)


def student_work(path: Path) -> str | None:
    """What ``path`` is when it holds a student's work: ``"a hand-in (a zip archive)"`` or
    ``"a session log"``; None for anything else (or nothing there)."""
    try:
        if not path.is_file():
            return None
        with path.open("rb") as f:
            head = f.read(4)
    except OSError:
        return None
    if head in ZIP_MAGIC or path.suffix.lower() == HANDIN_SUFFIX:
        return "a hand-in (a zip archive)"
    if path.suffix.lower() == SESSION_SUFFIX and _is_session_log(path):
        return "a session log"
    return None


def _is_session_log(path: Path) -> bool:
    from tutor.sessions.logreader import SessionReadError, SessionStream

    try:
        with SessionStream(path) as stream:
            return next(iter(stream), None) is not None
    except (SessionReadError, OSError):
        return False


KINDS = {SESSION_SUFFIX: "a session log", HANDIN_SUFFIX: "a hand-in", ".toml": "a content file"}


def _check_same(out: Path, reading: Iterable[Read]) -> None:
    """Refused: ``out`` is a path being read."""
    for read in reading:
        if read.path.exists() and _same(out, read.path):
            hint = GLOB_HINT if out.suffix.lower() == HANDIN_SUFFIX else ""
            raise UsageError(
                f"-o {out}: refusing to write over {read.path}: it is being read{hint}"
            )


def _check_inside(out: Path, reading: Iterable[Read]) -> None:
    """Refused: ``out`` lies in a folder being read, where a file of its kind is read."""
    suffix = out.suffix.lower()
    for read in reading:
        if suffix in read.kinds and read.path.is_dir() and _real(read.path) in _real(out).parents:
            raise UsageError(
                f"-o {out}: refusing to write into {read.path}, which is being read "
                f"({KINDS.get(suffix, 'an input')} there is read); write elsewhere"
            )


def report_output(output: str | None, reading: Iterable[Read]) -> Path | None:
    """``-o``'s file for a report (CSV, JSON, Markdown, LaTeX), checked; None for stdout (no
    ``-o``, or ``-o -``). ``UsageError`` for a directory, a path being read (or a file in a
    folder being read, of a kind read there), or a student's work."""
    if output in (None, STDOUT):
        return None
    check_named_folder(output)
    out = Path(output).expanduser()
    reading = list(reading)
    if out.is_dir():
        raise UsageError(f"-o {output}: is a directory; give a file name for the report")
    check_folder(out)
    _check_same(out, reading)
    work = student_work(out)
    if work is not None:
        hint = GLOB_HINT if work.startswith("a hand-in") else ""
        raise UsageError(
            f"-o {output}: refusing to write the report over {work}{hint}; give another file name"
        )
    _check_inside(out, reading)
    return out


def names_folder(output: str) -> bool:
    """Whether ``-o``'s text names a folder: it ends with a path separator (``-o ~/Desktop/``)."""
    return output.endswith(("/", os.sep)) and output.strip("/" + os.sep) != ""


def check_named_folder(output: str) -> None:
    """``-o dir/``: a folder, so refused when there is none by that name (a file named ``dir``
    would be written otherwise, and read as if it went into that folder)."""
    if not names_folder(output):
        return
    folder = Path(output).expanduser()
    if not folder.exists():
        raise UsageError(
            f"-o {output}: the folder {folder} does not exist; create it first, or give a file "
            "name (without the / at the end)"
        )
    if not folder.is_dir():
        raise UsageError(f"-o {output}: {folder} is not a folder (it ends with /)")


def check_folder(out: Path) -> None:
    """Refused before anything is read (a class's regrade takes minutes): ``out``'s folder does
    not exist, is not a folder, or cannot be written into."""
    folder = out.parent
    if not folder.exists():
        raise UsageError(f"-o {out}: the folder {folder} does not exist; create it first")
    if not folder.is_dir():
        raise UsageError(f"-o {out}: {folder} is not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise UsageError(f"-o {out}: cannot write into {folder} (permission denied)")


def refuse_into_log_folder(out: Path | None, folders: Iterable[Path]) -> None:
    """Refused: a report written into a folder of session logs being read (a student's log
    folder is theirs, and holds logs only)."""
    if out is None:
        return
    where = _real(out).parent
    for folder in folders:
        if folder.is_dir() and _real(folder) == where:
            raise UsageError(
                f"-o {out}: refusing to write a report into {folder}, a folder of session logs "
                "being read (it holds logs only); write elsewhere"
            )


def handin_output(out: Path, reading: Iterable[Read], student: str | None = None) -> Path:
    """The hand-in's file, checked: its folder as for any ``-o`` (``check_folder``: never
    created), never over what ``handin`` reads, and an existing file is replaced only when it
    is an earlier hand-in (a zip archive), with a warning when that one is another student's
    (``student``: the id being handed in)."""
    reading = list(reading)
    check_folder(out)
    _check_same(out, reading)
    if out.exists() and student_work(out) != "a hand-in (a zip archive)":
        what = "a directory" if out.is_dir() else "a session log" if student_work(out) else "a file"
        raise UsageError(
            f"-o {out}: {what} that is not a hand-in (a zip archive) is there; handin replaces "
            "only an earlier hand-in: give another name"
        )
    _check_inside(out, reading)
    other = _handin_student(out) if out.exists() and student is not None else None
    if other is not None and other != student:
        print(
            f"warning: -o {visible(str(out), 300)}: it is a hand-in of student "
            f"{visible(other, 80)}, replaced by {visible(student or '', 80)}'s",
            file=sys.stderr,
        )
    return out


def _handin_student(path: Path) -> str | None:
    """The student id of an existing hand-in (its manifest's, else its file name's)."""
    from tutor.sessions.handinreader import HandinError, open_handin
    from tutor.sessions.sources import handin_file_id

    try:
        return open_handin(path).student or handin_file_id(path)
    except (HandinError, OSError):
        return handin_file_id(path)


# what a suffix says a file holds, when it is none of the formats a report is written in
_OTHER_FORMATS = {
    ".xlsx": "an Excel workbook",
    ".xls": "an Excel workbook",
    ".ods": "a spreadsheet",
    ".numbers": "a spreadsheet",
    ".pdf": "a PDF",
    ".docx": "a Word document",
    ".html": "a web page",
}


def check_suffix(out: Path | None, fmt: str, suffixes: dict[str, tuple[str, ...]]) -> None:
    """``-o``'s suffix against the format written (``suffixes``: each format's own): a suffix
    that names a binary format (``x.xlsx``, which a spreadsheet would then refuse to open) is
    refused; one that names another format of this command (``x.json`` with ``--format
    csv``) is refused too; any other suffix is left alone."""
    if out is None:
        return
    suffix = out.suffix.lower()
    if not suffix or suffix in suffixes.get(fmt, ()):
        return
    own = suffixes.get(fmt, ("",))[0]
    other = _OTHER_FORMATS.get(suffix) or next(
        (f"{name.upper()}" for name, ends in suffixes.items() if suffix in ends), None
    )
    if other is not None:
        raise UsageError(
            f"-o {out}: a {suffix} file would be {other}, but this writes "
            f"{fmt.upper()}; name it {own} (or choose --format)"
        )
