"""Regrade, never trust: every logged answer judged again with the current content.

A log says which answer was typed and what the tutor said of it. The verdict may be stale (the
key was edited since, or the checker was updated) or false (the log was edited). So the
gradebook, ``review`` and the tutor's resume judge the typed answer again with today's content
(``tutor.checking.judge.check``) and use that verdict; a logged verdict that differs is
reported as a :class:`VerdictChange`, with the likely reason:

- ``key-changed``: the session was recorded with other content (its ``content_hash`` differs);
- ``checker-changed``: same content, another tutor version (the checker itself changed);
- ``log-altered``: same content, same tutor: the log does not say what the tutor said.

An answer to a practice variant is judged by the box *of that variant*: its parameters as
logged (or its seed when no parameters were logged) are turned into the variant's box by a
``BoxResolver`` the layer above passes in (``tutor.variants.engine.box_variant`` over the
content: ``tutor.sessions`` may not import ``tutor.variants``). A variant whose parameters no
longer hold under today's content keeps its logged verdict and is listed in
``Regrader.unresolved``; without a resolver every variant's answer keeps its logged verdict.

Judgments are cached by (variant, box, answer): a class types the same answers again and again. The
cache lives in memory and, unless turned off, in a JSON Lines file in the cache directory
(``$HW3_TUTOR_CACHE_DIR`` or the user cache dir, ``judgments/``) named by the content hash and
a fingerprint of the checker's own source, so an edited key or an updated checker never meets
an old judgment. The file is read with types checked and sizes bounded, like any log.

An answer the checker failed on (``invalid:timeout``, ``invalid:error``) has no verdict: its
logged one is kept. So is an answer to a box the current content does not have.

The regrade works on events as they stream by (:func:`regrade_events`, and
:class:`LearnerRegrade` for one learner's sessions in turn), so a class is regraded without
holding its sessions; events come from the session log's checking reader, every field typed.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final, Literal, NamedTuple, Protocol

from tutor import __version__
from tutor.content.loader import BoxSpec, Content
from tutor.sessions.log import HANDOUT_KEY, Event, Session, variant_key
from tutor.sessions.progress import BoxProgress, Progress, better_verdict
from tutor.textsafe import bounded
from tutor.verdicts import VERDICT_RANK

# The checker gave no verdict (it ran out of time or failed): keep what the log says.
NO_VERDICT_NOTES = frozenset({"invalid:timeout", "invalid:error"})
MAX_CACHED_ANSWER = 2_000  # longer answers are judged (instantly invalid) but never cached
MAX_CACHE_FILE = 64 * 1024 * 1024  # a judgment cache file larger than this is ignored
MAX_TEXT = 4_000  # feedback/interpreted/note kept from a cache line at most this long
MAX_LOGGED = 80  # characters of a logged verdict or note kept in a VerdictChange
CHANGE_ANSWER_KEEP: Final = 500  # characters of an answer kept in a VerdictChange
MAX_CHANGES: Final = 10_000  # changed verdicts listed per learner (the rest are counted)
MAX_TRACKED_BOXES: Final = 2_000  # boxes a learner's regrade remembers (solved, seen)

Reason = Literal["key-changed", "checker-changed", "log-altered"]
REASONS: dict[str, str] = {
    "key-changed": "recorded with other content (the key was edited since)",
    "checker-changed": "recorded by another tutor version (the checker changed)",
    "log-altered": "same content and tutor: the log does not say what the tutor said",
}


@dataclass(frozen=True)
class Judgment:
    """The current verdict on one answer."""

    verdict: str
    note: str
    interpreted: str
    feedback: str


JudgeFn = Callable[
    [BoxSpec, str], Any
]  # returns an object with verdict, note, interpreted, feedback


class BoxResolver(Protocol):
    """A box as it is in one variant of today's content (``functools.partial(box_variant,
    content)``); raises (any exception, its message reported) when the variant's parameters do
    not hold under today's content."""

    def __call__(
        self, box_id: str, *, seed: int | None, params: Mapping[str, Any] | None
    ) -> BoxSpec: ...


