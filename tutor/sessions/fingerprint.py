"""Which checker judged: a fingerprint of the checker's own source.

``checker_fingerprint()`` hashes every ``.py`` file of ``tutor/checking`` and
``tutor/inputlang`` (by path and content) with the tutor version. The judgment cache is named by
it (an updated checker never meets an old judgment), and every session log's header carries its
first ``CHECKER_DIGITS`` hex digits (``checker``), so a regrade can tell a verdict that changed
because the checker changed from one whose log says what this very checker never said.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from tutor import __version__

CHECKER_DIGITS = 16  # hex digits of the fingerprint a session header carries

_FINGERPRINT: str | None = None


def source_fingerprint(root: Path) -> str:
    """The hash of every ``.py`` file under ``root``'s checking and inputlang packages, their
    subpackages included (a change in ``checking/derivation/`` changes verdicts too), by path
    and content, with the tutor version."""
    digest = hashlib.sha256(__version__.encode())
    for package in ("checking", "inputlang"):
        for path in sorted((root / package).rglob("*.py")):
            name = path.relative_to(root).as_posix().encode()
            try:
                digest.update(name + b"\0" + path.read_bytes())
            except OSError:
                digest.update(name + b"\0?")
    return digest.hexdigest()


def checker_fingerprint() -> str:
    """A hash of the checker's own source (``tutor/checking``, ``tutor/inputlang``) and the tutor
    version (computed once: a few milliseconds)."""
    global _FINGERPRINT
    if _FINGERPRINT is None:
        _FINGERPRINT = source_fingerprint(Path(__file__).resolve().parent.parent)
    return _FINGERPRINT


def checker_id() -> str:
    """What a session header says its checker was: the fingerprint's first digits."""
    return checker_fingerprint()[:CHECKER_DIGITS]
