"""Checking: from a box and an answer to a verdict.

``readas`` is the one "read as" (the live preview and the verdict's ``interpreted``), ``judge``
applies a box kind's answer tests, ``diagnosis`` explains unmatched wrong answers,
``equivalence`` decides when two values are the same, ``worker`` runs checks in a time- and
memory-bounded process.
"""
