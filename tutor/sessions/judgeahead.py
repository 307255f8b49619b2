"""A second process sharing a class's regrade (the machine's other core): it takes sessions
ahead of the main process, reads and judges them, and hands them over read.

The main process goes through the sessions in order; the helper (``Helper``, running
``judge_ahead``) claims them one at a time a little ahead of it (``AHEAD`` sessions; a shared
table says who took each, so each session is taken by exactly one of them, and the main process
takes in order whatever the helper has not), reads each through the same checking reader,
judges its answers and writes its events to a spool file. So the two work side by side to the
end, with no long stretch left for one of them. The
main process replays a session the helper claimed from the spool (``Helper.stream``: the very
events the reader gave, with the reader's warnings) instead of reading and judging it again, so
both processes share the reading and the judging, and every figure is made by the same code,
in the same order, as with one process. They tell each other what they judged, so little is
judged twice. Anything the helper could not do (a session it could not open, a failure, the
process gone) the main process does itself.

The helper's entry function lives in a layer that may import both ``tutor.sessions`` and
``tutor.variants`` (``tutor.cli.regrading``): it opens the content with its variants and hands
``judge_ahead`` a regrader of its own.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from tutor.content.model import Content
from tutor.sessions.judgments import Judgment, JudgmentKey, variant_of
from tutor.sessions.logreader import Event

if TYPE_CHECKING:
    from tutor.sessions.regrader import Regrader

HELPER_MIN_SOURCES = 200  # fewer session files than this: one process is quick enough
AHEAD = 32  # sessions ahead of the main process the helper takes its next one (see _claim_ahead)
SPOOL_CHUNK = 256  # events per spooled chunk (what the main process holds at once)
TELL_BATCH = 64  # judgments made here told to the helper at once (and at each session)
WAIT_STEP = 0.2  # s between checks that the helper is still alive while waiting for it
Source = tuple[str, "str | None"]  # a session file, or (hand-in, member name)


SPOOL_PREFIX = "hw3-tutor-regrade-"  # then the process's id and a dash: whose spool it is


def spool_dir() -> Path:
    """A new folder for this process's spool, in the temporary directory; the folders regrades
    killed before they could clean up left there are removed first (``sweep_spools``)."""
    import tempfile

    sweep_spools(Path(tempfile.gettempdir()))
    return Path(tempfile.mkdtemp(prefix=f"{SPOOL_PREFIX}{os.getpid()}-"))


def sweep_spools(where: Path) -> None:
    """Remove the spool folders in ``where`` whose process is gone: a regrade killed outright
    (SIGKILL, the machine stopped) runs no cleanup, and its spool holds a copy of every session
    its helper read, tens of MB for a large class. Only this user's folders, named
    ``SPOOL_PREFIX`` + a process id + ``-``, whose process no longer runs; never on a system
    without POSIX signals (there a test of a process id would end it)."""
    import shutil

    if os.name != "posix":
        return
    try:
        entries = list(os.scandir(where))
    except OSError:
        return
    for entry in entries:
        if not entry.name.startswith(SPOOL_PREFIX):
            continue
        pid_text, dash, _ = entry.name[len(SPOOL_PREFIX) :].partition("-")
        if not dash or not pid_text.isdigit() or len(pid_text) > 10:
            continue  # not a folder this version names (or a spool from before it named them)
        pid = int(pid_text)
        try:
            if (
                not entry.is_dir(follow_symlinks=False)
                or entry.stat(follow_symlinks=False).st_uid != os.getuid()
            ):
                continue
            if pid == os.getpid() or pid <= 1:
                continue
            os.kill(pid, 0)
            continue  # its process still runs (or a process reusing its id: left alone)
        except ProcessLookupError:
            pass
        except OSError:
            continue  # another user's process, or the folder went: left alone
        shutil.rmtree(entry.path, ignore_errors=True)


HelperEntry = Callable[..., None]
"""A helper process's function: ``entry(content_dir, content_hash, cache_path | None, sources,
results, told, claims, spool=None)``; it opens the content (with its variants) and calls
``judge_ahead``. It lives in a layer that may import both ``tutor.sessions`` and
``tutor.variants`` and is given by reference (where the process is spawned rather than forked,
the function is found by its module and name)."""


def _claim_ahead(claims: Any, after: int) -> int | None:
    """The session the helper takes next, or None when none is left: the first not taken at or
    after ``after`` and at least ``AHEAD`` sessions past the one the main process is at (so
    that it is read by the time the main process gets there), else the first not taken after
    that one. ``claims``: [the main process's session, then each session's taker: 0 none,
    1 the main process, 2 the helper]."""
    with claims.get_lock():
        n = len(claims) - 1
        at = claims[0]
        for start in (max(after, at + AHEAD), at + 1):
            for index in range(max(start, 0), n):
                if claims[index + 1] == 0:
                    claims[index + 1] = 2
                    return index
        return None


def judge_ahead(
    open_regrader: Callable[[], Regrader | None],
    sources: Sequence[Source],
    results: Any,
    told: Any,
    claims: Any,
    spool: str | None = None,
) -> None:
    """The helper's loop: claim sessions ahead of the main process (``claims``, shared with it:
    see ``_claim_ahead``), read each, judge every
    answer not judged yet, and send the judgments back with the session: with ``spool``, its
    events are appended to that file and announced (``("spooled", index, judgments, chunks,
    warnings)``), else, or when the session cannot be read, ``("skipped", index, judgments)``.
    Skips what the main process says it judged. The regrader comes from ``open_regrader``
    (None: the content is not the main process's: nothing is done). Ends by sending None,
    whatever happens."""
    import queue

    from tutor.errors import UserError
    from tutor.sessions.sources import open_location

    out: IO[bytes] | None = None
    try:
        regrader = open_regrader()
        if regrader is None:
            return
        if spool is not None:
            out = open(spool, "ab")  # noqa: SIM115 - kept open across sessions, closed below
        skip: set[JudgmentKey] = set()
        after = 0
        while True:
            index = _claim_ahead(claims, after)
            if index is None:
                return
            after = index + 1
            while True:
                try:
                    keys = told.get_nowait()
                except queue.Empty:
                    break
                if keys is None:
                    return
                skip.update(tuple(key) for key in keys)
            batch: list[tuple] = []
            chunks: list[tuple[int, int]] = []
            pending: list[Event] = []
            try:
                stream = open_location(sources[index])  # the same checking reader
            except UserError:
                results.put(("skipped", index, []))
                continue
            with stream:
                for event in stream:
                    if out is not None:
                        pending.append(event)
                        if len(pending) >= SPOOL_CHUNK:
                            chunks.append(_write(out, pending))
                            pending = []
                    if event.type != "attempt":
                        continue
                    data = event.data
                    box, raw = data["box"], data.get("raw")
                    if not isinstance(raw, str):
                        continue
                    variant = variant_of(data)
                    key = (variant.cache_key, box, raw)
                    if key in skip or regrader.known(key):
                        continue
                    found = regrader.reused
                    j = regrader.judge(box, raw, variant)
                    if j is not None and regrader.reused == found:  # not from the cache file
                        printed = regrader.print_of(box, variant)
                        batch.append((key, printed, j.verdict, j.note, j.interpreted, j.feedback))
            if out is None or stream.count == 0:
                results.put(("skipped", index, batch))
                continue
            if pending:
                chunks.append(_write(out, pending))
            out.flush()
            results.put(("spooled", index, batch, chunks, list(stream.warnings)))
    except Exception:  # noqa: BLE001 - the main process does whatever the helper did not
        pass
    finally:
        if out is not None:
            try:
                out.close()
            except OSError:
                pass
        results.put(None)


def _write(out: IO[bytes], events: list[Event]) -> tuple[int, int]:
    data = pickle.dumps(events, protocol=pickle.HIGHEST_PROTOCOL)
    offset = out.tell()
    out.write(data)
    return offset, len(data)


_INHERITED: Content | None = None  # the content a forked helper starts with (see ``inherited``)


def inherited(content_hash: str) -> Content | None:
    """The main process's content, as a forked helper inherited it (its hash checked): its
    boxes, and everything the checker remembers of them, need not be built again."""
    content = _INHERITED
    if content is not None and content.content_hash == content_hash:
        return content
    return None


class SpooledStream:
    """A session the helper read, replayed from its spool: the events the checking reader gave
    there, then (``warnings``) what it said of the file. Iterated once, like ``SessionStream``."""

    def __init__(self, spool: Path, chunks: list[tuple[int, int]], warnings: list[str]) -> None:
        self._spool = spool
        self._chunks = chunks
        self.warnings: list[str] = []
        self._said = list(warnings)

    def __enter__(self) -> SpooledStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._chunks = []

    def __iter__(self) -> Iterator[Event]:
        chunks, self._chunks = self._chunks, []
        try:
            with open(self._spool, "rb") as f:
                for offset, length in chunks:
                    f.seek(offset)
                    yield from pickle.loads(f.read(length))  # noqa: S301 - our own spool
        except (OSError, EOFError, pickle.UnpicklingError) as exc:
            self._said.append(f"{self._spool}: reading the helper's copy stopped ({exc})")
        finally:
            self.warnings, self._said = self._said, []


class Helper:
    """A second process that claims a class's sessions a little ahead of this process (which
    goes through them in order), reads and judges them, and spools them for this process
    (``stream``); they tell each other what they judged, so little is judged twice. Its
    judgments come from the same content (the hash is checked) and the same checker code. Any
    failure just leaves the work to this process.

    ``start``: the sessions before it are this process's already; ``spool``: hand the sessions
    over read (else the helper only judges ahead, and this process reads every session)."""

    def __init__(
        self,
        content: Content,
        sources: list[Source],
        cache: Path | None,
        entry: HelperEntry,
        *,
        start: int = 0,
        spool: bool = False,
    ) -> None:
        import multiprocessing
        import sys
        import threading

        # Forked where that is safe (Linux; this process runs no threads yet): the helper starts
        # with the modules, the content and the checker this process has already loaded, in a
        # few ms instead of a new interpreter's second or so; elsewhere a new interpreter.
        fork = (
            sys.platform.startswith("linux")
            and "fork" in multiprocessing.get_all_start_methods()
            and threading.active_count() == 1
        )
        ctx: Any = multiprocessing.get_context("fork" if fork else "spawn")
        global _INHERITED
        _INHERITED = content if fork else None
        self._results = ctx.Queue()
        self._told = ctx.Queue()
        start = min(start, len(sources))
        # [the session this process is at, then each session's taker: 0 none yet, 1 this
        # process, 2 the helper]
        self._claims = ctx.Array("q", [start - 1] + [1] * start + [0] * (len(sources) - start))
        self._dir: Path | None = None
        self._spool: Path | None = None
        if spool:
            self._dir = spool_dir()
            self._spool = self._dir / "sessions.spool"
            self._spool.touch(0o600)
        self.ready: dict[int, tuple[list[tuple[int, int]], list[str]] | None] = {}
        self._telling: list[JudgmentKey] = []  # judged here, not told yet
        self._proc = ctx.Process(
            target=entry,
            args=(
                content.directory,
                content.content_hash,
                str(cache) if cache is not None else None,
                sources,
                self._results,
                self._told,
                self._claims,
                str(self._spool) if self._spool is not None else None,
            ),
            daemon=True,
            name="hw3-tutor-regrade-helper",
        )
        try:
            for stream in (sys.stdout, sys.stderr):  # never written twice by a forked copy
                try:
                    stream.flush()
                except (OSError, ValueError, AttributeError):
                    pass
            self._proc.start()
        except BaseException:
            self._remove_spool()
            raise
        self.done = False

    def claim(self, index: int) -> bool:
        """Whether this process reads session ``index`` itself (True: it is claimed for this
        process now) or the helper claimed it (then ``stream`` gives it)."""
        self._tell()  # what this process judged in the sessions before
        with self._claims.get_lock():
            self._claims[0] = index
            if self._claims[index + 1] == 0:
                self._claims[index + 1] = 1
            return bool(self._claims[index + 1] == 1)

    def stream(self, index: int, regrader: Regrader) -> SpooledStream | None:
        """Session ``index`` as the helper read it, once it has (waits, taking in what it
        judged meanwhile); None when this process must read it itself (the helper could not,
        or is gone)."""
        import queue

        while index not in self.ready and not self.done:
            try:
                message = self._results.get(timeout=WAIT_STEP)
            except queue.Empty:
                if not self._proc.is_alive():
                    self.collect(regrader)  # what it sent before it ended
                    self.done = True
                continue
            except (OSError, EOFError, ValueError):
                self.done = True
                break
            self._take(message, regrader)
        entry = self.ready.pop(index, None)
        if entry is None or self._spool is None:
            return None
        chunks, warnings = entry
        return SpooledStream(self._spool, chunks, warnings)

    def collect(self, regrader: Regrader) -> None:
        """Take in what the helper judged so far (never waits)."""
        import queue

        while not self.done:
            try:
                message = self._results.get_nowait()
            except queue.Empty:
                return
            except (OSError, EOFError, ValueError):
                self.done = True
                return
            self._take(message, regrader)

    def _take(self, message: Any, regrader: Regrader) -> None:
        if message is None:
            self.done = True
            return
        for key, printed, verdict, note, interpreted, feedback in message[2]:
            regrader.absorb(tuple(key), Judgment(verdict, note, interpreted, feedback), printed)
        if message[0] == "spooled":
            self.ready[message[1]] = (message[3], message[4])
        else:  # "skipped": this process reads it
            self.ready[message[1]] = None

    def tell(self, key: JudgmentKey) -> None:
        """The helper need not judge ``key`` (this process did); said in batches (each message
        costs this process a wake-up of the queue's thread)."""
        if not self.done:
            self._telling.append(key)
            if len(self._telling) >= TELL_BATCH:
                self._tell()

    def _tell(self) -> None:
        keys, self._telling = self._telling, []
        if keys and not self.done:
            try:
                self._told.put(keys)
            except (OSError, ValueError):
                self.done = True

    def stop(self) -> None:
        """End the helper now: whatever it would still do is no longer needed."""
        if self._proc.is_alive():
            self._proc.kill()
        self._proc.join(2)
        for q in (self._results, self._told):
            q.cancel_join_thread()
            q.close()
        self._remove_spool()

    def _remove_spool(self) -> None:
        if self._dir is None:
            return
        for path in (self._spool, self._dir):
            try:
                if path is not None:
                    os.unlink(path) if path.is_file() else os.rmdir(path)
            except OSError:
                pass
