"""The μP width sweep (problem 2): numbers, cache, progress, cancellation and drawing.

Most tests use a tiny sweep (well under a second). The effect itself (SP optimum moves with
width, μP optimum stays, wider is better under μP; the coordinate check) is checked on the
real default settings, computed once per test session into a temporary cache.
"""

from __future__ import annotations

import json
import math
import threading
from dataclasses import replace

import pytest

from tutor.errors import UserError
from tutor.homework.widthsweep.drawing import (
    MARKERS,
    draw_coord_check,
    draw_sweep,
    format_summary,
)
from tutor.homework.widthsweep.experiment import (
    PARAMETRIZATIONS,
    SweepCancelled,
    SweepResult,
    SweepSettings,
)
from tutor.homework.widthsweep.run import run_sweep
from tutor.homework.widthsweep.training import initial_weights

TINY = SweepSettings(
    widths=(8, 16),
    log2_lrs=(-8.0, -6.0, -4.0),
    steps=12,
    batch_size=8,
    input_dim=4,
    train_size=64,
    teacher_width=8,
    base_width=8,
    coord_widths=(8, 16, 32),
    coord_steps=2,
    coord_seeds=1,
    coord_probe=16,
)


@pytest.fixture(scope="session")
def default_cache(tmp_path_factory):
    return tmp_path_factory.mktemp("widthsweep-default")


# Every test of the default sweep runs on one xdist worker (``--dist loadgroup``), so the
# sweep (tens of seconds) is trained once per run, not once per worker.
default_sweep = pytest.mark.xdist_group("default-sweep")


@pytest.fixture(scope="session")
def default_result(default_cache):
    return run_sweep(SweepSettings(), cache_dir=default_cache)


def numbers(result: SweepResult):
    return result.final_loss, result.coord.rms_change


# ---------------------------------------------------------------- settings


def test_key_is_stable_and_depends_on_every_setting():
    assert SweepSettings().key() == SweepSettings().key()
    as_lists = SweepSettings(widths=[64, 128, 256, 512], log2_lrs=list(range(-12, 0)))
    assert as_lists == SweepSettings() and as_lists.key() == SweepSettings().key()
    keys = {
        SweepSettings().key(),
        SweepSettings(seed=1).key(),
        SweepSettings(steps=499).key(),
        SweepSettings(widths=(64, 256)).key(),
        SweepSettings(coord_log2_lr=-7).key(),
        SweepSettings(lr_decay=False).key(),
    }
    assert len(keys) == 6


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"depth": 1}, "depth"),
        ({"widths": (128, 64)}, "widths"),
        ({"widths": ()}, "widths"),
        ({"log2_lrs": ()}, "log2_lrs"),
        ({"log2_lrs": (-3.0, float("nan"))}, "log2_lrs"),
        ({"steps": 0}, "steps"),
        ({"task": "mnist"}, "task"),
        ({"batch_size": 2.5}, "batch_size"),
    ],
)
def test_bad_settings_get_a_one_line_error_naming_the_field(changes, words):
    with pytest.raises(UserError) as info:
        SweepSettings(**changes)
    assert isinstance(info.value, ValueError)
    assert words in str(info.value) and "\n" not in str(info.value)


# ---------------------------------------------------------------- reproducibility and cache


def test_same_settings_give_identical_numbers():
    a = run_sweep(TINY, use_cache=False)
    b = run_sweep(TINY, use_cache=False)
    assert numbers(a) == numbers(b)
    assert not a.from_cache and not b.from_cache
    assert all(math.isfinite(v) for pw in a.final_loss for c in pw for v in c)


def test_another_seed_gives_other_numbers():
    a = run_sweep(TINY, use_cache=False)
    b = run_sweep(replace(TINY, seed=1), use_cache=False)
    assert a.final_loss != b.final_loss


