"""The functions content may call, one module per problem's model, registered by name.

``registry`` is the mechanism (``content_function``, ``FUNCTIONS``, the argument checks);
``remat`` (problem 5: ``remat.*``), ``scaling`` (problem 1's input laws: ``scaling.*``) and
``estimators`` (problem 4: ``estimators.*``) register the functions; ``tutor.variants.functions``
loads them all and calls one.
"""
