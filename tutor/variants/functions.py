"""Named functions of the headless core that content may call for derived values.

A content file says ``fwd = { call = "remat.fwd", args = ["layers", "every"] }``; this registry is
the only list of what it may call. Each entry names its arguments (for messages and the guide) and
computes from the homework's own models (``tutor.homework``), so every number a text quotes comes
from the code that produces it. A function raises ``tutor.errors.UsageError`` for values its model
refuses (``remat``: K > N); the variant engine reports that as a bad parameter set.

Nothing here is loaded from content: a name that is not registered is an error.

The functions themselves live in ``tutor.variants.calls``, one module per problem's model; this
module loads them all (so every name is registered) and calls one.
"""

from __future__ import annotations

from collections.abc import Sequence

from tutor.variants.calls import estimators, remat, scaling  # noqa: F401 - they register
from tutor.variants.calls.registry import FUNCTIONS, FunctionError
from tutor.variants.values import Value, normalize


def call(name: str, args: Sequence[Value]) -> Value:
    """Call a registered function; ``UsageError`` from the model passes through (bad parameters)."""
    spec = FUNCTIONS.get(name)
    if spec is None:
        import difflib

        close = difflib.get_close_matches(name, list(FUNCTIONS), n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        raise FunctionError(
            f"there is no function '{name}' for content to call; {hint}"
            f"known: {', '.join(sorted(FUNCTIONS))}"
        )
    if len(args) != len(spec.params):
        raise FunctionError(
            f"'{name}' takes {len(spec.params)} argument(s) ({', '.join(spec.params)}), "
            f"not {len(args)}"
        )
    return normalize(spec.fn(*args))
