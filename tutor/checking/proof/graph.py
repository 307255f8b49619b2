"""A proof box's dependency graph: blocks, their transitive prerequisites, its distractors.

A correct order is a topological order of the graph: every block exactly once, no distractor,
each block after every block it uses, directly or through others.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from tutor.content.loader import prerequisites

MAX_BLOCKS = 40  # blocks and distractors in one box (the loader refuses more)


@dataclass(frozen=True)
class Graph:
    """A proof box's blocks, their transitive prerequisites and its distractors."""

    blocks: tuple[str, ...]  # keys, in the content's order
    needs: Mapping[str, frozenset[str]]  # key -> every block it uses, directly or not
    direct: Mapping[str, tuple[str, ...]]  # key -> the blocks it names in depends
    distractors: tuple[str, ...]
    texts: Mapping[str, str]  # every key (block or distractor) -> its text


@lru_cache(maxsize=64)
def graph(box: Any) -> Graph:
    direct = {b.key: tuple(b.depends) for b in box.blocks}
    texts = {b.key: b.text for b in box.blocks}
    texts.update({d.key: d.text for d in box.distractors})
    return Graph(
        blocks=tuple(b.key for b in box.blocks),
        needs=prerequisites(direct),
        direct=direct,
        distractors=tuple(d.key for d in box.distractors),
        texts=texts,
    )


def is_topological(order: Sequence[str], g: Graph) -> bool:
    """Every block exactly once, no distractor, each after everything it needs."""
    if len(order) != len(g.blocks) or set(order) != set(g.blocks):
        return False
    seen: set[str] = set()
    for key in order:
        if not g.needs[key] <= seen:
            return False
        seen.add(key)
    return True


def correct_orders(box: Any, limit: int = 1000) -> list[tuple[str, ...]]:
    """Up to ``limit`` topological orders of a proof box's blocks (for validate and tests)."""
    g = graph(box)
    out: list[tuple[str, ...]] = []

    def extend(prefix: list[str], left: set[str]) -> None:
        if len(out) >= limit:
            return
        if not left:
            out.append(tuple(prefix))
            return
        placed = set(prefix)
        for key in g.blocks:
            if key in left and g.needs[key] <= placed:
                prefix.append(key)
                left.discard(key)
                extend(prefix, left)
                left.add(key)
                prefix.pop()

    extend([], set(g.blocks))
    return out
