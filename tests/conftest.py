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
