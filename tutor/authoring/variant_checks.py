"""``validate --variants N``: every check of ``validate_content`` on N different variants of
every parameterized part (``validate_variants``)."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Collection
from dataclasses import replace
from fractions import Fraction
from typing import Any

from tutor.authoring.declarations import declaration_failure
from tutor.authoring.report import Failure, ValidationReport, VariantsReport, one_line
from tutor.authoring.texts import Where
from tutor.authoring.validate import validate_content
from tutor.checking.verdict import CheckFn
from tutor.content.model import Content
from tutor.content.positions import format_key
from tutor.errors import UserError


def validate_variants(
    content: Content,
    check: CheckFn,
    count: int,
    progress: Callable[[str], None] | None = None,
    *,
    parts: Collection[str] | None = None,
    known: Collection[Failure] = (),
) -> VariantsReport:
    """Draw ``count`` variants of every parameterized part (given ``parts``, of those and the
    parts drawn with them), each with parameters of its own, and check each one in full. The
    seeds are those ``distinct_seeds`` gives (from 1 on, a seed that repeats the parameters of an
    earlier one passed over, as "next variant" does for a student): fewer when the part has fewer
    parameter sets.

    The seeds practice passes over (``tutor.variants.practice.not_offered``: a part shown at the
    seed asks the handout's question) are checked too and listed in the report's
    ``not_offered``; a part none of whose seeds checked is offered fails.

    A variant must: satisfy its constraints and be drawn again the same from its seed; differ
    from the handout (its parameters and, for one of the parts drawn together, its text); pass
    every check ``validate_content`` makes (its reference answer passes its own box, each accepted
    reading and each known mistake gets its note, so every mistake is told apart from the key by
    the checker, every question test passes, its texts render and no hint or statement gives the
    answer away). A failure names the variant's seed and parameters. A derived value or
    constraint that cannot be computed for a seed's parameters is one failure at its own line,
    for the first seed only (none when it is among the failures ``known``: ``validate`` found
    it already, ``declaration_failures``); such seeds are listed in the report's ``uncomputed``,
    which makes it fail. The parts of a problem with
    problem-level parameters are drawn together (same seed, same numbers).
    """
    import time

    from tutor.variants import engine
    from tutor.variants.derive import compute
    from tutor.variants.errors import VariantContentError
    from tutor.variants.practice import not_offered
    from tutor.variants.sampling import distinct_seeds, sample
    from tutor.variants.scopes import is_parameterized, param_specs, scopes

    start = time.perf_counter()
    raw = content.templates
    where = Where(raw)
    failures: list[Failure] = []
    passed = failed = tests_passed = tests_failed = 0
    distinct: dict[str, int] = {}
    checked_seeds: dict[str, tuple[int, ...]] = {}
    uncomputed: dict[str, list[int]] = {}  # seeds whose parameters a declaration cannot compute
    skipped: dict[str, list[int]] = {}  # seeds practice passes over (the handout's question)
    groups: list[tuple[Any, tuple[str, ...]]] = []
    for problem in raw.problems:
        ids = tuple(p.id for p in problem.parts if is_parameterized(raw, p.id))
        if problem.parameters and ids:
            groups.append((problem, ids))
        else:
            groups += [(problem, (pid,)) for pid in ids]
    if parts is not None:
        groups = [(problem, ids) for problem, ids in groups if set(ids) & set(parts)]

    def record(ok: bool, file: str, path: tuple, expected: str, got: str) -> None:
        nonlocal passed, failed
        passed += ok
        failed += not ok
        if not ok:
            failures.append(where.failure(file, path, expected, got))

    # Two seeds may draw variants that read the same (a part with few parameter sets): the
    # checks of the one are the checks of the other (they see only what is rendered, and the
    # checker is deterministic), so each distinct variant is checked once and its report counted
    # (and its failures named) for every seed that drew it.
    checked: dict[tuple, ValidationReport] = {}
    declarations: set[tuple] = {(f.file, f.key) for f in known}
    for problem, ids in groups:
        file = problem.source
        index = {p.id: i for i, p in enumerate(problem.parts)}
        handout = {pid: engine.instantiate(raw, pid) for pid in ids}
        texts: dict[str, set] = {pid: set() for pid in ids}
        seeds = distinct_seeds(raw, ids, count)
        for seed in seeds:
            if progress:
                progress(f"{', '.join(ids)} seed {seed}")
            try:
                variants = {pid: engine.instantiate(raw, pid, seed=seed) for pid in ids}
            except VariantContentError as exc:  # one failure a declaration, not one a seed
                for pid in ids:
                    uncomputed.setdefault(pid, []).append(seed)
                if exc.file and (exc.file, format_key(exc.path)) not in declarations:
                    declarations.add((exc.file, format_key(exc.path)))
                    failed += 1
                    failures.append(declaration_failure(where, exc, seed))
                continue
            except UserError as exc:
                record(
                    False, file, ("parts", index[ids[0]]), f"a variant for seed {seed}", str(exc)
                )
                continue
            first = variants[ids[0]]
            label = f"variant seed {seed} ({first.describe()})"
            for pid in ids:
                if not_offered(raw, pid, seed):
                    skipped.setdefault(pid, []).append(seed)
            for pid, v in variants.items():
                ppath = ("parts", index[pid])
                again = sample(raw, pid, seed)
                record(
                    again == dict(v.params),
                    file,
                    ppath,
                    f"seed {seed} to give the same parameters every time",
                    f"{again} then {dict(v.params)}",
                )
                try:
                    compute(scopes(raw, pid), dict(v.params))
                    broken = ""
                except UserError as exc:
                    broken = str(exc)
                record(not broken, file, ppath, f"{label} to satisfy the constraints", broken)
                record(
                    dict(v.params) != dict(handout[pid].params),
                    file,
                    ppath,
                    f"{label} to differ from the handout's parameters",
                    "the handout's parameters",
                )
                texts[pid].add(_rendered(v))
            record(
                any(_rendered(variants[p]) != _rendered(handout[p]) for p in ids),
                file,
                ("parts", index[ids[0]]),
                f"{label} to read differently from the handout",
                "the same texts as the handout (its parameters appear in no text)",
            )
            drawn = tuple((p, _rendered(variants[p])) for p in ids)
            report = checked.get(drawn)
            if report is None:
                sub = variant_content(raw, problem, variants, content)
                report = checked[drawn] = validate_content(sub, check, parts=ids)
            passed += report.checks_passed
            failed += report.checks_failed
            tests_passed += report.tests_passed
            tests_failed += report.tests_failed
            for f in report.failures:
                f = in_file(f, variants, raw, where)
                fix = f.fix
                if ".mistakes[" in f.key or ".tests[" in f.key:
                    fix = _meet_fix(f, raw)
                elif f.code == "leak":
                    fix = _leak_fix(f, raw, problem, variants) or fix
                failures.append(
                    Failure(f.file, f.line, f"{f.key} in {label}", f.expected, f.got, fix)
                )
        for pid in ids:
            distinct[pid] = len(texts[pid])
            checked_seeds[pid] = tuple(seeds)
            drawn_ok = [s for s in seeds if s not in uncomputed.get(pid, ())]
            if drawn_ok:
                record(
                    len(skipped.get(pid, ())) < len(drawn_ok),
                    file,
                    ("parts", index[pid]),
                    f"a variant of {pid} among seeds {drawn_ok[0]}-{drawn_ok[-1]} that asks "
                    "something other than the handout (practice offers no other)",
                    "each has a box written from the parameters with the handout's key, "
                    "or reads as the handout: widen the parameters' values",
                )
            space = math.prod(len(p.values()) for p in param_specs(raw, pid)) - 1
            if len(seeds) >= 2 and space >= 2:  # a part with one other parameter set has one
                record(
                    len(texts[pid]) >= 2,
                    file,
                    ("parts", index[pid]),
                    f"the {len(seeds)} variants of {pid} to differ from each other",
                    f"{len(texts[pid])} different text(s)",
                )
    return VariantsReport(
        count=count,
        parts=tuple(pid for _, ids in groups for pid in ids),
        checks_passed=passed,
        checks_failed=failed,
        tests_passed=tests_passed,
        tests_failed=tests_failed,
        distinct=distinct,
        failures=tuple(failures),
        seconds=round(time.perf_counter() - start, 2),
        seeds=checked_seeds,
        uncomputed={pid: tuple(seeds) for pid, seeds in uncomputed.items()},
        not_offered={pid: tuple(seeds) for pid, seeds in skipped.items()},
    )


_ENTRY_RE = re.compile(r'^boxes\."(?P<box>[^"]+)"\.(?P<key>accept|mistakes|tests)\[(?P<j>\d+)\]')


def in_file(failure: Failure, variants: dict[str, Any], raw: Content, where: Where) -> Failure:
    """A variant's failure at a box's accepted reading, mistake or question test, said of that
    entry as the file has it: where a ``when`` left earlier entries out of the variant's box,
    its index there is not its index in the file (nor its line that entry's)."""
    m = _ENTRY_RE.match(failure.key)
    if not m:
        return failure
    box_id, key, j = m["box"], m["key"], int(m["j"])
    kept = next((v.entries[box_id] for v in variants.values() if box_id in v.entries), None)
    if kept is None or j >= len(kept[key]) or kept[key][j] == j:
        return failure
    path, actual = ("boxes", box_id, key, j), ("boxes", box_id, key, kept[key][j])
    line, was, now = failure.line, where.line(failure.file, path), where.line(failure.file, actual)
    if line is not None and was is not None and now is not None:
        line += now - was  # the same line within the entry
    else:
        line = now
    return replace(failure, key=format_key(actual) + failure.key[m.end() :], line=line)


def _meet_fix(failure: Failure, raw: Content) -> str:
    """What to do about a mistake or test that fails in a variant although the handout passes."""
    m = _ENTRY_RE.match(failure.key)
    box = raw.boxes.get(m["box"]) if m else None
    entry = None
    if m and box is not None and m["key"] == "mistakes" and int(m["j"]) < len(box.mistakes):
        entry = box.mistakes[int(m["j"])]
    test = None
    if m and box is not None and m["key"] == "tests" and int(m["j"]) < len(box.tests):
        test = box.tests[int(m["j"])]
    if (
        box is not None
        and test is not None
        and test.verdict == "correct"
        and not failure.got.startswith("correct")
    ):
        return (
            "the handout passes, so in this variant the key and this correct answer disagree: "
            f"the key itself may be wrong here ('{one_line(box.answer)}' in the file; a "
            "number written for the handout's values?): write it from the part's parameters "
            "and derived values, or fix the test's input"
        )
    if (
        box is not None
        and test is not None
        and (test.verdict == "invalid") != failure.got.startswith("invalid")
    ):
        # the input is read (or not) as an answer at one set of values and not at another:
        # "2 {{fwd_below}}" is no answer at 9 and the number 2110 at 110; no mistake is involved
        return (
            f"the handout passes, so the test's input ('{one_line(test.input)}' in the file) "
            "reads differently with this variant's values (no mistake is involved): write an "
            "input that reads the same whatever the values (their digits, their signs), or give "
            "the test a when for the variants where it holds (content/README.md, section 10)"
        )
    if entry is not None and entry.when:
        said = " and ".join(f"'{c}'" for c in entry.when)
        return (
            "the handout passes, so in this variant two formulas meet, and the mistake's when "
            f"({said}) holds here: narrow the when to the variants where it is a mistake (and "
            "give its tests the same), or add a constraint that keeps the two apart "
            "(content/README.md, section 10)"
        )
    return (
        "the handout passes, so in this variant two formulas meet: add a "
        "constraint that keeps them apart, or a when on the mistake (and its "
        "tests) for the variants where it is no mistake (content/README.md, "
        "section 10)"
    )


_LEAK_RE = re.compile(r"contains (?P<span>'.*'|\".*\"), which (?P<box>\S+) grades correct")
_TEXT_KEY_RE = re.compile(
    r'^(?:parts\[(?P<part>\d+)\]|boxes\."(?P<box>[^"]+)")\.(?P<field>\w+)(?:\[(?P<j>\d+)\])?$'
)
_PLACEHOLDER_NAME_RE = re.compile(r"\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*(?:\|[^}]*)?\}\}")
_NUMBER_RE = re.compile(r"\d+(?:\.\d+)?")


def _leak_fix(failure: Failure, raw: Content, problem: Any, variants: dict[str, Any]) -> str:
    """What to do about a text of a variant that shows an answer only because a placeholder
    in it (a parameter, ``k = 7``) has the answer's value in this variant: a constraint that
    keeps the two apart, not a made-up example (the number is the problem's data). "" when
    the leaked piece is no placeholder's value."""
    import ast

    m, k = _LEAK_RE.search(failure.got), _TEXT_KEY_RE.match(failure.key)
    if m is None or k is None:
        return ""
    try:
        span = str(ast.literal_eval(m["span"]))
    except (ValueError, SyntaxError):
        return ""
    template: Any = None
    if k["part"] is not None and int(k["part"]) < len(problem.parts):
        template = getattr(problem.parts[int(k["part"])], k["field"], None)
    elif k["box"] is not None and k["box"] in raw.boxes:
        template = getattr(raw.boxes[k["box"]], k["field"], None)
    if k["j"] is not None and isinstance(template, (list, tuple)):
        template = template[int(k["j"])] if int(k["j"]) < len(template) else None
    if not isinstance(template, str):
        return ""
    box = raw.boxes.get(m["box"])
    values: dict[str, Any] = {}
    for v in variants.values():
        values.update(v.values)
    from tutor.variants.values import write

    numbers = set(_NUMBER_RE.findall(span))
    shown = [
        name
        for name in dict.fromkeys(_PLACEHOLDER_NAME_RE.findall(template))
        if name in values
        and isinstance(values[name], (int, Fraction))
        and write(values[name]) in numbers
    ]
    if not shown:
        return ""
    name = shown[0]
    keys = _PLACEHOLDER_NAME_RE.findall(box.answer) if box is not None else []
    key = keys[0] if keys and keys[0] != name else None
    apart = f'"{name} != {key}"' if key else f"one that keeps {name} from the answer"
    return (
        f"the text shows {{{{{name}}}}} ({name} = {write(values[name])}), which is the answer of "
        f"{m['box']} in this variant: add a constraint that keeps them apart ({apart}), "
        "or reword the text (content/README.md, section 10)"
    )


def _rendered(variant: Any) -> tuple:
    """What a student reads of a variant: the part and its boxes, as one comparable value."""
    return (variant.part, tuple(variant.boxes.values()))


def variant_content(
    raw: Content, problem: Any, variants: dict[str, Any], handout: Content | None = None
) -> Content:
    """A content with one problem whose parts ``variants`` are rendered (for validate_content);
    its other parts are the handout's (``handout``'s boxes: the keys a student who practises
    a variant may not have earned yet, which its texts must not state)."""
    from dataclasses import replace

    others = handout if handout is not None else raw
    parts = tuple(variants[p.id].part if p.id in variants else p for p in problem.parts)
    boxes = {b: others.boxes[b] for p in problem.parts for b in p.boxes if b in others.boxes}
    for v in variants.values():
        boxes.update(v.boxes)
    return Content(
        problems=(replace(problem, parts=parts),),
        boxes=boxes,
        cards={},
        directory=raw.directory,
        content_hash=raw.content_hash,
    )
