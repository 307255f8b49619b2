"""CheckWorker: answers in its own process, within the budget, and survives overruns."""

from __future__ import annotations

import threading

import pytest
from checker_boxes import B1B_VALUE, B5A

from tutor.checking.worker import CheckWorker

# an order of degree 1200 in d1: floats overflow, so the growth comparison falls back to a
# symbolic limit (several seconds)
SLOW = "Theta((((d1+1)^100+1)^3+1)^4 + d1^(1/3))"


@pytest.fixture(scope="module")
def worker():
    w = CheckWorker(timeout=1.0)
    w.warm_up()
    yield w
    w.close()


def test_checks_in_the_worker(worker):
    v = worker.check(B1B_VALUE, "(2/π)d1(d1−1) + d1")
    assert (v.verdict, v.note) == ("correct", "correct")


def test_overrun_is_invalid_timeout_and_the_worker_recovers():
    # the tutor's own bound (1 s): SLOW takes several seconds, a plain answer a few ms even
    # on a busy machine in a process just started
    with CheckWorker(timeout=1.0) as worker:
        worker.warm_up()
        v = worker.check(B1B_VALUE, SLOW)
        assert (v.verdict, v.note) == ("invalid", "invalid:timeout")
        assert "too complex" in v.feedback
        assert v.ms < 2000
        after = worker.check(B5A, "20")
        assert (after.verdict, after.note) == ("correct", "correct")
        assert worker.restarts == 1
        # the answer after a timeout paid for starting a new checker: its ms says so
        assert worker.restart_ms > 0 and after.ms >= worker.restart_ms
        started = worker._spawned
        again = worker.check(B5A, "20")
        assert again.verdict == "correct" and worker._spawned == started  # only once
        process = worker._proc
    # closing ends the checker process: it exits by itself (status 0) within the second
    # close waits for it, rather than being killed, and none is left behind
    assert process is not None and process.exitcode == 0


def test_a_check_that_needs_too_much_memory_is_invalid_and_the_worker_recovers():
    from worker_helpers import HungryBox

    with CheckWorker(timeout=10.0, memory_mb=64) as worker:
        worker.warm_up()
        v = worker.check(HungryBox(), "20")
        assert (v.verdict, v.note) == ("invalid", "invalid:memory")
        assert "too much memory" in v.feedback
        after = worker.check(B5A, "20")
        assert (after.verdict, after.note) == ("correct", "correct")


def test_the_memory_limit_applies_to_the_process_that_sets_it():
    import subprocess
    import sys

    code = (
        "from tutor.checking.worker import limit_memory\n"
        "if not limit_memory(64):\n"
        "    print('unsupported')\n"
        "else:\n"
        "    try:\n"
        "        x = bytearray(512 * 2**20)\n"
        "        print('allocated')\n"
        "    except MemoryError:\n"
        "        print('refused')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    if out.stdout.strip() == "unsupported":
        pytest.skip("RLIMIT_AS is not supported here")
    assert out.stdout.strip() == "refused"


def test_is_safe_to_call_from_threads(worker):
    results = []

    def run(answer):
        results.append(worker.check(B5A, answer).verdict)

    threads = [threading.Thread(target=run, args=(a,)) for a in ("20", "45", "20 fwd", "x")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(results) == sorted(["correct", "incorrect", "correct", "invalid"])


def test_without_a_fork_server_the_checker_is_spawned(monkeypatch):
    """Where the fork server cannot start (no writable temporary folder, say), a checker
    process is still started, as a new interpreter."""
    import multiprocessing

    from tutor.checking import worker as worker_module

    class NoForkServer:
        def Pipe(self):  # noqa: N802 - multiprocessing's name
            return multiprocessing.get_context("spawn").Pipe()

        def Process(self, **kwargs):  # noqa: N802
            class Refused:
                def start(self):
                    raise OSError("no fork server")

            return Refused()

    monkeypatch.setattr(worker_module, "checker_context", lambda: NoForkServer())
    with CheckWorker(timeout=30.0) as worker:
        v = worker.check(B5A, "20")
        assert (v.verdict, v.note) == ("correct", "correct")
        assert worker._proc is not None and worker._proc._start_method == "spawn"


def test_the_preview_read_in_the_worker_carries_its_remarks(worker):
    # the tutor's preview goes through the worker: its remarks must come back with the reading
    from tutor.checking.readas import read_as

    answer = "(2/π)d1(d1−1) + d1 since the cross terms are coherent"
    here, there = read_as(B1B_VALUE, answer), worker.read_as(B1B_VALUE, answer)
    assert there == here and there.remarks
