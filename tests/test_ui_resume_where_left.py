"""Pilot tests of what a restart brings back (trial s7, 2.1-2.3): a practice variant's boxes come
back as the handout's do (the answer, its verdict and feedback, a working's lines); each part
reopens at the numbers it was left at (a variant, or the handout after F8), draft or not; rubric
ticks not yet saved are kept like drafts."""

from __future__ import annotations

from shipped_content import handout
from textual.widgets import Checkbox, Input, Static, TextArea
from ui_helpers import (
    answer,
    box,
    events,
    handout_app,
    text_of,
    ui_test,
    verdict_body,
    verdict_head,
    wait_for,
)

from tutor.ui.screens.modals import ConfirmScreen
from tutor.ui.screens.part import PartScreen
from tutor.ui.widgets.derivationbox import DerivationBox
from tutor.variants import engine

SIZE = (110, 40)
CONTENT = handout()


make_app = handout_app


def banner(app) -> str:
    found = app.screen.query("#variant-banner")
    return text_of(found.first(Static)) if found else ""


async def opened(pilot, app) -> None:
    await wait_for(pilot, lambda: isinstance(app.screen, PartScreen) and app.screen.ready)


@ui_test
async def test_a_variants_answers_and_working_come_back_after_a_restart(tmp_path):
    v = engine.instantiate(CONTENT.templates, "5c", seed=1)
    key = v.boxes["5c.loaddisk"].answer
    working = "t = 3\nt = 4"
    app = make_app(tmp_path, open_part="5c")
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, app)
        await app.screen.action_variant(practice=True)
        await wait_for(pilot, lambda: banner(app) != "" and app.screen.ready)
        assert (await answer(pilot, app, "5c.loaddisk", key)).startswith("✓")
        said = verdict_body(app, "5c.loaddisk")
        derivation = app.screen.query_one(DerivationBox)
        derivation.focus_input()
        derivation.query_one(TextArea).text = working
        await pilot.press("ctrl+s")
        # the working starts from 5a's and 5b's answers, not solved here: checked after asking
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_for(
            pilot,
            lambda: app.state.current_box("5c.derive").attempts == 1 and not derivation.checking,
        )
        derived = text_of(derivation.query_one(".box-verdict-head"))
        await pilot.press("ctrl+q")
    again = make_app(tmp_path)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.press("c")  # Continue: 5c, in the variant it was left in
        await opened(pilot, again)
        assert "seed 1" in banner(again)
        restored = box(again, "5c.loaddisk")
        assert restored.query_one(Input).value == key
        assert restored.has_class("-status-correct")
        assert verdict_head(again, "5c.loaddisk").startswith("✓")
        assert said.splitlines()[0] in verdict_body(again, "5c.loaddisk")
        derivation = again.screen.query_one(DerivationBox)
        assert derivation.query_one(TextArea).text == working
        assert text_of(derivation.query_one(".box-verdict-head")) == derived


@ui_test
async def test_a_part_reopens_in_the_variant_it_was_left_in_without_a_draft(tmp_path):
    app = make_app(tmp_path, open_part="4a")
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, app)
        await app.screen.action_variant(practice=True)
        await wait_for(pilot, lambda: banner(app) != "" and app.screen.ready)
        seed = app.state.variant("4a").seed
        await pilot.press("ctrl+q")
    assert events(tmp_path, "part_opened")[-1].get("seed") == seed
    again = make_app(tmp_path, open_part="4a")
    async with again.run_test(size=SIZE) as pilot:
        await opened(pilot, again)
        assert f"seed {seed}" in banner(again)


@ui_test
async def test_back_to_the_handout_is_remembered_even_with_a_draft_in_the_variant(tmp_path):
    app = make_app(tmp_path, open_part="5c")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await opened(pilot, app)
        await app.screen.action_variant(practice=True)
        await wait_for(pilot, lambda: banner(app) != "" and app.screen.ready)
        field = box(app, "5c.loaddisk").query_one(Input)
        field.focus()
        await pilot.press(*"12 ns")
        await wait_for(pilot, lambda: app.state.current_box("5c.loaddisk").unsent == "12 ns")
        await pilot.press("f8")
        await wait_for(pilot, lambda: banner(app) == "" and app.screen.ready)
        await pilot.press("ctrl+q")
    again = make_app(tmp_path, open_part="5c")
    async with again.run_test(size=SIZE, notifications=True) as pilot:
        await opened(pilot, again)
        assert banner(again) == ""  # the handout, where the student left 5c
        assert again.state.variant("5c") is None
        toast = "\n".join(n.message for n in again._notifications)
        # the draft is kept, and said with the way back to it
        assert (
            "5c: in practice variant seed 1 (Ctrl+P, then “5c: practice variant seed 1 "
            "(unsent draft)”)." in toast
        )
        assert again.state.variant_boxes[("seed:1", "5c.loaddisk")].unsent == "12 ns"


@ui_test
async def test_rubric_ticks_not_saved_come_back_when_the_part_reopens(tmp_path):
    part = CONTENT.part("3c")
    assert part is not None and part.explain is not None
    app = make_app(tmp_path, open_part="3c")
    async with app.run_test(size=SIZE) as pilot:
        await opened(pilot, app)
        area = app.screen.query_one("#explanation", TextArea)
        area.focus()
        area.text = "Because the RMS norm scales with the width."
        app.screen.query_one("#compare").press()
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")  # show the key points before solving the boxes
        await wait_for(pilot, lambda: app.screen.query_one("#rubric").display)
        app.screen.query_one("#point-1", Checkbox).value = True
        await pilot.pause()
        await pilot.press("ctrl+q")
    assert not events(tmp_path, "self_assessment")
    again = make_app(tmp_path, open_part="3c")
    async with again.run_test(size=SIZE) as pilot:
        await opened(pilot, again)
        assert again.screen.query_one("#rubric").display
        ticks = [
            again.screen.query_one(f"#point-{i}", Checkbox).value
            for i in range(len(part.explain.points))
        ]
        assert ticks[1] and sum(ticks) == 1
