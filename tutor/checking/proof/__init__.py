"""Proof blocks: an ordered choice of blocks judged against a dependency graph.

``judging`` states the grading rule and gives the verdict; ``graph`` is a box's blocks with
their transitive prerequisites (and its correct orders); ``distance`` is the exact edit
distance to the nearest correct order; ``order`` reads an answer's keys and shows an order.
"""
