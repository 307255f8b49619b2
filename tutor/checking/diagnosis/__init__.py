"""What is off in a wrong answer: feedback computed from the answer itself.

An answer that matches neither the reference nor any listed reading (note ``incorrect``) is
compared numerically (``tutor.checking.equivalence``) with the box's correct readings, and the closest
comparison is put into a sentence or two: a symbol it depends on that it should not (or the
other way round), how it grows in the box's width symbol, a constant factor, the sign, the
power of one symbol; for expectations, whether the distribution or the integrand is off; for
reparameterizations, the centre or the spread of g; for numbers and counts only the sign or a
unit (never which way or by how much it is off: a student could home in on the key by trial).
The reference itself is never shown.

``explain`` compares an answer with each correct reading and keeps the closest finding;
``expressions`` compares two expressions (dependence, growth, a constant factor, the sign, a
power); ``expectations`` compares expectations (the distribution, the integrand, a function's
argument); ``maps`` compares reparameterizations x = g(z) (the centre and the spread of g);
``quantities`` speaks about numbers and counts; ``orders`` explains a wrong order of growth and
decides the right-order-only credit; ``wording`` is a ``Finding`` and the words findings are
put in.

Imported lazily by ``tutor.checking.judge`` (it needs sympy through the checker's canonical forms).
"""
