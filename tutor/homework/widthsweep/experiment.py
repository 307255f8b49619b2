"""What a width sweep is: its settings (which are its cache key), its results, its errors.

Every number in a result is a plain float (``inf`` = diverged); results are indexed by
parametrization in ``PARAMETRIZATIONS`` order.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from tutor.errors import UserError

ALGORITHM_VERSION = 2
"""Bump when the training code changes its numbers: old cache files are then ignored."""

PARAMETRIZATIONS = ("sp", "mup")
LABELS = {"sp": "SP", "mup": "μP"}
TASKS = ("tanh-teacher",)
DIVERGED_LOSS = 1e4
"""A run whose training loss exceeds this (targets have unit variance) is counted as diverged."""


Progress = Callable[[float, str], None]
Partial = Callable[["SweepResult"], None]
"""``partial(result)``: the widths done so far (``result.complete`` is False)."""


class SweepCancelled(Exception):
    """The sweep was cancelled through its ``cancel`` callable or event; nothing was cached."""


class SettingsError(UserError, ValueError):
    """Sweep settings that cannot be run (the message says which field and why)."""


@dataclass(frozen=True)
class SweepSettings:
    """Everything that determines a sweep's numbers (and so its cache key)."""

    widths: tuple[int, ...] = (64, 128, 256, 512)
    log2_lrs: tuple[float, ...] = tuple(float(v) for v in range(-12, 0))
    steps: int = 500
    batch_size: int = 16
    input_dim: int = 32
    depth: int = 2
    seed: int = 0
    task: str = "tanh-teacher"
    train_size: int = 2048
    teacher_width: int = 64
    base_width: int = 64
    lr_decay: bool = True
    coord_widths: tuple[int, ...] = (64, 128, 256, 512, 1024, 2048)
    coord_steps: int = 3
    coord_log2_lr: float = -8.0
    coord_seeds: int = 3
    coord_probe: int = 16

    def __post_init__(self) -> None:
        # Accept lists from callers (and JSON), but store tuples so the settings stay hashable.
        for name in ("widths", "log2_lrs", "coord_widths"):
            value = getattr(self, name)
            if not isinstance(value, tuple):
                object.__setattr__(self, name, tuple(value))
        object.__setattr__(self, "log2_lrs", tuple(float(v) for v in self.log2_lrs))
        object.__setattr__(self, "coord_log2_lr", float(self.coord_log2_lr))
        self._validate()

    def _validate(self) -> None:
        def positive_ints(name: str, values: Sequence[Any], minimum: int = 1) -> None:
            if not values:
                raise SettingsError(f"{name} must not be empty")
            for v in values:
                if isinstance(v, bool) or not isinstance(v, int) or v < minimum:
                    raise SettingsError(f"{name} must be whole numbers ≥ {minimum}, got {v!r}")
            if list(values) != sorted(set(values)):
                raise SettingsError(f"{name} must be increasing without repeats, got {values!r}")

        positive_ints("widths", self.widths)
        positive_ints("coord_widths", self.coord_widths)
        if not self.log2_lrs:
            raise SettingsError("log2_lrs must not be empty")
        if not all(math.isfinite(v) and -40 <= v <= 10 for v in self.log2_lrs):
            raise SettingsError(
                f"log2_lrs must be finite numbers in [-40, 10], got {self.log2_lrs!r}"
            )
        if list(self.log2_lrs) != sorted(set(self.log2_lrs)):
            raise SettingsError(
                f"log2_lrs must be increasing without repeats, got {self.log2_lrs!r}"
            )
        if not (math.isfinite(self.coord_log2_lr) and -40 <= self.coord_log2_lr <= 10):
            raise SettingsError(f"coord_log2_lr must be in [-40, 10], got {self.coord_log2_lr!r}")
        minimums = {
            "steps": 1,
            "batch_size": 1,
            "input_dim": 1,
            "depth": 2,
            "seed": 0,
            "train_size": 1,
            "teacher_width": 1,
            "base_width": 1,
            "coord_steps": 1,
            "coord_seeds": 1,
            "coord_probe": 1,
        }
        for name, minimum in minimums.items():
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, int) or v < minimum:
                why = " (a hidden n×n layer is needed)" if name == "depth" else ""
                raise SettingsError(f"{name} must be a whole number ≥ {minimum}{why}, got {v!r}")
        if self.task not in TASKS:
            raise SettingsError(f"unknown task {self.task!r}; known: {', '.join(TASKS)}")
        if not isinstance(self.lr_decay, bool):
            raise SettingsError(f"lr_decay must be true or false, got {self.lr_decay!r}")

    def to_json(self) -> dict[str, Any]:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SweepSettings:
        return cls(**data)

    def key(self) -> str:
        """A stable hash of the settings (and the algorithm version): the cache key."""
        blob = json.dumps(
            {"algorithm": ALGORITHM_VERSION, "settings": self.to_json()},
            sort_keys=True,
            separators=(",", ":"),
        )
        return hashlib.sha256(blob.encode()).hexdigest()[:20]


