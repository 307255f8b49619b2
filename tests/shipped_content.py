"""The shipped content, loaded once per test process and shared by the test modules.

Loading it (reading and checking every TOML file, then rendering the handout's numbers) takes
60-100 ms; a dozen test modules did it when imported, so every xdist worker paid for it a
dozen times before running a test. The content model is frozen dataclasses and tuples, but
``Content.boxes`` and ``Content.cards`` are plain dicts: a test must never change them (none
does; one that needs other content loads its own copy from a directory of its own).
Tests of loading itself (``tests/test_content.py`` and the like) still load from disk.
"""

from __future__ import annotations

from functools import cache

from tutor.content.model import Content
from tutor.paths import packaged_content_dir
from tutor.variants import engine


@cache
def handout() -> Content:
    """The content as the tutor shows it: the handout's numbers (``tutor.variants.engine.load``)."""
    return engine.load(packaged_content_dir())


def templates() -> Content:
    """The content as loaded, placeholders unrendered (``tutor.content.loader.load_content``):
    what variants are made from."""
    return handout().templates
