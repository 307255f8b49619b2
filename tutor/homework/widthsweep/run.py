"""Running a width sweep: ``run_sweep``, from the cache or trained, with progress and cancel.

The coordinate check runs first (it takes well under a second), then the widths from the
narrowest up, each under SP and μP: ``run_sweep(partial=...)`` hands over a result for the
widths done so far after each width, so a plot can show curves while the rest trains.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from pathlib import Path

from tutor.homework.widthsweep.cache import cache_path, load, store
from tutor.homework.widthsweep.experiment import Partial, Progress, SweepResult, SweepSettings
from tutor.homework.widthsweep.training import Ticker, compute, total_units


def _cancel_check(cancel: Callable[[], bool] | threading.Event | None) -> Callable[[], bool]:
    if cancel is None:
        return lambda: False
    if isinstance(cancel, threading.Event) or hasattr(cancel, "is_set"):
        return cancel.is_set
    return cancel


def _one_blas_thread():
    """Run BLAS single-threaded while the sweep trains (restored afterwards).

    The matrices are small (a 16-row batch against at most 512×512), so BLAS threads cost more
    in hand-offs than they gain, and on a busy 2-core machine spinning BLAS threads made the
    default sweep 3–15× slower. The numbers do not depend on the thread count.
    """
    import numpy  # noqa: F401  (threadpoolctl only sees BLAS libraries already loaded)

    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # optional at run time: without it BLAS keeps its own default
        return contextlib.nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


def run_sweep(
    settings: SweepSettings | None = None,
    progress: Progress | None = None,
    cache_dir: Path | None = None,
    use_cache: bool = True,
    cancel: Callable[[], bool] | threading.Event | None = None,
    partial: Partial | None = None,
) -> SweepResult:
    """Train the whole sweep (or load it from the cache) and return the result.

    ``progress(fraction, message)`` is called from the calling thread with a fraction that
    never decreases and ends at 1.0. ``cancel`` (a callable returning True, or a
    ``threading.Event``) is polled every few steps; when it fires ``SweepCancelled`` is raised
    and nothing is cached. ``partial(result)`` is called after each width but the last with
    the widths done so far (not when the result comes from the cache). ``cache_dir`` defaults to ``tutor.paths.cache_dir()``; with
    ``use_cache=False`` the cache is neither read nor written.
    """
    settings = SweepSettings() if settings is None else settings
    start = time.perf_counter()
    is_cancelled = _cancel_check(cancel)
    if cache_dir is None and use_cache:
        from tutor.paths import cache_dir as default_cache_dir

        cache_dir = default_cache_dir()
    path = cache_path(Path(cache_dir), settings) if use_cache and cache_dir is not None else None
    if path is not None:
        cached = load(path, settings)
        if cached is not None:
            if progress is not None:
                progress(1.0, "loaded from the cache")
            return _with_elapsed(cached, time.perf_counter() - start)

    ticker = Ticker(total_units(settings), progress, is_cancelled)
    with _one_blas_thread():
        ticker.add(0, "starting the width sweep")
        losses, coord = compute(settings, ticker, partial)
    compute_s = time.perf_counter() - start
    result = SweepResult(
        settings=settings, final_loss=losses, coord=coord, compute_s=compute_s, elapsed_s=compute_s
    )
    if path is not None:
        store(path, result)
    if progress is not None:
        progress(1.0, "done")
    return _with_elapsed(result, time.perf_counter() - start)


def _with_elapsed(result: SweepResult, elapsed: float) -> SweepResult:
    return SweepResult(
        settings=result.settings,
        final_loss=result.final_loss,
        coord=result.coord,
        compute_s=result.compute_s,
        elapsed_s=elapsed,
        from_cache=result.from_cache,
    )
