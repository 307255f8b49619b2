"""The regrader: logged answers judged again with today's content, each distinct answer once.

``Regrader.judge(box, answer, variant)`` gives today's verdict (``tutor.sessions.judgments``),
from memory, the cache file, the helper process (``tutor.sessions.judgeahead``) or the checker.
An answer the checker failed on (``invalid:timeout``, ``invalid:error``) has no verdict: its logged
one is kept. So is an answer to a box the current content does not have, and one to a practice
variant that cannot be rebuilt today (noted in ``Regrader.unresolved``).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from tutor.content.model import BoxSpec, Content
from tutor.sessions.judgeahead import (
    HELPER_MIN_SOURCES,
    Helper,
    HelperEntry,
    Source,
    SpooledStream,
)
from tutor.sessions.judgments import (
    HANDOUT,
    MAX_CACHE_FILE,
    MAX_CACHED_ANSWER,
    MAX_TEXT,
    MAX_UNRESOLVED,
    MAX_VARIANT_BOXES,
    NO_VERDICT_NOTES,
    PRINT_DIGITS,
    BoxResolver,
    JudgeFn,
    Judgment,
    JudgmentKey,
    PrintKey,
    VariantRef,
    cache_file,
    in_process_check,
    judging_print,
    preload_checker,
    records,
)
from tutor.sessions.logformat import HANDOUT_KEY
from tutor.textsafe import bounded
from tutor.verdicts import VERDICT_RANK

MAX_BY_BOX = 200_000  # judgments remembered by box and answer (then forgotten, not wrong)
_HEX = frozenset("0123456789abcdef")


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
        self._judge = judge or in_process_check
        self._variants = variants
        self._boxes: dict[tuple[str, str], BoxSpec | None] = {}  # (variant, box) -> its box
        self.unresolved: dict[str, str] = {}  # "box [variant]" -> why it cannot be rebuilt
        self.unresolved_answers = 0  # answers kept as logged because their variant is gone
        self._memory: dict[JudgmentKey, Judgment] = {}
        # practice variants that make the same box (a parameter that changes nothing in it):
        # one box object each (``_same``); answers are judged once per box, by its fingerprint
        # (``judging_print``): ``_by_print`` holds this run's judgments, ``_disk`` the cache
        # file's (made by any content with that same box)
        self._same: dict[BoxSpec, BoxSpec] = {}
        self._prints: dict[int, tuple[BoxSpec, str]] = {}  # id of a box -> (the box, its print)
        self._by_print: dict[PrintKey, Judgment] = {}
        self._disk: dict[PrintKey, Judgment] = {}
        self.checked = 0  # answers judged by the checker in this run
        self.reused = 0  # answers whose judgment was found in the cache file
        self.failed = 0  # answers the checker could not judge (kept as logged)
        self.helped = 0  # answers judged by the helper process (``Helper``)
        self.cache_problem: str | None = None
        self._path: Path | None = None
        self._write = write
        self._pending: list[str] = []  # cache lines not yet appended to the file
        self.helper: Helper | None = None
        self._plan: list[Source] | None = None  # sources a helper would take (plan_helper)
        self._entry: HelperEntry | None = None
        self._position = 0  # the sessions before it are read (or being read) here
        if disk:
            try:
                self._path = disk if isinstance(disk, Path) else cache_file()
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
        if spec is not None:
            try:
                if len(self._same) >= MAX_VARIANT_BOXES:
                    self._same.clear()
                spec = self._same.setdefault(spec, spec)
            except TypeError:  # a box that does not hash: judged as it is
                pass
        if len(self._boxes) >= MAX_VARIANT_BOXES:  # logs can name any number of variants
            self._boxes.pop(next(iter(self._boxes)))
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
        key = (HANDOUT_KEY if variant is HANDOUT else variant.cache_key, box_id, raw)
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
        printed = (self._print(box), raw)
        same = self._by_print.get(printed)
        if same is not None:  # judged in this run, in another variant with this same box
            self._memory[key] = same
            if self.helper is not None:
                self.helper.tell(key)
            return same
        stored = self._disk.get(printed)
        if stored is not None:  # judged by an earlier run, by this same box
            self._memory[key] = stored
            self.reused += 1
            return stored
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
            self._remember(printed, judgment)
            self._append(printed, box_id, judgment)
            if self.helper is not None:
                self.helper.tell(key)
        return judgment

    def _print(self, box: BoxSpec) -> str:
        """``judging_print(box)``, computed once per box object."""
        known = self._prints.get(id(box))
        if known is not None and known[0] is box:
            return known[1]
        printed = judging_print(box)
        if len(self._prints) >= 2 * MAX_VARIANT_BOXES:
            self._prints.clear()
        self._prints[id(box)] = (box, printed)
        return printed

    def print_of(self, box_id: str, variant: VariantRef = HANDOUT) -> str | None:
        """The fingerprint of the box that judges ``box_id`` in ``variant`` (None: no box)."""
        box = self.box(box_id, variant)
        return None if box is None else self._print(box)

    def _remember(self, printed: PrintKey, judgment: Judgment) -> None:
        if len(self._by_print) >= MAX_BY_BOX:
            self._by_print.clear()
        self._by_print[printed] = judgment

    @property
    def judged(self) -> int:
        """Answers judged by the checker in this run: here, or by the helper process and taken
        in here (each distinct answer counted once, as one process would count it)."""
        return self.checked + self.helped

    def known(self, key: JudgmentKey) -> bool:
        return key in self._memory

    def absorb(self, key: JudgmentKey, judgment: Judgment, printed: str | None = None) -> None:
        """A judgment made elsewhere (the helper process) by this same content and checker, by
        the box whose fingerprint is ``printed``: taken in, and added to the cache file unless
        it came from there."""
        if key in self._memory or key[1] not in self.content.boxes:
            return
        self._memory[key] = judgment
        if printed is None:
            self.helped += 1
            return
        at = (printed, key[2])
        if at in self._disk:
            self.reused += 1
        elif at not in self._by_print:
            self.helped += 1
            self._remember(at, judgment)
            if len(key[2]) <= MAX_CACHED_ANSWER:
                self._append(at, key[1], judgment)

    def plan_helper(
        self, sources: list[Source], jobs: int = 2, entry: HelperEntry | None = None
    ) -> None:
        """Let a second process read and judge ``sources`` (in reading order; it takes them
        ahead of this process, and ``spooled`` hands over those it took), started as the first
        session is asked for. It shares the reading even when every answer is cached (a
        session it read is replayed here for a fraction of the reading's cost); when the cache
        holds fewer judgments than there are sessions (a class not graded before), the checker
        is loaded first, so that a forked helper starts with it. ``entry`` is the process's
        function (it opens the content and calls ``judge_ahead``; see ``Helper``). Does
        nothing with ``jobs=1``, no entry, few sources, or content not from a directory."""
        if (
            entry is not None
            and jobs >= 2
            and len(sources) >= HELPER_MIN_SOURCES
            and self.content.directory
        ):
            self._plan = sources
            self._entry = entry

    def _start_helper(self) -> None:
        plan, self._plan = self._plan, None
        try:
            assert self._entry is not None
            if len(self._disk) < len(plan or ()):  # answers to judge: a forked helper has it
                preload_checker()
            self.helper = Helper(
                self.content, plan or [], self._path, self._entry, start=self._position, spool=True
            )
        except Exception as exc:  # noqa: BLE001 - no second process: this one does it all
            self.cache_problem = self.cache_problem or f"judging in one process ({exc})"

    def spooled(self, index: int) -> SpooledStream | None:
        """Session ``index`` of the planned sources (``plan_helper``; asked in order, for every
        session) as the helper read and judged it, when it claimed it; None: read it here."""
        self._position = index + 1
        if self._plan is not None:  # before the first session is read: it shares the reading
            self._start_helper()
        if self.helper is None or self.helper.claim(index):
            return None
        return self.helper.stream(index, self)

    def close(self) -> None:
        """Stop the helper (if any) and write the judgments still pending to the cache file."""
        if self.helper is not None:
            self.helper.stop()
            self.helper = None
        self.flush()

    def _load(self, path: Path) -> None:
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            return
        except OSError as exc:
            self.cache_problem = f"cannot read the judgment cache {path} ({exc.strerror or exc})"
            return
        if size > MAX_CACHE_FILE:  # judgments of many contents: started afresh
            try:
                path.unlink()
            except OSError as exc:
                self.cache_problem = (
                    f"the judgment cache {path} is too large and cannot be removed "
                    f"({exc.strerror or exc}); it is ignored"
                )
                self._path = None
            return
        try:
            data = path.read_bytes()
        except OSError as exc:
            self.cache_problem = f"cannot read the judgment cache {path} ({exc.strerror or exc})"
            return
        for obj in records(data):
            if type(obj) is not dict:
                continue
            printed, raw = obj.get("print"), obj.get("answer")
            if (
                type(printed) is not str
                or len(printed) != PRINT_DIGITS
                or not _HEX.issuperset(printed)
                or type(raw) is not str
            ):
                continue
            fields = [obj.get(k) for k in ("verdict", "note", "interpreted", "feedback")]
            if len(raw) > MAX_CACHED_ANSWER or not all(
                type(f) is str and len(f) <= MAX_TEXT for f in fields
            ):
                continue
            if fields[0] not in VERDICT_RANK or fields[1] in NO_VERDICT_NOTES:
                continue
            self._disk[printed, raw] = Judgment(*fields)  # type: ignore[arg-type]

    @property
    def cached(self) -> int:
        """Judgments read from the cache file (of any content that had the same boxes)."""
        return len(self._disk)

    def _append(self, printed: PrintKey, box_id: str, j: Judgment) -> None:
        if self._path is None or not self._write:
            return
        record = {
            "print": printed[0],
            "box": box_id,  # for a reader of the file: lines are found by their print
            "answer": printed[1],
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
