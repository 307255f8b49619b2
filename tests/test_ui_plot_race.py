"""Trial tui2 F4: + pressed several times quickly replaces the build under way, the last one
completes, Ctrl+R always rebuilds, and "Cancelled" is said only after Ctrl+X."""

from __future__ import annotations

from ui_helpers import make_app, text_of, ui_test, wait_for

from tutor.homework.stopping import Stopped, check_stop, stop_when
from tutor.plots import registry as plots
from tutor.ui.screens.plot import PlotScreen


def test_check_stop_raises_only_inside_a_stopped_block():
    check_stop()  # outside: nothing
    with stop_when(lambda: False):
        check_stop()
    try:
        with stop_when(lambda: True):
            check_stop()
    except Stopped:
        pass
    else:  # pragma: no cover
        raise AssertionError("not stopped")
    check_stop()


async def _open(pilot, app):
    await pilot.pause()
    app.push_screen(PlotScreen(plots.get("signgd-update"), related=("signgd-update",)))
    await wait_for(pilot, lambda: bool(app.screen.query("#plot")))
    screen = app.screen
    plot = screen.query_one("#plot")
    await wait_for(pilot, lambda: plot.data is not None and not plot.loading, 60)
    return screen, plot


def _watch(status, seen: list[str]):
    """A condition's side effect: every status the screen shows while we wait."""
    seen.append(text_of(status))


@ui_test
async def test_quick_plus_presses_end_in_the_last_build_never_cancelled(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen, plot = await _open(pilot, app)
        status = screen.query_one("#plot-status")
        seen: list[str] = []

        def built(samples: int):
            def done() -> bool:
                _watch(status, seen)
                return plot.data is not None and plot.data.samples == samples and not plot.loading

            return done

        # keys faster than any build: each replaces the one under way (the trial's + + +)
        for factor in (2, 2, 2, 0.5):
            screen.action_samples(factor)
        assert screen.values["samples"] == 1600
        await wait_for(pilot, built(1600), 120)
        await pilot.pause()
        assert not any("Cancelled" in s for s in seen), seen
        assert "Cancelled" not in text_of(status)

        await pilot.press("plus", "plus", "minus")  # the same through the keys
        await wait_for(pilot, built(3200), 120)
        assert not any("Cancelled" in s for s in seen), seen

        await pilot.press("ctrl+r")  # always rebuilds
        await wait_for(pilot, lambda: "Built again" in text_of(status), 60)
        assert not plot.loading

        screen.action_samples(32)  # a long build: the student cancels it, and is told so
        assert screen.check_action("cancel", ()) is True
        await pilot.press("ctrl+x")
        await wait_for(pilot, lambda: "Cancelled" in text_of(status))
        assert screen.check_action("cancel", ()) is False
        screen.action_samples(1 / 32)  # and the next build completes
        seen.clear()
        await wait_for(pilot, built(3200), 120)
        assert not any("Cancelled" in s for s in seen), seen
