"""Pilot tests of practice variants, driven as a student would (issue 10): solve a box of the
handout, ask for another variant (F9, the binding ``tutor.variant``), see the banner with the
seed and numbers, empty boxes, solve the variant with its own numbers, go back to the handout
(F8, ``tutor.handout``) with its progress intact; the index counts the variants solved; the
palette's practice command works before solving; the log names each attempt's variant."""

from __future__ import annotations

import pytest
from shipped_content import handout
from textual.widgets import Input, Markdown, Static, Tree
from ui_helpers import (
    answer,
    box,
    events,
    handout_app,
    palette_offers,
    text_of,
    ui_test,
    verdict_body,
    wait_for,
)

from tutor.ui.checking import InProcessChecker
from tutor.ui.keymap import BY_ID
from tutor.ui.screens.index import IndexScreen
from tutor.ui.screens.part import PartScreen
from tutor.ui.widgets.answerbox import AnswerBox
from tutor.variants import engine

SIZE = (110, 40)
CONTENT = handout()


make_app = handout_app


def banner(app) -> str:
    found = app.screen.query("#variant-banner")
    return text_of(found.first(Static)) if found else ""


def statement(app) -> str:
    return app.screen.query_one(".statement", Markdown).source


def test_the_bindings_are_declared_with_ids():
    assert BY_ID["tutor.variant"].key == "f9" and BY_ID["tutor.variant"].scope == "part"
    assert BY_ID["tutor.handout"].key == "f8"


@pytest.mark.slow
@ui_test
async def test_another_variant_after_solving_then_back_to_the_handout(tmp_path):
    app = make_app(tmp_path, open_part="5a")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PartScreen))
        assert banner(app) == ""
        assert not app.screen.check_action("variant", ())  # not offered before solving
        assert (await answer(pilot, app, "5a.fwd", "20")).startswith("✓")
        await pilot.press("f9")
        await wait_for(pilot, lambda: banner(app) != "")
        v = engine.instantiate(CONTENT.templates, "5a", seed=1)
        text = banner(app)
        assert "seed 1" in text and v.describe() in text and "F8: back to the handout" in text
        assert statement(app) == v.part.statement != CONTENT.part("5a").statement
        fresh = box(app, "5a.fwd")
        assert fresh.query_one(Input).value == "" and not fresh.has_class("-status-correct")
        # the handout's answer is wrong here (seed 1 has other numbers); the variant's is right
        key = v.boxes["5a.fwd"].answer
        assert key != "20"
        assert not (await answer(pilot, app, "5a.fwd", "20")).startswith("✓")
        # and the student is told it is the handout's value, with this variant's numbers
        said = verdict_body(app, "5a.fwd")
        assert "That is the handout's value; this variant has other parameters" in said
        assert v.describe() in said and "Not the expected count" not in said
        assert (await answer(pilot, app, "5a.fwd", key)).startswith("✓")
        # its hints are the variant's
        await pilot.press("ctrl+t")
        hints = box(app, "5a.fwd").query_one(".box-hints")
        await wait_for(pilot, lambda: v.boxes["5a.fwd"].hints[0][:30] in text_of(hints))
        # back to the handout: its progress is intact
        await pilot.press("f8")
        await wait_for(pilot, lambda: banner(app) == "" and isinstance(app.screen, PartScreen))
        assert box(app, "5a.fwd").has_class("-status-correct")
        assert app.state.box("5a.fwd").attempts == 1
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, IndexScreen))
        tree = app.screen.query_one(Tree)
        labels = [str(n.label) for p in tree.root.children for n in p.children]
        assert any("5a" in label and "1 variant solved" in label for label in labels)
    attempts = events(tmp_path, "attempt")
    assert "seed" not in attempts[0]
    assert [a.get("seed") for a in attempts[1:]] == [1, 1]
    assert attempts[2]["params"] == v.params_json()
    assert events(tmp_path, "hint")[0]["seed"] == 1