class VariantRef(NamedTuple):
    """The variant a logged attempt was answered in: ``label`` as ``variant_key`` names it
    (``handout``, ``seed:7``, ``set:layers=12``), and what the box is rebuilt from: its
    parameters as logged, else its seed."""

    label: str
    seed: int | None = None
    params: Mapping[str, Any] | None = None

    @property
    def cache_key(self) -> str:
        """What a judgment in this variant is cached under: the label, with the logged
        parameters when there are any (a seed names other numbers under other content)."""
        if self.params:
            return self.label + "|" + json.dumps(dict(self.params), sort_keys=True, default=str)
        return self.label


HANDOUT: Final = VariantRef(HANDOUT_KEY)
MAX_VARIANT_KEY: Final = 4_000  # characters of a cached judgment's variant key
MAX_UNRESOLVED: Final = 200  # unresolvable variants remembered (the rest are counted)


def variant_of(data: Mapping[str, Any]) -> VariantRef:
    """The variant of a logged attempt (its fields type-checked by the log reader)."""
    if "seed" not in data and "params" not in data:  # the usual case, quickly
        return HANDOUT
    label = variant_key(data)
    if label == HANDOUT_KEY:
        return HANDOUT
    params = data.get("params")
    if isinstance(params, Mapping) and params:
        return VariantRef(label, None, params)
    seed = data.get("seed")
    return VariantRef(label, seed if type(seed) is int else None, None)


JudgmentKey = tuple[str, str, str]  # (variant cache key, box id, answer)


def _in_process_check(box: BoxSpec, answer: str) -> Any:
    from tutor.checking.judge import check

    return check(box, answer)


_FINGERPRINT: str | None = None


def checker_fingerprint() -> str:
    """A hash of the checker's own source (``tutor/checking``, ``tutor/inputlang``) and the tutor
    version: cached judgments are only reused by the very checker that made them."""
    global _FINGERPRINT
    if _FINGERPRINT is None:
        digest = hashlib.sha256(__version__.encode())
        root = Path(__file__).resolve().parent.parent
        for package in ("checking", "inputlang"):
            for path in sorted((root / package).glob("*.py")):
                try:
                    digest.update(path.name.encode() + b"\0" + path.read_bytes())
                except OSError:
                    digest.update(path.name.encode() + b"\0?")
        _FINGERPRINT = digest.hexdigest()
    return _FINGERPRINT


def _cache_file(content_hash: str) -> Path:
    from tutor.paths import cache_dir

    safe = "".join(ch for ch in content_hash if ch.isalnum())[:32] or "nohash"
    return cache_dir() / "judgments" / f"{safe}-{checker_fingerprint()[:16]}.jsonl"


def _records(data: bytes) -> list:
    """The JSON values of a JSON Lines file: all at once when every line is whole (fast), else
    line by line, skipping what does not parse (a torn line: judged again when needed)."""
    text = data.decode("utf-8", errors="replace")
    lines = [line for line in text.split("\n") if line.strip()]
    try:
        values = json.loads("[" + ",".join(lines) + "]")
        if len(values) == len(lines):
            return values
    except (ValueError, RecursionError):
        pass
    out = []
    for line in lines:
        try:
            out.append(json.loads(line))
        except (ValueError, RecursionError):  # a line nested too deep: judged again too
            continue
    return out


