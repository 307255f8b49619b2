"""Derivations: judge a line-by-line working, each line checked against the one before.

A derivation box (``kind = "derivation"``) takes several lines, one per line of the answer
(in ``--batch``, ``\\n`` inside the JSON string). Each line is an expression or an equation in
the box's input language (its ``symbols``, ``functions`` and ``definitions``). A line may
start with ``⇔``, ``⇒``, ``<=>``, ``=>``, ``\\iff`` or "so"; that mark is ignored. The box's
``answer`` is a reference derivation: its first line is the starting point. The rules:

**Two modes.** With ``unknown = "t"`` every line is one equation, a condition on t (solving
mode). Without it every line is an expression, or a chain ``a = b = c`` of expressions that
are all equal (rewriting mode).

**Line 1** must be the starting point. In solving mode it must be the reference's first
equation up to moving terms from one side to the other: left − right of the student's line
equals ±(left − right) of the reference's, identically. (Equations that are merely equivalent
would let ``t = 50`` stand for the starting equation ``500 = 10 t``: sympy evaluates
``20·20 + 10·10`` to 500 before anything can tell the two apart, so this is the strongest rule
that still lets a student write the starting equation any way round.) In rewriting mode the
first expression must equal the reference's. A first line matching an ``accept`` entry's first
line starts another accepted reading; one matching a ``mistakes`` entry's first line gets that
entry's feedback.

**Each step** line k−1 → line k is classified, under the symbols' assumptions (positivity,
integrality from the declared domains; the unknown's too):

- *rewriting*: the two expressions are equal (random-point evaluation with
  ``tutor.checking.equivalence``, then symbolic confirmation), or they are not, and the feedback
  names a point where they differ: "at d₁ = 3 line 2 is 7.5 and line 3 is 6";
- *solving*: each equation's solution set in the unknown is found with sympy's ``solve``
  (assumptions applied; a numeric root scan over the unknown's domain when ``solve`` cannot),
  and every solution of one line is substituted into the other (random points for the other
  symbols, then symbolic confirmation). Line k−1 ⇔ line k when each line's solutions satisfy the
  other; ⇒ only (an *implication*, marked as STACK does) when line k gained solutions, as
  squaring both sides or multiplying by something that may be zero does; ⇐ only when line k
  lost solutions, as dividing by something that may be zero or keeping one root does; and the
  step fails when neither holds. The feedback names where a solution of the previous line is
  not a solution of the next by the other symbols' values only ("at d₁ = 3, the value of c
  that solves line 2 does not solve line 3"), and whether the sides there are close: that
  solution is the answer itself where the previous line is right, so neither it nor the
  sides' values are said. A solution the later line gained is the student's own: it is named,
  with the earlier line's sides there.
  ``±`` in a line stands for both signs (the union of the two solution sets). A line is
  never compared with ``<``, ``≤``, ``≠``: those lines are unreadable, with a message; ``≈``
  reads as ``=``. The one exception is the last line of a box whose value box is a limit
  (``bound``): ``t ≤ 50`` there is read as ``t = 50`` for its step, and the value box judges
  it as typed (``lines.read_limit``).
- *the question's letters* (numeric ``definitions``, ``t_fwd``): a step between two lines
  that both use them must hold as a formula in the letters they share, at random values of
  them, not only at the question's values (``letters``).

A unit of time right after a number (``t = 50 ns``, ``0.05 μs``) is read in the value box's
unit (``lines.line_unit``); a heading in words (``remat time = disk time``) is not a step
(``lines.heading``).

**Numbers given to a precision** (``rounding``). A step that does not follow as typed follows
(marked ``≈``) when one number typed in the later line, read as the exact value it stands for,
makes it follow, and the number is that value to the precision given: rounded at its last digit
or cut short after it, by the one rule a number box's answer is judged by
(``tutor.checking.precision``). So ``t = 52.92`` (or ``t ≈ 52.92``, or ``t = 1270/24 ≈ 52.92``)
follows from ``1270 = 24 t``, and ``c = 0.7071/√d1`` from ``c² = 1/(2 d1)``; ``t = 54.5`` does
not follow from ``490 = 9 t``, nor ``t = 50.2`` from ``500 = 10 t``. Numbers typed with a point
are read so; a whole number only as the unknown's value (``t = 54``), as the value box reads
one. Line 1 is the start when it is the start so read (``c·0.7979·d1 = 1``). The next line may
follow from the line as typed or from the exact value it stands for. The verdict says which
numbers were read as rounded; one number a line is read so, not several at once.

**The last line** is judged by the box's ``target`` (the value box the derivation works
out), so that box's accepted readings, known mistakes and order feedback apply: in solving mode
the last line must read ``t = value`` (either way round) and the value's text is checked; in
rewriting mode its last expression is. Without a target the last line must match the
reference's last line.

**Verdict.** Correct when line 1 is the start, every step is ⇔ and the value box grades the
last line correct. A failing step is reported at the first line that does not follow (note
``step:<k>``): partial when the last line is right anyway, else incorrect. A one-way step with
a right last line is partial (``one-way:<k>``). Steps that all follow but end on a wrong value
take the value box's verdict and feedback (``final:<its note>``). A line 1 that is not the start
is ``start`` (partial when the last line is right, otherwise incorrect), or the value box's note
as ``final:<note>`` when its last line is a known mistake or a reading there (with that entry's
feedback, and incorrect even when the entry is partial: only a right last line earns a wrong
start partial credit). Unreadable lines make the answer
invalid with the line and column.

sympy is imported lazily; the judge passes its own ``check`` for the value box (this module
does not import the judge).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from tutor.checking.decimals import exactly_with
from tutor.checking.derivation.lines import (
    EMPTY,
    MAX_LINES,
    MIN_LINES,
    NO_STEPS,
    Line,
    LineError,
    Side,
    restates,
    split_lines,
)
from tutor.checking.derivation.prepared import Prepared, Start, prepare, remembered
from tutor.checking.derivation.rewriting import rewrite_step
from tutor.checking.derivation.rounding import Rounded, readings, said
from tutor.checking.derivation.solving import solve_step
from tutor.checking.derivation.step import Step
from tutor.checking.verdict import Verdict, invalid
from tutor.inputlang.pretty import pretty_name
from tutor.inputlang.values import MAX_LENGTH
from tutor.notes import (
    DERIVATION_FINAL,
    DERIVATION_ONE_WAY,
    DERIVATION_START,
    DERIVATION_STEP,
    DERIVATION_UNCHECKED,
)
from tutor.verdicts import VerdictName, to_verdict

Judge = Callable[[Any, str], Verdict]


def _start_of(prep: Prepared, line: Line) -> tuple[Start | None, Rounded | None]:
    """The starting point line 1 is (``_same_start``), as typed or once one of its typed numbers
    is read as given to a precision (``rounding``: ``c·0.7979·d1 = 1`` for c·√(2/π)·d1 = 1),
    and that reading (None when none was needed)."""
    start = next((s for s in prep.starts if _same_start(prep, line, s)), None)
    if start is not None or not line.numbers:
        return start, None
    for start in prep.starts:

        def equations(with_q: Line, ref: Start = start) -> Iterator[Any]:
            sides = with_q.readings()[0]
            if prep.unknown is None:
                yield sides[0] - ref.sides[0]
            elif len(sides) == 2 and len(ref.sides) == 2:
                mine, theirs = sides[0] - sides[1], ref.sides[0] - ref.sides[1]
                yield mine - theirs
                yield mine + theirs

        for reading in readings(line, equations, lambda side: False, prep.domains):
            if _same_start(prep, reading.line, start):
                return start, reading
    return None, None


def _same_start(prep: Prepared, line: Line, start: Start) -> bool:
    from tutor.checking.equivalence import equivalent

    sides = line.readings()[0]
    if prep.unknown is None:
        return equivalent(sides[0], start.sides[0], prep.domains)
    if len(sides) != 2 or len(start.sides) != 2:
        return False
    mine = sides[0] - sides[1]
    ref = start.sides[0] - start.sides[1]
    return equivalent(mine, ref, prep.domains) or equivalent(mine, -ref, prep.domains)


def _final_side(prep: Prepared, line: Line) -> Side | None:
    """The side holding the value the last line gives (``t = value`` either way round in
    solving mode; the last expression in rewriting mode), or None when it is not solved for."""
    if prep.unknown is None:
        return line.sides[-1]
    u = prep.unknown
    left, right = line.sides
    if left.value == u and u not in right.value.free_symbols:
        return right
    if right.value == u and u not in left.value.free_symbols:
        return left
    return None


def _below_zero(prep: Prepared, value: Any) -> bool:
    """Is ``value`` negative where the box's unknown is positive (its domain starts above 0:
    "take c > 0")? Judged at a few points of the other symbols' domains."""
    import random

    from tutor.checking.sampling import FunctionSet, real_value, sample_env

    unknown = prep.unknown
    domain = prep.domains.get(unknown) if unknown is not None else None
    if domain is None or domain.low <= 0 or not hasattr(value, "free_symbols"):
        return False
    rng = random.Random(7)
    symbols = sorted(value.free_symbols, key=lambda s: s.name)
    values = []
    for _ in range(4):
        v = real_value(value, sample_env(symbols, prep.domains, rng), FunctionSet(rng))
        if v is not None:
            values.append(v)
    return bool(values) and all(v < 0 for v in values)