@pytest.mark.slow
@ui_test
async def test_the_palette_practice_command_works_before_solving(tmp_path):
    app = make_app(tmp_path, open_part="5c")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PartScreen))
        await pilot.press("f9")  # not yet: nothing solved, not in practice mode
        await pilot.pause()
        assert banner(app) == ""
        await pilot.press("ctrl+p")
        await pilot.press(*"Practice: another variant")
        await wait_for(pilot, lambda: palette_offers(app, "Practice: another variant"))
        await pilot.press("enter")
        await wait_for(pilot, lambda: banner(app) != "")
        v = app.state.variant("5c")
        assert v is not None and v.seed == 1
        # 5a and 5b now show the same network
        assert app.state.variant("5a").params == v.params
        loaddisk = v.boxes["5c.loaddisk"].answer
        assert (await answer(pilot, app, "5c.loaddisk", f"{loaddisk} ns")).startswith("✓")
        assert app.state.box("5c.loaddisk").status == "untried"  # the handout's box


# ----- plots and explorers open at the part's variant, and keep the handout's answers back


async def open_plot(pilot, app):
    from tutor.ui.screens.plot import PlotScreen

    await pilot.press("ctrl+g")
    await wait_for(pilot, lambda: isinstance(app.screen, PlotScreen))
    return app.screen


@ui_test
async def test_the_remat_explorer_does_not_open_at_the_handouts_answers(tmp_path):
    app = make_app(tmp_path, open_part="5a")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PartScreen))
        screen = await open_plot(pilot, app)
        # another setting than the content's handout (10, 5), computed from the content
        assert (screen.values["layers"], screen.values["every"]) != (10, 5)
        desc = text_of(screen.query_one("#plot-desc"))
        assert "not the handout's numbers" in desc and screen.held == ()
        await wait_for(pilot, lambda: "fwd" in text_of(screen.query_one("#remat-totals")))
        totals = text_of(screen.query_one("#remat-totals"))
        handout = engine.instantiate(CONTENT.templates, "5c")
        assert f"break-even loaddisk {handout.values['breakeven']}" not in totals


async def _answer_problem_5(pilot, app, answers: dict[str, str]) -> None:
    for part, box_id in (("5a", "5a.fwd"), ("5b", "5b.loadmem"), ("5c", "5c.loaddisk")):
        app.open_part_screen(part)
        await wait_for(
            pilot,
            lambda p=part: (
                isinstance(app.screen, PartScreen)
                and app.screen.part_id == p
                and bool(app.screen.query(AnswerBox))
            ),
        )
        await answer(pilot, app, box_id, answers[box_id])


@pytest.mark.slow
@ui_test
async def test_attempts_are_not_enough_the_explorer_opens_at_the_handout_once_solved(tmp_path):
    """A throwaway answer in each part used to unlock the handout's numbers (and with them
    every answer of problem 5): only solving them (or seeing the solutions) does."""
    app = make_app(tmp_path, open_part="5a")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PartScreen))
        await _answer_problem_5(
            pilot, app, dict.fromkeys(("5a.fwd", "5b.loadmem", "5c.loaddisk"), "7")
        )
        screen = await open_plot(pilot, app)
        assert (screen.values["layers"], screen.values["every"]) != (10, 5)
        await pilot.press("escape")
        handout = engine.instantiate(CONTENT.templates, "5c").values
        await _answer_problem_5(
            pilot,
            app,
            {
                "5a.fwd": str(handout["fwd"]),
                "5b.loadmem": str(handout["loadmem"]),
                "5c.loaddisk": f"{handout['breakeven']} ns",
            },
        )
        # solved: the values the plot would show are known (5c's working box, whose answer a
        # plot cannot show, is not waited for)
        screen = await open_plot(pilot, app)
        assert (screen.values["layers"], screen.values["every"]) == (10, 5)
        await wait_for(pilot, lambda: "fwd" in text_of(screen.query_one("#remat-totals")))
        assert not screen.query_one("#plot-held").display


@ui_test
async def test_the_explorer_moved_to_the_handouts_numbers_holds_its_answers_back(tmp_path):
    app = make_app(tmp_path, open_part="5a")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PartScreen))
        screen = await open_plot(pilot, app)
        await wait_for(pilot, lambda: "fwd" in text_of(screen.query_one("#remat-totals")))
        for name, value in (("layers", "10"), ("every", "5")):
            screen.query_one(f"#param-{name}").value = value
        await wait_for(pilot, lambda: screen.held != ())
        assert screen.held == ("5a", "5b", "5c")
        note = text_of(screen.query_one("#plot-held"))
        assert "held back until you solve 5a, 5b and 5c" in note
        for hidden in ("#remat-totals", "#remat-split"):
            assert not screen.query_one(hidden).display
        # a neighbouring setting stating the same figures is held back too: N = 11, K = 5 has
        # the handout's fwd count (20), N = 15, K = 5 its break-even latency (50 ns)
        for layers, shown in (("11", "fwd 20"), ("15", "loaddisk 50 ns")):
            screen.query_one("#param-layers").value = layers
            await wait_for(pilot, lambda n=int(layers): screen.values["layers"] == n)
            await wait_for(pilot, lambda: screen.held != ())
            assert not screen.query_one("#remat-totals").display
            assert shown not in text_of(screen.query_one("#remat-totals"))
            assert "held back until you solve" in text_of(screen.query_one("#plot-held"))
        # another setting whose figures are none of the answers: explore freely
        screen.query_one("#param-layers").value = "12"
        await wait_for(pilot, lambda: screen.held == ())
        await wait_for(pilot, lambda: "fwd" in text_of(screen.query_one("#remat-totals")))
        assert screen.query_one("#remat-totals").display


