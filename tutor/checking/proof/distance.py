"""The edit distance from an answer to the nearest correct order of a proof's blocks.

The fewest insertions and deletions of single blocks that turn the answer into some
topological order of all the blocks (moving a block is two edits); the score is
(n - edits)/n for n blocks, floored at 0 (PrairieLearn's partial credit).

The minimum over all topological orders is computed exactly and in polynomial time, not by
enumerating orders. Keeping a subsequence of the answer costs nothing when it can be extended
to a topological order, which holds exactly when no kept block stands before one of its
(transitive) prerequisites. Call positions i < j in *conflict* when the block at j is a
prerequisite of the block at i. Conflict is transitive (i < j < k with conflicts i-j and j-k
gives a prerequisite chain, so i-k), hence a strict partial order on positions, and the
largest conflict-free subsequence is a maximum antichain of it. By Dilworth's theorem (in
Fulkerson's form) its size is m - M, where m is the number of real blocks in the answer and M
a maximum matching of the bipartite graph with an edge i -> j per conflict. So

    edits = (blocks in the answer - kept) + (blocks in the graph - kept),  kept = m - M.

A box has at most ``MAX_BLOCKS`` blocks and distractors (the loader enforces it), which bounds
the matching at a few thousand steps; ``tests/test_proof.py`` checks the result against brute
force over every topological order of small random graphs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tutor.checking.proof.graph import Graph


@dataclass(frozen=True)
class Distance:
    edits: int  # insertions + deletions to the nearest correct order
    kept: int  # blocks of the answer a nearest correct order keeps, in place
    blocks: int  # blocks in the graph

    @property
    def score(self) -> float:
        """(n - edits)/n, floored at 0: PrairieLearn's partial credit."""
        if not self.blocks:
            return 0.0
        return max(0.0, (self.blocks - self.edits) / self.blocks)


def _max_matching(n: int, edges: Sequence[Sequence[int]]) -> int:
    """Maximum matching of a bipartite graph (left i -> right j), by augmenting paths."""
    match_right: list[int] = [-1] * n

    def augment(i: int, seen: list[bool]) -> bool:
        for j in edges[i]:
            if seen[j]:
                continue
            seen[j] = True
            if match_right[j] < 0 or augment(match_right[j], seen):
                match_right[j] = i
                return True
        return False

    return sum(1 for i in range(n) if augment(i, [False] * n))


def distance(order: Sequence[str], g: Graph) -> Distance:
    """The edit distance from ``order`` (distinct keys) to the nearest topological order of
    all of ``g``'s blocks (see the module docstring for why this is exact)."""
    real = [k for k in order if k in g.needs]
    m = len(real)
    # conflict i -> j (i < j): the block at j is needed by the block at i but comes after it
    edges = [[j for j in range(i + 1, m) if real[j] in g.needs[real[i]]] for i in range(m)]
    kept = m - _max_matching(m, edges)
    edits = (len(order) - kept) + (len(g.blocks) - kept)
    return Distance(edits, kept, len(g.blocks))
