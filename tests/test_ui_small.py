"""Every screen is usable at 80×24 (issue 15): its footer is whole, and a part opens with
its statement's start and the box (or text area) the cursor is in on screen."""

from __future__ import annotations

import pytest
from shipped_content import handout
from textual.widgets import Input, TextArea
from ui_helpers import box, make_app, settle, ui_test, wait_for

CONTENT = handout()  # as the tutor shows it: the handout's numbers


def footer_text(app) -> str:
    footer = app.screen.query_one("Footer")
    return " ".join(str(key.render()) for key in footer.query("FooterKey"))


def real_app(tmp_path, **kwargs):
    app = make_app(tmp_path, **kwargs)
    app.content = CONTENT
    app.state = type(app.state).restore(CONTENT, app.session_log, None)
    return app


@pytest.mark.parametrize("part_id", [p.id for p in CONTENT.parts()])
@ui_test
async def test_a_part_at_80x24_shows_where_the_cursor_is_and_its_whole_footer(tmp_path, part_id):
    app = real_app(tmp_path, open_part=part_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.focused, (Input, TextArea)))
        await settle(pilot, app)  # any scroll the focus brings is over
        body = app.screen.query_one("#part-body")
        await wait_for(pilot, lambda: body.can_view_entire(app.focused))
        # the statement's start stays in view, or the part scrolled no more than needed to
        # bring the focused box on screen (its last line at the bottom)
        bottom = body.content_region.bottom
        assert body.scroll_y == 0 or app.focused.region.bottom >= bottom - 1, (
            body.scroll_y,
            app.focused.region,
            bottom,
        )
        await wait_for(pilot, lambda: bool(footer_text(app)))
        assert footer_text(app).rstrip().endswith("Help")


@pytest.mark.parametrize("key", ["f1", "ctrl+l", "ctrl+r", None])
@ui_test
async def test_index_help_review_and_cards_footers_are_whole_at_80x24(tmp_path, key):
    app = real_app(tmp_path, open_part="3a" if key == "ctrl+r" else None)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: bool(footer_text(app)))
        if key:
            before = app.screen
            await pilot.press(key)
            await wait_for(pilot, lambda: app.screen is not before)  # the page it opens
        await wait_for(pilot, lambda: bool(footer_text(app)))
        # on the help screen itself "f1 Help" did nothing: it is left out there
        last = "Review" if key == "f1" else "Help"
        assert footer_text(app).rstrip().endswith(last), footer_text(app)


@ui_test
async def test_hints_asked_for_in_quick_succession_end_in_view_at_80x24(tmp_path):
    """Three Ctrl+T in one go (a quick student, or a loaded machine): the list of hints grows
    three times before the screen is laid out again, and its last hint is on screen."""
    app = real_app(tmp_path, open_part="1b")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.focused, Input))
        await settle(pilot, app)
        for _ in range(3):
            app.screen.action_hint()
        app.screen._render_solution()  # its timer firing now, as a busy machine has it do
        await settle(pilot, app)
        body = app.screen.query_one("#part-body")
        hints = box(app, "1b.value").query_one(".box-hints")
        assert "Hint 3/3" in str(hints.render())
        assert hints.region.bottom <= body.content_region.bottom, (
            hints.region,
            body.content_region,
        )


def footer_fits(app) -> tuple[bool, list[str]]:
    """Whether every key of the footer ends within the screen, and the labels shown."""
    from textual.widgets._footer import FooterKey

    keys = list(app.screen.query_one("Footer").query(FooterKey))
    width = app.size.width
    return all(k.region.right <= width for k in keys), [k.description for k in keys]


@pytest.mark.parametrize("kind", ["index", "variant", "plot", "review"])
@ui_test
async def test_help_and_quit_are_in_the_footer_on_every_screen_at_80_columns(tmp_path, kind):
    """At 80 columns the footer leaves out the keys it needs least (still in F1 and the
    palette) rather than cutting off the last ones: Help and Quit are always there."""
    app = real_app(tmp_path, open_part=None if kind == "index" else "5a")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: bool(footer_text(app)))
        if kind != "index":
            await wait_for(pilot, lambda: getattr(app.screen, "ready", False))
            await app.screen.action_variant(practice=True)  # F9 and F8 both on offer
            await wait_for(pilot, lambda: app.screen.ready)
        if kind in ("plot", "review"):
            before = app.screen
            await pilot.press("ctrl+g" if kind == "plot" else "ctrl+l")
            await wait_for(pilot, lambda: app.screen is not before)
        await settle(pilot, app)
        await wait_for(pilot, lambda: bool(footer_text(app)))
        fits, labels = footer_fits(app)
        assert fits and "Help" in labels and "Quit" in labels, labels
        if kind == "variant":
            assert {"Variant", "Handout", "Hint"} <= set(labels), labels
        # wider: the keys left out come back (not Review on the review: it is shown already)
        await pilot.resize_terminal(160, 24)
        if kind == "review":
            await settle(pilot, app)
            assert footer_fits(app)[0] and "Review" not in footer_fits(app)[1]
            return
        await wait_for(pilot, lambda: "Review" in footer_fits(app)[1])
        assert footer_fits(app)[0]


def _variant_parts() -> list[str]:
    from tutor.variants.scopes import is_parameterized

    return [p.id for p in CONTENT.parts() if is_parameterized(CONTENT.templates, p.id)]


@pytest.mark.parametrize("part_id", _variant_parts())
@ui_test
async def test_every_practice_variant_keeps_help_and_quit_in_its_footer_at_80x24(tmp_path, part_id):
    """In a practice variant the footer is full (Variant and Handout join it): the keys
    needed least are left out, never F1 Help (the hidden ``?`` for help once lent it its
    rank, and a part with a plot lost Help)."""
    app = real_app(tmp_path, open_part=part_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: getattr(app.screen, "ready", False))
        await app.screen.action_variant(practice=True)
        await wait_for(pilot, lambda: app.screen.ready)
        await settle(pilot, app)
        await wait_for(pilot, lambda: "Variant" in footer_fits(app)[1])
        fits, labels = footer_fits(app)
        assert fits and "Help" in labels and "Quit" in labels, labels


def test_the_hidden_help_key_never_lends_help_its_rank():
    """F1 and ? both open the help; ? is hidden (rank 2). Whatever order the screen lists
    them in, Help keeps F1's rank 0, so a full footer never leaves it out."""
    from types import SimpleNamespace

    from textual.binding import Binding

    from tutor.ui.keymap import BY_ID
    from tutor.ui.widgets.footer import TutorFooter

    def binding(ident: str) -> Binding:
        a = BY_ID[ident]
        return Binding(a.key, a.action, a.label, show=a.show, id=a.id, priority=a.priority)

    for order in (("tutor.help", "tutor.help-alt"), ("tutor.help-alt", "tutor.help")):
        active = {i: (None, binding(i), True, "") for i in order}
        fake = SimpleNamespace(screen=SimpleNamespace(active_bindings=active))
        assert TutorFooter._ranks(fake)["help"] == 0  # type: ignore[arg-type]
