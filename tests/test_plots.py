"""The plot registry: every plot renders, at 80×24 and at a large size, with real content."""

from __future__ import annotations

import argparse
import importlib.util
import re
import threading

import pytest

from tutor.cli import plot as plot_cli
from tutor.errors import UsageError
from tutor.plots import registry as plots

FIXED_NAMES = (
    "init-scaling",
    "signgd-update",
    "d2-independence",
    "remat-schedule",
    "remat-vs-k",
    "remat-breakeven",
    "estimators",
    "width-sweep",
    "coord-check",
)
SWEEP_NAMES = ("width-sweep", "coord-check")
SWEEP_ABSENT = importlib.util.find_spec("tutor.homework.widthsweep") is None
ANSI = re.compile(r"\x1b\[[0-9;]*m")

# modest Monte Carlo sizes keep these tests fast
SMALL = {
    "init-scaling": {"samples": 40},
    "signgd-update": {"samples": 40},
    "d2-independence": {"samples": 40},
    "estimators": {"samples": 200, "trials": 20},
}
FAST_NAMES = [n for n in FIXED_NAMES if n not in SWEEP_NAMES]


def test_registry_has_the_fixed_names():
    assert set(FIXED_NAMES) <= set(plots.names())
    assert len(plots.names()) == len(set(plots.names()))
    for spec in plots.PLOTS:
        assert spec.title and spec.description and "\n" not in spec.description
        assert spec.parts
        assert plots.get(spec.name) is spec
        assert len({p.name for p in spec.params}) == len(spec.params)


def test_unknown_plot_lists_the_names():
    with pytest.raises(UsageError) as info:
        plots.get("no-such-plot")
    message = str(info.value)
    assert "\n" not in message
    for name in FIXED_NAMES:
        assert name in message


def assert_has_content(text: str, width: int, height: int, spec: plots.PlotSpec) -> None:
    lines = text.split("\n")
    assert len(lines) == height
    assert max(len(line) for line in lines) <= width
    drawn = sum(1 for ch in text if ch not in " \n")
    assert drawn > width + height  # more than an empty frame
    # a plotted line or points inside the frame: braille or marker characters
    assert re.search(r"[\u2801-\u28ffxo+*]", text)


@pytest.mark.parametrize("name", FAST_NAMES)
@pytest.mark.parametrize(("width", "height"), [(80, 24), (200, 60)])
def test_every_plot_renders_with_content(name, width, height):
    spec = plots.get(name)
    text = plots.render(name, width, height, **SMALL.get(name, {}))
    assert not ANSI.search(text)  # plain unless asked
    assert_has_content(text, width, height, spec)


@pytest.mark.parametrize("name", FAST_NAMES)
def test_titles_and_numbers_appear_in_the_plot(name):
    text = plots.render(name, 120, 30, **SMALL.get(name, {}))
    expected = {
        "init-scaling": "E[RMS²(Wx)]",
        "signgd-update": "SignGD",
        "d2-independence": "d2",
        "remat-schedule": "20 fwd, 10 loadmem, 500 ns",
        "remat-vs-k": "N = 100",
        "remat-breakeven": "break-even at 50 ns",
        "estimators": "variance",
    }[name]
    assert expected in text


def test_color_is_only_given_when_asked():
    colored = plots.render("remat-breakeven", 80, 24, color=True)
    assert ANSI.search(colored)
    assert (
        ANSI.sub("", colored).split("\n")[0]
        == plots.render("remat-breakeven", 80, 24).split("\n")[0]
    )


def test_parameters_change_the_plot():
    a = plots.render("remat-schedule", 100, 30, layers=12, every=3)
    assert "N = 12, K = 3" in a
    b = plots.render("remat-breakeven", 100, 30, layers=12, every=4, t_fwd=10, t_mem=10)
    # fwd = 3 blocks × 6 = 18: (18·10 + 12·10) / 12 = 25 ns
    assert "break-even at 25 ns" in b


def test_parameters_are_checked():
    spec = plots.get("remat-schedule")
    assert spec.resolve() == {"layers": 10, "every": 5, "t_fwd": 20.0, "t_mem": 10.0}
    assert spec.resolve(layers="40", t_fwd="2.5")["layers"] == 40
    for bad in ({"layers": 0}, {"layers": "ten"}, {"layers": 2.5}, {"t_mem": -1}, {"nope": 1}):
        with pytest.raises(UsageError):
            spec.resolve(**bad)
    with pytest.raises(UsageError):  # K > N is caught by the builder
        spec.build(spec.resolve(layers=4, every=5))
    with pytest.raises(UsageError):
        plots.render("remat-schedule", 10, 5)


