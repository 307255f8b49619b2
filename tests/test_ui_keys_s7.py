"""Pilot tests of keys and focus found in trial s7 (3.3-3.5, 5): a restored explanation takes
typing at its end; Ctrl+A selects a working whole (Del clears it); the palette lists the tutor's
own commands, with no generic Quit, Maximize, Keys or Theme; an index line at 80 columns keeps
a part's title whole by saying its ends shorter."""

from __future__ import annotations

from shipped_content import handout
from textual.command import CommandList
from textual.widgets import TextArea
from ui_helpers import handout_app, text_of, ui_test, wait_for

from tutor.sessions.drafts import EXPLANATION, write_drafts
from tutor.ui.screens.index import IndexScreen
from tutor.ui.screens.part import PartScreen
from tutor.ui.state import CORRECT, BoxState
from tutor.ui.widgets.derivationbox import DerivationBox

CONTENT = handout()


make_app = handout_app


async def opened(pilot, app) -> None:
    await wait_for(pilot, lambda: isinstance(app.screen, PartScreen) and app.screen.ready)


@ui_test
async def test_typing_in_a_restored_explanation_goes_on_at_its_end(tmp_path):
    write_drafts(tmp_path, {(EXPLANATION, "4e"): "Write x = g(z, theta)\nthen"})
    app = make_app(tmp_path, open_part="4e")
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app)
        area = app.screen.query_one("#explanation", TextArea)
        while app.focused is not area:  # Tab to it, as the student did
            await pilot.press("tab")
        await pilot.press("Z")
        assert area.text == "Write x = g(z, theta)\nthenZ"


@ui_test
async def test_ctrl_a_selects_a_whole_working_and_del_clears_it(tmp_path):
    app = make_app(tmp_path, open_part="5c")
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app)
        box = app.screen.query_one(DerivationBox)
        box.focus_input()
        area = box.query_one(TextArea)
        area.text = "t = 50\nt = 100"
        assert "Ctrl+A: select all (Del clears)" in text_of(box.query_one(".derivation-keys"))
        await pilot.press("ctrl+a", "delete")
        assert area.text == ""
        area.text = "t = 50"
        await pilot.press("ctrl+a", *"xyz")  # what is typed replaces it, as students expect
        assert area.text == "xyz"


def _palette_titles(app) -> list[str]:
    found = app.screen.query_one(CommandList)
    return [str(found.get_option_at_index(i).prompt) for i in range(found.option_count)]


@ui_test
async def test_the_palette_lists_the_tutors_commands_and_no_generic_ones(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, IndexScreen))
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: bool(app.screen.query(CommandList)))
        await wait_for(pilot, lambda: app.screen.query_one(CommandList).option_count > 5)
        await pilot.pause(0.3)
        titles = _palette_titles(app)
        assert titles[0].startswith("Continue"), titles
        assert titles[-1].startswith("Save screenshot"), titles
        for generic in ("Keys", "Maximize", "Theme", "Quit"):
            assert generic not in titles
        assert any(t.startswith("Quit (") for t in titles)  # the tutor's own quit


@ui_test
async def test_an_index_line_at_80_columns_says_its_ends_shorter_before_cutting_a_title(
    tmp_path,
):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, IndexScreen))
        app.state.variant_boxes[("seed:1", "4a.g")] = BoxState(CORRECT)
        part = CONTENT.part("4a")
        line = str(app.screen._part_label(part, 80))
        assert part.title in line and line.endswith("· plot · 1 variant ✓"), line
        app.state.variant_boxes[("seed:1", "4c.gradF")] = BoxState(CORRECT)
        app.state.boxes["4c.gradF"].hints = 2
        part = CONTENT.part("4c")
        line = str(app.screen._part_label(part, 80))
        assert line.endswith(" · 2 hints · plot · 1 variant ✓"), line
        assert "The reparameterization gradient… ·" in line  # cut at a word
        # where there is room, it is said in full
        line = str(app.screen._part_label(part, 120))
        assert part.title in line and line.endswith("· 2 hints · plot · 1 variant solved")


def _proof(app, box_id: str):
    from tutor.ui.widgets.proofbox import ProofBox

    return next(b for b in app.screen.query(ProofBox) if b.box_id == box_id)


async def _pool_shown(pilot, app, box_id: str):
    app.state.show_pool(box_id)
    proof = _proof(app, box_id)
    proof.refresh_gate()
    await wait_for(pilot, lambda: not proof.held_back)
    return proof


@ui_test
async def test_blocks_added_by_letter_then_the_listed_keys_act_on_the_proof(tmp_path):
    """Trial s7, 3.1: after ``m r i s`` the keyboard stays in the pool, where Del and Up did
    not act on the proof (Up walked the pool, then crossed into the proof unseen)."""
    from tutor.ui.widgets.proofbox import pool_order

    app = make_app(tmp_path, open_part="1b")
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app)
        proof = await _pool_shown(pilot, app, "1b.proof")
        proof.pool_list.focus()
        keys = pool_order(proof.spec)[:3]
        await pilot.press(*keys)  # added by their letters: the keyboard is still in the pool
        assert proof.proof == keys and app.focused is proof.pool_list
        assert "keyboard here" in text_of(proof.query_one(".pool-title"))
        assert proof.proof_list.highlighted == 2  # the block last added is the one selected
        await pilot.press("left_square_bracket")  # [ moves it up, from the pool
        assert proof.proof == [keys[0], keys[2], keys[1]]
        assert app.focused is proof.proof_list
        assert "keyboard here" in text_of(proof.query_one(".proof-title"))
        proof.pool_list.focus()
        await pilot.press("delete")  # Del takes the selected block out, from the pool too
        assert proof.proof == [keys[0], keys[1]]
        # the proof's selected row and the pool's focused row do not look alike
        selected = proof.proof_list.get_component_rich_style("option-list--option-highlighted")
        focused = proof.pool_list.get_component_rich_style("option-list--option-highlighted")
        assert selected.bgcolor != focused.bgcolor and selected.bold


@ui_test
async def test_tab_from_a_proof_goes_to_the_explanation_in_sight(tmp_path):
    """Trial s7, 3.2: Tab stopped on Add, Up, Down, Remove and Check proof (off screen) before
    the explanation, and Ctrl+S there checked the proof again."""
    app = make_app(tmp_path, open_part="3c")
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app)
        proof = await _pool_shown(pilot, app, "3c.proof")
        proof.pool_list.focus()
        await pilot.press("tab")
        area = app.screen.query_one("#explanation", TextArea)
        await wait_for(pilot, lambda: app.focused is area)
        await pilot.pause(0.2)
        assert area.region.y < 24 and area.region.bottom > 0  # scrolled into view
