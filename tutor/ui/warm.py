"""Warming the checking path at start-up, so the first verdict costs what later ones do.

Importing sympy is not enough: the first check of each box kind also builds that kind's
parser context, canonical forms, the random points of the equivalence test and the mistake
list, which took 0.5–1.5 s on a busy machine while later checks took milliseconds. So the
warm-up runs real checks in the checker's process, one right answer and one known mistake
per box kind (the part the student opens first), and reads one answer per kind the way the
live preview does (in the preview's process). Runs in a background thread; every step is optional.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from tutor.content.model import BoxSpec, Content


def warm_answers(content: Content, first_part: str | None = None) -> Iterator[tuple[BoxSpec, str]]:
    """(box, answer) pairs covering every box kind: the opened part's boxes first."""
    boxes = list(content.boxes.values())
    part = content.part(first_part) if first_part else None
    first = [content.boxes[b] for b in part.boxes] if part is not None else []
    seen: set[str] = set()
    for box in first + boxes:
        if box.kind in seen:
            continue
        seen.add(box.kind)
        yield box, box.answer
        if box.mistakes:
            yield box, box.mistakes[0].answer


SCREENS = (
    "tutor.ui.screens.part",
    "tutor.ui.screens.help",
    "tutor.ui.screens.review",
    "tutor.ui.screens.cards",
    "tutor.ui.screens.plot",
    "rich.markdown",  # the help page's renderer
)
"""Imported after the first paint, so opening a screen the first time costs no imports."""


def preload_screens() -> None:
    import importlib

    for name in SCREENS:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - opening the screen will then say what is wrong
            pass


def warm_up(checker: Any, content: Content, first_part: str | None = None, app: Any = None) -> int:
    """Start the checker and judge a few answers of every kind; returns the checks done.
    The screens' modules are imported first (a fraction of a second); once the checker's
    processes are started, ``app``'s help page is made and drawn off screen."""
    preload_screens()
    checker.warm_up()
    if app is not None:
        try:
            from tutor.ui.screens.help import warm_help

            warm_help(app)
        except Exception:  # noqa: BLE001 - the help screen makes its page itself
            pass
    done = 0
    pairs = list(warm_answers(content, first_part))
    for box, answer in pairs:
        try:
            checker.check(box, answer)
            done += 1
        except Exception:  # noqa: BLE001 - warming is an optimisation; a real check reports
            pass
    # the live preview reads answers in its own process: exercise its reader too
    kinds: set[str] = set()
    for box, answer in pairs:
        if box.kind in kinds:
            continue
        kinds.add(box.kind)
        try:
            checker.warm_read(box, answer)  # never a preview of that box
        except Exception:  # noqa: BLE001
            pass
    return done