class Regrader:
    """Judges logged answers with ``content``, caching by (variant, box id, answer).

    ``judge`` defaults to the checker in this process (batch use: the gradebook, review);
    the tutor passes its time-bounded worker. ``variants`` rebuilds a practice variant's box
    (without it, a variant's answer keeps its logged verdict). ``disk=False`` keeps the cache
    in memory only.
    """

    def __init__(
        self,
        content: Content,
        judge: JudgeFn | None = None,
        *,
        variants: BoxResolver | None = None,
        disk: bool | Path = True,
        write: bool = True,
    ) -> None:
        self.content = content
        self._judge = judge or _in_process_check
        self._variants = variants
        self._boxes: dict[tuple[str, str], BoxSpec | None] = {}  # (variant, box) -> its box
        self.unresolved: dict[str, str] = {}  # "box [variant]" -> why it cannot be rebuilt
        self.unresolved_answers = 0  # answers kept as logged because their variant is gone
        self._memory: dict[JudgmentKey, Judgment] = {}
        self.checked = 0  # answers judged by the checker in this run
        self.reused = 0  # answers found in the cache file
        self.failed = 0  # answers the checker could not judge (kept as logged)
        self.helped = 0  # answers judged by the helper process (``Helper``)
        self.cache_problem: str | None = None
        self._path: Path | None = None
        self._write = write
        self._pending: list[str] = []  # cache lines not yet appended to the file
        self.helper: Helper | None = None
        self._plan: list[Source] | None = None  # sources a helper would take (plan_helper)
        self._entry: HelperEntry | None = None
        self._helper_after = HELPER_AFTER  # answers judged here before the helper starts
        if disk:
            try:
                self._path = disk if isinstance(disk, Path) else _cache_file(content.content_hash)
            except Exception as exc:  # noqa: BLE001 - no cache directory: memory only
                self.cache_problem = f"judgments are not cached on disk ({exc})"
            if self._path is not None:
                self._load(self._path)

    @property
    def content_hash(self) -> str:
        return self.content.content_hash

    def box(self, box_id: str, variant: VariantRef = HANDOUT) -> BoxSpec | None:
        """``box_id`` as it is in ``variant`` today; None when the content has no such box or
        the variant cannot be rebuilt (then noted in ``unresolved``)."""
        handout = self.content.boxes.get(box_id)
        if handout is None or variant.label == HANDOUT_KEY:
            return handout
        at = (variant.cache_key, box_id)
        if at in self._boxes:
            return self._boxes[at]
        spec: BoxSpec | None = None
        if self._variants is not None:
            try:
                spec = self._variants(box_id, seed=variant.seed, params=variant.params)
            except Exception as exc:  # noqa: BLE001 - a variant gone stale keeps its verdicts
                name = f"{box_id} [{bounded(variant.label, 200)}]"
                if name in self.unresolved or len(self.unresolved) < MAX_UNRESOLVED:
                    first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                    self.unresolved[name] = bounded(first, 300)
        self._boxes[at] = spec
        return spec

    def unresolved_warning(self) -> str | None:
        """One line naming the variants whose answers kept their logged verdict, or None."""
        if not self.unresolved:
            return None
        shown = "; ".join(f"{name}: {why}" for name, why in list(self.unresolved.items())[:5])
        more = len(self.unresolved) - 5
        tail = f"; and {more} more" if more > 0 else ""
        n = self.unresolved_answers
        return (
            f"{n} answer{'s' if n != 1 else ''} to practice variants whose parameters do not "
            f"hold under the current content kept the logged verdict ({shown}{tail})"
        )

    def judge(self, box_id: str, raw: str, variant: VariantRef = HANDOUT) -> Judgment | None:
        """Today's verdict on ``raw`` in ``box_id`` of ``variant``; None when the content has no
        such box, the variant cannot be rebuilt, or the checker gave no verdict."""
        key = (variant.cache_key, box_id, raw)
        hit = self._memory.get(key)
        if hit is not None:
            return hit
        box = self.box(box_id, variant)
        if box is None:
            if box_id in self.content.boxes and variant.label != HANDOUT_KEY:
                if self._variants is not None:
                    self.unresolved_answers += 1
            return None
        if self.helper is not None:
            self.helper.collect(self)  # what the helper judged meanwhile
            hit = self._memory.get(key)
            if hit is not None:
                return hit
        elif self._plan is not None and self.checked >= self._helper_after:
            self._start_helper()
        try:
            v = self._judge(box, raw)
            judgment = Judgment(str(v.verdict), str(v.note), str(v.interpreted), str(v.feedback))
        except Exception:  # noqa: BLE001 - a checker failure is no verdict, never a crash
            self.failed += 1
            return None
        if judgment.note in NO_VERDICT_NOTES or judgment.verdict not in VERDICT_RANK:
            self.failed += 1
            return None
        self.checked += 1
        if len(raw) <= MAX_CACHED_ANSWER:
            self._memory[key] = judgment
            self._append(key, judgment)
            if self.helper is not None:
                self.helper.tell(key)
        return judgment

    def known(self, key: JudgmentKey) -> bool:
        return key in self._memory

    def absorb(self, key: JudgmentKey, judgment: Judgment) -> None:
        """A judgment made elsewhere (the helper process) by this same content and checker."""
        if key not in self._memory and key[1] in self.content.boxes:
            self._memory[key] = judgment
            self.helped += 1
            self._append(key, judgment)

    def plan_helper(
        self, sources: list[Source], jobs: int = 2, entry: HelperEntry | None = None
    ) -> None:
        """Let a second process judge ``sources`` (given from the far end): started at the
        first answer this process must judge itself when the cache holds fewer judgments than
        there are sessions (a class not graded before), else once this process has judged
        HELPER_AFTER answers (the cache turned out cold); never when nothing needs judging (no
        answer to a box of the content, or all of them cached). ``entry`` is the process's
        function (it loads the content and calls ``judge_ahead``; see ``Helper``). Does
        nothing with ``jobs=1``, no entry, few sources, or content not from a directory."""
        if (
            entry is not None
            and jobs >= 2
            and len(sources) >= HELPER_MIN_SOURCES
            and self.content.directory
        ):
            self._plan = sources
            self._entry = entry
            if self.reused < len(sources):
                self._helper_after = 0

    def _start_helper(self) -> None:
        plan, self._plan = self._plan, None
        try:
            assert self._entry is not None
            self.helper = Helper(self.content, plan or [], self._path, self._entry)
        except Exception as exc:  # noqa: BLE001 - no second process: this one does it all
            self.cache_problem = self.cache_problem or f"judging in one process ({exc})"

    def close(self) -> None:
        """Stop the helper (if any) and write the judgments still pending to the cache file."""
        if self.helper is not None:
            self.helper.stop()
            self.helper = None
        self.flush()

    # -- the cache file ---------------------------------------------------------------

    def _load(self, path: Path) -> None:
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            return
        except OSError as exc:
            self.cache_problem = f"cannot read the judgment cache {path} ({exc.strerror or exc})"
            return
        if size > MAX_CACHE_FILE:
            self.cache_problem = f"the judgment cache {path} is too large; it is ignored"
            return
        try:
            data = path.read_bytes()
        except OSError as exc:
            self.cache_problem = f"cannot read the judgment cache {path} ({exc.strerror or exc})"
            return
        boxes = self.content.boxes
        for obj in _records(data):
            if type(obj) is not dict:
                continue
            box, raw = obj.get("box"), obj.get("answer")
            variant = obj.get("variant", HANDOUT_KEY)
            if type(variant) is not str or len(variant) > MAX_VARIANT_KEY:
                continue
            fields = [obj.get(k) for k in ("verdict", "note", "interpreted", "feedback")]
            if type(box) is not str or box not in boxes or type(raw) is not str:
                continue
            if len(raw) > MAX_CACHED_ANSWER or not all(
                type(f) is str and len(f) <= MAX_TEXT for f in fields
            ):
                continue
            if fields[0] not in VERDICT_RANK or fields[1] in NO_VERDICT_NOTES:
                continue
            key = (variant, box, raw)
            if key not in self._memory:
                self.reused += 1
            self._memory[key] = Judgment(*fields)  # type: ignore[arg-type]

    def _append(self, key: JudgmentKey, j: Judgment) -> None:
        if self._path is None or not self._write:
            return
        variant, box_id, raw = key
        record = {"variant": variant} if variant != HANDOUT_KEY else {}
        record |= {
            "box": box_id,
            "answer": raw,
            "verdict": j.verdict,
            "note": j.note,
            "interpreted": j.interpreted,
            "feedback": j.feedback,
        }
        self._pending.append(json.dumps(record, ensure_ascii=True, separators=(",", ":")) + "\n")
        if len(self._pending) >= 512:
            self.flush()

    def flush(self) -> None:
        """Append the pending judgments to the cache file (a few complete lines per ``write``:
        two processes appending at once never tear a line)."""
        lines, self._pending = self._pending, []
        if not lines or self._path is None:
            return
        try:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self._path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
            try:
                chunk: list[str] = []
                size = 0
                for line in lines + [""]:
                    if chunk and (not line or size + len(line) > 4096):
                        os.write(fd, "".join(chunk).encode("ascii"))
                        chunk, size = [], 0
                    if line:
                        chunk.append(line)
                        size += len(line)
            finally:
                os.close(fd)
        except OSError as exc:
            self.cache_problem = f"judgments are not cached on disk ({exc.strerror or exc})"
            self._path = None


