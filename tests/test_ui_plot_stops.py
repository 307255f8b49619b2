"""Every explorer build stops at its next chunk once nobody waits for it (trial tui2 F4 was
about the scaling Monte Carlo only): a build replaced by a newer one, and a build whose screen
closes, stop drawing (``tutor.homework.stopping``) instead of running to the end in a thread
that slows down the build the student waits for.

The builds are recorded by a wrapper around the plot's own builder: how each one ended,
"stopped" (it raised ``Stopped``) or "done" (it drew everything)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from ui_helpers import make_app, ui_test, wait_for

from tutor.homework.stopping import Stopped
from tutor.plots import registry as plots
from tutor.ui.screens.plot import PlotScreen

# about ten seconds of draws on the development machine when nobody stops it
BIG = {"samples": 200_000, "trials": 1000, "k": 64}


def _recording(name: str):
    """The plot ``name`` with a builder that notes each build's samples and how it ended."""
    spec = plots.get(name)
    ends: list[tuple[str, int]] = []
    starts: list[int] = []

    def build(values, progress=None):
        starts.append(values["samples"])
        try:
            data = spec.build(values, progress)
        except Stopped:
            ends.append(("stopped", values["samples"]))
            raise
        ends.append(("done", values["samples"]))
        return data

    return replace(spec, build=build), starts, ends


@pytest.mark.parametrize("family", ["mean", "scale"])
@ui_test
async def test_an_estimator_build_replaced_or_closed_stops_drawing(tmp_path, family):
    app = make_app(tmp_path)
    spec, starts, ends = _recording("estimators")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.push_screen(PlotScreen(spec, related=("estimators",), initial=BIG | {"family": family}))
        await wait_for(pilot, lambda: starts == [200_000], 60)
        screen = app.screen

        screen.action_samples(0.5)  # + / −: a newer build replaces the one under way
        await wait_for(pilot, lambda: len(ends) >= 1 and len(starts) == 2, 60)
        assert ends == [("stopped", 200_000)]

        await pilot.press("escape")  # the screen closes while the newer build runs
        await wait_for(pilot, lambda: len(ends) == 2, 60)
        assert ends == [("stopped", 200_000), ("stopped", 100_000)]
        assert app.screen is not screen


@ui_test
async def test_a_small_estimator_build_still_runs_to_the_end(tmp_path):
    app = make_app(tmp_path)
    spec, starts, ends = _recording("estimators")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.push_screen(PlotScreen(spec, related=("estimators",)))
        await wait_for(pilot, lambda: bool(ends), 60)
        plot = app.screen.query_one("#plot")
        await wait_for(pilot, lambda: plot.data is not None and not plot.loading, 60)
        assert ends == [("done", spec.defaults()["samples"])]
