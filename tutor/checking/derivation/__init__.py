"""Derivations: a line-by-line working, each line checked against the one before.

``judging`` states the rules and gives the verdict (the start, each step, the last line);
``lines`` reads an answer into lines and sides (and the preview's per-line reading);
``prepared`` holds a box's language, domains and starting lines; ``points`` evaluates
expressions at sample points and names them in feedback; ``step`` is how one line follows from
the one before; ``rewriting`` and ``solving`` decide a step in the two modes; ``rounding``
reads a number typed in a line as a value given to a precision (``t = 52.92``).
"""