def _judge_final(prep: Prepared, lines: list[Line], judge: Judge) -> Verdict:
    """The last line, by the value box (or, without one, against the reference's last line)."""
    from tutor.checking.equivalence import equivalent

    side = _final_side(prep, lines[-1])
    if side is None and len(lines) > 1 and restates(lines[-1].text):
        side = _final_side(prep, lines[-2])  # "c = 1/√d1, i.e. c² = 1/d1": the answer said
    name = pretty_name(prep.unknown.name) if prep.unknown is not None else ""
    if side is None:
        return Verdict(
            "incorrect",
            f"The last line should give {name} alone on one side, as in {name} = (a value), "
            f"with no {name} on the other side: finish solving.",
            "",
            f"{DERIVATION_FINAL}:unsolved",
        )
    target = prep.box.target_box
    if target is not None:
        # a last line stating a limit ("t ≤ 50") goes to the value box as typed: it judges
        # the limit (the step to it was checked as the equation t = 50)
        text = lines[-1].limit if lines[-1].limit and side in lines[-1].sides else side.text
        verdict = remembered(prep.finals, text, lambda: judge(target, text))
        if verdict.verdict == "correct" and _below_zero(prep, side.value):
            # the value box takes either sign; this working is for a positive unknown
            return Verdict(
                "incorrect",
                f"This working takes {name} > 0, and your last line gives a negative {name}: "
                "keep the root the question asks for.",
                side.shown,
                f"{DERIVATION_FINAL}:negative",
            )
        return verdict
    ref = _final_side(prep, prep.reference[-1])
    if ref is not None and equivalent(side.value, ref.value, prep.domains):
        return Verdict("correct", "Correct.", side.shown, "correct")
    if ref is not None and side.numbers:
        # the value given to a precision: a number so given is the number (as a number box
        # takes it); in an expression it is a decimal approximation (as an expression box says)
        def equations(with_q: Line) -> list[Any]:
            return [with_q.sides[0].value - with_q.sides[1].value]

        pair = Line(0, "", (side, ref))
        if next(readings(pair, equations, lambda i: i == 0, prep.domains), None) is not None:
            if not getattr(ref.value, "free_symbols", None):
                return Verdict("correct", "Correct.", side.shown, "correct")
            return Verdict(
                "partial",
                "That is a decimal approximation of the exact answer. " + exactly_with(ref.value),
                side.shown,
                "decimal",
            )
    return Verdict(
        "incorrect",
        "The last line is not the value this derivation leads to.",
        side.shown,
        "incorrect",
    )


