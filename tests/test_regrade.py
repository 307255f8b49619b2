"""Regrade, never trust: logged answers judged again, why a verdict changed, the judgment cache,
the helper process, and the resume after the key changed."""

from __future__ import annotations

import json
import sys
import time
from dataclasses import replace
from types import SimpleNamespace

import pytest
from class_helpers import CONTENT, run_helper, session

from tutor import __version__
from tutor.cli.regrading import helper_main
from tutor.sessions.fingerprint import checker_id
from tutor.sessions.judgments import Judgment
from tutor.sessions.logreader import read_session
from tutor.sessions.progress import load_progress
from tutor.sessions.regrade import regrade_learner, regrade_session
from tutor.sessions.regrader import Regrader
from tutor.sessions.resume import regrade_progress


@pytest.fixture(autouse=True)
def _cache(tmp_path, monkeypatch):
    monkeypatch.setenv("HW3_TUTOR_CACHE_DIR", str(tmp_path / "cache"))


class CountingJudge:
    """The real checker, counting its calls."""

    def __init__(self):
        from tutor.checking.judge import check

        self.check = check
        self.calls = 0

    def __call__(self, box, raw):
        self.calls += 1
        return self.check(box, raw)


def forged(tmp_path, content_hash=None, box_keys=True):
    """45 is a known mistake in 5a.fwd; this log says it was right."""
    return read_session(
        session(
            tmp_path / "logs",
            [
                ("attempt", "5a.fwd", "45", "correct", "correct"),
                ("attempt", "5a.fwd", "20"),
                ("attempt", "9z.gone", "x", "correct", "correct"),  # a box not in the content
            ],
            content_hash=content_hash,
            box_keys=box_keys,
        )
    )


def test_a_verdict_the_checker_does_not_give_today_is_replaced_and_listed(tmp_path):
    s = forged(tmp_path)
    regraded, changes = regrade_session(s, Regrader(CONTENT, disk=False), "alice")
    (change,) = changes
    assert (change.box, change.raw, change.logged, change.now) == (
        "5a.fwd",
        "45",
        "correct",
        "incorrect",
    )
    assert change.now_note == "mistake:only-input-stored" and change.reason == "log-altered"
    assert change.learner == "alice" and change.session == s.id and change.seq == 2
    attempts = [e.data for e in regraded.events if e.type == "attempt"]
    assert attempts[0]["verdict"] == "incorrect" and attempts[0]["logged_verdict"] == "correct"
    assert attempts[1]["verdict"] == "correct" and "logged_verdict" not in attempts[1]
    assert attempts[2]["verdict"] == "correct"  # not in the content: kept as logged
    assert s.events[1].data["verdict"] == "correct"  # the session read is left as it was


def test_the_reason_tells_an_edited_key_from_an_edited_log(tmp_path):
    regrader = Regrader(CONTENT, disk=False)
    # an older log (no box fingerprints) recorded with other content: whether 5a.fwd changed
    # is not known
    other_key = forged(tmp_path, content_hash="an-older-key", box_keys=False)
    assert regrade_session(other_key, regrader)[1][0].reason == "content-changed"
    start = other_key.events[0]
    assert start.data["checker"] == checker_id()  # every header names its checker

    def with_header(**fields):
        data = {**start.data, "content_hash": CONTENT.content_hash, **fields}
        data = {k: v for k, v in data.items() if v is not None}
        return replace(other_key, events=(start._replace(data=data), *other_key.events[1:]))

    def reason(**fields):
        return regrade_session(with_header(**fields), regrader)[1][0].reason

    assert reason() == "log-altered"  # the same key and the same checker: the log lies
    assert reason(checker="0123456789abcdef") == "checker-changed"  # a changed checker
    # an older log, without a checker: another version says the checker changed; the same
    # version cannot tell a development build's checker from an edited log
    assert reason(checker=None, version="0.0.1") == "checker-changed"
    assert reason(checker=None) == "checker-or-log"
    # no content hash at all (a hand-made header): nothing tells why, and it says so
    assert reason(content_hash=None) == "unknown-content"
    assert reason(content_hash=None, checker=None, version="0.0.1") == "unknown-content"


