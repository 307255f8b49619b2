"""Every test runs with its own cache and config directories: nothing a test writes (the width
sweep, judgments, parsed content, student.toml) reaches the user's, or leaks into another run."""

from __future__ import annotations

import os

import pytest


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
    20 ms slices until a slice passes with almost no CPU used. 5 ms slices (with the same 1/20
    idle ratio) tell the same thing four times sooner; the tests still wait for conditions."""
    try:
        from textual import _wait
    except ImportError:  # the core's tests run without Textual too
        return
    assert hasattr(_wait, "SLEEP_GRANULARITY") and hasattr(_wait, "SLEEP_IDLE"), (
        "textual._wait changed: update tests/conftest.py"
    )
    _wait.SLEEP_GRANULARITY = 0.005
    _wait.SLEEP_IDLE = _wait.SLEEP_GRANULARITY / 20


_quicker_pilot()
