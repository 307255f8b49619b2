"""The regrade wired to the variants: a ``Regrader`` whose practice-variant answers are judged by
the box of their own variant, and the helper process's entry that builds one of its own.

``tutor.sessions`` (the regrade) and ``tutor.variants`` (rebuilding a variant's box) are siblings
that may not import each other, so they meet here, a layer above both.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from collections.abc import Iterator
from functools import partial
from pathlib import Path

from tutor.content.model import Content
from tutor.sessions.judgeahead import Source, inherited, judge_ahead
from tutor.sessions.judgments import BoxResolver
from tutor.sessions.regrader import Regrader


def variant_boxes(content: Content) -> BoxResolver:
    """A box as it is in one variant of ``content`` (``tutor.variants.engine.box_variant``)."""
    from tutor.variants.engine import box_variant

    return partial(box_variant, content)


def class_regrader(content: Content, *, disk: bool = True) -> Regrader:
    """The gradebook's and review's regrader: every answer judged with ``content`` in its own
    variant, the judgments cached on disk unless ``disk`` is False."""
    return Regrader(content, variants=variant_boxes(content), disk=disk)


SYMPY_CACHE_SIZE = 10_000  # entries in each of sympy's caches during a regrade (its default: 1,000)


def larger_sympy_cache() -> None:
    """Give sympy's caches room for a class's regrade: ``SYMPY_CACHE_SIZE`` is read once, when
    sympy is first imported, so this is called before it is (else, or when the variable is set
    already, nothing changes). With sympy's 1,000 entries a first run over the benchmark class
    misses 26,009 times; with 10,000, about 17,600 (the same verdicts; 3 MB more memory)."""
    if "sympy" not in sys.modules:
        os.environ.setdefault("SYMPY_CACHE_SIZE", str(SYMPY_CACHE_SIZE))


# The collector's thresholds while a class is regraded: young objects as often as by default,
# the older generations (and so a full collection) far less often (the default: 700, 10, 10)
REGRADE_GC_THRESHOLDS = (700, 50, 100)


@contextlib.contextmanager
def regrade_gc() -> Iterator[None]:
    """The cyclic garbage collector tuned for a class's regrade. A regrade keeps hundreds of
    thousands of long-lived objects (the checker's memos, sympy's cache, the content) and frees
    almost all of its garbage by reference counting, so a full collection finds little and
    costs a scan of all of them: with the default thresholds, about 0.9 s of the 11 s of CPU a
    first run over the benchmark class takes in one process. Here what is alive at the start
    is frozen out of the collector's scans (``gc.freeze``; a forked helper shares those pages
    instead of copying them as the collector touches them, and inherits these settings), and
    the older generations are collected less often (``REGRADE_GC_THRESHOLDS``): one full
    collection instead of six or seven, the same peak memory (114 MB). Restored on exit."""
    before = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(*REGRADE_GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()


def plan_helper(regrader: Regrader, sources: list[Source], jobs: int) -> None:
    """Let a second process read and judge ``sources`` (in reading order), taking them
    ahead of this process (``Regrader.plan_helper``)."""
    regrader.plan_helper(sources, jobs, helper_main)


def helper_main(
    content_dir: str,
    content_hash: str,
    cache: str | None,
    sources,
    results,
    told,
    claims,
    spool: str | None = None,
) -> None:
    """The helper process: the same content and variants, judging ahead. Forked, it keeps this
    process's content (``inherited``); spawned, it reads the folder again (the hash checked)."""

    def open_regrader() -> Regrader | None:
        from tutor.variants.engine import load as load_content  # the handout variant

        content = inherited(content_hash) or load_content(content_dir)
        if content.content_hash != content_hash:
            return None
        disk = Path(cache) if cache else False
        return Regrader(content, variants=variant_boxes(content), disk=disk, write=False)

    with regrade_gc():  # a spawned helper (a forked one inherits the main process's)
        judge_ahead(open_regrader, sources, results, told, claims, spool)
