"""Regrade, never trust: every logged answer judged again with the current content.

A log says which answer was typed and what the tutor said of it. The verdict may be stale (the
key was edited since, or the checker was updated) or false (the log was edited). So the
gradebook, ``review`` and the tutor's resume judge the typed answer again with today's content
(``tutor.checking.judge.check``) and use that verdict; a logged verdict that differs is
reported as a :class:`VerdictChange`, with the likely reason:

- ``key-changed``: what grades this box changed since (the attempt's ``box_key``, a fingerprint
  of the box's key, readings, mistakes, definitions, kind and parameters, differs from today's);
- ``content-changed``: the session was recorded with other content (its ``content_hash``
  differs) and the attempt has no ``box_key`` (an older log): whether this box changed is not
  known;
- ``checker-changed``: same content, another tutor version (the checker itself changed);
- ``log-altered``: the same box (same content, or a ``box_key`` equal to today's: only other
  boxes or texts were edited), same tutor: the log does not say what the tutor said.

Each answer is judged by ``tutor.sessions.regrader.Regrader`` (once per distinct answer, in its
own variant, cached: ``tutor.sessions.judgments``); an answer it gives no verdict on keeps what
the log says. The resume's regrade of a student's progress is ``tutor.sessions.resume``.

The regrade works on events as they stream by (:func:`regrade_events`, and
:class:`LearnerRegrade` for one learner's sessions in turn), so a class is regraded without
holding its sessions; events come from the session log's checking reader, every field typed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Final, Literal

from tutor import __version__
from tutor.content.boxprint import box_fingerprint
from tutor.sessions.fingerprint import checker_id
from tutor.sessions.judgments import variant_of
from tutor.sessions.logformat import HANDOUT_KEY
from tutor.sessions.logreader import Event, Session
from tutor.sessions.regrader import Regrader
from tutor.textsafe import bounded, full_length

MAX_LOGGED = 80  # characters of a logged verdict or note kept in a VerdictChange
CHANGE_ANSWER_KEEP: Final = 500  # characters of an answer kept in a VerdictChange
MAX_CHANGES: Final = 10_000  # changed verdicts listed per learner (the rest are counted)
MAX_TRACKED_BOXES: Final = 2_000  # boxes a learner's regrade remembers (solved, seen)

Reason = Literal[
    "key-changed",
    "content-changed",
    "checker-changed",
    "checker-or-log",
    "log-altered",
    "unknown-content",
]
# what each reason says in the class summary: one entry for every ``Reason`` (a test holds it)
REASONS: Final[Mapping[Reason, str]] = MappingProxyType(
    {
        "key-changed": "this box's key, readings or mistakes were edited since",
        "content-changed": "other content (an older log: whether this box was edited is unknown)",
        "checker-changed": "recorded by another checker (the checker changed since)",
        "checker-or-log": (
            "older logs naming no checker, same content and tutor version: the checker changed "
            "within the version, or the log does not say what the tutor said"
        ),
        "log-altered": "same box and checker: the log does not say what the tutor said",
        "unknown-content": (
            "unknown: the log has no content hash, so which key it was recorded with is not "
            "known (an edited key, another checker or an altered log)"
        ),
    }
)


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
        cut = (
            {"answer_length": full_length(self.raw)}
            if full_length(self.raw) > len(self.raw)
            else {}
        )
        return {
            "learner": self.learner,
            "session": self.session,
            "seq": self.seq,
            "time": self.time,
            "box": self.box,
            "answer": self.raw,
            **cut,  # the answer's length as typed, when only its start is kept
            "logged": self.logged,
            "logged_note": self.logged_note,
            "now": self.now,
            "now_note": self.now_note,
            "reason": self.reason,
            "variant": self.variant,
        }


def change_reason(
    content_hash: str,
    version: str,
    checker: str,
    current_hash: str,
    box_key: str | None = None,
    current_box_key: str | None = None,
) -> Reason:
    """Why a verdict in a session recorded with ``content_hash`` by tutor ``version`` and the
    checker ``checker`` (its fingerprint; "" in older logs) may differ from today's
    (``current_hash``): another key, another checker, or, with the same key and checker, a log
    that does not say what the tutor said. ``box_key`` is the attempt's fingerprint of what
    grades its box (None in older logs), ``current_box_key`` today's: when both are known they
    decide whether the key changed, whatever else of the content was edited (a hint's wording,
    points). An older log that names no checker cannot tell the last two apart when its
    version is today's ("checker-or-log"); a log without a content hash tells nothing
    ("unknown-content")."""
    if box_key and current_box_key:
        if box_key != current_box_key:
            return "key-changed"
    elif not content_hash:  # absent (hand-made or damaged header): nothing tells which
        return "unknown-content"
    elif content_hash != current_hash:
        return "content-changed"
    if checker:
        return "log-altered" if checker == checker_id() else "checker-changed"
    if version != __version__:
        return "checker-changed"
    return "checker-or-log"


def attempt_reason(header: tuple[str, str, str], data: Mapping, regrader: Regrader) -> Reason:
    """``change_reason`` for one logged attempt (its session's ``header``, its ``box_key``)."""
    logged = data.get("box_key")
    return change_reason(
        *header,
        regrader.content_hash,
        logged if isinstance(logged, str) else None,
        box_fingerprint(regrader.content, data["box"]) if logged else None,
    )


def _header(data: dict) -> tuple[str, str, str]:
    """A session start's content hash, tutor version and checker (what a change is told by)."""
    return (data.get("content_hash", ""), data.get("version", ""), data.get("checker", ""))


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
    header = ("", "", "")  # the session's content hash, tutor version and checker
    judge = regrader.judge
    for event in events:
        kind = event.type
        if kind == "session_start":
            data = event.data
            header = _header(data)
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
                    reason = attempt_reason(header, data, regrader)
                    if len(changes) < keep:
                        changes.append(
                            VerdictChange(
                                learner=learner,
                                session=session_id,
                                seq=event.seq,
                                time=event.time,
                                box=box,
                                # a Cut stays one: the list says the answer's whole length
                                raw=bounded(
                                    raw if isinstance(raw, str) else "", CHANGE_ANSWER_KEEP
                                ),
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


MAX_LISTED_ALTERED = 5  # altered solution events named in a learner's warning, then a count


class LearnerRegrade:
    """One learner's sessions (in start order) regraded as they stream by
    (``regrade_events``), and with what logs written before the ``asked`` field leave out
    filled in: a ``solution`` event without it gets ``asked`` (and ``asked_inferred: true``):
    False when every box of the part had a correct logged verdict by then (the tutor shows the
    solution by itself once the part is solved), else True. One logged ``asked: false`` before
    the part was solved is altered: it gets ``asked: true`` (and ``asked_altered: true``), and
    ``altered_warning`` says so. Solved means by today's verdicts: a box is solved once an answer
    to it is correct today, or was logged correct with the change put down to another key or
    checker (the tutor did say correct then), never to an altered log. A logged ``asked: false``
    after the part's explanation was self-assessed is what the tutor does too (it shows the
    solution once the explanation is assessed), so it stays as logged.

    ``changes`` lists the verdicts that changed (at most ``MAX_CHANGES``; ``more`` counts the
    rest); what it remembers of the boxes is bounded too.
    """

    def __init__(self, regrader: Regrader, learner: str = "") -> None:
        self.regrader = regrader
        self.learner = learner
        self.changes: list[VerdictChange] = []
        self.changed = 0  # verdicts that changed, listed or not
        # boxes the tutor had said were right so far: today's verdict is correct, or the
        # logged one was and its change is not put down to an altered log (an edited key or
        # checker: the tutor did say correct then)
        self._solved: set[str] = set()
        self._assessed: set[str] = set()  # parts whose explanation was self-assessed
        self._seen: set[str] = set()
        self.altered: list[str] = []  # solutions logged as shown after solving, but unsolved
        self.altered_count = 0

    @property
    def more(self) -> int:
        """Changed verdicts beyond those listed in ``changes``."""
        return self.changed - len(self.changes)

    def session(self, events: Iterable[Event], session_id: str = "") -> Iterator[Event]:
        """One session's events, regraded, in turn."""
        regraded = regrade_events(
            events, self.regrader, self.changes, learner=self.learner, session_id=session_id
        )
        return self._mark(regraded, session_id)

    def _mark(self, events: Iterable[Event], session_id: str = "") -> Iterator[Event]:
        content = self.regrader.content
        solved, seen, assessed = self._solved, self._seen, self._assessed
        header = ("", "", "")
        for event in events:
            kind = event.type
            data = event.data
            if kind == "attempt":
                box = data["box"]
                logged = data.get("logged_verdict")
                if logged is not None:
                    self.changed += 1
                if box in seen or len(seen) < MAX_TRACKED_BOXES:
                    seen.add(box)
                    if data["verdict"] == "correct":
                        solved.add(box)
                    elif logged == "correct":
                        reason = attempt_reason(header, data, self.regrader)
                        if reason != "log-altered":
                            solved.add(box)
            elif kind == "session_start":
                header = _header(event.data)
            elif kind == "self_assessment":
                part = data["part"]
                if part in assessed or len(assessed) < MAX_TRACKED_BOXES:
                    assessed.add(part)
            elif kind == "solution" and data.get("asked") is not True:
                part = data["part"]
                spec = content.part(part)
                boxes = (
                    spec.boxes
                    if spec is not None
                    else [b for b in seen if b.split(".", 1)[0] == part]
                )
                asked = not (boxes and all(b in solved for b in boxes))
                if "asked" not in data:
                    event = event._replace(data={**data, "asked": asked, "asked_inferred": True})
                elif asked and not (
                    part in assessed and (spec is None or spec.explain is not None)
                ):
                    # "shown after solving" before the part was solved: the tutor shows a
                    # solution by itself only once every box is right (as today's regrade
                    # says: a logged "correct" changed as log-altered does not count) or
                    # the part's explanation was self-assessed
                    event = event._replace(data={**data, "asked": True, "asked_altered": True})
                    self.altered_count += 1
                    if len(self.altered) < MAX_LISTED_ALTERED:
                        self.altered.append(f"{session_id or '?'} part {part}")
            yield event

    def altered_warning(self) -> str | None:
        """The warning for solutions logged as shown after solving although the part was not
        solved by then (a log altered to hide a solution lookup), which count as asked."""
        n = self.altered_count
        if not n:
            return None
        shown = ", ".join(self.altered) + (" …" if n > len(self.altered) else "")
        return (
            f"{self.learner}: {n} solution{'s' if n != 1 else ''} logged as shown after solving "
            f"before the part was solved (log-altered): counted as asked ({shown})"
        )


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