@dataclass(frozen=True)
class CoordCheck:
    """RMS of each layer's activation change after ``steps`` Adam steps, against width."""

    widths: tuple[int, ...]
    layers: tuple[str, ...]
    log2_lr: float
    steps: int
    rms_change: tuple[tuple[tuple[float, ...], ...], ...]
    """Indexed [parametrization][layer][width], parametrizations in ``PARAMETRIZATIONS`` order."""

    def series(self, param: str, layer: int) -> tuple[float, ...]:
        return self.rms_change[PARAMETRIZATIONS.index(param)][layer]


@dataclass(frozen=True)
class SweepResult:
    """The outcome of ``run_sweep``; every number is a plain float (``inf`` = diverged)."""

    settings: SweepSettings
    final_loss: tuple[tuple[tuple[float, ...], ...], ...]
    """Indexed [parametrization][width][learning rate]: training MSE after the last step."""
    coord: CoordCheck
    compute_s: float
    """Seconds the training took when the result was computed (also for cached results)."""
    elapsed_s: float = 0.0
    """Seconds this call took (small when loaded from the cache)."""
    from_cache: bool = False
    complete: bool = True
    """False for a partial result: ``settings.widths`` holds only the widths trained so far."""
    best_log2_lr: tuple[tuple[float, ...], ...] = field(init=False)
    """Indexed [parametrization][width]: the grid point with the lowest loss (NaN if all diverged)."""
    best_loss: tuple[tuple[float, ...], ...] = field(init=False)

    def __post_init__(self) -> None:
        best_lr, best_loss = [], []
        for per_width in self.final_loss:
            lrs, losses = [], []
            for curve in per_width:
                finite = [(v, i) for i, v in enumerate(curve) if math.isfinite(v)]
                if finite:
                    v, i = min(finite)
                    lrs.append(self.settings.log2_lrs[i])
                    losses.append(v)
                else:
                    lrs.append(math.nan)
                    losses.append(math.inf)
            best_lr.append(tuple(lrs))
            best_loss.append(tuple(losses))
        object.__setattr__(self, "best_log2_lr", tuple(best_lr))
        object.__setattr__(self, "best_loss", tuple(best_loss))

    def curve(self, param: str, width: int) -> tuple[float, ...]:
        """Final loss against ``settings.log2_lrs`` for one parametrization and width."""
        p = PARAMETRIZATIONS.index(param)
        return self.final_loss[p][self.settings.widths.index(width)]

    def best_lrs(self, param: str) -> tuple[float, ...]:
        """The best log2 learning rate per width (``settings.widths`` order)."""
        return self.best_log2_lr[PARAMETRIZATIONS.index(param)]

    def best_losses(self, param: str) -> tuple[float, ...]:
        return self.best_loss[PARAMETRIZATIONS.index(param)]

    def optimum_shift(self, param: str) -> float:
        """How far (in log2 units) the best learning rate moves across the widths."""
        lrs = [v for v in self.best_lrs(param) if math.isfinite(v)]
        return max(lrs) - min(lrs) if lrs else math.nan
