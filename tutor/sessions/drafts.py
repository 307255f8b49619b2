"""Unsent drafts: what a student typed and did not send, kept across a quit or a crash.

A draft is what a box holds and was not sent, or what a part's explanation or a reflection
holds and was not saved in the log. It is never an attempt and never judged: it is not a log
event (the logs are what was done, handed in and graded) but one small file beside the
session logs, ``drafts.json``, replaced as a whole (a temporary file, fsynced, renamed) while
the student types (a second after they pause, after a send, when they leave a part) and when
the tutor exits. It is read as
untrusted, like everything else on disk: a file that is not a regular file, too large, not
JSON or not of this shape is ignored with a warning, and so is each entry that breaks a rule
(its box or variant not a name, its text not text or too long). The format is in
``docs/session-logs.md`` ("Unsent drafts").

Only the standard library is imported here.
"""

from __future__ import annotations

import json
import os
import stat
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from tutor.sessions.logformat import NAME_LIMIT, TEXT_LIMIT, is_name, variant_words
from tutor.wording import said_list

DRAFTS_FILE: Final = "drafts.json"
DRAFTS_SCHEMA: Final = 1
MAX_DRAFTS: Final = 1_000  # entries kept from one file
MAX_VARIANT_KEY: Final = 4_000  # characters of a variant's key (``handout``, ``seed:7``, ``set:…``)
MAX_FILE: Final = 8 * 1024 * 1024  # a larger file is not read

EXPLANATION: Final = "explanation"  # a part's explanation; its id is the part's
REFLECTION: Final = "reflection"  # the answer to a reflection prompt; its id is the prompt's
RUBRIC: Final = "rubric"  # a part's key points ticked ("1" or "0" each); its id is the part's
AREAS: Final = (EXPLANATION, REFLECTION, RUBRIC)
"""The text areas (and the rubric's ticks) that are not answer boxes; never a variant key (those are ``handout``,
``seed:7``, ``set:…``)."""

Drafts = dict[tuple[str, str], str]
"""(variant key, box id) -> the text the box held; (area, id) -> the text an area held (an
area of ``AREAS``: explanations and reflections are the part's, whatever variant it shows)."""


PALETTE_KEY: Final = "Ctrl+P"  # Textual's command palette: the same key for every student


def reopen_entry(part_id: str, variant_key: str) -> str:
    """The command palette's entry that shows a practice variant holding an unsent draft
    again (F9 never draws its seed again, F8 leads to the handout): the one wording the
    palette, the tutor's notices and ``handin`` use."""
    return f"{part_id}: practice variant {variant_words(variant_key)} (unsent draft)"


def how_to_reopen(part_id: str, variant_key: str) -> str:
    """How the student gets back to that variant, said: the key and the entry to choose."""
    return f"{PALETTE_KEY}, then “{reopen_entry(part_id, variant_key)}”"


AREA_WORDS: Final = {
    EXPLANATION: "your explanation",
    REFLECTION: "your reflection",
    RUBRIC: "the key points you ticked",
}
"""A draft that is not a box's, said: one per part (or prompt), whatever numbers it shows."""


@dataclass(frozen=True)
class RestoredDraft:
    """Where one restored draft is, for the notice that lists them (``restored_said``)."""

    part: str
    area: str | None = None
    """``EXPLANATION``, ``REFLECTION`` or ``RUBRIC``; None for an answer box's draft."""
    variant: str | None = None
    """The practice variant's key a box's draft was typed in; None at the handout's numbers."""
    shown: str | None = None
    """The practice variant's key the part shows now; None when it shows the handout's."""


def restored_said(drafts: Iterable[RestoredDraft], handout_key: str) -> list[str]:
    """One line per part (and practice variant) saying where its restored drafts are, sorted,
    when "back where you typed it" does not say it all: a box's draft typed in a practice
    variant (reopened at its numbers, or the palette entry that shows it again); a box's draft
    at the handout's numbers of a part now showing a variant (``handout_key`` shows them); an
    explanation, reflection or ticks: said as what it is (one per part: where the part shows
    a variant, said to be the same at every variant's numbers). Nothing more for a box's
    draft at the numbers the part opens at."""
    said: dict[str, str] = {}
    areas: dict[str, list[str]] = {}
    in_variant: set[str] = set()
    for d in drafts:
        if d.shown is not None:
            in_variant.add(d.part)
        if d.area is not None:
            if d.area in AREA_WORDS:
                kinds = areas.setdefault(d.part, [])
                if AREA_WORDS[d.area] not in kinds:
                    kinds.append(AREA_WORDS[d.area])
        elif d.variant is not None:
            words = variant_words(d.variant)
            said[f"{d.part} {d.variant}"] = (
                f"{d.part}: in practice variant {words}, reopened at its numbers."
                if d.shown == d.variant
                else f"{d.part}: in practice variant {words} ({how_to_reopen(d.part, d.variant)})."
            )
        elif d.shown is not None:
            said[d.part] = f"{d.part}: at the handout's numbers ({handout_key} there shows them)."
    for part, kinds in areas.items():
        what = said_list(sorted(kinds))
        said[f"{part} ~"] = (
            f"{part}: {what}, the same at every variant's numbers."
            if part in in_variant
            else f"{part}: {what}."
        )
    return [said[k] for k in sorted(said)]


