"""Boxes for the checker-process tests, importable by the checker process (spawned)."""

from __future__ import annotations


class HungryBox:
    """A box whose every attribute read allocates 512 MiB (a check that needs too much)."""

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        return bytearray(512 * 2**20)
