"""The error of an expression content wrote that cannot be computed."""

from __future__ import annotations


class ExpressionError(ValueError):
    """An expression that cannot be computed: the message says why, in a content author's terms."""