def test_an_answer_the_checker_could_not_judge_keeps_its_logged_verdict(tmp_path):
    s = forged(tmp_path)

    def timing_out(box, raw):
        return SimpleNamespace(
            verdict="invalid", note="invalid:timeout", interpreted="", feedback=""
        )

    regrader = Regrader(CONTENT, timing_out, disk=False)
    regraded, changes = regrade_session(s, regrader)
    assert changes == [] and regraded is s and regrader.failed == 3 - 1  # 9z.gone: no box

    def crashing(box, raw):
        raise RuntimeError("boom")

    assert regrade_session(s, Regrader(CONTENT, crashing, disk=False))[1] == []


def test_judgments_are_cached_on_disk_per_box_and_checker(tmp_path):
    s = forged(tmp_path)
    judge = CountingJudge()
    first = Regrader(CONTENT, judge)
    regrade_session(s, first)
    regrade_session(s, first)  # the same answers again: from memory
    assert judge.calls == 2
    first.close()
    again = CountingJudge()
    second = Regrader(CONTENT, again)
    assert second.cached == 2 and regrade_session(s, second)[1][0].now == "incorrect"
    assert again.calls == 0 and second.reused == 2
    path = second._path
    assert path is not None and path.parent.name == "judgments"
    # a torn or forged cache line is ignored, never trusted blindly
    line = json.loads(path.read_text().splitlines()[0])
    with path.open("a") as f:
        f.write(json.dumps({**line, "answer": "99", "verdict": "excellent"}) + "\n")
        f.write(json.dumps({**line, "answer": "98", "note": 1}) + "\n")
        f.write(json.dumps({**line, "answer": "97", "print": "../../etc"}) + "\n")
        f.write(json.dumps({**line, "answer": "96", "print": line["print"].upper()}) + "\n")
        f.write('{"print": "' + line["print"] + '", "answer": "95", "verdict": "correct",\n')
    assert Regrader(CONTENT, CountingJudge()).cached == 2


def _edited(box_id, **fields):
    boxes = dict(CONTENT.boxes)
    boxes[box_id] = replace(boxes[box_id], **fields)
    return replace(CONTENT, boxes=boxes, content_hash="edited")


def test_an_edit_elsewhere_keeps_a_boxs_cached_judgments_and_its_own_key_does_not(tmp_path):
    """The cache is per box: other content with the same box (a hint reworded, another box's
    key edited) reuses its judgments; an edit to what grades the box judges its answers again."""
    s = forged(tmp_path)
    first = Regrader(CONTENT, CountingJudge())
    regrade_session(s, first)
    first.close()
    for content in (
        _edited("5a.fwd", hints=("A reworded hint.",)),
        _edited("5b.loadmem", answer="21"),
        replace(CONTENT, content_hash="another"),
    ):
        judge = CountingJudge()
        regrader = Regrader(content, judge)
        assert regrade_session(s, regrader)[1][0].now == "incorrect"
        assert judge.calls == 0 and regrader.reused == 2
    judge = CountingJudge()
    rekeyed = Regrader(_edited("5a.fwd", answer="45", mistakes=()), judge)
    changes = regrade_session(s, rekeyed)[1]  # 45 is the key now: its logged "correct" holds
    assert [(c.raw, c.now) for c in changes] == [("20", "incorrect")]
    assert judge.calls == 2 and rekeyed.reused == 0
    judge = CountingJudge()
    reworded = Regrader(_edited("5a.fwd", feedback="Right: one forward pass per layer."), judge)
    regrade_session(s, reworded)
    assert judge.calls == 2  # the feedback a verdict carries changed: judged again


def test_solutions_in_older_logs_are_marked_asked_unless_the_part_was_solved(tmp_path):
    logs = tmp_path / "logs"
    first = session(logs, [("solution", "5a"), ("attempt", "5a.fwd", "20")])
    second = session(
        logs, [("solution", "5a"), ("solution", "5b", True), ("solution", "5c", False)]
    )
    pairs = regrade_learner(
        [read_session(first), read_session(second)], Regrader(CONTENT, disk=False)
    )
    marks = [
        (e.data["part"], e.data["asked"], e.data.get("asked_inferred", False))
        for s, _ in pairs
        for e in s.events
        if e.type == "solution"
    ]
    # before solving: asked; after (a later session): shown by itself; explicit fields kept,
    # but "shown after solving" (asked: false) before the part was solved is altered: asked
    assert marks == [
        ("5a", True, True),
        ("5a", False, True),
        ("5b", True, False),
        ("5c", True, False),
    ]
    altered = [e for s, _ in pairs for e in s.events if e.get("asked_altered")]
    assert [e.data["part"] for e in altered] == ["5c"]