@pytest.mark.slow
@ui_test
async def test_a_variants_plot_opens_at_the_variant(tmp_path):
    app = make_app(tmp_path, open_part="5c")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PartScreen))
        await app.screen.run_action("variant(True)")
        await wait_for(pilot, lambda: banner(app) != "")
        v = app.state.variant("5c")
        screen = await open_plot(pilot, app)
        for name in ("layers", "every", "t_fwd", "t_mem"):
            assert screen.values[name] == v.values[name]
        assert "practice variant" in text_of(screen.query_one("#plot-desc"))


@ui_test
async def test_a_held_down_key_never_tears_down_a_screen_still_mounting(tmp_path):
    app = make_app(tmp_path, open_part="5c")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PartScreen) and app.screen.ready)
        for _ in range(4):  # as fast as a key repeat: each request reaches the screen in front
            await app.screen.run_action("variant(True)")
        await wait_for(pilot, lambda: banner(app) != "" and app.screen.ready)
        await pilot.pause()
        assert app.is_running and app.state.variant("5c").seed >= 1


async def practise_until(pilot, app, part: str, wanted):
    """Ask for variants of ``part`` (the palette's practice mode) until one has ``wanted``."""
    for _ in range(60):
        await wait_for(pilot, lambda: isinstance(app.screen, PartScreen) and app.screen.ready)
        await app.screen.run_action("variant(True)")
        await wait_for(pilot, lambda: banner(app) != "" and app.screen.ready)
        v = app.state.variant(part)
        if wanted(v.params):
            return v
    raise AssertionError(f"no variant of {part} with that setting in 60 tries")


async def plotted(pilot, screen):
    from tutor.ui.widgets.dataplot import DataPlot

    plot = screen.query_one("#plot", DataPlot)
    await wait_for(pilot, lambda: plot.data is not None and not plot.loading)
    return plot.data


@ui_test
async def test_the_1b_plot_opens_at_the_variants_law_of_the_inputs(tmp_path):
    import math

    app = make_app(tmp_path, open_part="1b")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PartScreen))
        v = await practise_until(pilot, app, "1b", lambda p: p["dist"] != "gaussian")
        law, s = v.params["dist"], float(v.params["s"])
        # the plot is held until 1b is solved or its solution seen (trial tui2 F3)
        app.state.reveal_solution("1b", asked=True)
        screen = await open_plot(pilot, app)
        assert (screen.values["dist"], screen.values["s"]) == (law, s)
        data = await plotted(pilot, screen)
        # E[S²] = d1·E[x²] + d1(d1−1)(E|x|)², the law's moments written out here
        m2, a1 = {"uniform": (s * s / 3, s / 2), "sign": (s * s, s)}[law]
        expected = [d * m2 + d * (d - 1) * a1 * a1 for d in data.d1s]
        assert list(data.theory.y) == [pytest.approx(e) for e in expected]
        handout = [d + 2 / math.pi * d * (d - 1) for d in data.d1s]
        assert any(abs(y - h) > 1e-6 * h for y, h in zip(data.theory.y, handout, strict=True))
        assert "practice variant" in text_of(screen.query_one("#plot-desc"))


@ui_test
async def test_the_estimator_plot_opens_at_the_variants_family(tmp_path):
    app = make_app(tmp_path, open_part="4a")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PartScreen))
        await practise_until(pilot, app, "4a", lambda p: p["family"] == "rate")
        screen = await open_plot(pilot, app)
        assert screen.values["family"] == "rate"
        data = await plotted(pilot, screen)
        k, lam = screen.values["k"], screen.values["lam"]
        assert data.family == "rate" and data.truth == pytest.approx(-4 * k / lam**3)
        # the handout's plot: the mean's gradient 2μ₁, not this
        assert data.truth != pytest.approx(2 * screen.values["mu"])