def test_mup_follows_table_3_and_differs_from_sp_at_the_base_width_only_in_the_readout():
    """Table 3 of Tensor Programs V read literally: initial variance 1/fan_in everywhere but
    μP's readout (1/fan_in²); μP's Adam LR of hidden and output weights ∝ 1/fan_in."""
    import numpy as np

    for width in (8, 32):
        sp_w, sp_lr = initial_weights(TINY, "sp", width, (0, 2, width))
        mup_w, mup_lr = initial_weights(TINY, "mup", width, (0, 2, width))
        for a, b in zip(sp_w[:-1], mup_w[:-1], strict=True):
            assert np.array_equal(a, b)  # input and hidden layers start alike
        ratio = float(np.std(mup_w[-1]) / np.std(sp_w[-1]))
        assert ratio == pytest.approx(1 / math.sqrt(width), rel=1e-5)  # 1/n² vs 1/n
        m = width / TINY.base_width
        assert sp_lr == [1.0, 1.0, 1.0] and mup_lr == pytest.approx([1.0, 1 / m, 1 / m])
    result = run_sweep(TINY, use_cache=False)
    assert result.curve("sp", 8) != result.curve("mup", 8)


def test_second_call_comes_from_the_cache(tmp_path):
    first = run_sweep(TINY, cache_dir=tmp_path)
    assert not first.from_cache
    assert [p.name for p in tmp_path.iterdir()] == [f"widthsweep-{TINY.key()}.json"]
    seen = []
    second = run_sweep(TINY, cache_dir=tmp_path, progress=lambda f, m: seen.append(f))
    assert second.from_cache
    assert numbers(second) == numbers(first)
    assert second.best_log2_lr == first.best_log2_lr
    assert second.compute_s == pytest.approx(first.compute_s)
    assert second.elapsed_s < first.compute_s
    assert seen == [1.0]
    third = run_sweep(TINY, cache_dir=tmp_path, use_cache=False)
    assert not third.from_cache and numbers(third) == numbers(first)


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: "this is not json {",
        lambda text: text[: len(text) // 2],
        lambda text: "{}",
        lambda text: json.dumps({**json.loads(text), "final_loss": [[[1.0]]]}),
        lambda text: json.dumps({**json.loads(text), "final_loss": "oops"}),
        lambda text: json.dumps({**json.loads(text), "settings": {"seed": 3}}),
        lambda text: "",
    ],
    ids=[
        "garbage",
        "truncated",
        "empty-object",
        "wrong-shape",
        "wrong-type",
        "bad-settings",
        "empty",
    ],
)
def test_a_corrupt_cache_file_is_ignored_and_rewritten(tmp_path, damage):
    good = run_sweep(TINY, cache_dir=tmp_path)
    path = tmp_path / f"widthsweep-{TINY.key()}.json"
    path.write_text(damage(path.read_text()))
    again = run_sweep(TINY, cache_dir=tmp_path)
    assert not again.from_cache
    assert numbers(again) == numbers(good)
    assert run_sweep(TINY, cache_dir=tmp_path).from_cache  # rewritten and valid again


