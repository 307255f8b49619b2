"""Bounded memo tables: results the checker remembers by everything they depend on.

A class's answers repeat the same comparisons, lines and last values again and again, so the
checker remembers them; a table is emptied when full, so memory stays bounded (forgetting only
costs time, never a wrong verdict).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


def recall(table: dict[Any, Any], key: Hashable, compute: Callable[[], T], limit: int) -> T:
    """``table[key]``, else ``compute()``'s result, remembered (the table emptied first when it
    holds ``limit`` entries). A key holding something unhashable is computed, not remembered."""
    try:
        if key in table:
            return table[key]
    except TypeError:
        return compute()
    value = compute()
    if len(table) >= limit:
        table.clear()
    table[key] = value
    return value