def check_derivation(box: Any, answer: str, judge: Judge) -> Verdict:
    """Judge a derivation for a derivation box; ``judge(box, answer)`` checks the last value."""
    prep = prepare(box)
    if prep.errors or not prep.reference:
        return invalid(
            "content", "This box's reference derivation can't be read; tell your instructor."
        )
    if len(answer) > MAX_LINES * (MAX_LENGTH + 1):
        return invalid(
            "too-long", f"That answer is {len(answer)} characters long; it is too long to check."
        )
    texts = split_lines(answer, prep.ctx)
    if not texts:
        return invalid("empty", NO_STEPS if answer.strip() else EMPTY)
    if len(texts) > MAX_LINES:
        return invalid(
            "too-long",
            f"That is {len(texts)} steps; a derivation has at most {MAX_LINES} (a step a line, "
            "or several on one line after '⇒', 'so' or ';').",
        )
    try:
        lines = prep.read(answer)
    except LineError as exc:
        return invalid(exc.reason, exc.message)
    shown = " | ".join(line.pretty() for line in lines)
    if len(lines) < MIN_LINES:
        return invalid(
            "lines",
            "Write the derivation over at least two lines: the starting "
            + ("equation" if prep.unknown is not None else "expression")
            + " first, then each step on a line of its own.",
        )
    # line 1's sides decide it (and where it was typed names it)
    first = ("start", lines[0].said, tuple(s.text for s in lines[0].sides))
    start, rounded = remembered(prep.implied, first, lambda: _start_of(prep, lines[0]))
    steps: list[Step] = []
    if prep.unknown is None and len(lines[0].sides) > 1:
        inside = rewrite_step(prep, None, lines[0])
        if inside.status != "equivalent":
            steps.append(inside)
        rounded = rounded or inside.rounded
    # a line read with a number as rounded stands for its exact value too: the next line may
    # follow from either (working on with 52.92, or with the 635/12 it stands for)
    read_as = rounded.line if rounded is not None else None
    for prev, line in zip(lines, lines[1:], strict=False):
        if steps and steps[-1].status in ("fails", "unchecked"):
            break
        step = _step(prep, prev, line)
        if read_as is not None and (step.status != "equivalent" or step.rounded is not None):
            # from the exact value when it follows from that at least as well (a failure is
            # said of the line as typed)
            other = _step(prep, read_as, line)
            if (
                other.status not in ("fails", "unchecked")
                and _RANK[other.status] >= _RANK[step.status]
            ):
                step = other
        read_as = step.rounded.line if step.rounded is not None else None
        steps.append(step)
        if step.status in ("fails", "unchecked"):
            break
    final = _judge_final(prep, lines, judge)
    roundings = [rounded] if rounded is not None else []
    roundings += [s.rounded for s in steps if s.rounded is not None and s.line > 1]
    return _verdict(prep, lines, start, steps, final, shown, said(roundings))


