"""Stopping a Monte Carlo build that nobody waits for any more.

A plot explorer builds its data in a thread; a thread cannot be killed, so a build replaced by a
newer one (the student pressed + again) would go on drawing samples for nothing, slowing the
build the student is waiting for. The explorer runs the build inside ``stop_when(check)``; the
estimators call ``check_stop()`` between chunks of draws, which raises ``Stopped`` once ``check()``
is true. Outside ``stop_when`` (the CLI, the tests) ``check_stop`` does nothing.
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
