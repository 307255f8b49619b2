"""Trial tui3 T7: the startup "Unsent drafts" notice said "1b: at the handout's numbers (F8
there shows them)" of an explanation typed while 1b showed variant seed 1, and the same of
1a, which never left the handout. An explanation (a reflection, the ticks) is one per part,
whatever numbers it shows: the notice says what it is, not numbers."""

from __future__ import annotations

from textual.widgets import TextArea
from ui_helpers import answer, handout_app, ui_test, wait_for

from tutor.sessions.drafts import EXPLANATION, RUBRIC, RestoredDraft, restored_said
from tutor.ui.screens.part import PartScreen


def test_an_explanation_is_said_as_what_it_is_never_as_numbers():
    said = restored_said(
        [
            RestoredDraft("1b", EXPLANATION, None, "seed:1"),
            RestoredDraft("1b", RUBRIC, None, "seed:1"),
            RestoredDraft("1a", EXPLANATION, None, None),
        ],
        "F8",
    )
    assert said == [
        "1a: your explanation.",
        "1b: the key points you ticked and your explanation, the same at every variant's numbers.",
    ]
    assert not any("F8" in line or "handout's numbers" in line for line in said)


def test_a_box_draft_says_where_its_numbers_are():
    said = restored_said(
        [
            RestoredDraft("5b", None, None, "seed:1"),  # the handout's, the part at seed 1
            RestoredDraft("5c", None, "seed:1", "seed:1"),
            RestoredDraft("5a", None, "seed:2", None),
            RestoredDraft("4a", None, None, None),  # where it opens: nothing more to say
        ],
        "F8",
    )
    assert said[0].startswith("5a: in practice variant seed 2 (Ctrl+P, then")
    assert said[1:] == [
        "5b: at the handout's numbers (F8 there shows them).",
        "5c: in practice variant seed 1, reopened at its numbers.",
    ]


@ui_test
async def test_an_explanation_typed_in_a_variant_is_said_as_the_parts(tmp_path):
    app = handout_app(tmp_path, open_part="1b")
    async with app.run_test(size=(110, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PartScreen) and app.screen.ready)
        assert (await answer(pilot, app, "1b.scaling", "Theta(d1^2)")).startswith("✓")
        await app.screen.action_variant(practice=True)
        await wait_for(pilot, lambda: app.state.variant("1b") is not None and app.screen.ready)
        area = app.screen.query_one("#explanation", TextArea)
        area.focus()
        await pilot.press(*"signs agree")
        await wait_for(pilot, lambda: app.state.area_unsent(EXPLANATION, "1b") == "signs agree")
        await pilot.press("ctrl+q")
    again = handout_app(tmp_path, open_part="1b")
    async with again.run_test(size=(110, 40), notifications=True) as pilot:
        await wait_for(pilot, lambda: isinstance(again.screen, PartScreen) and again.screen.ready)
        await wait_for(pilot, lambda: any(n.title == "Unsent drafts" for n in again._notifications))
        note = next(n.message for n in again._notifications if n.title == "Unsent drafts")
        assert "1b: your explanation, the same at every variant's numbers." in note, note
        assert "handout's numbers" not in note and "F8" not in note, note
        assert again.state.variant("1b") is not None  # it reopened in the variant
        assert again.screen.query_one("#explanation", TextArea).text == "signs agree"