_RANK = {"equivalent": 3, "implies": 2, "implied-by": 2, "unchecked": 1, "fails": 0}


def _step(prep: Prepared, prev: Line, line: Line) -> Step:
    if prep.unknown is None:
        return rewrite_step(prep, prev, line)
    step = solve_step(prep, prev, line)
    if prep.letters:  # the question's letters: the step must hold as a formula in them
        step = prep.letters.step(prev, line, step, solve_step)
    return step


def _marks(start_ok: bool, steps: list[Step], lines: list[Line]) -> str:
    """One mark per step, by the line it was typed on: ✓/✗ for the start, then how each step
    follows from the one before."""
    first = "✓" if start_ok else "✗"
    if steps and steps[0].line == 1:  # line 1 itself is not an equality
        first = steps[0].mark
    marks = [f"{_at(lines, 1)} {first}"]
    marks += [f"{_at(lines, s.line)} {s.mark}" for s in steps if s.line > 1]
    return "Lines: " + "  ".join(marks)


def _at(lines: list[Line], number: int) -> str:
    """Step ``number`` as messages name it: the line of the box it was typed on (``Line.said``)."""
    return lines[number - 1].said if 0 < number <= len(lines) else str(number)


def _verdict(
    prep: Prepared,
    lines: list[Line],
    start: Start | None,
    steps: list[Step],
    final: Verdict,
    shown: str,
    roundings: str,
) -> Verdict:
    """The verdict; ``roundings`` says which typed numbers were read as rounded (said when
    every step follows, as that reading is part of it)."""
    box = prep.box
    final_ok = final.verdict == "correct"
    failing = next((s for s in steps if s.status in ("fails", "unchecked")), None)
    one_way = next((s for s in steps if s.status in ("implies", "implied-by")), None)
    marks = _marks(start is not None and not start.note.startswith("mistake:"), steps, lines)
    said: list[str] = []
    if failing is not None:
        if failing.status == "fails" and failing.inside:
            said.append(f"Line {_at(lines, failing.line)} is not an equality: {failing.detail}.")
        elif failing.inside:
            said.append(
                f"I could not check that the sides of line {_at(lines, failing.line)} are equal; "
                "break it into smaller steps."
            )
        elif failing.status == "fails":
            said.append(
                f"Line {_at(lines, failing.line)} does not follow from line "
                f"{_at(lines, failing.line - 1)}: "
                f"{failing.detail}."
            )
        else:
            said.append(
                f"I could not check that line {_at(lines, failing.line)} follows from line "
                f"{_at(lines, failing.line - 1)}; break that step into smaller ones."
            )
    if start is not None and start.note.startswith("mistake:"):
        wrong = f"Line {_at(lines, 1)} starts from a known wrong equation."
        text = " ".join([start.feedback or wrong, *said])
        return Verdict(start.verdict, f"{text}\n{marks}", shown, start.note)
    if start is None:
        what = "equation" if prep.unknown is not None else "expression"
        head = (
            f"Line {_at(lines, 1)} is not the starting {what} this box asks for (moving terms from one side "
            "to the other is fine; solve it in the lines that follow)."
        )
        if (
            failing is None
            and final.verdict != "correct"
            and final.note.startswith(("mistake:", "accept:"))
        ):
            # the value box's feedback says what the last line is; the credit is a wrong
            # start's: partial only with a right last line, which a partial value is not
            text = " ".join([head, final.feedback])
            return Verdict(
                "incorrect", f"{text}\n{marks}", shown, f"{DERIVATION_FINAL}:{final.note}"
            )
        verdict: VerdictName = "partial" if final_ok and failing is None else "incorrect"
        if final_ok and failing is None:
            head = "Your last line is right, but " + head[0].lower() + head[1:]
        return Verdict(verdict, " ".join([head, *said]) + f"\n{marks}", shown, DERIVATION_START)
    if failing is not None:
        note = f"{DERIVATION_STEP if failing.status == 'fails' else DERIVATION_UNCHECKED}:{failing.line}"
        verdict = "partial" if final_ok else "incorrect"
        if final_ok:
            said.append("Your last line is right, but the working does not get there.")
        return Verdict(verdict, " ".join(said) + f"\n{marks}", shown, note)
    if not final_ok and final.note == "invalid:formula":  # "t = t_mem + 2 t_fwd": not solved
        # the value box does not count a formula (it would be a free test of the value); here
        # the working is judged, and it stops one step short
        text = _say(
            "Each step follows from the one before, and the last line gives the right value at "
            "this question's numbers, but it is still a formula: end with the number itself.",
            roundings,
        )
        return Verdict("partial", f"{text}\n{marks}", shown, f"{DERIVATION_FINAL}:{final.note}")
    if not final_ok:
        head = "Each step follows from the one before, but the last line is not right."
        if final.note.endswith(":unsolved"):
            head = "Each step follows from the one before."
        elif final.verdict == "partial":
            head = "Each step follows from the one before; the last line is partly right."
        text = _say(head, final.feedback, roundings)
        note = (
            final.note
            if final.note.startswith(DERIVATION_FINAL + ":")
            else f"{DERIVATION_FINAL}:{final.note}"
        )
        verdict = "incorrect" if final.verdict == "invalid" else to_verdict(final.verdict)
        return Verdict(verdict, f"{text}\n{marks}", shown, note)
    if one_way is not None:
        arrow = one_way.mark
        text = (
            f"The last line is right, but line {_at(lines, one_way.line)} follows only one way "
            f"({arrow}): "
            f"{one_way.detail}. Every step should be an equivalence (⇔)."
        )
        text = _say(text, roundings)
        return Verdict("partial", f"{text}\n{marks}", shown, f"{DERIVATION_ONE_WAY}:{one_way.line}")
    verdict = start.verdict
    note = (
        start.note
        if start.note != "correct"
        else (final.note if final.note.startswith("accept:") else "correct")
    )
    if start.note == "correct" and final.verdict == "correct" and final.note.startswith("accept:"):
        verdict = "correct"
    text = "Correct: every line follows from the one before, and the last one is the answer."
    if start.feedback:
        text += " " + start.feedback
    elif final.note.startswith("accept:") and final.feedback:
        text += " " + final.feedback
    if box.feedback:
        text += " " + box.feedback
    text = _say(text, roundings)
    return Verdict(verdict, f"{text}\n{marks}", shown, note)


def _say(*parts: str) -> str:
    return " ".join(p for p in parts if p)
