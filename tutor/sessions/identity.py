"""Who the student is: the student id, its rules, and where it is kept.

The id is asked once on the tutor's first start (the student may skip), or given with
``--student ID``, or written by hand in ``student.toml`` in the config directory
(``$HW3_TUTOR_CONFIG_DIR``, else ``~/.config/hw3-tutor`` on Linux)::

    # hw3-tutor: your student id, written into every session log and your hand-in
    id = "alice"

A skipped question is remembered as ``skipped = true`` so it is not asked again. The id goes
into every session log's header (``session_start`` field ``student``) and into the hand-in
(``hw3-tutor handin``); the instructor's gradebook merges a student's sessions by it.

An id is 1 to 64 characters: ASCII letters, digits and ``. _ - @ +``, starting with a letter
or a digit (so an e-mail address or a university id works, and a gradebook's CSV never sees a
space, a quote, a comma or a leading ``=``). Ids read from logs and hand-ins are untrusted and
checked with the same rule.

Only the standard library (and ``tomllib``/``tomli``) is imported.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TypeGuard

from tutor.errors import UsageError

STUDENT_FILE = "student.toml"
MAX_ID_LENGTH = 64
ID_CHARACTERS = "letters a-z and A-Z, digits and . _ - @ +"
_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@+-]*")
_ALLOWED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._@+-")
MAX_CONFIG_BYTES = 64 * 1024  # a student.toml larger than this is not read


def student_id_problem(text: object) -> str | None:
    """Why ``text`` is not a valid student id (one sentence), or None when it is one."""
    if not isinstance(text, str):
        return "the student id must be text"
    if not text:
        return "the student id is empty"
    if len(text) > MAX_ID_LENGTH:
        return (
            f"the student id is {len(text):,} characters long; at most {MAX_ID_LENGTH} are allowed"
        )
    for position, ch in enumerate(text, 1):
        if ch not in _ALLOWED:
            shown = (
                "a space" if ch == " " else (repr(ch) if ch.isprintable() else f"U+{ord(ch):04X}")
            )
            return (
                f"the student id may use only {ID_CHARACTERS} (no spaces); "
                f"{shown} at position {position} is not allowed"
            )
    if not text[0].isalnum():
        return "the student id must start with a letter or a digit"
    return None


def is_student_id(text: object) -> TypeGuard[str]:
    """True when ``text`` is a valid student id (the rule above)."""
    return isinstance(text, str) and len(text) <= MAX_ID_LENGTH and bool(_ID_RE.fullmatch(text))


class StudentIdError(UsageError):
    """A student id given on the command line breaks the rule (exit 2)."""


def validate_student_id(text: str, where: str = "--student") -> str:
    """``text`` without surrounding whitespace, checked; raises ``StudentIdError`` saying why not."""
    value = text.strip()
    problem = student_id_problem(value)
    if problem is not None:
        raise StudentIdError(f"{where}: {problem}")
    return value


@dataclass(frozen=True)
class StudentConfig:
    """What ``student.toml`` says. Never raises while reading: ``problem`` says what is wrong."""

    path: Path | None
    id: str | None = None
    skipped: bool = False  # the student chose not to give an id: do not ask again
    problem: str | None = None  # the file exists but cannot be used (shown, never fatal)


def _config_dir(directory: str | os.PathLike[str] | None) -> Path:
    if directory is not None:
        return Path(directory)
    from tutor.paths import config_dir

    return config_dir()


def load_student_config(directory: str | os.PathLike[str] | None = None) -> StudentConfig:
    """Read ``student.toml`` from ``directory`` (default: the config directory). Never raises."""
    try:
        path = _config_dir(directory) / STUDENT_FILE
    except Exception as exc:  # noqa: BLE001 - no config directory at all
        return StudentConfig(None, problem=f"no config directory ({exc})")
    try:
        with path.open("rb") as f:
            raw = f.read(MAX_CONFIG_BYTES + 1)
    except FileNotFoundError:
        return StudentConfig(path)
    except OSError as exc:
        return StudentConfig(path, problem=f"{path} cannot be read ({exc.strerror or exc})")
    if len(raw) > MAX_CONFIG_BYTES:
        return StudentConfig(path, problem=f"{path} is larger than {MAX_CONFIG_BYTES:,} bytes")
    try:
        import tomllib  # type: ignore[import-not-found,unused-ignore]
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[import-not-found,no-redef,unused-ignore]
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return StudentConfig(path, problem=f"{path} is not valid TOML ({exc})")
    unknown = sorted(set(data) - {"id", "skipped"})
    if unknown:
        keys = ", ".join(unknown)
        return StudentConfig(path, problem=f'{path}: unknown key {keys}; use id = "YOUR-ID"')
    skipped = data.get("skipped", False)
    if not isinstance(skipped, bool):
        return StudentConfig(path, problem=f"{path}: skipped must be true or false")
    value = data.get("id")
    if value is None:
        return StudentConfig(path, skipped=skipped)
    if not isinstance(value, str):
        return StudentConfig(path, problem=f'{path}: id must be a string, e.g. id = "alice"')
    problem = student_id_problem(value.strip())
    if problem is not None:
        return StudentConfig(path, problem=f"{path}: {problem}")
    return StudentConfig(path, id=value.strip(), skipped=skipped)


def save_student_config(
    student_id: str | None, directory: str | os.PathLike[str] | None = None
) -> Path:
    """Write ``student.toml``: the id, or (``None``) that the student skipped the question.

    Written to a temporary file and renamed, so a crash never leaves half a file. Raises
    ``OSError`` when the directory cannot be written; ``StudentIdError`` for a bad id.
    """
    lines = ["# hw3-tutor: your student id, written into every session log and your hand-in"]
    if student_id is None:
        lines += [
            '# You skipped the question. Set your id here (id = "...") or run the tutor',
            "# with --student ID; delete this file to be asked again.",
            "skipped = true",
        ]
    else:
        student_id = validate_student_id(student_id, "student id")
        lines.append(f'id = "{student_id}"')  # the rule admits no quote or backslash
    folder = _config_dir(directory)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / STUDENT_FILE
    fd, tmp = tempfile.mkstemp(prefix=".student-", suffix=".toml", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return path


Source = Literal["option", "config", "none"]


@dataclass(frozen=True)
class Identity:
    """The student id in force for a run of the tutor, and where it came from."""

    id: str | None
    source: Source
    ask: bool = False  # never asked and never given: ask once (the tutor's first start)
    problem: str | None = None  # student.toml exists but cannot be used


def resolve_identity(
    option: str | None, directory: str | os.PathLike[str] | None = None
) -> Identity:
    """``--student`` (checked: ``StudentIdError`` when it breaks the rule), else ``student.toml``;
    ``ask`` is True when neither gives an id and the question was never answered or skipped."""
    if option is not None:
        return Identity(validate_student_id(option), "option")
    config = load_student_config(directory)
    if config.id is not None:
        return Identity(config.id, "config")
    if config.problem is not None:
        return Identity(None, "none", problem=config.problem)
    return Identity(None, "none", ask=not config.skipped and config.path is not None)
