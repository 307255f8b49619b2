"""The key says what it means: each accepted reading and known mistake gets its verdict and note,
none is the reference answer (or an earlier entry) in another form (``shadowed_entries``,
``check_reading``); a question test's verdict and note can go together (``test_note_problem``);
what a verdict and its fix read like in a failure."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass

from tutor.authoring.reasoning import reasoning_note_problem
from tutor.authoring.report import FailureCode, one_line
from tutor.checking.verdict import CheckFn, VerdictLike
from tutor.content.model import BoxSpec
from tutor.notes import ANSWER_NOTES


def show_verdict(v: VerdictLike, detail: bool = False) -> str:
    """A verdict as ``verdict (note)``; with ``detail``, an invalid one says why."""
    text = f"{v.verdict} ({v.note})" if v.note else v.verdict
    if v.verdict == "invalid" and (detail or v.note == "invalid:unknown-name"):
        why = _first_sentence(getattr(v, "feedback", "") or "")
        column = getattr(v, "column", None)
        if why and column is not None and "column" not in why:
            why = f"{why.rstrip('.')} (column {column + 1})."
        if why:
            text += f": {why}"
    return text


def _first_sentence(text: str) -> str:
    text = " ".join(text.split())
    m = re.search(r"(?<=[.!?])\s", text)
    return text[: m.start()] if m else text


_UNKNOWN_NAME_RE = re.compile(r"name '([^']+)'")


def _invalid_fix(v: VerdictLike, what: str) -> str:
    """What to do when the checker cannot read an answer written in the content."""
    feedback = getattr(v, "feedback", "") or ""
    if v.note == "invalid:unknown-name" or (
        v.note == "invalid:content" and "don't know the name" in feedback
    ):
        m = _UNKNOWN_NAME_RE.search(feedback)
        name = f"'{m.group(1)}'" if m else "the name"
        return (
            f"if students may write {name}, add it to the box's symbols "
            f"({m.group(1) if m else 'x'} = {{ domain = [0.5, 3] }}), or to "
            f"functions if it is a function; otherwise fix {what}"
        )
    return (
        f"write {what} in the input language the student uses; try it with "
        "'hw3-tutor grade --content DIR BOX \"...\"'"
    )


def reference_fix(v: VerdictLike) -> str:
    if v.verdict == "correct":
        return ""
    if v.verdict == "invalid":
        return _invalid_fix(v, "the reference answer")
    return (
        "the reference answer must be graded correct by its own box: fix the answer, or "
        "the box keys that read it (symbols, unit, nouns, choices), or the accept/mistake "
        f"entry it matched ({v.note})"
    )


def _reading_fix(box: BoxSpec, answer: str, v: VerdictLike, key: str) -> str:
    """What to do when an accepted reading or a mistake is not graded as written."""
    if v.verdict == "invalid":
        return _invalid_fix(v, "the answer")
    if key == "mistakes" and v.verdict == "correct":
        if without_spaces(answer) == without_spaces(box.answer):
            return (
                "this mistake's answer is the reference answer itself; write the wrong "
                "answer students give, or remove the mistake"
            )
        return (
            f"the checker reads {answer!r} as equal to the reference {box.answer!r}, so a "
            "student who types it is told it is right; write the wrong answer students "
            "give, or remove the mistake"
        )
    if v.note.startswith(("mistake:", "accept:")):
        return (
            f"{answer!r} means the same as the entry with note '{v.note.split(':', 1)[1]}', "
            "which is matched first; give each entry a different answer, or remove one"
        )
    return (
        f"the checker grades {answer!r} as {show_verdict(v)} before it looks at the {key} list; "
        f"see what it makes of it with 'hw3-tutor grade --content DIR {box.id} \"{answer}\"'"
    )


def test_fix(
    v: VerdictLike,
    box: BoxSpec | None = None,
    shadows: Shadows | None = None,
    wrong_correct: tuple[int, int] = (0, 0),
) -> str:
    """What to do about a question test the checker does not grade as expected (``v``).

    Given the ``box`` and its ``shadows``: a test graded by an entry that means the same as the
    reference answer (or an earlier entry) points to that entry. ``wrong_correct`` is (how many
    of the box's tests expecting "correct" for another form than the reference as written are
    not graded correct, how many there are): when such a test fails, the reference answer itself
    may be wrong, and the fix says so (first, when more than one fails)."""
    if v.verdict == "invalid" and v.note == "invalid:unknown-name":
        return _invalid_fix(v, "the test's input") + (
            "; or, if the checker is right, expect that verdict"
        )
    if box is not None and shadows:
        kind, _, name = v.note.partition(":")
        key = {"mistake": "mistakes", "accept": "accept"}.get(kind, "")
        entries = box.mistakes if key == "mistakes" else box.accept if key else ()
        for j, r in enumerate(entries):
            if r.note == name and (key, j) in shadows:
                return (
                    f"the {_entry_name(key, r.note, r.answer)} means the same as "
                    f"{shadows[(key, j)]} (its failure says so): fix that entry, and this test "
                    "follows"
                )
    checker = f'if the checker is right, set verdict = "{v.verdict}" and note = "{v.note}"'
    teach = (
        "teach the box this answer (a [[mistakes]] or [[accept]] entry, or its symbols, unit, "
        "nouns)"
    )
    failing, total = wrong_correct
    if box is not None and failing and v.verdict in ("incorrect", "partial"):
        tests = "test" if total == 1 else "tests"
        reference = (
            f"the reference answer '{one_line(box.answer)}' may itself be wrong ({failing} of "
            "the box's "
            f"{total} {tests} expecting 'correct' for an input other than it fail against it): "
            "fix it"
        )
        if failing > 1:
            return f"{reference}; or, {checker}; or, if only this test is right, {teach}"
        return f"{checker}; if the test is right, {teach}, or {reference}"
    return f"{checker}; if the test is right, {teach}"


def test_note_problem(box: BoxSpec, verdict: str, note: str | None) -> tuple[str, str] | None:
    """Why a question test's note cannot be right whatever the checker says, with what to do.

    Catches a test that names a mistake or reading the box does not define (a typo),
    and a verdict that contradicts the note (``note = "correct"`` with
    ``verdict = "incorrect"``). Returns (what is wrong, what to do) or None.
    """
    if note is None:
        return None
    if box.kind in ("proof", "derivation"):
        reasoning = reasoning_note_problem(box, verdict, note)
        if reasoning is None or isinstance(reasoning, tuple):
            return reasoning
    kind, _, name = note.partition(":")
    entries = {"mistake": box.mistakes, "accept": box.accept}.get(kind)
    if entries is not None:
        notes = {r.note: r for r in entries}
        if name not in notes:
            close = difflib.get_close_matches(name, list(notes), n=1)
            table = "mistakes" if kind == "mistake" else "accept"
            if close:
                fix = f'did you mean note = "{kind}:{close[0]}"?'
            elif notes:
                fix = f"this box's {table} notes are: " + ", ".join(sorted(notes))
            else:
                fix = f'add a [[boxes."{box.id}".{table}]] entry with note = "{name}" first'
            return f"note '{note}', but this box has no {table} entry with note '{name}'", fix
        wanted: str = notes[name].verdict
    elif kind == "invalid":
        wanted = "invalid"
    elif kind == "order" and name:
        wanted = name
    elif note in ANSWER_NOTES:
        wanted = ANSWER_NOTES[note]
    else:
        known = ", ".join(
            [
                "accept:<note>",
                "mistake:<note>",
                "order:<verdict>",
                *ANSWER_NOTES,
                "invalid:<reason>",
            ]
        )
        return f"note '{note}', which the checker never gives", f"use one of: {known}"
    if verdict != wanted:
        return (
            f"verdict '{verdict}' with note '{note}' (that note always comes with verdict "
            f"'{wanted}')",
            f'set verdict = "{wanted}", or fix the note',
        )
    return None


@dataclass(frozen=True)
class ReadingCheck:
    """The outcome of one check of an accepted reading or a known mistake."""

    ok: bool
    expected: str
    got: str
    fix: str
    code: FailureCode


# the same meaning of two entries of a box: (key, index) -> what it means the same as
Shadows = dict[tuple[str, int], str]
SameFn = Callable[[BoxSpec], Shadows]


def shadowed_entries(box: BoxSpec) -> Shadows:
    """The accepted readings and mistakes that mean the same as the reference answer or an
    entry before them, found with the equivalence engine on the box's canonical forms (what
    the checker compares an answer with, in this order: the reference, the accepted readings,
    the mistakes). Such an entry is reached only when typed exactly as written; typed any other
    way the earlier one answers. Entries the box cannot read are left out (reported apart)."""
    from tutor.checking.canonical import equal, prepare
    from tutor.inputlang.values import ParseError

    entries = [("accept", j, r) for j, r in enumerate(box.accept)]
    entries += [("mistakes", j, r) for j, r in enumerate(box.mistakes)]
    out: Shadows = {}
    if box.kind == "choice":
        seen = {box.answer.strip().lower(): f"the reference answer {box.answer!r}"}
        for key, j, r in entries:
            k = r.answer.strip().lower()
            if k in seen:
                out[(key, j)] = seen[k]
            seen.setdefault(k, _entry_name(key, r.note, r.answer))
        return out
    try:
        prep = prepare(box)
    except ParseError:
        return out  # the box's names cannot be read: its reference check says so
    if prep.reference is None:
        return out
    by_note = {c.note: c for c in prep.candidates}
    earlier = [(f"the reference answer {box.answer!r}", prep.reference)]
    for key, j, r in entries:
        cand = by_note.get(f"{'accept' if key == 'accept' else 'mistake'}:{r.note}")
        if cand is None:
            continue
        for name, other in earlier:
            try:
                same = equal(prep, cand.value, other.value)
            except Exception:  # noqa: BLE001 - no verdict on equivalence is no finding
                same = False
            if same:
                out[(key, j)] = name
                break
        earlier.append((_entry_name(key, r.note, r.answer), cand))
    return out


def _entry_name(key: str, note: str, answer: str) -> str:
    what = "accepted reading" if key == "accept" else "mistake"
    return f"{what} '{note}' ({answer!r})"


def check_reading(
    box: BoxSpec, key: str, j: int, check: CheckFn, shadows: Shadows | None = None
) -> list[ReadingCheck]:
    """Check entry ``j`` of ``box``'s ``accept`` or ``mistakes`` list (``key``).

    1. The box must read it; if it cannot, that is said once, with the reason (and the
       caller skips the question tests that expect this entry).
    2. Typed as written it must get its own verdict and note.
    3. In any other form it must too: it must not mean the same as the reference answer or an
       entry before it (``shadows``, from ``shadowed_entries``), and a mistake must not be
       graded correct by the box without it (a baseline or ± form of the reference).
    4. A mistake of the right order of growth gets the box's order verdict (the box graded
       without it says "order:<verdict>"), as Θ(…) of it would.
    """
    from dataclasses import replace

    mistakes = key == "mistakes"
    r = (box.mistakes if mistakes else box.accept)[j]
    kind: FailureCode = "mistake" if mistakes else "accept"
    want = f"{kind}:{r.note}"
    v = check(box, r.answer)
    if v.verdict == "invalid":
        what = "known mistake" if mistakes else "accepted reading"
        return [
            ReadingCheck(
                False,
                f"a {what} its box can read",
                show_verdict(v, detail=True),
                _invalid_fix(v, "the answer"),
                "unreadable",
            )
        ]
    if mistakes:
        ok = v.verdict != "correct" and v.verdict == r.verdict and v.note == want
        expected = f"{r.verdict} ({want}), told apart from the correct answer"
    else:
        ok = v.verdict == r.verdict and v.note == want
        expected = f"{r.verdict} ({want})"
    same = (shadows or {}).get((key, j))
    if not ok and same is None:
        return [
            ReadingCheck(
                False, expected, show_verdict(v), _reading_fix(box, r.answer, v, key), kind
            )
        ]
    if same is None and mistakes:
        w = check(replace(box, mistakes=box.mistakes[:j], tests=()), r.answer)
        if w.verdict == "correct" and w.note != want:
            same = f"the reference answer {box.answer!r}"
        elif w.note.startswith("order:") and w.note != f"order:{r.verdict}":
            order = w.note.split(":", 1)[1]
            return [
                ReadingCheck(
                    False,
                    f"mistake '{r.note}' to get the box's order verdict '{order}': it has "
                    "the right order of growth, and so does any answer like it",
                    f"verdict = '{r.verdict}'",
                    f'set verdict = "{order}" for this mistake (its feedback still says what '
                    f"is off), or change the box's order (now '{box.order}')",
                    "order-verdict",
                )
            ]
    if same is None:
        return [ReadingCheck(True, expected, show_verdict(v), "", kind)]
    got, never = _who_gets(box, check, key, j, same)
    if mistakes and same.startswith("the reference"):
        if without_spaces(r.answer) == without_spaces(box.answer):
            todo = (
                "this mistake's answer is the reference answer itself; write the wrong "
                "answer students give, or remove the mistake"
            )
        elif never:
            todo = (
                f"if {r.answer!r} is right, remove the mistake (it is never given); if not, "
                "the reference answer is wrong: fix it"
            )
        else:
            todo = (
                f"if {r.answer!r} is right, remove the mistake (students who write it that way "
                "are told they are wrong); if not, the reference answer is wrong: fix it"
            )
    else:
        todo = "keep one of the two (merge their feedback)"
    return [
        ReadingCheck(
            False,
            f"{_entry_name(key, r.note, r.answer)} to differ from {same}",
            got,
            todo,
            "same-as-key",
        )
    ]


# the right order written as an expression: the key times a constant no key is likely to have
ORDER_CREDIT_FACTOR = "7/5"


def order_credit_problem(box: BoxSpec, check: CheckFn) -> ReadingCheck | None:
    """An exact box (an expression box whose key is not an order) must not give the order of
    its key, Θ(key), more credit than the right order written as an expression, a constant times
    the key: the more specific answer says more. None when it does not (or when either cannot
    be read: the reference's own check reports that)."""
    from tutor.verdicts import VERDICT_RANK

    if box.kind != "expression":
        return None
    key = box.answer.strip()
    order = check(box, f"Theta({key})")
    scaled = check(box, f"{ORDER_CREDIT_FACTOR}*({key})")
    if "invalid" in (order.verdict, scaled.verdict):
        return None
    if VERDICT_RANK[order.verdict] <= VERDICT_RANK[scaled.verdict]:
        return None
    return ReadingCheck(
        False,
        f"the right order written as an expression ({ORDER_CREDIT_FACTOR}·key) to get at least "
        f"the credit of Θ(key) ({show_verdict(order)})",
        f"{show_verdict(scaled)}: a student who works out more gets less",
        'give the box a width and the order verdict it means (order = "partial"), or '
        'order = "incorrect" if an order is no answer here',
        "order-credit",
    )


def _other(box: BoxSpec, same: str) -> tuple[str, str]:
    """The answer and the note of what an entry means the same as (``same``, as
    ``shadowed_entries`` names it): the reference answer or an earlier entry."""
    if same.startswith("the reference"):
        return box.answer, "correct"
    for key, entries in (("accept", box.accept), ("mistakes", box.mistakes)):
        for r in entries:
            if _entry_name(key, r.note, r.answer) == same:
                return r.answer, f"{'accept' if key == 'accept' else 'mistake'}:{r.note}"
    return box.answer, "correct"


def _forms(box: BoxSpec, answer: str) -> list[str]:
    """Other ways to write ``answer``: expanded and factored (as the engine writes them)."""
    try:
        import sympy

        from tutor.checking.canonical import canonical, prepare

        prep = prepare(box)
        value = canonical(prep, prep.parse(answer))
        if not isinstance(value, sympy.Basic):
            return []
        return [str(sympy.expand(value)), str(sympy.factor(value))]
    except Exception:  # noqa: BLE001 - no other forms is no finding
        return []


def _who_gets(box: BoxSpec, check: CheckFn, key: str, j: int, same: str) -> tuple[str, bool]:
    """What the checker gives for the forms of an answer two entries of a box share (entry
    ``j`` of ``key`` and ``same``, the reference or an earlier entry), as the failure's "got",
    and whether the entry's own note is never given. The forms tried: both answers as written,
    the box's question tests that get either note, the answer expanded and factored. Each is
    graded by the checker itself, so the sentence says what happens, not what should."""
    r = (box.mistakes if key == "mistakes" else box.accept)[j]
    mine = f"{'mistake' if key == 'mistakes' else 'accept'}:{r.note}"
    other_answer, theirs = _other(box, same)
    tried: dict[str, str] = {}
    candidates = [r.answer, other_answer, *(t.input for t in box.tests)]
    candidates += _forms(box, r.answer)
    for form in candidates:
        if form in tried or len(tried) >= 8:
            continue
        note = check(box, form).note
        if note in (mine, theirs):
            tried[form] = note
    gets_mine = [f for f, n in tried.items() if n == mine]
    gets_theirs = [f for f, n in tried.items() if n == theirs]
    said = "correct" if theirs == "correct" else f"'{theirs}'"
    head = "the checker reads them as the same answer"
    if not gets_mine:
        return (
            f"{head}, and every form of it tried ({_listed(gets_theirs)}) gets {said}: "
            f"'{mine}' is never given",
            True,
        )
    if not gets_theirs:
        return (
            f"{head}, and every form of it tried ({_listed(gets_mine)}), {same} as written "
            f"included, gets '{mine}'",
            False,
        )
    return (
        f"{head}; which one a student gets depends on how it is written: "
        f"{_listed(gets_mine)} get{'s' if len(gets_mine) == 1 else ''} '{mine}', "
        f"{_listed(gets_theirs)} get{'s' if len(gets_theirs) == 1 else ''} {said}",
        False,
    )


def _listed(forms: list[str]) -> str:
    return ", ".join(repr(f) for f in forms)


def not_run(box: BoxSpec) -> str:
    """What was not checked because the box's reference answer cannot be read."""
    counts = [
        (len(box.accept), "accepted reading"),
        (len(box.mistakes), "mistake"),
        (len(box.tests), "question test"),
    ]
    said = [f"{n} {what}{'s' if n != 1 else ''}" for n, what in counts if n]
    if not said:
        return ""
    listed = ", ".join(said[:-1]) + (" and " if len(said) > 1 else "") + said[-1]
    return f" (its {listed} were not run: each compares with it)"


def without_spaces(text: str) -> str:
    return re.sub(r"\s+", "", text)
