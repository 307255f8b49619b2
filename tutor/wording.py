"""How the tutor's messages say a list: ``a``, ``a and b``, ``a, b and c``. One rule, used by
every layer's messages (checking, content, variants, the UI)."""

from __future__ import annotations

from collections.abc import Sequence


def said_list(items: Sequence[str]) -> str:
    """``items`` said as a list: "" for none, the item alone, else "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
