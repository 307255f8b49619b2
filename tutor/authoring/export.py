"""``hw3-tutor content export DIR``: copy the packaged content out for editing.

The copy is what an instructor edits, checks with ``hw3-tutor validate DIR`` and
runs with ``hw3-tutor --content DIR`` (or ``$HW3_TUTOR_CONTENT``). Only the
standard library is imported.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from tutor.errors import UserError
from tutor.paths import packaged_content_dir

# What belongs to the content: the TOML files and the authoring guide.
EXPORT_PATTERNS = ("*.toml", "README.md")


def content_files(source: Path) -> list[Path]:
    """The files of a content directory that an export copies, sorted by name."""
    found: set[Path] = set()
    for pattern in EXPORT_PATTERNS:
        found.update(p for p in source.glob(pattern) if p.is_file())
    return sorted(found, key=lambda p: p.name)


def export_content(target: Path, force: bool = False, source: Path | None = None) -> list[Path]:
    """Copy the packaged content into ``target``; returns the files written.

    Refuses (``UserError``) when ``target`` is a file, or a non-empty directory
    and ``force`` is false. With ``force`` the content files are overwritten and
    any other file in ``target`` is left alone.
    """
    source = source or packaged_content_dir()
    files = content_files(source) if source.is_dir() else []
    if not files:
        raise UserError(f"no packaged content found at {source}; reinstall hw3-tutor")
    if target.exists() and not target.is_dir():
        raise UserError(f"{target} is a file; give a directory to export the content into")
    if target.resolve() == source.resolve():
        raise UserError(f"{target} is the packaged content itself; export into another directory")
    if target.is_dir() and any(target.iterdir()) and not force:
        raise UserError(
            f"{target} is not empty; choose an empty or new directory, "
            "or add --force to overwrite the content files in it"
        )
    try:
        target.mkdir(parents=True, exist_ok=True)
        written = []
        for path in files:
            dest = target / path.name
            shutil.copyfile(path, dest)
            written.append(dest)
    except OSError as exc:
        raise UserError(f"cannot write to {target}: {exc.strerror or exc}") from exc
    return written
