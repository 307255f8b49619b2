"""Make the SVG screenshots in ``screenshots/`` (shown in the README) from the real content.

    .venv/bin/python scripts/make_screenshots.py [--out screenshots]

Each picture is taken with ``App.run_test`` and ``save_screenshot`` at a fixed size, with a
temporary log directory and the checker running in-process (so nothing depends on timing).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textual.css.query import NoMatches  # noqa: E402
from textual.widgets import Input  # noqa: E402

from tutor.paths import content_dir  # noqa: E402
from tutor.ui.app import TutorApp  # noqa: E402
from tutor.ui.checking import InProcessChecker  # noqa: E402
from tutor.ui.widgets.answerbox import AnswerBox  # noqa: E402
from tutor.variants.engine import load  # noqa: E402

SIZE = (110, 36)


async def settle(pilot, condition=lambda: True, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout

    def holds() -> bool:
        try:
            return bool(condition())
        except NoMatches:  # the screen is not composed yet
            return False

    while not holds():
        if time.monotonic() > deadline:
            raise SystemExit("a screenshot never reached the state it waits for")
        await pilot.pause(0.05)
    await pilot.pause(0.2)


def new_app(log_dir: Path, **kwargs) -> TutorApp:
    return TutorApp(
        load(content_dir(None)),
        log_dir,
        checker=InProcessChecker(),
        warm_up=False,
        **kwargs,
    )


async def answer(pilot, app: TutorApp, box_id: str, text: str) -> None:
    box = next(b for b in app.screen.query(AnswerBox) if b.box_id == box_id)
    box.query_one(Input).focus()
    box.query_one(Input).value = text
    await pilot.press("enter")
    await settle(pilot, lambda: not box.checking and box.query_one(".box-verdict-head").display)


async def shoot(out: Path) -> list[Path]:
    made: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        logs = Path(tmp)
        # 1. a part with feedback: a classic mistake in 1a, then a hint for the next box
        app = new_app(logs, open_part="5a")
        async with app.run_test(size=SIZE) as pilot:
            await answer(pilot, app, "5a.fwd", "45")
            await pilot.press("ctrl+t")
            await settle(pilot)
            made.append(Path(app.save_screenshot("part-feedback.svg", path=str(out))))
            # 2. hints: all of them, one at a time
            await pilot.press("ctrl+t", "ctrl+t")
            await settle(pilot)
            made.append(Path(app.save_screenshot("hints.svg", path=str(out))))
            await answer(pilot, app, "5a.fwd", "20 fwd")
            await pilot.press("ctrl+n")
            await settle(pilot)
            await answer(pilot, app, "5b.loadmem", "10 loadmem")
            await pilot.press("ctrl+q")
        # 3. the index, resumed from the logs just written
        app = new_app(logs)
        async with app.run_test(size=SIZE) as pilot:
            # the problem summary under the outline is mounted just after the first paint
            await settle(pilot, lambda: bool(app.screen.query("#problem-summary")))
            made.append(Path(app.save_screenshot("index.svg", path=str(out))))
            # 4. the remat explorer
            app.open_plot("remat-schedule", "5a")
            await settle(
                pilot,
                lambda: "fwd 20" in str(app.screen.query_one("#remat-totals").render()),
            )
            made.append(Path(app.save_screenshot("plot-remat.svg", path=str(out))))
            await pilot.press("escape")
            # 5. a Monte Carlo plot
            app.open_plot("signgd-update", "1b")
            await settle(pilot, lambda: not app.screen.query_one("#plot").loading)
            made.append(Path(app.save_screenshot("plot-signgd.svg", path=str(out))))
            await pilot.press("escape")
            # 6. help
            await pilot.press("f1")
            await settle(pilot)
            made.append(Path(app.save_screenshot("help.svg", path=str(out))))
        made += await shoot_reasoning(logs, out)
        made += await shoot_variant(logs, out)
    return made


async def shoot_variant(logs: Path, out: Path) -> list[Path]:
    """9. a practice variant: 5a solved, then F9 (tutor.variant): the banner with its seed and
    numbers, the statement with them, the box empty."""
    app = new_app(logs / "variant", open_part="5a")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: bool(app.screen.query(AnswerBox)))
        await answer(pilot, app, "5a.fwd", "20 fwd")
        await pilot.press("f9")
        await settle(pilot, lambda: bool(app.screen.query("#variant-banner")))
        return [Path(app.save_screenshot("variant.svg", path=str(out)))]


async def shoot_reasoning(logs: Path, out: Path) -> list[Path]:
    """7. a proof from blocks, with a distractor's feedback; 8. a derivation whose third line
    does not follow, at 80×24 (the smallest terminal the tutor is made for)."""
    from tutor.ui.widgets.derivationbox import DerivationBox
    from tutor.ui.widgets.proofbox import ProofBox

    made: list[Path] = []
    app = new_app(logs, open_part="4e")
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot, lambda: bool(app.screen.query(ProofBox)))
        box = app.screen.query_one(ProofBox)
        # the pool waits for the boxes its blocks give away: shown as after "Show the blocks now"
        app.state.show_pool(box.spec.id)
        box.refresh_gate()
        box.pool_list.focus()
        await pilot.press(*"dnmcr", "ctrl+s")
        await settle(pilot, lambda: not box.checking and box.query_one(".box-verdict").display)
        box.proof_list.focus()
        box.proof_list.highlighted = 2
        app.screen.query_one("#part-body").scroll_to_widget(box, animate=False, top=True)
        await settle(pilot)
        made.append(Path(app.save_screenshot("proof-blocks.svg", path=str(out))))
    app = new_app(logs, open_part="5c")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, lambda: bool(app.screen.query(DerivationBox)))
        box = app.screen.query_one(DerivationBox)
        box.focus_input()
        box.text_area.text = "20*20 + 10*10 = 10 t\n500 = 10 t\nt = 40"
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: not box.checking and box.query_one(".box-verdict").display)
        box.text_area.cursor_blink = False
        await settle(pilot, lambda: "3  t = 40" in str(box.query_one(".box-preview").render()))
        body = app.screen.query_one("#part-body")
        body.scroll_to_widget(box.query_one(".derivation-keys"), animate=False, top=True)
        await settle(pilot)
        made.append(Path(app.save_screenshot("derivation.svg", path=str(out))))
    return made


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots")
    parser.add_argument(
        "--only-variant", action="store_true", help="make only screenshots/variant.svg"
    )
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    if args.only_variant:
        with tempfile.TemporaryDirectory() as tmp:
            print(asyncio.run(shoot_variant(Path(tmp), args.out))[0])
        return 0
    for path in asyncio.run(shoot(args.out)):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
