"""The tutor's start-up reads its content through a cache of parsed TOML, kept as JSON.

Parsing the TOML files (tomllib is pure Python) was the largest piece of the tutor's start-up
beyond Textual's own. Each file's parsed tables are kept as a JSON file named by the SHA-256
of the file's text, in the cache directory: an edited file has another name, so a stale entry
is never read. JSON cannot run code (unlike the pickle cache this replaces), and what it holds
goes through the same checks as a freshly parsed file (``load_content``). A missing, unreadable
or odd cache file is parsed again; a cache that cannot be written is not an error.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

MAX_BYTES = 4_000_000  # a cache file larger than this is not read


def cached_toml_parser(cache_dir: Path) -> Callable[[str], dict]:
    """A ``tomllib.loads`` that remembers what it parsed in ``cache_dir/content``."""
    folder = Path(cache_dir) / "content"

    def parse(text: str) -> dict:
        key = hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]
        path = folder / f"toml-{key}.json"
        data = _read(path)
        if data is not None:
            return data
        import tomllib

        data = tomllib.loads(text)  # a syntax error is reported as without the cache
        _write(path, data)
        return data

    return parse


def _read(path: Path) -> dict | None:
    try:
        if path.stat().st_size > MAX_BYTES:
            return None
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _write(path: Path, data: dict) -> None:
    tmp = None
    try:
        text = json.dumps(data, ensure_ascii=False, allow_nan=False)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".toml-", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except (OSError, TypeError, ValueError):  # TypeError: a TOML date has no JSON form
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
