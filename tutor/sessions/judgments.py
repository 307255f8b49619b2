"""Judgments: today's verdict on one logged answer, what it is keyed by, and its cache file.

A judgment is keyed by (variant, box, answer): an answer to a practice variant is judged by the
box *of that variant* (``VariantRef``: its parameters as logged, else its seed), which a
``BoxResolver`` given by the layer above rebuilds (``tutor.sessions`` may not import
``tutor.variants``). Judgments are cached in memory (``tutor.sessions.regrader.Regrader``) and,
unless turned off, in a JSON Lines file in the cache directory (``$HW3_TUTOR_CACHE_DIR`` or the
user cache dir, ``judgments/``) named by a fingerprint of the checker's own source
(``checker_fingerprint``), each line under the fingerprint of the very box that judged it
(``judging_print``: everything the checker reads of the box, a practice variant's numbers
included). So an edited key or an updated checker never meets an old judgment, while an edit
elsewhere (another box's key, a hint, a statement) leaves this box's judgments in use. The file
is read with types checked and sizes bounded, like any log.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Final, NamedTuple, Protocol

from tutor.content.model import BoxSpec
from tutor.sessions.fingerprint import checker_fingerprint
from tutor.sessions.logformat import HANDOUT_KEY, variant_key

# The checker gave no verdict (it ran out of time or failed): keep what the log says.
NO_VERDICT_NOTES = frozenset({"invalid:timeout", "invalid:error"})
MAX_CACHED_ANSWER = 2_000  # longer answers are judged (instantly invalid) but never cached
MAX_CACHE_FILE = 64 * 1024 * 1024  # a judgment cache file larger than this is ignored
MAX_TEXT = 4_000  # feedback/interpreted/note kept from a cache line at most this long


@dataclass(frozen=True)
class Judgment:
    """The current verdict on one answer."""

    verdict: str
    note: str
    interpreted: str
    feedback: str


JudgeFn = Callable[
    [BoxSpec, str], Any
]  # returns an object with verdict, note, interpreted, feedback


class BoxResolver(Protocol):
    """A box as it is in one variant of today's content (``functools.partial(box_variant,
    content)``); raises (any exception, its message reported) when the variant's parameters do
    not hold under today's content."""

    def __call__(
        self, box_id: str, *, seed: int | None, params: Mapping[str, Any] | None
    ) -> BoxSpec: ...


class VariantRef(NamedTuple):
    """The variant a logged attempt was answered in: ``label`` as ``variant_key`` names it
    (``handout``, ``seed:7``, ``set:layers=12``), and what the box is rebuilt from: its
    parameters as logged, else its seed."""

    label: str
    seed: int | None = None
    params: Mapping[str, Any] | None = None

    @property
    def cache_key(self) -> str:
        """What a judgment in this variant is cached under: the label, with the logged
        parameters when there are any (a seed names other numbers under other content)."""
        if not self.params:
            return self.label
        named = (self.label, tuple(self.params.items()))  # JSON scalars, as the reader checks
        try:
            key = _CACHE_KEYS.get(named)
            remember = len(_CACHE_KEYS) < MAX_CACHE_KEYS
        except TypeError:  # not hashable after all: not remembered
            key, remember = None, False
        if key is None:
            key = self.label + "|" + json.dumps(dict(self.params), sort_keys=True, default=str)
            if remember:
                _CACHE_KEYS[named] = key
        return key


_CACHE_KEYS: dict[tuple, str] = {}  # a class names few variants, each in many attempts
MAX_CACHE_KEYS: Final = 10_000


HANDOUT: Final = VariantRef(HANDOUT_KEY)
MAX_VARIANT_KEY: Final = 4_000  # characters of a cached judgment's variant key
MAX_UNRESOLVED: Final = 200  # unresolvable variants remembered (the rest are counted)
MAX_VARIANT_BOXES: Final = 4_096  # variants' boxes a regrader keeps built (the oldest go)


def variant_of(data: Mapping[str, Any]) -> VariantRef:
    """The variant of a logged attempt (its fields type-checked by the log reader)."""
    if "seed" not in data and "params" not in data:  # the usual case, quickly
        return HANDOUT
    label = variant_key(data)
    if label == HANDOUT_KEY:
        return HANDOUT
    params = data.get("params")
    if isinstance(params, Mapping) and params:
        return VariantRef(label, None, params)
    seed = data.get("seed")
    return VariantRef(label, seed if type(seed) is int else None, None)


JudgmentKey = tuple[str, str, str]  # (variant cache key, box id, answer)
PrintKey = tuple[str, str]  # (the judging box's fingerprint, answer): a judgment in the cache


def in_process_check(box: BoxSpec, answer: str) -> Any:
    from tutor.checking.judge import check

    return check(box, answer)


def preload_checker() -> None:
    """Import the checker (and sympy) now: a process forked after this has them loaded."""
    import tutor.checking.judge  # noqa: F401

    try:
        import sympy  # noqa: F401
    except ImportError:  # the checker reports it when it first needs it
        pass


PRINT_DIGITS: Final = 24  # hex digits of a box's judging fingerprint in the cache file


def judging_print(box: BoxSpec) -> str:
    """A fingerprint of everything the checker reads of ``box`` (its key, readings, mistakes,
    feedback, prompt, symbols, givens, labels, blocks, a derivation's target box, a variant's
    numbers in all of these): the whole box but its hints and question tests, which the
    checker never reads. Two boxes with one fingerprint judge every answer alike (with one
    checker: the cache file is named by its fingerprint), so a judgment is reused by any
    content or variant that has the same box."""
    graded = replace(box, hints=(), tests=())
    return hashlib.sha256(repr(graded).encode()).hexdigest()[:PRINT_DIGITS]


def cache_file() -> Path:
    """The judgment cache of today's checker (one file for every content: each judgment is
    under the fingerprint of the box that judged it)."""
    from tutor.paths import cache_dir

    return cache_dir() / "judgments" / f"checker-{checker_fingerprint()[:16]}.jsonl"


def records(data: bytes) -> list:
    """The JSON values of a JSON Lines file: all at once when every line is whole (fast), else
    line by line, skipping what does not parse (a torn line: judged again when needed)."""
    text = data.decode("utf-8", errors="replace")
    lines = [line for line in text.split("\n") if line.strip()]
    try:
        values = json.loads("[" + ",".join(lines) + "]")
        if len(values) == len(lines):
            return values
    except (ValueError, RecursionError):
        pass
    out = []
    for line in lines:
        try:
            out.append(json.loads(line))
        except (ValueError, RecursionError):  # a line nested too deep: judged again too
            continue
    return out