# ---------------------------------------------------------------------------
# A second process judging ahead (the machine's other core)

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


# ---------------------------------------------------------------------------
# Sessions


@dataclass(frozen=True)
class VerdictChange:
    """A logged answer whose verdict today differs from the one in the log."""

    learner: str  # the student id, or where the session came from
    session: str  # session id
    seq: int  # the attempt's event number in the session
    time: str  # when it was logged (ISO UTC)
    box: str
    raw: str  # exactly as typed (untrusted: escape when printing)
    logged: str  # the verdict in the log
    logged_note: str
    now: str  # today's verdict
    now_note: str
    reason: Reason
    variant: str = HANDOUT_KEY  # the practice variant answered in (``variant_key``)

    def to_json(self) -> dict:
        return {
            "learner": self.learner,
            "session": self.session,
            "seq": self.seq,
            "time": self.time,
            "box": self.box,
            "answer": self.raw,
            "logged": self.logged,
            "logged_note": self.logged_note,
            "now": self.now,
            "now_note": self.now_note,
            "reason": self.reason,
            "variant": self.variant,
        }


def change_reason(content_hash: str, version: str, current_hash: str) -> Reason:
    """Why a verdict in a session recorded with ``content_hash`` by tutor ``version`` may
    differ from today's (``current_hash``)."""
    if content_hash != current_hash:
        return "key-changed"
    if version != __version__:
        return "checker-changed"
    return "log-altered"


