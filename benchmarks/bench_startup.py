"""First paint of the tutor vs a bare Textual app (Header, one Static, Footer), started the same way.

Each run is a fresh ``python`` process that builds the app and runs it headless with an
autopilot that waits for the first screen to be painted (``pilot.pause()``), then exits. We time
the whole process from spawn to that point: interpreter start-up, imports, content loading, log
set-up and the first paint. The goal (issue 4) is a ratio of at most 1.3.

    .venv/bin/python benchmarks/bench_startup.py [--runs 9]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BARE = """
import sys, time
from textual.app import App
from textual.widgets import Footer, Header, Static

class Bare(App):
    def compose(self):
        yield Header()
        yield Static("Homework 3")
        yield Footer()

async def painted(pilot):
    await pilot.pause()
    print("PAINTED", pilot.app.screen.__class__.__name__, flush=True)
    pilot.app.exit()

Bare().run(headless=True, size=(100, 30), auto_pilot=painted)
"""

TUTOR = """
import sys
from pathlib import Path
from tutor.paths import content_dir
from tutor.ui.app import TutorApp
from tutor.ui.contentcache import load_content_cached

async def painted(pilot):
    await pilot.pause()
    print("PAINTED", pilot.app.screen.__class__.__name__, flush=True)
    pilot.app.exit()

# exactly what run_app does, with the app run headless
app = TutorApp(load_content_cached(content_dir(None)), Path(sys.argv[1]))
app.run(headless=True, size=(100, 30), auto_pilot=painted)
"""


def _env() -> dict[str, str]:
    # Both apps run from byte-compiled modules, as after ``pip install`` (which compiles them).
    # Textual's own modules already are; ours would be recompiled from source on every start
    # when PYTHONDONTWRITEBYTECODE is set, so let the warm-up runs write the .pyc files.
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def first_paint(code: str, log_dir: str) -> float:
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", code, log_dir],
        cwd=ROOT,
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("PAINTED"):
            elapsed = time.perf_counter() - t0
            break
    else:
        raise SystemExit(f"the app did not paint:\n{proc.stderr.read() if proc.stderr else ''}")
    proc.wait(timeout=30)
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    bare: list[float] = []
    tutor: list[float] = []
    with tempfile.TemporaryDirectory() as logs:
        first_paint(BARE, logs)  # warm the OS file cache for both
        first_paint(TUTOR, logs)
        for _ in range(args.runs):  # interleaved, so load on the machine hits both alike
            bare.append(first_paint(BARE, logs))
            tutor.append(first_paint(TUTOR, logs))
    b, t = statistics.median(bare), statistics.median(tutor)
    print(
        f"bare Textual app (Header, Static, Footer): median {b * 1000:.0f} ms "
        f"(min {min(bare) * 1000:.0f}, max {max(bare) * 1000:.0f}) over {args.runs} runs"
    )
    print(
        f"hw3-tutor index screen:                    median {t * 1000:.0f} ms "
        f"(min {min(tutor) * 1000:.0f}, max {max(tutor) * 1000:.0f})"
    )
    ratio = t / b
    print(f"ratio: {ratio:.2f}x (goal <= 1.30x) {'OK' if ratio <= 1.3 else 'OVER'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
