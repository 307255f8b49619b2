"""The files of a content directory, read as untrusted input: every ``*.toml`` entry is one of
them, whatever it is, and anything but an ordinary file of at most ``MAX_FILE_BYTES`` is a
``ContentIssue`` naming it (a dangling or looping symbolic link, a directory, a FIFO, which would
block the reader until something wrote to it, a device, which may never end, a file that grew
past the bound while it was read), never a traceback, a hang or an unbounded read."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from tutor.content.issues import ContentIssue

MAX_FILE_BYTES = 2 * 2**20  # the shipped files are under 50 kB


def content_files(directory: Path) -> list[Path]:
    """Every ``*.toml`` entry of ``directory``, sorted (hidden ones, such as an editor's lock
    files, left out as ``glob`` leaves them)."""
    return sorted(directory.glob("*.toml"))


def _issue(path: Path, message: str) -> ContentIssue:
    return ContentIssue(path.name, None, "(file)", message, "file")


def _too_large(path: Path, size: int) -> ContentIssue:
    shown = f"{size / 2**20:.1f} MB" if size >= 0 else f"more than {MAX_FILE_BYTES // 2**20} MB"
    return _issue(
        path,
        f"is {shown}; a content file holds at most {MAX_FILE_BYTES // 2**20} MB "
        "(split it into one file per problem)",
    )


def _not_a_file(path: Path, mode: int) -> ContentIssue:
    if stat.S_ISDIR(mode):
        return _issue(
            path,
            "is a directory, not a file; content files lie directly in the content directory "
            "(rename the directory so it does not end in .toml, or move its files up)",
        )
    what = (
        "a FIFO (named pipe)"
        if stat.S_ISFIFO(mode)
        else "a socket"
        if stat.S_ISSOCK(mode)
        else "a device"
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "not an ordinary file"
    )
    return _issue(
        path,
        f"is {what}, not an ordinary file; content is read from ordinary files only "
        "(delete it, or replace it with the file it stands for)",
    )


def _unreadable(path: Path, exc: OSError) -> ContentIssue:
    if path.is_symlink() and exc.errno in (errno.ENOENT, errno.ELOOP):
        try:
            target = os.readlink(path)
        except OSError:
            target = "?"
        why = "does not exist" if exc.errno == errno.ENOENT else "leads back to itself"
        return _issue(
            path,
            f"is a symbolic link to {target!r}, which {why}; point it at a content file, "
            "or delete it",
        )
    return _issue(path, f"cannot be read ({exc.strerror or exc}); check its permissions")


def read_content_file(path: Path) -> bytes | ContentIssue:
    """The bytes of the content file ``path`` (a symbolic link followed), or what is wrong.

    The entry is looked at before it is opened (a FIFO is never opened), opened without
    blocking (in case it was swapped for one since), looked at again through the open file, and
    read up to ``MAX_FILE_BYTES`` plus one byte, whatever its size said."""
    try:
        mode = os.stat(path).st_mode
        if not stat.S_ISREG(mode):
            return _not_a_file(path, mode)
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        fd = os.open(path, flags)
        with os.fdopen(fd, "rb", buffering=0) as fh:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                return _not_a_file(path, info.st_mode)
            if info.st_size > MAX_FILE_BYTES:
                return _too_large(path, info.st_size)
            chunks: list[bytes] = []
            left = MAX_FILE_BYTES + 1
            while left > 0:
                chunk = fh.read(min(left, 1 << 16))
                if not chunk:
                    break
                chunks.append(chunk)
                left -= len(chunk)
    except OSError as exc:
        return _unreadable(path, exc)
    raw = b"".join(chunks)
    if len(raw) > MAX_FILE_BYTES:  # it grew while it was read
        return _too_large(path, -1)
    return raw
