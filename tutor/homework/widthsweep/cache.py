"""The width sweep's cache: one strict-JSON file per settings key, written atomically.

A file is used only when its format, algorithm version, key and every array's shape match the
settings; anything else is ignored and recomputed (a cache directory is untrusted).
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from pathlib import Path
from typing import Any

from tutor.homework.widthsweep.experiment import (
    ALGORITHM_VERSION,
    PARAMETRIZATIONS,
    CoordCheck,
    SweepResult,
    SweepSettings,
)
from tutor.homework.widthsweep.training import layer_names

CACHE_FORMAT = "hw3-tutor-widthsweep"


def cache_path(cache_dir: Path, settings: SweepSettings) -> Path:
    return cache_dir / f"widthsweep-{settings.key()}.json"


def _num(v: float) -> float | None:
    return v if math.isfinite(v) else None  # JSON has no inf/NaN; null reads back as inf


def _read_num(v: Any) -> float:
    if v is None:
        return math.inf
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise ValueError(f"not a number: {v!r}")
    return float(v)


def _to_json(result: SweepResult) -> dict[str, Any]:
    c = result.coord
    return {
        "format": CACHE_FORMAT,
        "algorithm": ALGORITHM_VERSION,
        "key": result.settings.key(),
        "settings": result.settings.to_json(),
        "final_loss": [[[_num(v) for v in c_] for c_ in pw] for pw in result.final_loss],
        "coord": {
            "widths": list(c.widths),
            "layers": list(c.layers),
            "log2_lr": c.log2_lr,
            "steps": c.steps,
            "rms_change": [[[_num(v) for v in row] for row in pl] for pl in c.rms_change],
        },
        "compute_s": result.compute_s,
    }


def _from_json(data: Any, settings: SweepSettings) -> SweepResult:
    """Rebuild a cached result, or raise ValueError/KeyError/TypeError if it does not fit."""
    if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT:
        raise ValueError("not a width-sweep cache file")
    if data.get("algorithm") != ALGORITHM_VERSION or data.get("key") != settings.key():
        raise ValueError("cache file for other settings")
    if SweepSettings.from_json(data["settings"]) != settings:
        raise ValueError("cache file settings differ")
    s = settings
    loss = data["final_loss"]
    if len(loss) != len(PARAMETRIZATIONS) or any(len(pw) != len(s.widths) for pw in loss):
        raise ValueError("final_loss has the wrong shape")
    final_loss = tuple(
        tuple(tuple(_read_num(v) for v in _exact(c_, len(s.log2_lrs))) for c_ in pw) for pw in loss
    )
    c = data["coord"]
    layers = tuple(str(v) for v in c["layers"])
    if tuple(c["widths"]) != s.coord_widths or layers != layer_names(s.depth):
        raise ValueError("coordinate check for other widths")
    rms = c["rms_change"]
    if len(rms) != len(PARAMETRIZATIONS) or any(len(pl) != len(layers) for pl in rms):
        raise ValueError("rms_change has the wrong shape")
    coord = CoordCheck(
        widths=s.coord_widths,
        layers=layers,
        log2_lr=float(c["log2_lr"]),
        steps=int(c["steps"]),
        rms_change=tuple(
            tuple(tuple(_read_num(v) for v in _exact(row, len(s.coord_widths))) for row in pl)
            for pl in rms
        ),
    )
    return SweepResult(
        settings=s,
        final_loss=final_loss,
        coord=coord,
        compute_s=_read_num(data["compute_s"]),
        from_cache=True,
    )


def _exact(values: Any, n: int) -> list[Any]:
    if not isinstance(values, list) or len(values) != n:
        raise ValueError("a row has the wrong length")
    return values


def load(path: Path, settings: SweepSettings) -> SweepResult | None:
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
        return _from_json(data, settings)
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None  # missing, unreadable, corrupt or stale: recompute (and overwrite)


def store(path: Path, result: SweepResult) -> bool:
    """Write atomically (temp file + rename); an unwritable cache is not an error."""
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".widthsweep-", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(_to_json(result), fh, allow_nan=False)
        os.replace(tmp, path)
        return True
    except (OSError, ValueError):
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        return False
