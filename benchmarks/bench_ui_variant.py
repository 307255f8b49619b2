"""A practice variant in the TUI: the time from asking for it (the palette's practice command,
the same action as F9) until the part screen shows it (banner, statement and empty boxes
mounted and painted). Goal (issue 10): within 100 ms.

    .venv/bin/python benchmarks/bench_ui_variant.py [--rounds 5]

Each round asks for a new variant of every parameterized part, so each variant is made cold
(sampling, derived values, every text filled: a new seed each time) and its screen composed.
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


async def measure(rounds: int) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
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
    with tempfile.TemporaryDirectory() as logs:
        app = TutorApp(content, Path(logs), warm_up=False)  # the real checker: a worker process
        async with app.run_test(size=(100, 40)) as pilot:
            for part in parts:
                t0 = time.perf_counter()
                app.open_part_screen(part)
                while not (isinstance(app.screen, PartScreen) and app.screen.is_mounted):
                    await asyncio.sleep(0)
                times["open"].append((time.perf_counter() - t0) * 1000)
                await pilot.pause()
                painted["open"].append((time.perf_counter() - t0) * 1000)
                for _ in range(rounds):
                    screen = app.screen
                    t0 = time.perf_counter()
                    await screen.run_action("variant(True)")
                    deadline = t0 + 10
                    while not (
                        isinstance(app.screen, PartScreen)
                        and app.screen is not screen
                        and app.screen.query("#variant-banner")
                        and app.screen.is_mounted
                    ):
                        if time.perf_counter() > deadline:
                            raise SystemExit(f"{part}: the variant did not appear in 10 s")
                        await asyncio.sleep(0)
                    times[part].append((time.perf_counter() - t0) * 1000)  # mounted
                    await pilot.pause()  # let it paint before the next round
                    while not app.screen.ready:  # type: ignore[attr-defined]
                        await asyncio.sleep(0)
                    painted[part].append((time.perf_counter() - t0) * 1000)
    return times, painted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    times, painted = asyncio.run(measure(args.rounds))
    print("a new variant (ms): part, mounted median / max, painted (idle) median / max")
    for part, ts in times.items():
        ps = painted[part]
        print(
            f"  {part:4} {statistics.median(ts):7.1f} {max(ts):7.1f}"
            f"   {statistics.median(ps):7.1f} {max(ps):7.1f}"
        )
    every = [t for p, ts in times.items() if p != "open" for t in ts]
    print(f"variants mounted: median {statistics.median(every):.1f} ms (goal 100 ms); 'open' is")
    print("opening the handout's part from the index, for comparison (the same screen composed)")


if __name__ == "__main__":
    main()
