"""The rematerialization schedule against brute-force enumeration, and the ``remat`` command."""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from tutor.cli import remat as remat_cli
from tutor.errors import UsageError
from tutor.homework import remat

ROOT = Path(__file__).resolve().parent.parent


def brute_force(n: int, k: int) -> tuple[int, list[tuple[int, int]]]:
    """Total fwd and (layer, checkpoint) pairs, enumerated straight from the definition."""
    stored = {0, n} | {m for m in range(1, n + 1) if m % k == 0}
    pairs = []
    total = 0
    for layer in range(n, 0, -1):
        ckpt = max(s for s in stored if s <= layer)
        pairs.append((layer, ckpt))
        total += layer - ckpt
    return total, pairs


def check_against_brute_force(n: int, k: int, t_fwd: float = 20.0, t_mem: float = 10.0):
    result = remat.schedule(n, k, t_fwd, t_mem)
    fwd, pairs = brute_force(n, k)
    assert result.fwd == fwd == remat.closed_form_fwd(n, k), (n, k)
    assert [(s.layer, s.checkpoint) for s in result.steps] == pairs, (n, k)
    assert all(s.fwd == s.layer - s.checkpoint for s in result.steps)
    assert result.loadmem == n
    assert result.remat_ns == pytest.approx(fwd * t_fwd + n * t_mem)
    assert result.breakeven_loaddisk_ns == pytest.approx(result.remat_ns / n)
    stored = sorted({0, n} | {m for m in range(k, n + 1, k)})
    assert list(result.checkpoints) == stored
    assert result.stored_activations == len(stored) - 1


def test_handout_numbers():
    result = remat.schedule()
    assert (result.layers, result.every) == (10, 5)
    assert result.fwd == 20
    assert result.loadmem == 10
    assert result.remat_ns == 500
    assert result.breakeven_loaddisk_ns == 50
    assert [s.fwd for s in result.steps] == [0, 4, 3, 2, 1, 0, 4, 3, 2, 1]
    assert [s.checkpoint for s in result.steps] == [10, 5, 5, 5, 5, 5, 0, 0, 0, 0]
    assert result.checkpoints == (0, 5, 10)
    assert result.stored_activations == 2


@pytest.mark.parametrize("n", range(1, 41))
def test_totals_match_enumeration_for_every_k(n):
    for k in range(1, n + 1):
        check_against_brute_force(n, k)


def test_totals_match_enumeration_for_random_larger_networks():
    rng = random.Random(182)
    for _ in range(60):
        n = rng.randint(41, 3000)
        k = rng.randint(1, n)
        check_against_brute_force(n, k, rng.uniform(0, 100), rng.uniform(0, 100))


def test_closed_form_special_cases():
    for n in (1, 7, 100, 1000):
        assert remat.closed_form_fwd(n, 1) == 0  # every activation stored
        assert remat.closed_form_fwd(n, n) == n * (n - 1) // 2  # only input and output
    # K dividing N: the break-even latency is t_mem + (K-1) t_fwd / 2, whatever N is
    for k in (2, 5, 10):
        for q in (1, 3, 20):
            sched = remat.schedule(q * k, k, 20, 10)
            assert sched.breakeven_loaddisk_ns == pytest.approx(10 + (k - 1) * 20 / 2)


def test_step_times_run_back_to_back_and_end_at_the_total():
    sched = remat.schedule(23, 5, 3.5, 7.0)
    assert sched.steps[0].start_ns == 0
    for prev, step in zip(sched.steps, sched.steps[1:], strict=False):
        assert step.start_ns == pytest.approx(prev.end_ns)
    for step in sched.steps:
        assert step.end_ns - step.start_ns == pytest.approx(7.0 + step.fwd * 3.5)
    assert sched.steps[-1].end_ns == pytest.approx(sched.remat_ns)


