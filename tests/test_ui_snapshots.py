"""SVG snapshots of the key screens (pytest-textual-snapshot).

Deterministic: the small test content, a fixed terminal size, a fresh temporary log directory,
no clock in the header, and every check finished before the picture is taken. Update with
``pytest tests/test_ui_snapshots.py --snapshot-update`` after a deliberate change, and look at
the new SVGs before committing them.
"""

from __future__ import annotations

from textual.widgets import Input
from ui_helpers import make_app, wait_for

from tutor.ui.widgets.answerbox import AnswerBox


def steady_cursor(app) -> None:
    """No blinking cursor in a snapshot: whether it is on would depend on timing."""
    for widget in app.screen.query(Input):
        widget.cursor_blink = False


def test_index_at_80x24(snap_compare, tmp_path):
    async def run_before(pilot):
        # the problem summary under the outline is mounted just after the first paint
        await wait_for(pilot, lambda: bool(pilot.app.screen.query("#problem-summary")))
        await pilot.pause()

    assert snap_compare(make_app(tmp_path), terminal_size=(80, 24), run_before=run_before)


def test_part_with_feedback_and_a_hint(snap_compare, tmp_path):
    async def run_before(pilot):
        app = pilot.app
        # an Enter typed while the part opens, with nothing typed before it, is dropped (trial
        # tui2 F5): this one is pressed once the part is open
        await wait_for(pilot, lambda: app._opening is None)
        box = app.screen.query_one(AnswerBox)
        box.query_one(Input).value = "d1 d2"
        await pilot.press("enter")
        await wait_for(pilot, lambda: not box.checking and box.query_one(".box-verdict").display)
        await pilot.press("ctrl+t")
        steady_cursor(app)
        await pilot.pause()

    app = make_app(tmp_path, open_part="1a")
    assert snap_compare(app, terminal_size=(100, 34), run_before=run_before)


def test_solution_confirmation(snap_compare, tmp_path):
    app = make_app(tmp_path, open_part="1b")
    assert snap_compare(app, press=["ctrl+o"], terminal_size=(80, 24))


def test_help(snap_compare, tmp_path):
    assert snap_compare(make_app(tmp_path), press=["f1"], terminal_size=(100, 34))


def test_remat_explorer(snap_compare, tmp_path):
    async def run_before(pilot):
        app = pilot.app
        app.open_plot("remat-schedule", "1a")
        await pilot.pause()
        await wait_for(
            pilot, lambda: "fwd 20" in str(app.screen.query_one("#remat-totals").render())
        )
        await pilot.pause()

    assert snap_compare(make_app(tmp_path), terminal_size=(100, 30), run_before=run_before)


def test_remat_explorer_at_80x24_says_the_schedule_goes_on(snap_compare, tmp_path):
    """At 80×24 with 21 layers the schedule showed layers 21…8 and no sign of 7…1: the line
    under it says which rows it shows and how to reach the others."""
    from tutor.plots import registry as plots
    from tutor.ui.screens.plot import PlotScreen

    async def run_before(pilot):
        app = pilot.app
        screen = PlotScreen(plots.get("remat-schedule"), initial={"layers": 21, "every": 8})
        app.push_screen(screen)
        await wait_for(pilot, lambda: bool(app.screen.query("#remat-more")))
        more = app.screen.query_one("#remat-more")
        await wait_for(pilot, lambda: "of 21" in str(more.render()))
        steady_cursor(app)
        await pilot.pause()

    assert snap_compare(make_app(tmp_path), terminal_size=(80, 24), run_before=run_before)


def test_remat_costs_against_k_at_80x24(snap_compare, tmp_path):
    """Remat plot 2: its key under the chart, the log axis fitted to the curves."""

    async def run_before(pilot):
        app = pilot.app
        app.open_plot("remat-vs-k", "1a")
        await wait_for(pilot, lambda: bool(app.screen.query("#plot")))
        plot = app.screen.query_one("#plot")
        await wait_for(pilot, lambda: plot.data is not None and not plot.loading)
        steady_cursor(app)
        await pilot.pause()

    assert snap_compare(make_app(tmp_path), terminal_size=(80, 24), run_before=run_before)
