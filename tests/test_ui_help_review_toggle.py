"""Trial tui3 T14: F1 and Ctrl+L pressed in turn piled up screens (8 toggles took 9 Esc to
get back). The one already open under the other is shown again instead."""

from __future__ import annotations

from ui_helpers import make_app, ui_test, wait_for

from tutor.ui.screens.help import HelpScreen
from tutor.ui.screens.index import IndexScreen
from tutor.ui.screens.review import ReviewScreen


@ui_test
async def test_help_and_review_in_turn_never_pile_up(tmp_path):
    app = make_app(tmp_path / "logs")
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, IndexScreen))
        for _ in range(4):
            await pilot.press("f1")
            await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
            await pilot.press("ctrl+l")
            await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen))
        assert [type(s) for s in app.screen_stack] == [IndexScreen, HelpScreen, ReviewScreen]
        await pilot.press("f1")  # Help again: the one under Review
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        assert len(app.screen_stack) == 2
        await pilot.press("escape")  # one Esc: back where the student was
        await wait_for(pilot, lambda: isinstance(app.screen, IndexScreen))


@ui_test
async def test_the_help_page_made_ahead_is_the_one_shown_and_follows_solved_boxes(tmp_path):
    """Trial tui3 T11: the help page is made (and drawn once) in the background after
    start-up; F1 shows that page, and one made again once another box is solved."""
    from tutor.ui.screens.help import help_markdown, help_page_text, warm_help

    app = make_app(tmp_path / "logs")
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, IndexScreen))
        warm_help(app)
        assert list(app.help_texts) == [()]
        assert help_page_text(app) == help_markdown(app.content, app.user_keymap, ())
        app.state.box("1b.count").status = "correct"
        assert help_page_text(app) == help_markdown(app.content, app.user_keymap, ["1b.count"])
        assert list(app.help_texts) == [("1b.count",)]