@ui_test
async def test_another_variant_waits_for_the_verdict_of_an_answer_being_checked(tmp_path):
    """5a's box is shown in place for the next variant; an answer still being checked is
    judged and recorded for the numbers it was written for, then the variant may come."""
    import threading

    class Gated(InProcessChecker):
        def __init__(self) -> None:
            self.gate = threading.Event()

        def check(self, box, answer):
            self.gate.wait(30)
            return super().check(box, answer)

    checker = Gated()
    app = make_app(tmp_path, open_part="5a", checker=checker)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PartScreen) and app.screen.ready)
        fwd = box(app, "5a.fwd")
        fwd.query_one(Input).focus()
        await pilot.press(*"20", "enter")
        await wait_for(pilot, lambda: fwd.checking)
        await app.screen.run_action("variant(True)")
        assert banner(app) == "" and app.state.variant("5a") is None  # not yet
        await wait_for(
            pilot, lambda: any("still being checked" in n.message for n in app._notifications)
        )
        checker.gate.set()
        await wait_for(pilot, lambda: app.state.box("5a.fwd").status == "correct")
        await app.screen.run_action("variant(True)")
        await wait_for(pilot, lambda: banner(app) != "" and app.screen.ready)
        assert box(app, "5a.fwd") is fwd  # the same widget, showing the variant's box
        assert fwd.spec is app.state.variant("5a").boxes["5a.fwd"]
        assert fwd.query_one(Input).value == "" and not fwd.query_one(".box-verdict-head").display
    attempts = events(tmp_path, "attempt")
    assert [(a["raw"], a.get("seed")) for a in attempts] == [("20", None)]


@ui_test
async def test_the_1a_plot_opens_at_the_variants_variances(tmp_path):
    from tutor.plots import registry as plots

    app = make_app(tmp_path, open_part="1a")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PartScreen))
        v = await practise_until(pilot, app, "1a", lambda p: p["var_w"] * p["var_x"] != 1)
        var_w, var_x = float(v.params["var_w"]), float(v.params["var_x"])
        # the plot is held until 1a is solved or its solution seen (trial tui2 F3)
        app.state.reveal_solution("1a", asked=True)
        screen = await open_plot(pilot, app)
        assert (screen.values["var_w"], screen.values["var_x"]) == (var_w, var_x)
        data = await plotted(pilot, screen)
        # Var(Σ_n W_jn x_n) = d1 · Var W · Var x: the slope the 1a box's key has too
        assert list(data.theory.y) == [pytest.approx(var_w * var_x * d) for d in data.d1s]
        title = plots.draw_text(screen.spec, data, 120, 30).splitlines()[0]
        assert (f"Var W = {var_w:g}" in title) or (f"Var x = {var_x:g}" in title)


@ui_test
async def test_on_a_small_terminal_another_variant_shows_its_box_and_then_its_verdict(tmp_path):
    app = make_app(tmp_path, open_part="5a")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PartScreen) and app.screen.ready)
        assert (await answer(pilot, app, "5a.fwd", "20")).startswith("✓")
        await pilot.press("f9")
        await wait_for(pilot, lambda: banner(app) != "" and app.screen.ready)
        body = app.screen.query_one("#part-body")
        fwd = box(app, "5a.fwd")
        await wait_for(pilot, lambda: body.can_view_entire(fwd.query_one(Input)))
        assert app.focused is fwd.query_one(Input)
        await pilot.press(*app.state.variant("5a").boxes["5a.fwd"].answer, "enter")
        head = fwd.query_one(".box-verdict-head")
        await wait_for(pilot, lambda: text_of(head).startswith("✓"))
        await wait_for(pilot, lambda: body.can_view_entire(head))


