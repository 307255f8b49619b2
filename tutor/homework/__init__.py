"""The homework's own mathematics, one module per problem's model.

``scaling`` (problem 1: initialization scaling), ``widthsweep`` (problem 2: SP vs μP width sweep),
``estimators`` (problem 4: score-function vs pathwise gradients) with ``families`` (problem 4's
other families in practice variants: a Gaussian's scale, an exponential's rate), ``remat`` (problem 5: tensor
rematerialization); ``curves`` holds the Monte Carlo estimates and curves the models hand to
the plots. Pure, seeded functions; numpy and sympy are imported lazily.
"""
