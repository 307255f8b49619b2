"""Stopping a Monte Carlo build that nobody waits for any more.

A plot explorer builds its data in a thread; a thread cannot be killed, so a build replaced by a
newer one (the student pressed + again) would go on drawing samples for nothing, slowing the
build the student is waiting for. The explorer runs the build inside ``stop_when(check)`` (its
worker cancelled: replaced by a newer build, Ctrl+X, or its screen closed); every Monte Carlo
(problem 1's, problem 4's estimators in each family) draws in ``chunks``, which calls
``check_stop()`` before each chunk, and the rematerialization schedule calls it between
segments: ``Stopped`` is raised once ``check()`` is true. Outside ``stop_when`` (the CLI, the
tests) ``check_stop`` does nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

_local = threading.local()


class Stopped(Exception):
    """The build was stopped because its result is no longer wanted."""


@contextmanager
def stop_when(check: Callable[[], bool]) -> Iterator[None]:
    """Within this block (in this thread), ``check_stop()`` raises ``Stopped`` once ``check()``."""
    before = getattr(_local, "check", None)
    _local.check = check
    try:
        yield
    finally:
        _local.check = before


def check_stop() -> None:
    check = getattr(_local, "check", None)
    if check is not None and check():
        raise Stopped()


def chunks(total: int, size: int) -> Iterator[int]:
    """The sizes of the chunks (at most ``size`` each) that make up ``total`` draws, checking
    before each one that the build is still wanted (``check_stop``)."""
    size = max(1, int(size))
    done = 0
    while done < total:
        check_stop()
        n = min(size, total - done)
        yield n
        done += n
