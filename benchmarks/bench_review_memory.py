"""How much memory do ``review`` and ``export`` take on a huge log?

Writes one session log of tiny events (hints and parts opened, ~80 bytes a line) of the
given size, then runs ``hw3-tutor review FILE --json``, ``review DIR`` (the class view of
the same file next to a normal one) and ``export FILE`` each in a fresh process and prints
each one's peak resident memory. Reading streams the events, so the peak should not grow
with the size of the log (a 100 MB log took 2.26 GB before it did).

    .venv/bin/python benchmarks/bench_review_memory.py [--mb 100] [--code DIR]

``--code DIR`` runs another checkout of the tutor (to compare with an older version).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tutor.cli.options import number_between  # noqa: E402

RUN = r"""
import resource, sys
sys.argv[0] = "hw3-tutor"
from tutor.cli.entry import main
import io, contextlib
out = io.StringIO()
with contextlib.redirect_stdout(out):
    try:
        rc = main(sys.argv[1:])
    except SystemExit as exc:
        rc = exc.code
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
print(rc, peak, len(out.getvalue()), file=sys.stderr)
"""


def write_log(path: Path, megabytes: float) -> int:
    target = int(megabytes * 1e6)
    written = 0
    seq = 0
    with path.open("wb") as f:
        while written < target:
            lines = []
            for _ in range(10_000):
                seq += 1
                if seq == 1:
                    event = {"event": "session_start", "schema": 1, "content_hash": "x"}
                elif seq % 2:
                    event = {"event": "hint", "box": "5a.fwd", "index": 1}
                else:
                    event = {"event": "part_opened", "part": "5a"}
                record = {"seq": seq, "t": "2025-02-01T10:00:00.000000Z", "s": seq * 0.5, **event}
                lines.append(json.dumps(record, separators=(",", ":")) + "\n")
            data = "".join(lines).encode()
            f.write(data)
            written += len(data)
    return seq


def run(code: Path, *argv: str) -> tuple[float, float, str]:
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", RUN, *argv], cwd=code, capture_output=True, text=True
    )
    elapsed = time.perf_counter() - t0
    last = proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "?"
    try:
        rc, peak_kib, _ = last.split()
        return int(peak_kib) / 1024, elapsed, f"exit {rc}"
    except ValueError:
        return float("nan"), elapsed, last[-200:]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--mb", type=number_between(0.01, 100_000, "MB"), default=100.0, help="size of the log (MB)"
    )
    parser.add_argument("--code", type=Path, default=ROOT, help="checkout of the tutor to run")
    opts = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="hw3-bench-memory-") as tmp:
        root = Path(tmp)
        big = root / "class" / "20250201T100000.000Z-0000bbbb.jsonl"
        big.parent.mkdir()
        events = write_log(big, opts.mb)
        write_log(root / "class" / "20250201T090000.000Z-0000aaaa.jsonl", 0.01)
        print(f"log: {big.stat().st_size / 1e6:.0f} MB, {events:,} events")
        baseline, _, _ = run(opts.code, "--version")
        print(f"interpreter and imports alone: {baseline:.0f} MB")
        for label, argv in (
            ("review FILE --json", ("review", str(big), "--json")),
            ("review DIR (class)", ("review", str(big.parent))),
            ("export FILE", ("export", str(big))),
        ):
            peak, elapsed, status = run(opts.code, *argv)
            print(f"{label:<20} peak {peak:7.0f} MB  {elapsed:6.1f} s  ({status})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
