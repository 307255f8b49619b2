"""Derived values and constraints: expressions in the checker's own input language.

``compute`` is the entry (``evaluate``, ``holds``); ``exact`` does plain arithmetic on numbers
with exact fractions straight from the input language's tokens (no sympy); ``symbolic`` reads
anything else with ``tutor.inputlang`` into sympy and back to a value; ``errors`` holds
``ExpressionError``.
"""