def test_resume_after_the_key_changed_shows_todays_verdict(tmp_path):
    logs = tmp_path / "logs"
    session(
        logs,
        [("attempt", "5a.fwd", "45", "correct", "correct"), ("attempt", "5b.loadmem", "10")],
        content_hash="an-older-key",
    )
    progress = load_progress(logs)
    assert progress.box("5a.fwd").best == "correct"  # what the log says
    assert progress.judged_elsewhere(CONTENT.content_hash, __version__)
    judge = CountingJudge()
    result = regrade_progress(progress, CONTENT, judge)
    box = result.progress.box("5a.fwd")
    assert (box.best, box.latest, box.key_changed) == ("incorrect", "incorrect", True)
    assert box.latest_note == "mistake:only-input-stored" and box.attempts == 1
    assert result.progress.box("5b.loadmem").best == "correct"
    assert [(c.box, c.logged, c.now) for c in result.changes] == [
        ("5a.fwd", "correct", "incorrect")
    ]
    assert judge.calls == 2 and result.rechecked == 2
    again = CountingJudge()  # the next start: the judgments are in the cache
    assert regrade_progress(load_progress(logs), CONTENT, again).changes == result.changes
    assert again.calls == 0


def test_resume_under_the_same_key_judges_nothing(tmp_path):
    logs = tmp_path / "logs"
    session(logs, [("attempt", "5a.fwd", "45", "correct", "correct")])
    progress = load_progress(logs)
    judge = CountingJudge()
    result = regrade_progress(progress, CONTENT, judge)
    assert result.progress is progress and result.changes == () and judge.calls == 0


def test_the_helper_process_judges_the_same_as_this_one(tmp_path):
    logs = tmp_path / "logs"
    files = [
        session(logs, [("attempt", "5a.fwd", raw) for raw in ("45", "20", "20 fwd")]),
        session(logs, [("attempt", "1a.value", raw) for raw in ("d1", "d1*d2", "((")]),
    ]
    here = Regrader(CONTENT, disk=False)
    helper = run_helper(CONTENT, files, here)
    assert helper.done and here.helped == 6 and here.checked == 0
    for box, raw in [("5a.fwd", "45"), ("5a.fwd", "20 fwd"), ("1a.value", "((")]:
        theirs = here.judge(box, raw)
        mine = Regrader(CONTENT, disk=False).judge(box, raw)
        assert theirs == mine and isinstance(theirs, Judgment)
    assert here.checked == 0  # every answer came from the helper


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the helper is forked on Linux")
def test_a_forked_helper_judges_with_the_content_this_process_loaded(tmp_path):
    """The forked helper starts with this process's content (and whatever the checker built
    for it) instead of reading the folder again: it shares the work even when the folder has
    changed since this process read it (a helper that read it again would find another hash
    and leave every answer to this process)."""
    import shutil

    from tutor.paths import packaged_content_dir
    from tutor.variants.engine import load

    folder = tmp_path / "content"
    shutil.copytree(packaged_content_dir(), folder)
    content = load(folder)
    with (folder / "p5.toml").open("a", encoding="utf-8") as f:
        f.write("\n# edited after the gradebook started\n")
    assert load(folder).content_hash != content.content_hash
    logs = tmp_path / "logs"
    files = [session(logs, [("attempt", "5a.fwd", raw) for raw in ("45", "20", "20 fwd")])]
    here = Regrader(content, disk=False)
    helper = run_helper(content, files, here)
    assert helper.done and here.helped == 3 and here.checked == 0
    assert here.judge("5a.fwd", "20 fwd") == Regrader(content, disk=False).judge("5a.fwd", "20 fwd")


def test_a_planted_cache_line_nested_too_deep_is_judged_again_not_a_crash(tmp_path):
    s = forged(tmp_path)
    first = Regrader(CONTENT, CountingJudge())
    regrade_session(s, first)
    first.close()
    path = first._path
    assert path is not None
    with path.open("a") as f:
        f.write("[" * 100_000 + "]" * 100_000 + "\n")
    again = CountingJudge()
    second = Regrader(CONTENT, again)
    assert second.cached == 2 and regrade_session(s, second)[1][0].now == "incorrect"
    assert again.calls == 0


