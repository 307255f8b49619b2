"""The regrade wired to the variants: a ``Regrader`` whose practice-variant answers are judged by
the box of their own variant, and the helper process's entry that builds one of its own.

``tutor.sessions`` (the regrade) and ``tutor.variants`` (rebuilding a variant's box) are siblings
that may not import each other, so they meet here, a layer above both.
"""

from __future__ import annotations

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

    judge_ahead(open_regrader, sources, results, told, claims, spool)
