"""Trial tui3 T15: after F9 the part kept its scroll position (down at the working box), so
the banner ("Practice variant, seed 1: …") and the statement with the new numbers were above
the screen. Another variant, and F8 back to the handout, show the page from its top (on a
small terminal as far down as the cursor's box needs: test_ui_variants)."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.widgets import Static
from ui_helpers import answer, box, handout_app, ui_test, wait_for

from tutor.ui.screens.part import PartScreen
from tutor.ui.widgets.derivationbox import DerivationBox


def in_view(app, selector: str) -> bool:
    body = app.screen.query_one("#part-body", VerticalScroll)
    widget = app.screen.query_one(selector)
    return widget.display and body.can_view_partial(widget)


@ui_test
async def test_a_new_variant_and_the_handout_show_the_banner_and_statement(tmp_path):
    app = handout_app(tmp_path, open_part="1b")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PartScreen) and app.screen.ready)
        assert (await answer(pilot, app, "1b.scaling", "Theta(d1^2)")).startswith("✓")
        working = app.screen.query_one(DerivationBox)
        working.focus_input()
        body = app.screen.query_one("#part-body", VerticalScroll)
        body.scroll_to_widget(working, animate=False, top=True)
        await wait_for(pilot, lambda: not in_view(app, ".statement"))
        await pilot.press("f9")
        await wait_for(pilot, lambda: app.state.variant("1b") is not None and app.screen.ready)
        await wait_for(pilot, lambda: in_view(app, "#variant-banner") and body.scroll_y == 0)
        await pilot.pause()
        assert in_view(app, "#variant-banner") and in_view(app, ".statement")
        assert "seed 1" in str(app.screen.query_one("#variant-banner", Static).render()).lower()
        # down at the boxes again, then F8: the handout's statement from its top
        body.scroll_to_widget(box(app, "1b.constant"), animate=False, top=True)
        await wait_for(pilot, lambda: not in_view(app, "#variant-banner"))
        await pilot.press("f8")
        await wait_for(pilot, lambda: app.state.variant("1b") is None and app.screen.ready)
        await wait_for(pilot, lambda: body.scroll_y == 0)
        await pilot.pause()
        assert body.scroll_y == 0 and in_view(app, ".statement")