def regrade_events(
    events: Iterable[Event],
    regrader: Regrader,
    changes: list[VerdictChange],
    *,
    learner: str = "",
    session_id: str = "",
    keep: int = MAX_CHANGES,
) -> Iterator[Event]:
    """One session's events, as they stream by, with every attempt's verdict, note, reading
    and feedback judged again (the logged verdict kept in ``logged_verdict`` where it
    differs); each verdict that changed is appended to ``changes`` (at most ``keep`` in all).

    Attempts in boxes the content does not have, or that the checker could not judge, keep
    what the log says; an event that does not change is passed on as it is (the same object).
    """
    header = ("", "")  # the session's content hash and tutor version, from its session_start
    reason: Reason | None = None
    judge = regrader.judge
    for event in events:
        kind = event.type
        if kind == "session_start":
            data = event.data
            header = (data.get("content_hash", ""), data.get("version", ""))
        elif kind == "attempt":
            data = event.data
            box, raw = data["box"], data.get("raw")
            # a practice variant's answer is judged by that variant's key, not the handout's
            variant = variant_of(data)
            j = judge(box, raw, variant) if isinstance(raw, str) else None
            if j is not None and not (
                data["verdict"] == j.verdict
                and data.get("note") == j.note
                and data.get("interpreted") == j.interpreted
            ):
                logged = data["verdict"]
                new = dict(data)
                new.update(
                    verdict=j.verdict, note=j.note, interpreted=j.interpreted, feedback=j.feedback
                )
                if logged != j.verdict:
                    new["logged_verdict"] = logged
                    if reason is None:
                        reason = change_reason(*header, regrader.content_hash)
                    if len(changes) < keep:
                        changes.append(
                            VerdictChange(
                                learner=learner,
                                session=session_id,
                                seq=event.seq,
                                time=event.time,
                                box=box,
                                raw=bounded(str(raw), CHANGE_ANSWER_KEEP),
                                logged=logged,
                                logged_note=bounded(data.get("note", ""), MAX_LOGGED),
                                now=j.verdict,
                                now_note=j.note,
                                reason=reason,
                                variant=variant.label,
                            )
                        )
                event = event._replace(data=new)
        yield event


