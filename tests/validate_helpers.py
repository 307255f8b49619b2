"""Small content directories for ``validate``'s tests, and reading its report: a problem 7
with edits made (``content_with``), the line a text stands on (``line_of``), and each FAIL line
with the fix under it (``fails``)."""

from __future__ import annotations

from pathlib import Path


def content_with(tmp_path: Path, source: str, *changes: tuple[str, str]) -> tuple[Path, list[str]]:
    """A content directory holding ``source`` as p7.toml with each ``(old, new)`` of
    ``changes`` made (each ``old`` found once); the directory and the lines of its p7.toml."""
    text = source
    for old, new in changes:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    directory = tmp_path / "content"
    directory.mkdir(parents=True)
    (directory / "p7.toml").write_text(text, encoding="utf-8")
    return directory, text.splitlines()


def line_of(lines: list[str], needle: str, nth: int = 0) -> int:
    """The 1-based number of the ``nth`` line holding ``needle``."""
    return [n for n, line in enumerate(lines, start=1) if needle in line][nth]


def fails(out: str) -> list[tuple[str, str]]:
    """Each ``FAIL`` line of a report with the ``fix:`` line under it (or "")."""
    shown = out.splitlines()
    return [
        (x, shown[n + 1].strip() if n + 1 < len(shown) and "fix:" in shown[n + 1] else "")
        for n, x in enumerate(shown)
        if x.startswith("FAIL")
    ]