def test_a_practice_variants_answer_is_not_judged_by_the_handouts_key():
    """An answer right in its practice variant (here 18 fwd in a 12-layer, every-4th network)
    is wrong for the handout: the regrade must not turn it into a changed verdict."""
    from tutor.sessions.logreader import Event
    from tutor.sessions.regrade import regrade_events

    start = Event(1, "2025-01-01T00:00:00Z", 0.0, "session_start", {"content_hash": "x"})
    variant = {"box": "5a.fwd", "raw": "18", "verdict": "correct", "note": "correct"}
    variant.update(seed=7, params={"layers": 12, "every": 4})
    attempt = Event(2, "2025-01-01T00:00:05Z", 5.0, "attempt", variant)
    handout = {"box": "5a.fwd", "raw": "18", "verdict": "correct", "note": "correct"}
    forged_handout = Event(3, "2025-01-01T00:00:09Z", 9.0, "attempt", handout)
    changes: list = []
    out = list(
        regrade_events([start, attempt, forged_handout], Regrader(CONTENT, disk=False), changes)
    )
    assert out[1] is attempt  # kept as logged
    assert [c.seq for c in changes] == [3]  # the same answer logged for the handout is caught
    assert out[2].data["verdict"] == "incorrect"


def _class_of_six(tmp_path):
    """Six students, two sessions each, a corrupt line in one late session and an empty file."""
    from datetime import timedelta

    from class_helpers import START

    logs = tmp_path / "class"
    answers = [("5a.fwd", "45"), ("5a.fwd", "20"), ("1a.value", "d1"), ("1a.value", "((")]
    for k in range(6):
        for s in range(2):
            steps = [("open", "5a"), ("hint", "5a.fwd", 1)]
            steps += [("attempt", box, raw) for box, raw in answers[k % 3 : k % 3 + 2 + s]]
            last = session(
                logs / f"stu{k}",
                steps,
                student=f"stu{k}",
                start=START + timedelta(days=k, hours=3 * s),
            )
    with last.open("a", encoding="utf-8") as f:
        f.write("{not json\n")
    (logs / "stu5" / "20250101T000000.000Z-empty.jsonl").write_text("")
    return logs


def _helper_read_everything(regrader, found, monkeypatch, *, kill=False):
    """The helper started before this process reads anything, and (unless ``kill``) left to
    claim and spool every session."""
    import tutor.sessions.regrader as regrader_module

    monkeypatch.setattr(regrader_module, "HELPER_MIN_SOURCES", 1)
    regrader.plan_helper(found.locations(), 2, helper_main)
    regrader._start_helper()
    helper = regrader.helper
    assert helper is not None
    if kill:
        helper._proc.kill()
        return
    deadline = time.monotonic() + 120
    while not helper.done and time.monotonic() < deadline:
        helper.collect(regrader)
        time.sleep(0.05)
    assert helper.done


def _remove_read(logs):
    """Every session file with events removed (the empty one, which holds no session to hand
    over, is left for this process to find empty)."""
    for path in logs.rglob("*.jsonl"):
        if path.stat().st_size:
            path.unlink()


def _rows(book):
    return [replace(r, changes=()) for r in book.rows], [c.to_json() for c in book.changes]


@pytest.mark.parametrize("kill", [False, True])
def test_sessions_the_helper_read_give_the_same_gradebook_as_reading_them_here(
    tmp_path, monkeypatch, kill
):
    """The helper claims sessions ahead of this process and hands them over read and judged: the
    gradebook (rows, changed verdicts, the reader's warnings) is the one a single process makes,
    even once the files are gone (so this process did not read them again); a helper that dies
    leaves every session to this process."""
    from tutor.cli.regrading import class_regrader
    from tutor.sessions.gradebook import build_gradebook
    from tutor.sessions.sources import collect

    logs = _class_of_six(tmp_path)
    found = collect([str(logs)], None)
    alone = class_regrader(CONTENT, disk=False)
    expected = build_gradebook(found, CONTENT, alone)
    alone.close()
    assert any("line 1" in w or "not json" in w or "corrupt" in w for w in expected.warnings)
    assert len(expected.rows) == 6

    shared = class_regrader(CONTENT, disk=False)
    _helper_read_everything(shared, found, monkeypatch, kill=kill)
    if not kill:
        _remove_read(logs)  # everything read must come from the helper's spool now
    try:
        book = build_gradebook(found, CONTENT, shared)
    finally:
        shared.close()
    assert _rows(book) == _rows(expected) and book.warnings == expected.warnings
    if not kill:
        assert shared.checked == 0 and shared.helped == alone.checked