@pytest.mark.slow
@ui_test
async def test_a_proof_pool_is_held_back_in_each_variant_until_its_boxes_are_solved(tmp_path):
    app = make_app(tmp_path, open_part="1b")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PartScreen))
        assert box(app, "1b.proof").held_back
        await app.screen.action_variant(practice=True)
        await wait_for(pilot, lambda: banner(app) != "" and app.screen.ready)
        proof = box(app, "1b.proof")  # the same box id in the variant, held back there too
        assert proof.held_back
        for box_id in ("1b.value", "1b.scaling", "1b.constant"):
            key = app.state.current_spec(box_id).answer  # the variant's own answer
            assert (await answer(pilot, app, box_id, key)).startswith("✓")
        # the pool on screen, with block s (the variant's E[RMS²(y′)]) in it
        await wait_for(pilot, lambda: proof.pool_list.region.height > 0)
        assert proof.pool_list.get_option("s") is not None
        # the handout's boxes are not solved: its pool is held back again
        await pilot.press("f8")
        await wait_for(pilot, lambda: banner(app) == "" and app.screen.ready)
        assert box(app, "1b.proof").held_back


@ui_test
async def test_a_part_plot_before_the_part_is_solved_is_held_back(tmp_path):
    """1a's plot used to draw "theory (your 1a answer)" before any attempt, and Ctrl+N led on
    to a plot whose title and labels gave 1b's value and 1c's conclusion."""
    app = make_app(tmp_path, open_part="1a")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PartScreen))
        screen = await open_plot(pilot, app)
        await wait_for(pilot, lambda: screen.held != ())
        assert screen.held == ("1a",)
        note = screen.query_one("#plot-held")
        assert note.display and "held back until you solve 1a" in text_of(note)
        assert not screen.query_one("#plot").display  # the points' growth is the answer
        await pilot.press("ctrl+n")
        await wait_for(
            pilot, lambda: app.screen is not screen and getattr(app.screen, "held", ()) != ()
        )
        assert app.screen.held == ("1a", "1b", "1c")
        assert "Neither" not in app.screen.sub_title


@ui_test
async def test_every_block_of_a_long_pool_is_in_sight_at_80_by_24(tmp_path):
    """4e's pool wraps to more lines than the list used to allow (12): block (c) was cut and
    (n), which the proof needs, hidden in a list that scrolled without showing it could."""
    app = make_app(tmp_path, open_part="4e")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PartScreen) and app.screen.ready)
        proof = box(app, "4e.proof")
        app.state.show_pool("4e.proof")
        proof.refresh_gate()
        await wait_for(pilot, lambda: proof.pool_list.region.height > 0)
        pool = proof.pool_list
        assert pool.max_scroll_y == 0  # nothing scrolled out of the list
        lines = pool.render_lines(pool.region.reset_offset)
        shown = "\n".join(line.text for line in lines)
        for key in (o.id for o in pool._options):
            assert f"({key})" in shown


@ui_test
async def test_the_key_points_that_state_answers_ask_first_and_the_solution_waits(tmp_path):
    """4e's key points state its answers: shown without asking before the boxes were solved.
    In 3a the worked solution opened above the empty explanation once the boxes were right."""
    from textual.widgets import TextArea

    from tutor.ui.screens.modals import ConfirmScreen

    app = make_app(tmp_path, open_part="4e")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PartScreen) and app.screen.ready)
        app.screen.query_one("#explanation", TextArea).text = "the chain rule, inside E"
        app.screen.query_one("#compare").press()
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, PartScreen))
        assert not app.screen.query_one("#rubric").display
        app.open_part_screen("3a")
        await wait_for(
            pilot,
            lambda: (
                getattr(app.screen, "part_id", "") == "3a" and bool(app.screen.query(AnswerBox))
            ),
        )
        part = next(p for p in CONTENT.parts() if p.id == "3a")
        for box_id in part.boxes:
            key = CONTENT.boxes[box_id].answer
            assert (await answer(pilot, app, box_id, key)).startswith("✓")
        assert not app.screen.query_one("#solution").display
        assert app.state.solution_seen("3a") is False


@ui_test
async def test_new_numbers_when_no_other_variant_is_left_says_so(tmp_path):
    """4c has one practice variant (family = scale): F9 used to show it again as new numbers."""
    app = make_app(tmp_path, open_part="4c")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PartScreen))
        await app.screen.action_variant(practice=True)
        await wait_for(pilot, lambda: banner(app) != "" and app.screen.ready)
        shown = app.state.variant("4c")
        await app.screen.action_variant(practice=True)
        await wait_for(
            pilot,
            lambda: any("no other numbers" in n.message for n in app._notifications),
        )
        assert app.state.variant("4c") is shown and shown.describe() in banner(app)