def regrade_session(
    session: Session, regrader: Regrader, learner: str = ""
) -> tuple[Session, list[VerdictChange]]:
    """A session read whole, regraded (``regrade_events``): the session (the same object when
    nothing differs) and the verdicts that changed."""
    changes: list[VerdictChange] = []
    events = tuple(
        regrade_events(session.events, regrader, changes, learner=learner, session_id=session.id)
    )
    if all(a is b for a, b in zip(events, session.events, strict=True)):
        return session, changes
    return replace(session, events=events), changes


class LearnerRegrade:
    """One learner's sessions (in start order) regraded as they stream by
    (``regrade_events``), and with what logs written before the ``asked`` field leave out
    filled in: a ``solution`` event without it gets ``asked`` (and ``asked_inferred: true``):
    False when every box of the part had a correct logged verdict by then (the tutor shows the
    solution by itself once the part is solved), else True.

    ``changes`` lists the verdicts that changed (at most ``MAX_CHANGES``; ``more`` counts the
    rest); what it remembers of the boxes is bounded too.
    """

    def __init__(self, regrader: Regrader, learner: str = "") -> None:
        self.regrader = regrader
        self.learner = learner
        self.changes: list[VerdictChange] = []
        self.changed = 0  # verdicts that changed, listed or not
        self._solved: set[str] = set()  # boxes with a logged correct verdict so far
        self._seen: set[str] = set()

    @property
    def more(self) -> int:
        """Changed verdicts beyond those listed in ``changes``."""
        return self.changed - len(self.changes)

    def session(self, events: Iterable[Event], session_id: str = "") -> Iterator[Event]:
        """One session's events, regraded, in turn."""
        regraded = regrade_events(
            events, self.regrader, self.changes, learner=self.learner, session_id=session_id
        )
        return self._mark(regraded)

    def _mark(self, events: Iterable[Event]) -> Iterator[Event]:
        content = self.regrader.content
        solved, seen = self._solved, self._seen
        for event in events:
            kind = event.type
            data = event.data
            if kind == "attempt":
                box = data["box"]
                if "logged_verdict" in data:
                    self.changed += 1
                if box in seen or len(seen) < MAX_TRACKED_BOXES:
                    seen.add(box)
                    if data.get("logged_verdict", data["verdict"]) == "correct":
                        solved.add(box)
            elif kind == "solution" and "asked" not in data:
                part = data["part"]
                spec = content.part(part)
                boxes = (
                    spec.boxes
                    if spec is not None
                    else [b for b in seen if b.split(".", 1)[0] == part]
                )
                asked = not (boxes and all(b in solved for b in boxes))
                event = event._replace(data={**data, "asked": asked, "asked_inferred": True})
            yield event


def regrade_learner(
    sessions: Iterable[Session], regrader: Regrader, learner: str = ""
) -> list[tuple[Session, list[VerdictChange]]]:
    """One learner's sessions read whole (in start order), regraded (``LearnerRegrade``):
    each session with the verdicts of it that changed."""
    regrade = LearnerRegrade(regrader, learner)
    out = []
    for session in sessions:
        before = len(regrade.changes)
        events = tuple(regrade.session(session.events, session.id))
        if not all(a is b for a, b in zip(events, session.events, strict=True)):
            session = replace(session, events=events)
        out.append((session, regrade.changes[before:]))
    return out


# ---------------------------------------------------------------------------
# Resume


@dataclass(frozen=True)
class BoxChange:
    """A box whose status on resume differs from what its logged verdicts said."""

    box: str
    logged: str  # best verdict by the log ("" when none)
    now: str  # best verdict today


@dataclass(frozen=True)
class RegradedProgress:
    progress: Progress
    changes: tuple[BoxChange, ...]  # boxes whose status changed, in the content's order
    rechecked: int  # answers judged again (from the cache or the checker)
    unchecked: int  # answers the checker gave no verdict on (their logged verdict kept)


