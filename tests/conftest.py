"""Every test runs with its own cache and config directories: nothing a test writes (the width
sweep, judgments, parsed content, student.toml) reaches the user's, or leaks into another run."""

from __future__ import annotations

import gc
import os
import sys

import pytest

# Bytecode is cached even where the environment says not to (PYTHONDONTWRITEBYTECODE, common in
# containers): each process the tests start (commands, checkers, the tmux tutors) compiled
# every module it imported again, 16-20 s of CPU per run.
# The processes started later read what the first one wrote (``__pycache__`` is git-ignored).
sys.dont_write_bytecode = False


@pytest.fixture(autouse=True, scope="session")
def _private_dirs(tmp_path_factory):
    saved = {k: os.environ.get(k) for k in ("HW3_TUTOR_CACHE_DIR", "HW3_TUTOR_CONFIG_DIR")}
    root = tmp_path_factory.mktemp("user-dirs")
    os.environ["HW3_TUTOR_CACHE_DIR"] = str(root / "cache")
    os.environ["HW3_TUTOR_CONFIG_DIR"] = str(root / "config")
    yield
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


def _quicker_pilot() -> None:
    """Textual's Pilot waits for the app to go idle after every key and pause by sleeping in
    20 ms slices until a slice passes with almost no CPU used. 2 ms slices (with the same 1/20
    idle ratio) tell the same thing ten times sooner; the tests still wait for conditions."""
    try:
        from textual import _wait
    except ImportError:  # the core's tests run without Textual too
        return
    assert hasattr(_wait, "SLEEP_GRANULARITY") and hasattr(_wait, "SLEEP_IDLE"), (
        "textual._wait changed: update tests/conftest.py"
    )
    _wait.SLEEP_GRANULARITY = 0.002
    _wait.SLEEP_IDLE = _wait.SLEEP_GRANULARITY / 20


_quicker_pilot()


# The garbage collector, tuned for a test process (the tutor's own processes keep Python's
# defaults). A full collection walks every object alive: with sympy, Textual and the content
# loaded, 0.1-0.4 s each, and Python's default thresholds ran 54 of them per xdist worker
# (6-7 s of each worker's 60). So: what collection loaded is frozen (never walked again), and
# the thresholds are raised, so a cycle left by a test (a Textual app and its widgets) waits
# longer to be freed: about 1 full collection per worker instead of 54, for about 50 MB more
# memory per worker (about 300 MB in all).
gc.set_threshold(2000, 20, 20)


def pytest_collection_finish(session) -> None:
    gc.collect()
    gc.freeze()


def pytest_sessionfinish(session, exitstatus) -> None:
    """pytest collects five times over at exit to surface errors raised while freeing the
    last tests' objects: one collection does that here, and the survivors are frozen."""
    gc.collect()
    gc.freeze()
