"""Checking: from a box and an answer to a verdict.

``readas`` is the one "read as" (the live preview and the verdict's ``interpreted``), ``judge``
applies a box kind's answer tests, ``diagnosis`` explains unmatched wrong answers,
``equivalence`` decides when two values are the same, ``worker`` runs checks in a time- and
memory-bounded process. ``sampling`` draws the random points and evaluates expressions there,
``orders`` compares growth in the width (Θ/O/Ω), ``dependence`` probes how an answer depends on
each symbol. ``proof/`` judges proof blocks and ``derivation/`` line-by-line derivations.
"""