def test_sessions_the_helper_read_give_the_same_class_review(tmp_path, monkeypatch):
    from tutor.cli.regrading import class_regrader
    from tutor.sessions.classreview import class_review
    from tutor.sessions.sources import collect

    logs = _class_of_six(tmp_path)
    found = collect([str(logs)], None)
    alone = class_regrader(CONTENT, disk=False)
    expected = class_review(found, alone)
    alone.close()
    shared = class_regrader(CONTENT, disk=False)
    _helper_read_everything(shared, found, monkeypatch)
    _remove_read(logs)
    try:
        review = class_review(found, shared)
    finally:
        shared.close()
    assert review.summary.to_json() == expected.summary.to_json()
    assert review.extras.to_json() == expected.extras.to_json()
    assert review.warnings == expected.warnings and shared.checked == 0


def test_a_command_with_a_forked_helper_prints_what_one_process_prints(tmp_path):
    """``gradebook`` and ``review --json`` as commands (a fresh interpreter: the helper is forked
    where it can be), any class size given a helper: the same output as with ``--jobs 1``."""
    import os
    import subprocess

    logs = _class_of_six(tmp_path)
    # any class gets a helper; once it is there, this process waits until the helper has taken
    # a session (so it takes a share however fast this process is), and the sessions replayed
    # from its spool are counted
    script = (
        "import os, sys, time\n"
        "import tutor.sessions.regrader as regrader\n"
        "regrader.HELPER_MIN_SOURCES = 1\n"
        "spooled, used = regrader.Regrader.spooled, []\n"
        "def waiting(self, index):\n"
        "    deadline = time.monotonic() + 60\n"
        "    while self.helper is not None and not self.helper.done and \\\n"
        "            2 not in self.helper._claims[1:] and time.monotonic() < deadline:\n"
        "        time.sleep(0.01)\n"
        "    stream = spooled(self, index)\n"
        "    used.append(stream is not None)\n"
        "    return stream\n"
        "regrader.Regrader.spooled = waiting\n"
        "from tutor.cli.entry import main\n"
        "code = main(sys.argv[1:])\n"
        "open(os.environ['SPOOLED_TO'], 'w').write(str(sum(used)))\n"
        "sys.exit(code)\n"
    )
    for command in (["gradebook", "--format", "json", "--no-cache"], ["review", "--json"]):
        printed = []
        # review's third run finds every judgment cached: its helper still shares the reading
        for jobs in ("1", "2", "2") if command[0] == "review" else ("1", "2"):
            cache = tmp_path / f"cache{jobs}{command[0]}"
            proc = subprocess.run(
                [sys.executable, "-c", script, command[0], str(logs), *command[1:], "--jobs", jobs],
                capture_output=True,
                text=True,
                env={
                    **os.environ,
                    "HW3_TUTOR_CACHE_DIR": str(cache),
                    "SPOOLED_TO": str(tmp_path / "spooled"),
                },
                timeout=300,
            )
            printed.append((proc.returncode, proc.stdout, proc.stderr))
            spooled = int((tmp_path / "spooled").read_text())
            assert spooled > 0 if jobs == "2" else spooled == 0
        assert printed[0][0] == 0 and printed[0][1]
        if command[0] == "review":  # answers judged by either process count, each once
            first, cached = json.loads(printed[0][1]), json.loads(printed.pop()[1])
            judged = first["regrade"]["judged"]
            assert judged == json.loads(printed[1][1])["regrade"]["judged"] > 0
            assert cached.pop("regrade") == {
                **first.pop("regrade"),
                "judged": 0,
                "from_cache": judged,
            }
            assert cached == first
        assert printed[1] == printed[0]


def test_cached_judgments_are_dropped_when_any_checker_source_changes(tmp_path):
    """The judgment cache is keyed by the checker's source, subpackages included: a change in
    ``checking/derivation/`` (which changes verdicts) makes the next run judge again."""
    from tutor.sessions.fingerprint import source_fingerprint

    (tmp_path / "checking" / "derivation").mkdir(parents=True)
    (tmp_path / "inputlang").mkdir()
    (tmp_path / "checking" / "judge.py").write_text("A = 1\n")
    line = tmp_path / "checking" / "derivation" / "judging.py"
    line.write_text("B = 1\n")
    (tmp_path / "inputlang" / "parser.py").write_text("C = 1\n")
    before = source_fingerprint(tmp_path)
    assert source_fingerprint(tmp_path) == before  # stable
    line.write_text("B = 2\n")
    assert source_fingerprint(tmp_path) != before
    line.write_text("B = 1\n")
    (tmp_path / "checking" / "derivation" / "judging.py").rename(
        tmp_path / "checking" / "derivation" / "steps.py"
    )
    assert source_fingerprint(tmp_path) != before  # a file moved is a change too


