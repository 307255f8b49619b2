"""Start-up latencies: first paint against a bare Textual app, the first verdict, the help.

1. **First paint.** Each run is a fresh ``python`` process that builds the app and runs it
   headless with an autopilot that waits for the first screen to be painted
   (``pilot.pause()``), then exits. We time the whole process from spawn to that point:
   interpreter start-up, imports, content loading, log set-up and the first paint, against a
   bare Textual app (Header, one Static, Footer) started the same way. Goal: a median ratio of
   at most 1.3.
2. **The first verdict.** A fresh tutor (the real checker process, warmed up as at every
   start) is left alone for 3 s, as a student reading the index would; then a part opens, an
   answer is typed (the live preview runs) and Enter is pressed: the time from Enter to the
   verdict on screen. One process per box kind, so each number is that process's *first*
   verdict. Goal: every one within 300 ms.
3. **The help screen.** In the same processes, after the verdict: F1 until the help page is
   on screen (its first opening in that process). Goal: 300 ms.

    .venv/bin/python benchmarks/bench_startup.py [--runs 9] [--rounds 2] [--only paint|verdict]
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
sys.path.insert(0, str(ROOT))

from tutor.cli.options import whole_number  # noqa: E402

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
from tutor.paths import cache_dir, content_dir
from tutor.ui.app import TutorApp
from tutor.content.loader import load_content
from tutor.ui.contentcache import cached_toml_parser

async def painted(pilot):
    await pilot.pause()
    print("PAINTED", pilot.app.screen.__class__.__name__, flush=True)
    pilot.app.exit()

# exactly what run_app does, with the app run headless
content = load_content(content_dir(None), parse=cached_toml_parser(cache_dir()))
app = TutorApp(content, Path(sys.argv[1]))
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


LATENCY = """
import asyncio, json, sys, time
from pathlib import Path
from textual.widgets import Input
from tutor.content.loader import load_content
from tutor.paths import content_dir
from tutor.ui.app import TutorApp
from tutor.ui.screens.help import HelpScreen
from tutor.ui.widgets.answerbox import AnswerBox

log_dir, kind, wait = sys.argv[1], sys.argv[2], float(sys.argv[3])
content = load_content(content_dir(None))
box = next(b for b in content.boxes.values() if b.kind == kind)
answer = box.mistakes[0].answer if box.mistakes else box.answer
part = next(p.id for p in content.parts() if box.id in p.boxes)


async def until(condition, limit=30.0):
    end = time.perf_counter() + limit
    while not condition():
        if time.perf_counter() > end:
            raise SystemExit("timed out")
        await asyncio.sleep(0.002)


async def student(pilot):
    app = pilot.app
    await asyncio.sleep(wait)  # the tutor has been open this long
    app.open_part_screen(part, box_id=box.id)
    await until(lambda: any(b.box_id == box.id for b in app.screen.query(AnswerBox)))
    widget = next(b for b in app.screen.query(AnswerBox) if b.box_id == box.id)
    await until(lambda: bool(widget.query(Input)))
    widget.query_one(Input).focus()
    widget.query_one(Input).value = answer  # as typed: the live preview reads it
    await asyncio.sleep(0.4)
    head = widget.query_one(".box-verdict-head")
    t0 = time.perf_counter()
    await pilot.press("enter")
    await until(lambda: head.display and not widget.checking)
    verdict = time.perf_counter() - t0
    t0 = time.perf_counter()
    await pilot.press("f1")
    await until(
        lambda: isinstance(app.screen, HelpScreen)
        and bool(app.screen.query("#help-text"))
        and app.screen.query_one("#help-text").size.height > 0
    )
    await pilot.pause()  # and drawn
    shown = time.perf_counter() - t0
    print("LATENCY", json.dumps({"kind": kind, "verdict": verdict, "help": shown}), flush=True)
    app.exit()


app = TutorApp(content, Path(log_dir))
app.run(headless=True, size=(120, 40), auto_pilot=student)
"""

KINDS = ("expression", "choice", "order", "expectation", "reparam", "count", "number")


def latencies(log_dir: str, kind: str, wait: float) -> dict[str, float]:
    import json

    out = subprocess.run(
        [sys.executable, "-c", LATENCY, log_dir, kind, str(wait)],
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    for line in out.stdout.splitlines():
        if line.startswith("LATENCY"):
            return json.loads(line.split(" ", 1)[1])
    raise SystemExit(f"the latency run failed:\n{out.stderr[-2000:]}")


def first_verdicts(rounds: int, wait: float = 3.0) -> None:
    verdicts: dict[str, list[float]] = {k: [] for k in KINDS}
    helps: list[float] = []
    with tempfile.TemporaryDirectory() as logs:
        for _ in range(rounds):
            for kind in KINDS:
                r = latencies(logs, kind, wait)
                verdicts[kind].append(r["verdict"])
                helps.append(r["help"])
    every = [v for vs in verdicts.values() for v in vs]
    print(f"first verdict, {wait:g} s after start, one fresh tutor per box kind ({rounds} rounds):")
    for kind, vs in verdicts.items():
        print(f"  {kind:<12} " + "  ".join(f"{v * 1000:5.0f} ms" for v in vs))
    worst = max(every)
    print(
        f"  median {statistics.median(every) * 1000:.0f} ms, worst {worst * 1000:.0f} ms "
        f"(goal <= 300 ms) {'OK' if worst <= 0.3 else 'OVER'}"
    )
    h = statistics.median(helps)
    print(
        f"help screen, first opening: median {h * 1000:.0f} ms, worst {max(helps) * 1000:.0f} ms "
        f"over {len(helps)} runs (goal <= 300 ms) {'OK' if h <= 0.3 else 'OVER'}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=whole_number(1, 1000), default=9, help="first-paint pairs")
    parser.add_argument(
        "--rounds", type=whole_number(1, 1000), default=2, help="first-verdict runs per box kind"
    )
    parser.add_argument("--only", choices=("paint", "verdict"), default=None)
    args = parser.parse_args()
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    if args.only != "paint":
        first_verdicts(args.rounds)
    if args.only == "verdict":
        return 0
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
