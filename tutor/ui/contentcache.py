"""A disk cache of loaded content, so the tutor's first paint does not wait for TOML validation.

``load_content`` parses and validates every TOML file (tens of milliseconds). The result is a
tree of frozen dataclasses, so it pickles. The cache key covers everything the result depends
on: each file's name, size and modification time, the loader's own source file, and the
Python version. Any change means a miss, and a miss (or any trouble with the cache) simply runs
``load_content``; content errors are never cached, so a broken file is always reported.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from pathlib import Path

from tutor.content import Content, load_content

CACHE_VERSION = 1


def _key(directory: Path) -> str | None:
    import tutor.content as loader

    digest = hashlib.sha256(f"{CACHE_VERSION}|{sys.version}|{directory.resolve()}".encode())
    try:
        files = sorted(p for p in directory.glob("*.toml") if p.is_file())
        for path in [Path(loader.__file__), *files]:
            st = path.stat()
            digest.update(f"|{path.name}|{st.st_size}|{st.st_mtime_ns}".encode())
    except OSError:
        return None
    return digest.hexdigest()[:32]


def load_content_cached(
    directory: str | os.PathLike[str], cache_dir: Path | None = None
) -> Content:
    """``load_content(directory)``, from the cache when nothing changed since the last load."""
    directory = Path(directory)
    if cache_dir is None:
        from tutor.paths import cache_dir as default_cache_dir

        cache_dir = default_cache_dir()
    key = _key(directory) if directory.is_dir() else None
    path = cache_dir / f"content-{key}.pickle" if key else None
    if path is not None:
        try:
            content = pickle.loads(path.read_bytes())
            if isinstance(content, Content):
                return content
        except Exception:  # noqa: BLE001 - missing, stale or unreadable: load from the TOML
            pass
    content = load_content(directory)  # raises ContentError: never cached
    if path is not None:
        try:
            cache_dir.mkdir(parents=True, exist_ok=True)
            for old in cache_dir.glob("content-*.pickle"):
                old.unlink(missing_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_bytes(pickle.dumps(content, protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(tmp, path)
        except OSError:
            pass  # a read-only cache only costs speed
    return content