def test_sweep_over_k_uses_the_closed_forms():
    points = remat.sweep_every(30, 20, 10)
    assert [p.every for p in points] == list(range(1, 31))
    for p in points:
        sched = remat.schedule(30, p.every, 20, 10)
        assert (p.fwd, p.stored_activations) == (sched.fwd, sched.stored_activations)
        assert p.remat_ns == pytest.approx(sched.remat_ns)
    big = remat.sweep_every(100_000, max_points=50)
    ks = [p.every for p in big]
    assert ks == sorted(set(ks)) and ks[0] == 1 and ks[-1] == 100_000
    assert 316 in ks  # K ≈ √N is always sampled


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        ((10, 11), "larger than the number of layers"),
        ((0, 1), "at least 1 layer"),
        ((10, 0), "at least 1"),
        ((10**9, 5), "at most"),
        ((10, 5, -1.0, 10.0), "fwd time"),
        ((10, 5, 20.0, -3.0), "loadmem time"),
        ((10, 5, float("nan"), 10.0), "fwd time"),
        ((10, 5, 1e308, 10.0), "at most 1,000,000,000 ns"),
        ((10, 5, 20.0, 2e9), "loadmem time must be at most"),
        ((10.5, 5), "whole number"),
    ],
)
def test_bad_values_are_usage_errors(args, fragment):
    with pytest.raises(UsageError) as info:
        remat.schedule(*args)
    message = str(info.value)
    assert fragment in message
    assert "\n" not in message


def run_cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    remat_cli.add_arguments(parser)
    return remat_cli.main(parser.parse_args(argv))


def test_cli_prints_schedule_and_totals(capsys):
    assert run_cli([]) == 0
    out = capsys.readouterr().out
    assert "fwd operations        20" in out
    assert "loadmem operations    10" in out
    assert "500 ns" in out and "50 ns" in out
    assert "input, a5, a10" in out


def test_cli_json_has_the_promised_keys(capsys):
    assert (
        run_cli(["--layers", "23", "--every", "5", "--t-fwd", "1.5", "--t-mem", "2", "--json"]) == 0
    )
    data = json.loads(capsys.readouterr().out)
    for key in ("fwd", "loadmem", "remat_ns", "breakeven_loaddisk_ns", "schedule"):
        assert key in data
    assert data["fwd"] == brute_force(23, 5)[0] == 43
    assert data["remat_ns"] == pytest.approx(43 * 1.5 + 23 * 2)
    assert len(data["schedule"]) == 23
    assert data["schedule"][0] == {
        "layer": 23,
        "checkpoint": 23,
        "fwd": 0,
        "start_ns": 0.0,
        "end_ns": 2.0,
    }


def test_cli_summarizes_long_schedules_unless_full(capsys):
    run_cli(["--layers", "10000", "--every", "100"])
    short = capsys.readouterr().out
    assert "--full" in short
    assert len(short.splitlines()) < 60
    run_cli(["--layers", "300", "--every", "17", "--full"])
    full = capsys.readouterr().out
    assert len(full.splitlines()) > 300


@pytest.mark.parametrize(
    "argv",
    [
        ["--layers", "abc"],
        ["--layers", "10", "--every", "11"],
        ["--t-fwd", "fast"],
        ["--layers", "1000000000"],
    ],
)
def test_cli_bad_values_raise_usage_error(argv):
    with pytest.raises(UsageError):
        run_cli(argv)


def test_cli_accepts_ns_suffix(capsys):
    assert run_cli(["--t-fwd", "20ns", "--t-mem", "10 ns", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["remat_ns"] == 500


def test_command_line_error_is_one_line_exit_2():
    code = "from tutor.cli.entry import main; raise SystemExit(main(['remat', '--layers', '10', '--every', '11']))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and "K = 11" in lines[0], out.stderr


def test_cli_huge_times_are_refused_not_overflowed(capsys):
    """Times so large that the totals would overflow to infinity are refused in one line (they
    used to end in a traceback while printing the table); the largest allowed is printed."""
    with pytest.raises(UsageError) as info:
        run_cli(["--layers", "100000", "--every", "1", "--t-fwd", "1e308", "--t-mem", "1e308"])
    assert "at most" in str(info.value)
    assert run_cli(["--layers", "100000", "--every", "1", "--t-fwd", "1e9", "--t-mem", "1e9"]) == 0
    out = capsys.readouterr().out
    assert "100,000,000,000,000 ns" in out
    assert run_cli(["--layers", "100000", "--every", "100000", "--t-fwd", "1e9", "--json"]) == 0
    assert "Infinity" not in capsys.readouterr().out
