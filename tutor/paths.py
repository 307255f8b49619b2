"""Where things live: the content directory and the session log directory.

Only the standard library and platformdirs are imported here; both are cheap.
"""

from __future__ import annotations

import os
from pathlib import Path

CONTENT_ENV = "HW3_TUTOR_CONTENT"
LOG_DIR_ENV = "HW3_TUTOR_LOG_DIR"
CACHE_DIR_ENV = "HW3_TUTOR_CACHE_DIR"
CONFIG_DIR_ENV = "HW3_TUTOR_CONFIG_DIR"
APP_NAME = "hw3-tutor"


def packaged_content_dir() -> Path:
    """The content that ships with the tutor (inside the wheel, or the repo's ``content/``)."""
    here = Path(__file__).resolve().parent
    installed = here / "content" / "shipped"
    if installed.is_dir():
        return installed
    return here.parent / "content"


def content_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The content directory to use: ``--content``, then $HW3_TUTOR_CONTENT, then the packaged one."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get(CONTENT_ENV)
    if env:
        return Path(env).expanduser()
    return packaged_content_dir()


def log_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The session log directory: ``--log-dir``, then $HW3_TUTOR_LOG_DIR, then the user data dir."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get(LOG_DIR_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False)) / "sessions"


def cache_dir() -> Path:
    """Where slow results (the width sweep) are cached: $HW3_TUTOR_CACHE_DIR or the user cache dir."""
    env = os.environ.get(CACHE_DIR_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    """The tutor's config directory (``keymap.toml``, ``student.toml``): $HW3_TUTOR_CONFIG_DIR,
    else the platform's user config dir (Linux: ``~/.config/hw3-tutor``)."""
    env = os.environ.get(CONFIG_DIR_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False))