def part_of_box(box_id: str) -> str:
    """The part a box belongs to, by its id (``<part>.<name>``), for a box the content at
    hand may not have."""
    return box_id.split(".", 1)[0]


def drafts_path(log_dir: str | os.PathLike[str]) -> Path:
    return Path(log_dir) / DRAFTS_FILE


def _is_variant_key(value: object) -> bool:
    return (
        type(value) is str
        and 0 < len(value) <= MAX_VARIANT_KEY
        and value.isprintable()
        and not any(c.isspace() for c in value)
    )


def read_drafts(log_dir: str | os.PathLike[str]) -> tuple[Drafts, list[str]]:
    """The drafts kept in ``log_dir`` and warnings about what could not be read. Never
    raises; no file is no drafts."""
    path = drafts_path(log_dir)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return {}, []
    except OSError as exc:
        return {}, [f"{path}: cannot be read ({exc.strerror or exc}); no drafts restored"]
    if not stat.S_ISREG(info.st_mode):
        return {}, [f"{path}: not a regular file; no drafts restored"]
    if info.st_size > MAX_FILE:
        return {}, [f"{path}: larger than {MAX_FILE // (1024 * 1024)} MiB; no drafts restored"]
    try:
        with open(path, "rb") as f:
            raw = f.read(MAX_FILE + 1)
        data = json.loads(raw.decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        return {}, [f"{path}: not a drafts file ({exc.__class__.__name__}); no drafts restored"]
    return _entries(path, data)


def _entries(path: Path, data: Any) -> tuple[Drafts, list[str]]:
    if (
        not isinstance(data, dict)
        or data.get("schema") != DRAFTS_SCHEMA
        or not isinstance(data.get("drafts"), list)
    ):
        return {}, [f"{path}: not a drafts file of schema {DRAFTS_SCHEMA}; no drafts restored"]
    drafts: Drafts = {}
    skipped = 0
    for entry in data["drafts"][:MAX_DRAFTS]:
        key = _key(entry)
        text = entry.get("text") if isinstance(entry, dict) else None
        if key is None or type(text) is not str or len(text) > TEXT_LIMIT:
            skipped += 1
            continue
        drafts[key] = text
    skipped += max(0, len(data["drafts"]) - MAX_DRAFTS)
    warnings = []
    if skipped:
        warnings.append(
            f"{path}: {skipped} draft{'s' if skipped != 1 else ''} could not be read "
            f"(a box is a name of at most {NAME_LIMIT} characters, a text at most "
            f"{TEXT_LIMIT:,} characters) and {'were' if skipped != 1 else 'was'} left out"
        )
    return drafts, warnings


def _key(entry: Any) -> tuple[str, str] | None:
    """The draft's key: ``{"variant", "box"}`` for a box, ``{"area", "id"}`` for an area."""
    if not isinstance(entry, dict):
        return None
    if "area" in entry:
        area, ident = entry.get("area"), entry.get("id")
        if area in AREAS and is_name(ident):
            return str(area), str(ident)
        return None
    box, variant = entry.get("box"), entry.get("variant")
    if is_name(box) and _is_variant_key(variant) and variant not in AREAS:
        return str(variant), str(box)
    return None


def _entry(key: tuple[str, str], text: str) -> dict[str, str]:
    first, ident = key
    if first in AREAS:
        return {"area": first, "id": ident, "text": text[:TEXT_LIMIT]}
    return {"variant": first, "box": ident, "text": text[:TEXT_LIMIT]}


def write_drafts(log_dir: str | os.PathLike[str], drafts: Drafts) -> Path | None:
    """Keep ``drafts`` in ``log_dir``, replacing the file as a whole (no drafts: the file is
    removed). Returns the file written, or None. Raises ``OSError`` when it cannot be written;
    a draft longer than the reader keeps is cut to what it keeps."""
    path = drafts_path(log_dir)
    if not drafts:
        try:
            path.unlink()
        except FileNotFoundError:
            pass
        return None
    entries = [_entry(key, text) for key, text in sorted(drafts.items())[:MAX_DRAFTS]]
    text = json.dumps({"schema": DRAFTS_SCHEMA, "drafts": entries}, ensure_ascii=True, indent=1)
    directory = path.parent
    directory.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".drafts-", suffix=".json", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text + "\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    _fsync_dir(directory)
    return path


def _fsync_dir(directory: Path) -> None:
    """Make the renamed file's directory entry durable (best effort; not on Windows)."""
    if os.name != "posix":
        return
    try:
        dfd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dfd)
    except OSError:
        pass
    finally:
        os.close(dfd)
