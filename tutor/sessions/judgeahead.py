"""A second process judging a class's answers ahead, from the far end (the machine's other core).

The main process regrades the class from the front; the helper (``Helper``, running
``judge_ahead``) judges the answers from the back, and they tell each other what they judged, so
little is judged twice. The helper's entry function lives in a layer that may import both
``tutor.sessions`` and ``tutor.variants`` (``tutor.cli.regrading``): it opens the content with
its variants and hands ``judge_ahead`` a regrader of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from tutor.content.model import Content
from tutor.sessions.judgments import Judgment, JudgmentKey, variant_of

if TYPE_CHECKING:
    from tutor.sessions.regrader import Regrader

HELPER_MIN_SOURCES = 200  # fewer session files than this: one process is quick enough
HELPER_AFTER = 300  # answers judged here (the cache is cold) before a helper is started
Source = tuple[str, "str | None"]  # a session file, or (hand-in, member name)


HelperEntry = Callable[..., None]
"""A helper process's function: ``entry(content_dir, content_hash, cache_path | None, sources,
results, told)``; it opens the content (with its variants) and calls ``judge_ahead``. It lives
in a layer that may import both ``tutor.sessions`` and ``tutor.variants`` and is given by
reference (the process is spawned: the function is found by its module and name)."""


def judge_ahead(
    open_regrader: Callable[[], Regrader | None], sources: Iterable[Source], results, told
) -> None:
    """The helper's loop: judge every answer of ``sources`` (in order) not judged yet, sending
    each session's judgments back; skip what the main process says it judged. The regrader
    comes from ``open_regrader`` (None: the content is not the main process's: judge nothing).
    Ends by sending None, whatever happens."""
    import queue

    from tutor.errors import UserError
    from tutor.sessions.sources import open_location

    try:
        regrader = open_regrader()
        if regrader is None:
            return
        skip: set[JudgmentKey] = set()
        for source in sources:
            while True:
                try:
                    key = told.get_nowait()
                except queue.Empty:
                    break
                if key is None:
                    return
                skip.add(tuple(key))
            batch = []
            try:
                stream = open_location(source)  # the same checking reader as the main process
            except UserError:
                continue
            with stream:
                for event in stream:
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
                    j = regrader.judge(box, raw, variant)
                    if j is not None:
                        batch.append((key, j.verdict, j.note, j.interpreted, j.feedback))
            if batch:
                results.put(batch)
    except Exception:  # noqa: BLE001 - the main process judges whatever the helper did not
        pass
    finally:
        results.put(None)


class Helper:
    """A second process that judges a class's answers from the far end of the list while this
    process works from the front; they tell each other what they judged, so little is judged
    twice. Its judgments come from the same content (the hash is checked) and the same checker
    code. Any failure just leaves the work to this process."""

    def __init__(
        self, content: Content, sources: list[Source], cache: Path | None, entry: HelperEntry
    ) -> None:
        import multiprocessing

        ctx = multiprocessing.get_context("spawn")
        self._results = ctx.Queue()
        self._told = ctx.Queue()
        self._proc = ctx.Process(
            target=entry,
            args=(
                content.directory,
                content.content_hash,
                str(cache) if cache is not None else None,
                sources,
                self._results,
                self._told,
            ),
            daemon=True,
            name="hw3-tutor-regrade-helper",
        )
        self._proc.start()
        self.done = False

    def collect(self, regrader: Regrader) -> None:
        """Take in what the helper judged so far (never waits)."""
        import queue

        while not self.done:
            try:
                batch = self._results.get_nowait()
            except queue.Empty:
                return
            except (OSError, EOFError, ValueError):
                self.done = True
                return
            if batch is None:
                self.done = True
                return
            for key, verdict, note, interpreted, feedback in batch:
                regrader.absorb(tuple(key), Judgment(verdict, note, interpreted, feedback))

    def tell(self, key: JudgmentKey) -> None:
        if not self.done:
            try:
                self._told.put(key)
            except (OSError, ValueError):
                self.done = True

    def stop(self) -> None:
        """End the helper now: whatever it would still judge is no longer needed."""
        if self._proc.is_alive():
            self._proc.kill()
        self._proc.join(2)
        for q in (self._results, self._told):
            q.cancel_join_thread()
            q.close()
