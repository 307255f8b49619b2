"""The plots open at the content's own handout numbers (instructor trial 7, finding 1): an
instructor who changes the defaults (p5's layers, every, t_fwd, t_mem; p1's var_w) sees the
plots follow; before the problem is solved, they open at another setting computed to differ
from the content's handout, so "not the handout's numbers" is true whatever the defaults."""

from __future__ import annotations

import shutil

import pytest
from ui_helpers import make_app, text_of, ui_test, wait_for

from tutor.paths import packaged_content_dir
from tutor.ui.screens.part import PartScreen
from tutor.ui.screens.plot import PlotScreen
from tutor.variants import engine

SIZE = (110, 40)
P5 = (
    'layers = { default = 10, range = [6, 24], label = "number of layers N" }',
    'every = { default = 5, range = [4, 8], label = "a checkpoint every K layers" }',
    't_fwd = { default = 20, choices = [10, 15, 20, 25, 30, 40], label = "time of one fwd (ns)" }',
    't_mem = { default = 10, choices = [5, 10, 15, 20], label = "time of one loadmem (ns)" }',
)
P1 = 'var_w = { default = 1, choices = [1, 2, 4, 0.5, 0.25], label = "variance of W\'s entries" }'


@pytest.fixture(scope="module")
def next_year(tmp_path_factory):
    """The packaged content with next year's numbers: 12 layers, a checkpoint every 4,
    25 ns per fwd, 15 ns per loadmem; W's variance 2."""
    root = tmp_path_factory.mktemp("ny") / "content"
    shutil.copytree(packaged_content_dir(), root)
    for name, edits in (
        (
            "p5.toml",
            [(P5[0], "10", "12"), (P5[1], "5", "4"), (P5[2], "20", "25"), (P5[3], "10", "15")],
        ),
        ("p1.toml", [(P1, "1", "2")]),
    ):
        path = root / name
        text = path.read_text(encoding="utf-8")
        for line, old, new in edits:
            assert text.count(line) == 1, line
            text = text.replace(line, line.replace(f"default = {old},", f"default = {new},"))
        path.write_text(text, encoding="utf-8")
    return engine.load(root)


async def open_plot(pilot, app) -> PlotScreen:
    await pilot.press("ctrl+g")
    await wait_for(pilot, lambda: isinstance(app.screen, PlotScreen))
    return app.screen


def setting(screen) -> tuple:
    return tuple(screen.values[n] for n in ("layers", "every", "t_fwd", "t_mem"))


@ui_test
async def test_before_solving_problem_5_the_plot_opens_away_from_next_years_handout(
    next_year, tmp_path
):
    app = make_app(tmp_path, content=next_year, open_part="5a")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PartScreen))
        screen = await open_plot(pilot, app)
        layers, every, t_fwd, t_mem = setting(screen)
        assert (layers, every) != (12, 4)  # not the content's handout: the old fixed setting
        assert (t_fwd, t_mem) == (25, 15)  # the content's own times, not the plot's defaults
        desc = text_of(screen.query_one("#plot-desc"))
        assert f"Opened at layers = {layers}, every = {every}, not the handout's numbers" in desc
        await wait_for(pilot, lambda: "fwd" in text_of(screen.query_one("#remat-totals")))
        assert screen.held == ()  # states none of the problem's answers
        # back at the handout's own N and K: held back
        for name, value in (("layers", "12"), ("every", "4")):
            screen.query_one(f"#param-{name}").value = value
        await wait_for(pilot, lambda: screen.held != ())
        assert screen.held == ("5a", "5b", "5c")


@pytest.mark.slow
@ui_test
async def test_once_problem_5_is_settled_its_plots_open_at_next_years_handout(next_year, tmp_path):
    app = make_app(tmp_path, content=next_year, open_part="5c")
    handout = engine.instantiate(next_year.templates, "5c").values
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PartScreen))
        for part in ("5a", "5b", "5c"):
            app.state.reveal_solution(part, asked=True)
        screen = await open_plot(pilot, app)
        assert setting(screen) == (12, 4, 25, 15)
        assert "not the handout's numbers" not in text_of(screen.query_one("#plot-desc"))
        await wait_for(pilot, lambda: "loaddisk" in text_of(screen.query_one("#remat-totals")))
        totals = text_of(screen.query_one("#remat-totals"))
        assert screen.held == ()
        assert "backward 630 ns · break-even loaddisk 52.5 ns" in totals  # not 500 ns, 50 ns
        assert float(handout["breakeven"]) == 52.5 and handout["time"] == 630


@ui_test
async def test_the_1a_plot_opens_at_the_contents_variance(next_year, tmp_path):
    app = make_app(tmp_path, content=next_year, open_part="1a")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PartScreen))
        screen = await open_plot(pilot, app)
        assert screen.values["var_w"] == 2
