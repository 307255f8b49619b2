"""A key the footer leaves out on a part (nothing to do there yet) still answers when pressed:
it says why, instead of doing nothing."""

from __future__ import annotations

import pytest
from ui_helpers import answer, handout_app, ui_test, wait_for

from tutor.ui.screens.part import PartScreen
from tutor.ui.userkeymap import parse_keymap

SIZE = (80, 24)


make_app = handout_app


def messages(app) -> list[str]:
    return [n.message for n in app._notifications]


async def press_and_read(pilot, app, key: str) -> str:
    before = len(messages(app))
    await pilot.press(key)
    await wait_for(pilot, lambda: len(messages(app)) > before)
    return messages(app)[-1]


@pytest.mark.parametrize(
    ("part", "key", "said"),
    [
        ("1a", "f9", "Solve a box of this part first"),  # a variant before solving
        ("1a", "f8", "already shows the handout's numbers"),  # back to numbers it shows
        ("6c", "ctrl+n", "This is the last part"),
        ("1a", "ctrl+b", "This is the first part"),
        ("6b", "ctrl+t", "no hints"),  # a free-text part
    ],
)
@ui_test
async def test_a_hidden_key_says_why_it_does_nothing(tmp_path, part, key, said):
    app = make_app(tmp_path, open_part=part)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PartScreen) and app.screen.ready)
        assert app.screen.part_id == part
        assert said in await press_and_read(pilot, app, key)
        assert app.screen.part_id == part  # and nothing else happened


@ui_test
async def test_the_variant_key_works_once_a_box_is_solved(tmp_path):
    app = make_app(tmp_path, open_part="5a")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PartScreen) and app.screen.ready)
        assert (await answer(pilot, app, "5a.fwd", "20")).startswith("✓")
        assert "Seed" in await press_and_read(pilot, app, "f9")


@ui_test
async def test_a_remapped_key_answers_too(tmp_path):
    keys = parse_keymap('[keymap]\n"tutor.variant" = "f2"\n')
    assert not keys.problems
    app = make_app(tmp_path, open_part="1a", keys=keys)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PartScreen) and app.screen.ready)
        assert "Solve a box of this part first" in await press_and_read(pilot, app, "f2")


@pytest.mark.parametrize(
    ("plot", "key", "said"),
    [
        ("remat-schedule", "plus", "no Monte Carlo samples"),
        ("init-scaling", "left_square_bracket", "no K to change (the plots of 5a"),
        ("remat-breakeven", "ctrl+x", "nothing to cancel"),
    ],
)
@ui_test
async def test_a_plot_key_that_does_not_apply_says_so(tmp_path, plot, key, said):
    from tutor.ui.screens.plot import PlotScreen

    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        app.open_plot(plot)
        await wait_for(pilot, lambda: isinstance(app.screen, PlotScreen))
        app.screen.set_focus(None)  # not typing into a setting
        await pilot.pause()
        assert said in await press_and_read(pilot, app, key)
        assert isinstance(app.screen, PlotScreen)
