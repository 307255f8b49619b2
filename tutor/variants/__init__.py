"""Practice variants: parameterized problems, their keys computed, their texts filled.

``engine`` instantiates a part (``instantiate``, ``box_variant``) and renders the handout
(``handout``, ``load``); ``scopes`` says where a part's parameters are declared; ``seeds`` declares the seed range; ``sampling``
draws them for a seed (or coerces ``--set`` values); ``derive`` computes a variant's values and
checks its constraints; ``errors`` holds what goes wrong; ``expressions/`` computes derived values and constraints in the input
language; ``functions`` calls the core functions content may call (``calls/``: the registry and
one module of functions per problem's model); ``practice`` says which seeds practice offers (none asking the handout's
question) and what a variant changes; ``render`` fills
``{{name}}`` placeholders; ``values`` writes numbers as a person does. The declarations themselves
are data, read by ``tutor.content.params``. Nothing here imports sympy at module level: the
handout renders without it unless content asks for a formula.
"""