@pytest.mark.parametrize("name", ["init-scaling", "estimators", "remat-vs-k"])
def test_builders_are_pure_and_thread_safe(name):
    spec = plots.get(name)
    params = spec.resolve(**SMALL.get(name, {}))
    serial = spec.build(params)
    assert spec.build(params) == serial
    results: list = []
    threads = [
        threading.Thread(target=lambda: results.append(spec.build(params))) for _ in range(3)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [serial] * 3


@pytest.mark.parametrize("name", FAST_NAMES)
def test_draw_works_on_the_tui_plot_object(name):
    """The TUI passes ``PlotextPlot.plt`` (a textual-plotext ``Plot``), not the plotext module."""
    from textual_plotext.plot import Plot

    spec = plots.get(name)
    data = spec.build(spec.resolve(**SMALL.get(name, {})))
    plt = Plot()
    plt.clear_figure()
    spec.draw(plt, data)
    plt.plotsize(100, 30)
    text = ANSI.sub("", plt.build())
    assert re.search(r"[\u2801-\u28ffxo+*]", text)


def run_cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    plot_cli.add_arguments(parser)
    return plot_cli.main(parser.parse_args(argv))


def test_cli_list_is_one_line_per_plot(capsys):
    assert run_cli(["--list"]) == 0
    lines = capsys.readouterr().out.strip().split("\n")
    assert len(lines) == len(plots.PLOTS)
    for line, spec in zip(lines, plots.PLOTS, strict=True):
        assert line.startswith(spec.name)


def test_cli_prints_a_plot_in_80_columns(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("LINES", "25")
    assert run_cli(["init-scaling", "--samples", "30"]) == 0
    out = capsys.readouterr().out
    assert not ANSI.search(out)  # captured output is not a terminal
    lines = out.rstrip("\n").split("\n")
    assert len(lines) == 24 and max(map(len, lines)) <= 80


def test_cli_params(capsys):
    assert (
        run_cli(["remat-schedule", "--set", "layers=7", "--set", "every=7", "--width", "90"]) == 0
    )
    assert "N = 7, K = 7: 21 fwd" in capsys.readouterr().out
    assert run_cli(["remat-breakeven", "--params"]) == 0
    out = capsys.readouterr().out
    assert "layers" in out and "t_mem" in out


@pytest.mark.parametrize(
    "argv",
    [
        ["nope"],
        [],
        ["remat-schedule", "--samples", "10"],
        ["init-scaling", "--samples", "many"],
        ["init-scaling", "--width", "10"],
        ["remat-schedule", "--set", "layers"],
        ["remat-schedule", "--set", "colour=3"],
    ],
)
def test_cli_errors_are_usage_errors(argv):
    with pytest.raises(UsageError) as info:
        run_cli(argv)
    assert "\n" not in str(info.value)


@pytest.mark.skipif(
    SWEEP_ABSENT, reason="tutor.homework.widthsweep (the width sweep module) is not present"
)
@pytest.mark.parametrize("name", SWEEP_NAMES)
def test_sweep_plots_are_wired_to_the_width_sweep(name):
    from tutor.homework.widthsweep.drawing import draw_coord_check, draw_sweep

    spec = plots.get(name)
    assert spec.slow and spec.unavailable_reason() is None
    expected = draw_sweep if name == "width-sweep" else draw_coord_check
    assert callable(expected)


@pytest.fixture(scope="module")
def sweep_result(tmp_path_factory):
    """A deliberately tiny sweep: these tests check the drawing, not the μP effect."""
    from tutor.homework.widthsweep.experiment import SweepSettings
    from tutor.homework.widthsweep.run import run_sweep

    tiny = SweepSettings(widths=(16, 32), steps=20, coord_widths=(16, 32), train_size=256)
    return run_sweep(tiny, cache_dir=tmp_path_factory.mktemp("sweep-cache"))


@pytest.mark.skipif(
    SWEEP_ABSENT, reason="tutor.homework.widthsweep (the width sweep module) is not present"
)
@pytest.mark.parametrize("name", SWEEP_NAMES)
@pytest.mark.parametrize(("width", "height"), [(80, 24), (200, 60)])
def test_sweep_plots_render_with_content(sweep_result, name, width, height):
    spec = plots.get(name)
    text = plots.draw_text(spec, sweep_result, width, height)
    assert_has_content(text, width, height, spec)