@ui_test
async def test_a_draft_typed_in_a_variant_comes_back_in_that_variant(tmp_path):
    """A draft of 5c typed in practice variant seed 1 came back in the toast only: 5c opened
    at the handout's numbers with an empty box, and F9 said "Solve a box of this part first"."""
    from tutor.sessions.drafts import write_drafts
    from tutor.sessions.logformat import HANDOUT_KEY

    app = make_app(tmp_path, open_part="5c")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PartScreen) and app.screen.ready)
        field = box(app, "5c.loaddisk").query_one(Input)
        await app.screen.action_variant(practice=True)
        await wait_for(pilot, lambda: banner(app) != "" and app.screen.ready)
        assert app.state.variant("5c").seed == 1
        field = box(app, "5c.loaddisk").query_one(Input)
        field.focus()
        await pilot.press(*"12 ns")
        await wait_for(pilot, lambda: app.state.current_box("5c.loaddisk").unsent == "12 ns")
        await pilot.press("ctrl+q")
    write_drafts(
        tmp_path,
        {**_drafts_of(tmp_path), (HANDOUT_KEY, "5b.loadmem"): "9"},
    )
    again = make_app(tmp_path, open_part="5c")
    async with again.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for(pilot, lambda: isinstance(again.screen, PartScreen) and again.screen.ready)
        assert "seed 1" in banner(again)
        await wait_for(pilot, lambda: box(again, "5c.loaddisk").query_one(Input).value == "12 ns")
        toast = "\n".join(n.message for n in again._notifications)
        assert "5c: in practice variant seed 1, reopened at its numbers." in toast
        assert "5b: at the handout's numbers (F8 there shows them)." in toast
        assert again.screen.check_action("variant", ())  # F9 offered: it is a variant
        await pilot.press("f8")  # the handout's numbers, and 5b's draft there
        await wait_for(pilot, lambda: banner(again) == "" and again.screen.ready)
        assert again.state.box("5b.loadmem").unsent == "9"


def _drafts_of(logs):
    from tutor.sessions.drafts import read_drafts

    return read_drafts(logs)[0]


@ui_test
async def test_back_to_the_handout_puts_the_cursor_at_the_end_of_the_answer(tmp_path):
    """After F8 the cursor sat at the start of the restored answer: Ctrl+U deleted nothing and
    what was typed went before it (elsewhere the cursor comes to the end)."""
    app = make_app(tmp_path, open_part="4a")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PartScreen) and app.screen.ready)
        field = box(app, "4a.g").query_one(Input)
        field.focus()
        await pilot.press(*"grad f(x)")
        await wait_for(pilot, lambda: app.state.current_box("4a.g").unsent == "grad f(x)")
        await app.screen.action_variant(practice=True)
        await wait_for(pilot, lambda: banner(app) != "" and app.screen.ready)
        await pilot.press("f8")
        await wait_for(pilot, lambda: banner(app) == "" and app.screen.ready)
        field = box(app, "4a.g").query_one(Input)
        await wait_for(pilot, lambda: field.value == "grad f(x)")
        assert app.focused is field and field.cursor_position == len("grad f(x)")
        await pilot.press("ctrl+u", "?")
        assert field.value == "?"


@ui_test
async def test_practice_passes_over_a_seed_that_asks_the_handouts_question(tmp_path):
    """Trial s7, 1.2: F9 on 5c after seed 1 gave seed 2 (layers = 10, every = 5), so 5a and 5b
    were the handout's questions with the handout's keys. Now seed 3; 4c's banner says what
    its variant changes (the family), not "New numbers"."""
    app = make_app(tmp_path, open_part="5c")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PartScreen) and app.screen.ready)
        seeds = []
        for _ in range(2):
            await app.screen.action_variant(practice=True)
            await wait_for(pilot, lambda: banner(app) != "" and app.screen.ready)
            seeds.append(app.state.variant("5c").seed)
        assert seeds == [1, 3]
        fwd = app.state.variant("5a").boxes["5a.fwd"].answer
        assert fwd != CONTENT.boxes["5a.fwd"].answer
        assert "New numbers, so your answers" in banner(app)
    app = make_app(tmp_path / "4c", open_part="4c")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PartScreen) and app.screen.ready)
        await app.screen.action_variant(practice=True)
        await wait_for(pilot, lambda: banner(app) != "" and app.screen.ready)
        assert "A different parameter (scale, not mean), so your answers" in banner(app)
        assert "New numbers" not in banner(app)