def test_a_spool_left_by_a_killed_regrade_is_removed_by_the_next(tmp_path, monkeypatch):
    """A regrade killed outright (SIGKILL) runs no cleanup: its spool, a copy of every session
    its helper read, stayed in the temporary directory for good. The next regrade's helper
    removes the folders whose process is gone, and only those."""
    import os
    import subprocess
    import tempfile

    from tutor.sessions.judgeahead import SPOOL_PREFIX, Helper

    if os.name != "posix":
        pytest.skip("process ids are tested with POSIX signals")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        stale = tmp_path / f"{SPOOL_PREFIX}{gone.pid}-abc"
        alive = tmp_path / f"{SPOOL_PREFIX}{running.pid}-def"
        unnamed = tmp_path / f"{SPOOL_PREFIX}xyz123"  # an older version's: whose is unknown
        other = tmp_path / "something-else"
        for folder in (stale, alive, unnamed, other):
            folder.mkdir()
            (folder / "sessions.spool").write_bytes(b"x" * 1000)
        logs = tmp_path / "logs"
        logs.mkdir()
        path = session(logs, [("attempt", "1a.value", "1/sqrt(d1)")], student="s1")
        helper = Helper(CONTENT, [(str(path), None)], None, helper_main, spool=True)
        try:
            mine = helper._dir
            assert mine is not None and mine.name.startswith(f"{SPOOL_PREFIX}{os.getpid()}-")
            assert not stale.exists()
            assert alive.exists() and unnamed.exists() and other.exists()
        finally:
            helper.stop()
        assert not mine.exists()  # its own, removed as before when it stops
    finally:
        running.kill()
        running.wait()


def test_every_reason_has_its_words_in_the_class_summary():
    from typing import get_args

    from tutor.sessions.regrade import REASONS, Reason

    assert set(REASONS) == set(get_args(Reason))


PRINTS = (
    "from tutor.paths import packaged_content_dir\n"
    "from tutor.sessions.judgments import judging_print\n"
    "from tutor.variants.engine import instantiate, load\n"
    "c = load(packaged_content_dir())\n"
    "boxes = list(c.boxes.values()) + list(instantiate(c, '5a', seed=3).boxes.values())\n"
    "print(' '.join(judging_print(b) for b in boxes))\n"
)


def test_a_boxs_fingerprint_is_the_same_in_every_run():
    """The cache is found by the box's fingerprint: it must not depend on the process (the
    hash seed that orders sets), or no later run would find a judgment."""
    import os
    import subprocess

    runs = {
        subprocess.run(
            [sys.executable, "-c", PRINTS],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    }
    (prints,) = runs
    assert len(prints.split()) > len(CONTENT.boxes)  # the variant's boxes too


def test_what_the_helper_judged_is_cached_for_the_next_run(tmp_path, monkeypatch):
    """The helper's judgments reach the cache file under their box's fingerprint: the next
    gradebook of the class judges nothing."""
    from tutor.cli.regrading import class_regrader
    from tutor.sessions.gradebook import build_gradebook
    from tutor.sessions.sources import collect

    logs = _class_of_six(tmp_path)
    found = collect([str(logs)], None)
    path = tmp_path / "judgments.jsonl"
    shared = Regrader(CONTENT, variants=class_regrader(CONTENT, disk=False)._variants, disk=path)
    _helper_read_everything(shared, found, monkeypatch)
    try:
        first = build_gradebook(found, CONTENT, shared)
    finally:
        shared.close()
    assert shared.helped > 0 and shared.checked == 0
    judge = CountingJudge()
    again = Regrader(CONTENT, judge, variants=shared._variants, disk=path)
    second = build_gradebook(collect([str(logs)], None), CONTENT, again)
    again.close()
    assert judge.calls == 0 and again.reused == shared.helped
    assert _rows(second) == _rows(first)
