"""A practice variant in the TUI: the time from asking for it (the palette's practice command,
the same action as F9) until the part screen shows it: its banner names the new seed, the
statement is the variant's, the boxes are the variant's, empty ("mounted"), and the first frame
the screen paints once all of that is mounted and laid out, with nothing left to lay out or
repaint ("painted": the time the compositor hands that frame to the terminal driver). Goal
(issue 10): within 100 ms, painted.

    .venv/bin/python benchmarks/bench_ui_variant.py [--rounds 5]

Each round asks for a new variant of every parameterized part (a new seed each time). The part
screen makes the next variant in a worker while the student works on the current one; each
round starts once that worker is done (a student takes seconds, not milliseconds, to ask
again), and ``--cold`` starts at once, so the variant is made after the key press.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tutor.cli.options import whole_number  # noqa: E402


async def ahead(app) -> None:
    """Wait for the part screen's worker that makes the next variant ahead of time."""
    while getattr(app.screen, "preparing", False):
        await asyncio.sleep(0.005)


async def measure(
    rounds: int, cold: bool = False
) -> tuple[dict[str, list[float]], dict[str, list[float]], dict[str, list[float]]]:
    from tutor.paths import packaged_content_dir
    from tutor.ui.app import TutorApp
    from tutor.ui.screens.part import PartScreen
    from tutor.variants import engine
    from tutor.variants.scopes import parameterized_parts

    content = engine.load(packaged_content_dir())
    parts = parameterized_parts(content.templates)
    times: dict[str, list[float]] = {p: [] for p in parts}
    times["open"] = []  # for comparison: opening a part (the handout) from the index
    painted: dict[str, list[float]] = {p: [] for p in times}
    work: dict[str, list[float]] = {p: [] for p in parts}  # UI-thread CPU until painted
    with tempfile.TemporaryDirectory() as logs:
        app = TutorApp(content, Path(logs), warm_up=False)  # the real checker: a worker process
        async with app.run_test(size=(100, 40)) as pilot:
            frames: list[float] = []  # when each frame was handed to the driver
            cpu: list[float] = []  # the UI thread's CPU time then
            display = app._display

            def recorded(screen, renderable) -> None:
                if renderable is not None:
                    frames.append(time.perf_counter())
                    cpu.append(time.thread_time())
                display(screen, renderable)

            app._display = recorded  # type: ignore[method-assign]

            for part in parts:
                t0 = time.perf_counter()
                app.open_part_screen(part)
                while not (isinstance(app.screen, PartScreen) and app.screen.is_mounted):
                    await asyncio.sleep(0)
                times["open"].append((time.perf_counter() - t0) * 1000)
                await pilot.pause()
                painted["open"].append((time.perf_counter() - t0) * 1000)
                for _ in range(rounds):
                    if not cold:
                        await ahead(app)
                    seed = app.state.variant_seeds.get(app.state.content.part(part).problem_id, 0)
                    c0 = time.thread_time()
                    t0 = time.perf_counter()
                    task = asyncio.ensure_future(app.screen.run_action("variant(True)"))
                    deadline = t0 + 10
                    while not shows(app, part, seed + 1):
                        if time.perf_counter() > deadline:
                            raise SystemExit(f"{part}: the variant did not appear in 10 s")
                        await asyncio.sleep(0)
                    times[part].append((time.perf_counter() - t0) * 1000)  # mounted
                    await task
                    painted[part].append((await painted_frame(app, frames) - t0) * 1000)
                    work[part].append((cpu[-1] - c0) * 1000)
                    await pilot.pause()  # idle before the next round
    return times, painted, work


async def painted_frame(app, frames: list[float]) -> float:
    """When the first frame painted after now with nothing left pending was handed over."""
    screen = app.screen
    seen = len(frames)
    while True:
        await asyncio.sleep(0)
        if len(frames) > seen:
            seen = len(frames)
            pending = (
                screen._layout_required
                or screen._scroll_required
                or screen._repaint_required
                or screen._dirty_widgets
            )
            if not pending:
                return frames[-1]


def shows(app, part: str, seed: int) -> bool:
    """The screen in front shows variant ``seed`` of ``part``: banner, statement, empty boxes."""
    from textual.widgets import Markdown, Static

    from tutor.ui.screens.part import PartScreen
    from tutor.ui.widgets.answerbox import AnswerBox

    screen = app.screen
    variant = app.state.variant(part)
    if not (isinstance(screen, PartScreen) and variant is not None and variant.seed == seed):
        return False
    banner = screen.query("#variant-banner")
    if not banner or f"seed {seed}:" not in str(banner.first(Static).render()):
        return False
    statement = screen.query(".statement")
    if not statement or statement.first(Markdown).source != variant.part.statement:
        return False
    boxes = {b.box_id: b for b in screen.query(AnswerBox)}
    return all(b in boxes and boxes[b].spec is variant.boxes[b] for b in variant.part.boxes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=whole_number(1, 1000), default=5)
    parser.add_argument("--cold", action="store_true", help="do not wait for the next variant")
    args = parser.parse_args()
    times, painted, work = asyncio.run(measure(args.rounds, args.cold))
    print(
        "a new variant (ms): part, mounted median / max, painted median / max, "
        "UI-thread CPU to paint median"
    )
    for part, ts in times.items():
        ps = painted[part]
        cpu = f"{statistics.median(work[part]):7.1f}" if work.get(part) else "      -"
        print(
            f"  {part:4} {statistics.median(ts):7.1f} {max(ts):7.1f}"
            f"   {statistics.median(ps):7.1f} {max(ps):7.1f}   {cpu}"
        )
    every = [t for p, ts in times.items() if p != "open" for t in ts]
    shown = [t for p, ts in painted.items() if p != "open" for t in ts]
    busy = [t for ts in work.values() for t in ts]
    print(
        f"variants: mounted median {statistics.median(every):.1f} ms, painted median "
        f"{statistics.median(shown):.1f} ms (goal 100 ms), UI-thread CPU median "
        f"{statistics.median(busy):.1f} ms (the painted time without the waits for a core "
        "on a loaded machine);"
    )
    print("'open' is opening the handout's part from the index, for comparison")


if __name__ == "__main__":
    main()
