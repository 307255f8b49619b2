"""Which content passed ``hw3-tutor validate`` on this machine: a stamp per content and checker.

``validate``, when the content passes (every check and question test; ``--variants`` too when
asked), writes a small file in the cache directory named by the content's hash and the
checker's fingerprint (``validated/<content hash>-<checker>.json``); when it fails, it removes
that file. ``gradebook`` and ``review`` look for the stamp of the content they judge with (one
``stat``): content without one (never validated here, failing, edited since, or validated
with another checker) is used all the same, with a warning, since a wrong key grades wrongly.
The packaged content needs none (the tutor's own tests validate it).

A stamp is a note the instructor's own machine keeps, not a proof: anyone who can write the
cache directory can write one.
"""

from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from pathlib import Path

from tutor.paths import cache_dir, packaged_content_dir
from tutor.sessions.fingerprint import checker_fingerprint


def stamp_file(content_hash: str) -> Path:
    """Where the stamp of content ``content_hash`` with today's checker is."""
    safe = "".join(ch for ch in content_hash if ch.isalnum())[:64] or "nohash"
    return cache_dir() / "validated" / f"{safe}-{checker_fingerprint()[:16]}.json"


def record(content_hash: str, directory: Path, passed: bool) -> None:
    """``validate``'s verdict on the content: a stamp when it passed, none when it failed.
    A cache directory that cannot be written is not an error (the stamp is a convenience)."""
    path = stamp_file(content_hash)
    try:
        if not passed:
            path.unlink(missing_ok=True)
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {
            "content_hash": content_hash,
            "checker": checker_fingerprint(),
            "directory": str(directory),
            "validated": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        }
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data) + "\n", encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass


def unvalidated_warning(content_hash: str, directory: Path) -> str | None:
    """The warning for grading with content that has no passing stamp (None when it has
    one, or is the packaged content)."""
    try:
        if directory.resolve() == packaged_content_dir().resolve():
            return None
    except (OSError, RuntimeError):
        pass
    try:
        if stamp_file(content_hash).is_file():
            return None
    except OSError:
        pass
    return (
        f"the content in {directory} has not passed `hw3-tutor validate` on this machine (never "
        "validated here, failing, or edited since): a wrong key would grade wrongly; answers "
        f"are judged with it all the same (run `hw3-tutor validate {directory}`)"
    )
