"""The UI's checker adapter (``tutor.ui.checking.WorkerChecker``): a preview is only ever
superseded by a newer preview of the same box, never by the start-up warm-up reading that box.

Found in the tmux test of a derivation: under load the warm-up's reading of 5c.derive was
asked for while the student's first preview of it waited for the reader, the student's
preview was dropped as "superseded", and the box showed no reading at all."""

from __future__ import annotations

import threading

import shipped_content

from tutor.checking.readas import read_as
from tutor.ui.checking import WorkerChecker

BOX = shipped_content.handout().boxes["5c.derive"]
WORKING = "20*20 + 10*10 = 10 t\n500 = 10 t\nt = 40"


class _Reader:
    """The reader process, in this process (what it returns is the point, not the process)."""

    def read_as(self, box, answer):
        return read_as(box, answer)


def _checker() -> WorkerChecker:
    checker = WorkerChecker()
    checker._get_reader = _Reader  # type: ignore[method-assign]
    return checker


def _waiting(checker: WorkerChecker, call) -> tuple[threading.Thread, list]:
    """``call`` started in a thread while the reader is busy (its lock held by the test)."""
    out: list = []
    thread = threading.Thread(target=lambda: out.append(call()))
    thread.start()
    return thread, out


def test_a_waiting_preview_is_read_when_the_warm_up_reads_the_same_box():
    checker = _checker()
    with checker._read_lock:  # the reader is busy: both calls wait for it
        preview, got = _waiting(checker, lambda: checker.read_as(BOX, WORKING))
        while checker._asked.get(BOX.id) != 1:  # the preview has asked, and waits
            pass
        warm, _ = _waiting(checker, lambda: checker.warm_read(BOX, "t = 50"))
    preview.join(10)
    warm.join(10)
    (reading,) = got
    assert reading.ok and "3  t = 40" in reading.text


def test_a_newer_preview_of_the_same_box_still_supersedes_a_waiting_one():
    checker = _checker()
    with checker._read_lock:
        older, got_older = _waiting(checker, lambda: checker.read_as(BOX, "500 = 10 t"))
        while checker._asked.get(BOX.id) != 1:
            pass
        newer, got_newer = _waiting(checker, lambda: checker.read_as(BOX, WORKING))
        while checker._asked.get(BOX.id) != 2:
            pass
    older.join(10)
    newer.join(10)
    assert got_older[0].text == ""  # superseded: only the newest reading is shown
    assert "3  t = 40" in got_newer[0].text


def test_the_warm_up_reads_answers_without_asking_for_previews():
    from tutor.ui.warm import warm_up

    calls: list[str] = []

    class Recording:
        def warm_up(self):
            pass

        def check(self, box, answer):
            calls.append("check")

        def read_as(self, box, answer):
            calls.append("read_as")  # a preview: it would supersede the student's

        def warm_read(self, box, answer):
            calls.append("warm_read")

    warm_up(Recording(), shipped_content.handout(), "5c")
    assert "warm_read" in calls and "read_as" not in calls