def test_an_unwritable_cache_dir_is_not_an_error(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    result = run_sweep(TINY, cache_dir=blocker / "cache")
    assert not result.from_cache
    assert math.isfinite(result.best_losses("mup")[0])
    assert blocker.read_text() == "not a directory"


def test_diverged_runs_are_inf_skipped_for_the_best_lr_and_survive_the_cache(tmp_path):
    wild = replace(TINY, log2_lrs=(-6.0, 6.0))
    result = run_sweep(wild, cache_dir=tmp_path)
    for param in PARAMETRIZATIONS:
        for width in wild.widths:
            curve = result.curve(param, width)
            assert math.isfinite(curve[0]) and curve[1] == math.inf
    assert result.best_lrs("sp") == (-6.0, -6.0)
    cached = run_sweep(wild, cache_dir=tmp_path)
    assert cached.from_cache and numbers(cached) == numbers(result)
    text = (tmp_path / f"widthsweep-{wild.key()}.json").read_text()
    assert "Infinity" not in text and "NaN" not in text  # strict JSON


def test_all_diverged_gives_no_best_lr_and_still_draws(tmp_path):
    plotext = pytest.importorskip("plotext")
    wild = replace(TINY, log2_lrs=(6.0, 7.0))
    result = run_sweep(wild, use_cache=False)
    assert all(math.isnan(v) for v in result.best_lrs("sp"))
    assert "diverged" in format_summary(result)
    assert build(plotext, draw_sweep, result).strip()


# ---------------------------------------------------------------- progress and cancellation


def test_progress_is_monotone_with_messages_and_ends_at_one():
    seen: list[tuple[float, str]] = []
    run_sweep(TINY, use_cache=False, progress=lambda f, m: seen.append((f, m)))
    fractions = [f for f, _ in seen]
    assert len(seen) >= 8
    assert fractions == sorted(fractions)
    assert all(0.0 <= f <= 1.0 for f in fractions)
    assert fractions[-1] == 1.0 and fractions.count(1.0) == 1
    assert all(isinstance(m, str) and m for _, m in seen)
    assert any("μP" in m for _, m in seen) and any("coordinate" in m for _, m in seen)


def test_cancelling_with_an_event_from_another_thread_stops_early_and_caches_nothing(tmp_path):
    stop = threading.Event()
    seen: list[float] = []
    outcome: dict[str, object] = {}

    def progress(fraction: float, message: str) -> None:
        seen.append(fraction)
        if fraction > 0.01:
            stop.set()

    def work() -> None:
        # the tiny sweep: cancelling is checked between training steps whatever the settings
        # (the default sweep took 0.6 s to reach 1 % here, TINY 0.1 s)
        try:
            outcome["result"] = run_sweep(TINY, progress=progress, cache_dir=tmp_path, cancel=stop)
        except SweepCancelled as exc:
            outcome["error"] = exc

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(timeout=60)
    assert not thread.is_alive()
    assert isinstance(outcome.get("error"), SweepCancelled)
    assert "cancel" in str(outcome["error"])
    assert max(seen) < 0.5
    assert list(tmp_path.iterdir()) == []


def test_cancel_callable_and_an_exception_from_progress_both_stop_the_sweep(tmp_path):
    with pytest.raises(SweepCancelled):
        run_sweep(TINY, cache_dir=tmp_path, cancel=lambda: True)

    class Stop(Exception):
        pass

    def progress(fraction: float, message: str) -> None:
        if fraction > 0.2:
            raise Stop

    with pytest.raises(Stop):
        run_sweep(TINY, cache_dir=tmp_path, progress=progress)
    assert list(tmp_path.iterdir()) == []


def test_blas_runs_single_threaded_during_the_sweep_and_is_restored_after():
    threadpoolctl = pytest.importorskip("threadpoolctl")
    import numpy  # noqa: F401  (so its BLAS is loaded and visible)

    def blas_threads() -> list[int]:
        return [
            p["num_threads"] for p in threadpoolctl.threadpool_info() if p["user_api"] == "blas"
        ]

    before = blas_threads()
    during: list[list[int]] = []
    run_sweep(TINY, use_cache=False, progress=lambda f, m: during.append(blas_threads()))
    assert during and all(all(n == 1 for n in threads) for threads in during[:-1])
    assert blas_threads() == before


# ---------------------------------------------------------------- the effect, on the defaults


@default_sweep
@pytest.mark.slow
def test_sp_optimum_moves_with_width_and_mup_optimum_stays(default_result):
    r = default_result
    step = r.settings.log2_lrs[1] - r.settings.log2_lrs[0]
    sp, mup = r.best_lrs("sp"), r.best_lrs("mup")
    assert all(math.isfinite(v) for v in sp + mup)
    # SP: wider wants a smaller learning rate, by at least two grid steps over the sweep.
    assert list(sp) == sorted(sp, reverse=True)
    assert sp[0] - sp[-1] >= 2 * step
    # μP: one learning rate is best at every width (within one grid step).
    assert max(mup) - min(mup) <= step
    assert r.optimum_shift("sp") > r.optimum_shift("mup")


@default_sweep
@pytest.mark.slow
def test_under_mup_wider_is_at_least_as_good_at_the_optimum(default_result):
    best = default_result.best_losses("mup")
    assert all(b <= a for a, b in zip(best, best[1:], strict=False)), best
    assert best[-1] < 0.9 * best[0]


@default_sweep
@pytest.mark.slow
def test_default_sweep_trains_at_all(default_result):
    # The best runs fit the unit-variance target far better than predicting zero (loss 1).
    for param in PARAMETRIZATIONS:
        assert max(default_result.best_losses(param)) < 0.3
    # and too large a learning rate is visibly worse than the best one, for every width
    for param in PARAMETRIZATIONS:
        for j, width in enumerate(default_result.settings.widths):
            assert (
                default_result.curve(param, width)[-1] > 1.5 * default_result.best_losses(param)[j]
            )


@default_sweep
@pytest.mark.slow
def test_coordinate_check_sp_grows_with_width_mup_stays_flat(default_result):
    c = default_result.coord
    assert c.widths[-1] >= 16 * c.widths[0]
    hidden = c.layers.index(next(name for name in c.layers if "hidden" in name))
    output = len(c.layers) - 1
    sp_hidden, mup_hidden = c.series("sp", hidden), c.series("mup", hidden)
    assert list(sp_hidden) == sorted(sp_hidden)
    assert sp_hidden[-1] > 4 * sp_hidden[0]
    assert max(mup_hidden) < 2 * min(mup_hidden)
    sp_out = c.series("sp", output)
    assert sp_out[-1] > 4 * sp_out[0]
    # every μP curve is flat: within a factor of 1.3 across a 32-fold range of widths
    for layer in range(len(c.layers)):
        mup = c.series("mup", layer)
        assert max(mup) < 1.3 * min(mup), (c.layers[layer], mup)
    # the input layer's update is width-free under both (Table 3: its Adam LR is 1 in both)
    for param in PARAMETRIZATIONS:
        first = c.series(param, 0)
        assert max(first) < 1.5 * min(first)


@default_sweep
@pytest.mark.slow
def test_default_result_is_cached_for_the_next_call(default_result, default_cache):
    assert not default_result.from_cache
    again = run_sweep(SweepSettings(), cache_dir=default_cache)
    assert again.from_cache and numbers(again) == numbers(default_result)
    assert again.elapsed_s < 1.0


@default_sweep
@pytest.mark.slow
def test_summary_names_the_best_learning_rates(default_result):
    text = format_summary(default_result)
    for width in default_result.settings.widths:
        assert str(width) in text
    assert "SP" in text and "μP" in text
    assert f"2^{default_result.best_lrs('mup')[-1]:g}" in text


# ---------------------------------------------------------------- drawing


def build(plotext, draw, result, width=80, height=24) -> str:
    plotext.main()
    plotext.clear_figure()
    try:
        plotext.limit_size(False, False)
        plotext.plot_size(width, height)
        draw(plotext, result)
        plotext.main()
        plotext.plot_size(width, height)
        return plotext.uncolorize(plotext.build())
    finally:
        plotext.main()
        plotext.clear_figure()


@pytest.mark.parametrize(("width", "height"), [(80, 24), (200, 60)])
@default_sweep
@pytest.mark.slow
def test_sweep_and_coord_check_draw_into_plotext(default_result, width, height):
    plotext = pytest.importorskip("plotext")
    text = build(plotext, draw_sweep, default_result, width, height)
    lines = text.splitlines()
    assert len(lines) == height and max(len(line) for line in lines) <= width
    assert "SP" in text and "μP" in text and "n=64" in text
    text = build(plotext, draw_coord_check, default_result, width, height)
    assert "hidden" in text and "2048" in text


def test_drawing_into_a_textual_plotext_figure():
    plot_module = pytest.importorskip("textual_plotext.plot")
    result = run_sweep(TINY, use_cache=False)
    for draw in (draw_sweep, draw_coord_check):
        fig = plot_module.Plot()
        fig.plot_size(80, 24)
        draw(fig, result)
        assert fig.build().strip()


def test_partial_results_arrive_width_by_width_with_the_coordinate_check_first(tmp_path):
    seen: list[SweepResult] = []
    final = run_sweep(replace(TINY, widths=(8, 16, 32)), cache_dir=tmp_path, partial=seen.append)
    assert [r.settings.widths for r in seen] == [(8,), (8, 16)]
    assert all(not r.complete for r in seen) and final.complete
    for r in seen:  # each partial result is the final one cut to the widths done so far
        assert r.coord == final.coord
        for p in PARAMETRIZATIONS:
            for w in r.settings.widths:
                assert r.curve(p, w) == final.curve(p, w)
    again: list[SweepResult] = []
    run_sweep(replace(TINY, widths=(8, 16, 32)), cache_dir=tmp_path, partial=again.append)
    assert again == []  # from the cache: nothing partial to show


def test_a_partial_result_draws_and_says_so():
    plotext = pytest.importorskip("plotext")
    seen: list[SweepResult] = []
    run_sweep(TINY, use_cache=False, partial=seen.append)
    text = build(plotext, draw_sweep, seen[0], 100, 24)
    assert "(so far)" in text and "n=8" in text and "n=16" not in text


@pytest.mark.parametrize("draw", [draw_sweep, draw_coord_check])
@default_sweep
@pytest.mark.slow
def test_every_marker_sits_on_its_own_line(draw, default_result):
    """A marked point (the sweep's ● best learning rate, a coordinate check's measurement)
    touches a cell of a line: the lines are drawn on the same character grid as the markers
    (half-block lines could put a marker a row off). The sweep draws each width's line with
    its own marker; the coordinate check its lines with · and each layer's points with its
    own."""
    plotext = pytest.importorskip("plotext")
    if draw is draw_sweep:
        points, lines = {"●"}, set(MARKERS)
    else:
        points, lines = set(MARKERS[1:]), {"·"}
    for width, height in ((80, 24), (120, 32)):
        rows = build(plotext, draw, default_result, width, height).splitlines()
        top = next(i for i, row in enumerate(rows) if "┌" in row)
        bottom = next(i for i, row in enumerate(rows) if "└" in row)
        for r, row in enumerate(rows[top:bottom], start=top):  # inside the frames
            if any(name in row for name in default_result.coord.layers):
                continue  # a legend line: its markers name a layer, and its words have o, x
            for c, ch in enumerate(row):
                if ch not in points:
                    continue
                around = {
                    rows[rr][cc]
                    for rr in range(max(r - 1, 0), min(r + 2, len(rows)))
                    for cc in range(max(c - 1, 0), c + 2)
                    if (rr, cc) != (r, c) and cc < len(rows[rr])
                }
                assert around & (lines | points), f"a marker off its line at row {r}, col {c}"


def legend_markers(text: str, names: list[str]) -> dict[str, str]:
    """Each legend entry's marker (plotext writes it twice before the name), by name."""
    found = {}
    for line in text.splitlines():
        for name in names:
            at = line.find(f" {name}")
            if at >= 2 and line[at - 1] == line[at - 2] and name not in found:
                found[name] = line[at - 1]
    return found


@pytest.mark.parametrize("widths", [(8, 16), (8, 16, 32, 64, 128)])
def test_each_curve_has_its_own_marker_named_in_the_legend(widths):
    """Without color (NO_COLOR, a printout) the sweep's curves shared one marker, ·, and the
    coordinate check's layers one ●: they could not be told apart."""
    plotext = pytest.importorskip("plotext")
    result = run_sweep(replace(TINY, widths=widths, base_width=8), use_cache=False)
    text = build(plotext, draw_sweep, result, 100, 30)
    names = [f"n={w}" for w in widths]
    markers = legend_markers(text, names)
    assert len(markers) == len(widths) and len(set(markers.values())) == len(widths), text
    assert "●" not in markers.values()  # ● is the best learning rate
    # each curve is drawn with its marker: more of it than its legend's two
    assert all(text.count(m) > 4 for m in markers.values()), text

    text = build(plotext, draw_coord_check, result, 100, 30)
    layers = list(result.coord.layers)
    markers = legend_markers(text, layers)
    assert len(markers) == len(layers) and len(set(markers.values())) == len(layers), text