def regrade_progress(
    progress: Progress,
    content: Content,
    judge: JudgeFn | None = None,
    *,
    variants: BoxResolver | None = None,
    disk: bool | Path = True,
) -> RegradedProgress:
    """Progress with each box's verdicts judged again by today's content, when some answers
    were judged under other content or another tutor version (else returned as it is, and
    nothing is imported). Only those answers are judged again; the rest were judged by this
    very key and checker. A practice variant's boxes are judged by that variant's box
    (``variants``; without it, or when the variant no longer holds, they keep their verdicts);
    ``changes`` lists the handout's boxes only (a practice variant's status is its own)."""
    current = (content.content_hash, __version__)
    if not progress.judged_elsewhere(*current):
        return RegradedProgress(progress, (), 0, 0)
    regrader = Regrader(content, judge, variants=variants, disk=disk)
    changes: list[BoxChange] = []
    counts = [0, 0]  # rechecked, unchecked
    boxes = _regraded_boxes(progress.boxes, HANDOUT, regrader, current, counts, changes)
    in_variants = {}
    for key, variant_boxes in progress.variants.items():
        params = progress.variant_params.get(key) or None
        seed = int(key[5:]) if key.startswith("seed:") and key[5:].isdigit() else None
        ref = VariantRef(key, None if params else seed, params)
        in_variants[key] = MappingProxyType(
            _regraded_boxes(variant_boxes, ref, regrader, current, counts, [])
        )
    regrader.close()  # the next start finds these judgments in the cache
    order = {box_id: n for n, box_id in enumerate(content.boxes)}
    changes.sort(key=lambda c: order.get(c.box, len(order)))
    regraded = replace(
        progress, boxes=MappingProxyType(boxes), variants=MappingProxyType(in_variants)
    )
    return RegradedProgress(regraded, tuple(changes), counts[0], counts[1])


def _regraded_boxes(
    boxes: Mapping[str, BoxProgress],
    variant: VariantRef,
    regrader: Regrader,
    current: tuple[str, str],
    counts: list[int],
    changes: list[BoxChange],
) -> dict[str, BoxProgress]:
    """``boxes`` (of ``variant``) with the answers judged elsewhere judged again."""
    out: dict[str, BoxProgress] = {}
    for box_id, bp in boxes.items():
        if box_id not in regrader.content.boxes or all(
            (h, v) == current for _, _, h, v in bp.history
        ):
            out[box_id] = bp
            continue
        verdicts: list[tuple[str, str, Judgment | None]] = []
        for raw, logged, judged_hash, judged_version in bp.history:
            j: Judgment | None = None
            if (judged_hash, judged_version) != current:
                j = regrader.judge(box_id, raw, variant)
                counts[j is None] += 1
            verdicts.append((raw, logged, j))
        new = _rebuilt(bp, verdicts)
        if new.best != bp.best:
            new = replace(new, key_changed=True)
            changes.append(BoxChange(box_id, bp.best, new.best))
        out[box_id] = new
    return out


def _rebuilt(bp: BoxProgress, verdicts: list[tuple[str, str, Judgment | None]]) -> BoxProgress:
    """A box's progress from its answers' verdicts, the way the resume replay builds it: each
    answer's new judgment, or (None) its logged verdict, which this key and checker gave."""
    best = latest = latest_raw = ""
    attempts = invalid = 0
    shown = (bp.latest_feedback, bp.latest_interpreted, bp.latest_note)
    for raw, logged, j in verdicts:
        verdict = j.verdict if j is not None else logged
        if verdict == "invalid":
            invalid += 1
        else:
            attempts += 1
            if j is not None:
                shown = (j.feedback, j.interpreted, j.note)
            elif (raw, logged) != (bp.latest_raw, bp.latest):
                shown = ("", "", "")  # judged under this key, but not the latest: no text kept
            else:
                shown = (bp.latest_feedback, bp.latest_interpreted, bp.latest_note)
        latest, latest_raw = verdict, raw
        best = better_verdict(best, verdict)
    return replace(
        bp,
        best=best,
        latest=latest,
        latest_raw=latest_raw,
        attempts=attempts,
        invalid=invalid,
        latest_feedback=shown[0],
        latest_interpreted=shown[1],
        latest_note=shown[2],
    )


def changed_boxes_text(changes: Iterable[BoxChange], words: Mapping[str, str]) -> str:
    """``1a.value: correct → wrong; 5a.fwd: wrong → correct`` (verdicts in ``words``)."""
    return "; ".join(
        f"{c.box}: {words.get(c.logged or 'untried', c.logged)} → {words.get(c.now, c.now)}"
        for c in changes
    )
