"""Practice variants: parameterized problems, their keys computed, their texts filled.

``engine`` samples a part's parameters with a seed and instantiates it (``instantiate``,
``handout``, ``load``); ``expressions/`` computes derived values and constraints in the input
language; ``functions`` calls the core functions content may call (``calls/``: the registry and
one module of functions per problem's model); ``render`` fills
``{{name}}`` placeholders; ``values`` writes numbers as a person does. The declarations themselves
are data, read by ``tutor.content.params``. Nothing here imports sympy at module level: the
handout renders without it unless content asks for a formula.
"""
